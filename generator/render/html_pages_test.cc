// The HTML stage's memo keys: an edit re-renders what shows it and nothing
// else, and a memoized run gives a clean run's bytes.
#include "render/html_pages.h"

#include <gtest/gtest.h>

#include "base/hash.h"
#include "render/views.h"
#include "site/loader.h"

namespace portal {
namespace {

std::shared_ptr<Page> MakePage(int i, const std::string& title, const std::string& markdown) {
  auto p = std::make_shared<Page>();
  p->source = "content/speeches/p" + std::to_string(i) + ".md";
  p->section = "speeches";
  p->slug = "p" + std::to_string(i);
  p->url = "/speeches/p" + std::to_string(i) + "/";
  p->meta.title = title;
  p->meta.date.year = 2024;
  p->meta.date.month = 1;
  p->meta.date.day = i;
  p->meta.tags = {"甲"};
  MarkdownOptions o;
  o.summary_length = 20;
  p->body = RenderMarkdown(markdown, o);
  p->version = Hash64(p->source + title + markdown);
  return p;
}

class HtmlMemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 1; i <= 7; ++i) {
      titles_.push_back("第" + std::to_string(i) + "篇");
      bodies_.push_back("第一段很长，摘要来自这里，二十个字以内就截断了，后面的不算。\n\n第二段第" + std::to_string(i) + "篇正文。\n");
    }
    Diagnostics d;
    ASSERT_TRUE(theme_.Load(PORTAL_SOURCE_ROOT, "default", "zh-CN", &d)) << d.Format();
  }
  Site MakeSite() {
    SiteConfig c;
    c.title = "t";
    c.base_url = "https://example.org/";
    c.page_size = 3;
    c.sections = {{"speeches", "领导讲话", "", 1, true}};
    LoadedContent content;
    for (size_t i = 0; i < bodies_.size(); ++i) content.pages.push_back(MakePage(static_cast<int>(i + 1), titles_[i], bodies_[i]));
    Diagnostics d;
    Site site = AssembleSite(c, std::move(content), &d);
    for (size_t i = 0; i + 1 < site.pages.size(); ++i) site.pages[i]->related = {site.pages[i + 1].get()};
    return site;
  }
  // Renders with the memo; returns how many files were rendered, and checks
  // the bytes against a run without one.
  int Render() {
    Site site = MakeSite();
    theme_.SetGlobals(GlobalView(site, theme_.i18n()));
    Diagnostics d;
    OutputPlan memoized, clean;
    HtmlStats s = AddHtmlPages(site, theme_, &memoized, &d, 2, &memo_);
    AddHtmlPages(site, theme_, &clean, &d, 2, nullptr);
    EXPECT_FALSE(d.has_errors()) << d.Format();
    EXPECT_EQ(memoized.FileBytes(), clean.FileBytes());
    return s.pages - s.reused;
  }

  std::vector<std::string> titles_, bodies_;
  Theme theme_;
  RenderMemo memo_;
};

TEST_F(HtmlMemoTest, ABodyEditBelowTheSummaryRerendersOnlyThatPage) {
  int all = Render();
  EXPECT_GT(all, 10);
  EXPECT_EQ(Render(), 0);
  // More characters (char_count changes, which single pages show and cards
  // carry), but no list shows them: only p4 itself.
  bodies_[3] = "第一段很长，摘要来自这里，二十个字以内就截断了，后面的不算。\n\n第二段第4篇正文，加了一句更长的话。\n";
  EXPECT_EQ(Render(), 1);
}

TEST_F(HtmlMemoTest, ASummaryEditRerendersTheListsThatShowIt) {
  Render();
  bodies_[3] = "第一段改了，摘要随之变化。\n\n第二段第4篇正文。\n";
  // p4, the section page and the tag page listing it, and the home page
  // (its latest cards show summaries); not the archive, which does not.
  EXPECT_EQ(Render(), 4);
}

TEST_F(HtmlMemoTest, ATitleEditRerendersNeighboursRelatedPagesAndLists) {
  Render();
  bodies_[3] = "第一段很长，摘要来自这里，二十个字以内就截断了，后面的不算。\n\n第二段第4篇正文，长了一些。\n";
  int body_only = Render();
  titles_[3] = "第4篇（修订）";
  // p4, p3 and p5 (its neighbours; p3 also lists it as related), and every
  // list that shows it.
  EXPECT_GE(Render(), body_only + 6);
}

}  // namespace
}  // namespace portal
