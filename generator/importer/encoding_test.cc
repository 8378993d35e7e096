#include "importer/encoding.h"

#include <gtest/gtest.h>

#include "importer/import_testing.h"

namespace portal::importer {
namespace {

const std::string kSpeech = "在全镇动员会上的讲话\n\n同志们：\n今天召开会议。\n";

TEST(DecodeText, KeepsUtf8AsIs) {
  std::string out, error;
  TextEncoding enc;
  ASSERT_TRUE(DecodeText(kSpeech, &out, &enc, &error)) << error;
  EXPECT_EQ(out, kSpeech);
  EXPECT_EQ(enc, TextEncoding::kUtf8);
}

TEST(DecodeText, DropsTheUtf8BomAndTurnsCrlfIntoLf) {
  std::string out, error;
  TextEncoding enc;
  ASSERT_TRUE(DecodeText("\xEF\xBB\xBF标题\r\n\r\n同志们：\r正文\r\n", &out, &enc, &error)) << error;
  EXPECT_EQ(out, "标题\n\n同志们：\n正文\n");
  EXPECT_EQ(enc, TextEncoding::kUtf8Bom);
}

TEST(DecodeText, ConvertsGb18030) {
  std::string gb = testing::EncodeAs(kSpeech, "GB18030");
  ASSERT_NE(gb, kSpeech);
  std::string out, error;
  TextEncoding enc;
  ASSERT_TRUE(DecodeText(gb, &out, &enc, &error)) << error;
  EXPECT_EQ(out, kSpeech);
  EXPECT_EQ(enc, TextEncoding::kGb18030);
  EXPECT_STREQ(TextEncodingName(enc), "GB18030");
}

TEST(DecodeText, ConvertsUtf16WithBom) {
  std::string utf16 = "\xFF\xFE" + testing::EncodeAs("标题\r\n正文", "UTF-16LE");
  std::string out, error;
  TextEncoding enc;
  ASSERT_TRUE(DecodeText(utf16, &out, &enc, &error)) << error;
  EXPECT_EQ(out, "标题\n正文");
  EXPECT_EQ(enc, TextEncoding::kUtf16);
}

TEST(DecodeText, RefusesBytesThatAreNeitherUtf8NorGb18030) {
  std::string out, error;
  TextEncoding enc;
  EXPECT_FALSE(DecodeText("\x81\x20\xFF\xFF title", &out, &enc, &error));
  EXPECT_NE(error.find("UTF-8"), std::string::npos) << error;
}

TEST(DecodeText, RefusesBinaryFilesWithNulBytes) {
  std::string out, error;
  TextEncoding enc;
  EXPECT_FALSE(DecodeText(std::string("ab\0cd", 5), &out, &enc, &error));
  EXPECT_NE(error.find("NUL"), std::string::npos) << error;
}

}  // namespace
}  // namespace portal::importer
