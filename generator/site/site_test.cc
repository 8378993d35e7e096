#include "site/site.h"

#include <gtest/gtest.h>

#include "config/two_section_config.h"

namespace portal {
namespace {

std::unique_ptr<Page> MakePage(const std::string& source, const std::string& section, const std::string& title,
                               int y, int m, int d, std::vector<std::string> tags) {
  auto p = std::make_unique<Page>();
  p->source = source;
  p->section = section;
  p->url = "/" + section + "/" + title + "/";
  p->meta.title = title;
  p->meta.date.year = y;
  p->meta.date.month = m;
  p->meta.date.day = d;
  p->meta.tags = std::move(tags);
  return p;
}

TEST(AssembleSite, SortsSectionsNewestFirstAndLinksNeighbours) {
  LoadedContent content;
  content.pages.push_back(MakePage("content/speeches/a.md", "speeches", "a", 2023, 1, 1, {}));
  content.pages.push_back(MakePage("content/speeches/b.md", "speeches", "b", 2024, 1, 1, {}));
  content.pages.push_back(MakePage("content/speeches/c.md", "speeches", "c", 2022, 1, 1, {}));
  Diagnostics diags;
  Site site = AssembleSite(TwoSectionConfig(), std::move(content), &diags);
  ASSERT_EQ(site.sections.size(), 2u);
  const auto& pages = site.sections[0].pages;
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0]->meta.title, "b");
  EXPECT_EQ(pages[2]->meta.title, "c");
  EXPECT_EQ(pages[1]->prev, pages[2]);  // older
  EXPECT_EQ(pages[1]->next, pages[0]);  // newer
  EXPECT_TRUE(site.sections[1].pages.empty());
  EXPECT_FALSE(diags.has_errors());
}

TEST(AssembleSite, TagsSortByPinyinWithUniqueSlugs) {
  LoadedContent content;
  content.pages.push_back(MakePage("content/speeches/a.md", "speeches", "a", 2023, 1, 1, {"党建", "安全"}));
  content.pages.push_back(MakePage("content/speeches/b.md", "speeches", "b", 2024, 1, 1, {"当建", "党建"}));
  Diagnostics diags;
  Site site = AssembleSite(TwoSectionConfig(), std::move(content), &diags);
  ASSERT_EQ(site.tags.terms.size(), 3u);
  EXPECT_EQ(site.tags.terms[0].name, "安全");
  EXPECT_EQ(site.tags.terms[0].initial, "A");
  EXPECT_EQ(site.tags.terms[1].slug, "dang-jian");
  EXPECT_EQ(site.tags.terms[2].slug, "dang-jian-2");
  const Term& dangjian = site.tags.terms[1].name == "党建" ? site.tags.terms[1] : site.tags.terms[2];
  EXPECT_EQ(dangjian.pages.size(), 2u);
}

TEST(AssembleSite, ArchivesGroupByYearAndMonth) {
  LoadedContent content;
  content.pages.push_back(MakePage("content/speeches/a.md", "speeches", "a", 2023, 5, 1, {}));
  content.pages.push_back(MakePage("content/speeches/b.md", "speeches", "b", 2023, 5, 9, {}));
  content.pages.push_back(MakePage("content/speeches/c.md", "speeches", "c", 2024, 2, 1, {}));
  Diagnostics diags;
  Site site = AssembleSite(TwoSectionConfig(), std::move(content), &diags);
  ASSERT_EQ(site.archives.size(), 2u);
  EXPECT_EQ(site.archives[0].year, 2024);
  ASSERT_EQ(site.archives[1].months.size(), 1u);
  EXPECT_EQ(site.archives[1].months[0].pages.size(), 2u);
  EXPECT_EQ(site.archives[1].months[0].pages[0]->meta.title, "b");
}

TEST(AssembleSite, SameUrlTwiceIsAnErrorNamingBothFiles) {
  LoadedContent content;
  content.pages.push_back(MakePage("content/speeches/a.md", "speeches", "same", 2023, 1, 1, {}));
  content.pages.push_back(MakePage("content/speeches/b.md", "speeches", "same", 2023, 1, 1, {}));
  Diagnostics diags;
  AssembleSite(TwoSectionConfig(), std::move(content), &diags);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_NE(diags.Format().find("content/speeches/a.md and content/speeches/b.md"), std::string::npos)
      << diags.Format();
}

}  // namespace
}  // namespace portal
