#include "render/template_names.h"

#include <gtest/gtest.h>

namespace portal {
namespace {

using Names = std::set<std::string>;

TEST(NamesInSections, OnlyTagsInsideTheListsSectionsCount) {
  auto n = NamesInSections(
      "<h1>{{title}}</h1>{{char_count}}{{#pages}}<a href=\"{{url}}\">{{{title}}}</a>{{date.cn}}"
      "{{#has_tags}}{{#tags}}{{ name }}{{/tags}}{{/has_tags}}{{! comment }}{{/pages}}{{^pages}}{{none}}{{/pages}}",
      "pages");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, (Names{"url", "title", "date", "cn", "has_tags", "tags", "name"}));  // not {{none}}: no card there
}

TEST(NamesInSections, ADottedSectionAndNestedLists) {
  auto n = NamesInSections("{{#page}}{{char_count}}{{#page.related}}{{&title}}{{/page.related}}{{/page}}", "related");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, (Names{"title"}));
  auto m = NamesInSections("{{#months}}{{month}}{{#pages}}{{summary}}{{/pages}}{{/months}}", "pages");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(*m, (Names{"summary"}));
}

TEST(NamesInSections, AnythingItCannotFollowMeansEveryName) {
  EXPECT_FALSE(NamesInSections("{{=<% %>=}}<%#pages%><%title%><%/pages%>", "pages").has_value());
  EXPECT_FALSE(NamesInSections("{{#pages}}{{.}}{{/pages}}", "pages").has_value());
  EXPECT_FALSE(NamesInSections("{{pages.title}}", "pages").has_value());
  EXPECT_FALSE(NamesInSections("{{page.related.0.char_count}}", "related").has_value());
  EXPECT_FALSE(NamesInSections("{{#page.related.0}}{{title}}{{/page.related.0}}", "related").has_value());
  EXPECT_FALSE(NamesInSections("{{#pages}}{{title}", "pages").has_value());
}

TEST(NamesInSections, ATemplateWithoutTheListShowsNothingOfIt) {
  auto n = NamesInSections("{{title}}{{#other}}{{x}}{{/other}}{{pages}}{{i18n.pages}}", "pages");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->empty());
}

}  // namespace
}  // namespace portal
