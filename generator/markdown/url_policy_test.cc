#include "markdown/url_policy.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

TEST(IsDangerousUrl, FlagsScriptSchemesHoweverWritten) {
  EXPECT_TRUE(IsDangerousUrl("javascript:alert(1)"));
  EXPECT_TRUE(IsDangerousUrl("JAVASCRIPT:alert(1)"));
  EXPECT_TRUE(IsDangerousUrl(" java\tscript:alert(1)"));
  EXPECT_TRUE(IsDangerousUrl("vbscript:msgbox"));
  EXPECT_TRUE(IsDangerousUrl("data:text/html;base64,PHNjcmlwdD4="));
  EXPECT_TRUE(IsDangerousUrl("data:image/svg+xml,<svg onload=alert(1)>"));
  EXPECT_TRUE(IsDangerousUrl("data:image/pngx,AAAA"));
}

TEST(IsDangerousUrl, AllowsOrdinaryUrlsAndRasterDataImages) {
  EXPECT_FALSE(IsDangerousUrl("https://www.12371.cn/"));
  EXPECT_FALSE(IsDangerousUrl("/speeches/a/"));
  EXPECT_FALSE(IsDangerousUrl("mailto:a@b.cn"));
  EXPECT_FALSE(IsDangerousUrl("#section"));
  EXPECT_FALSE(IsDangerousUrl(""));
  EXPECT_FALSE(IsDangerousUrl("data:image/png;base64,AAAA"));
  EXPECT_FALSE(IsDangerousUrl("data:image/jpeg,xx"));
  EXPECT_FALSE(IsDangerousUrl("javascript-guide.html"));
}

}  // namespace
}  // namespace portal
