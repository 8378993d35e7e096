#include "build/session.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace portal {
namespace {
namespace fs = std::filesystem;

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/portal-session-XXXXXX";
    root_ = mkdtemp(tmpl);
    Write("site-config/site.yaml",
          "title: 测试\nbaseURL: https://example.org/\npageSize: 3\nsections:\n  - name: speeches\n  - name: cases\n");
    for (int i = 1; i <= 8; ++i) {
      Write("content/speeches/p" + std::to_string(i) + ".md",
            "---\ntitle: 第" + std::to_string(i) + "篇\ndate: 2024-01-0" + std::to_string(i) +
                "\ntags: [甲, 乙" + std::to_string(i % 3) + "]\n---\n## 一、标题\n正文" + std::to_string(i) + "。\n");
    }
    Write("content/cases/c.md", "---\ntitle: 案例\ndate: 2023-05-01\ntags: [丙]\n---\n案例正文。\n");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << text;
  }
  BuildOptions Options() const {
    BuildOptions o;
    o.site_root = root_;
    o.now_epoch_seconds = 1900000000;
    return o;
  }
  // A fresh session's plan: what a clean build would write.
  std::map<std::string, std::string> CleanPlan() {
    BuildSession clean(Options(), false);
    Diagnostics d;
    BuildResult r;
    EXPECT_TRUE(clean.Rebuild(&d, &r)) << d.Format();
    return clean.plan().FileBytes();
  }

  fs::path root_;
};

TEST_F(SessionTest, OnePageEditRerendersOnlyWhatShowsItAndMatchesACleanBuild) {
  BuildSession session(Options());
  Diagnostics d;
  BuildResult first;
  ASSERT_TRUE(session.Rebuild(&d, &first)) << d.Format();
  EXPECT_EQ(session.plan().FileBytes(), CleanPlan());

  // Make sure the edit gets a new mtime even on coarse clocks.
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Write("content/speeches/p5.md", "---\ntitle: 第5篇（修订）\ndate: 2024-01-05\ntags: [甲, 乙2]\n---\n## 一、标题\n改过的正文。\n");
  BuildResult second;
  ASSERT_TRUE(session.Rebuild(&d, &second)) << d.Format();
  EXPECT_EQ(session.plan().FileBytes(), CleanPlan());

  const auto& changed = session.changed_paths();
  auto has = [&](const std::string& p) { return std::find(changed.begin(), changed.end(), p) != changed.end(); };
  EXPECT_TRUE(has("speeches/p5/index.html"));
  EXPECT_TRUE(has("speeches/p4/index.html"));  // its neighbours show its title
  EXPECT_TRUE(has("speeches/p6/index.html"));
  EXPECT_TRUE(has("index.xml"));
  EXPECT_FALSE(has("cases/c/index.html"));

  std::string html_stage, search_stage;
  for (const StageTiming& s : second.stages) {
    if (s.name == "html") html_stage = s.count;
    if (s.name == "search") search_stage = s.count;
    if (s.name == "content") {
      EXPECT_NE(s.count.find("1 read"), std::string::npos) << s.count;
    }
  }
  // Far fewer pages rendered than exist. The search index kept its memo
  // and tokenized only the edited page (on this tiny site every page is in
  // the plan's sample, so the edit re-plans, and a recoded token may drop a
  // block: SearchIndex.AMemoReuses... covers reuse), and its files are a
  // clean build's (above).
  EXPECT_NE(html_stage.find(" rendered"), std::string::npos) << html_stage;
  EXPECT_NE(search_stage.find(" documents tokenized, "), std::string::npos) << search_stage;
  EXPECT_EQ(search_stage.find("(9 of 9 documents tokenized"), std::string::npos) << search_stage;
  EXPECT_EQ(session.plan().files().count("search/meta.json"), 1u);
}

TEST_F(SessionTest, NoChangeRebuildChangesNothing) {
  BuildSession session(Options());
  Diagnostics d;
  BuildResult r;
  ASSERT_TRUE(session.Rebuild(&d, &r));
  BuildResult again;
  ASSERT_TRUE(session.Rebuild(&d, &again));
  EXPECT_TRUE(session.changed_paths().empty());
  for (const StageTiming& s : again.stages) {
    if (s.name == "search") {
      EXPECT_NE(s.count.find("(0 of 9 documents tokenized, 8 of 8 blocks reused, 0 of "), std::string::npos) << s.count;
    }
  }
}

TEST_F(SessionTest, ABrokenEditFailsAndTheFixRecovers) {
  BuildSession session(Options());
  Diagnostics d;
  BuildResult r;
  ASSERT_TRUE(session.Rebuild(&d, &r));
  auto before = session.plan().FileBytes();
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Write("content/speeches/p2.md", "---\ntitle: 坏\ndate: 2024-02-30\n---\nx\n");
  Diagnostics bad;
  EXPECT_FALSE(session.Rebuild(&bad, &r));
  EXPECT_TRUE(bad.has_errors());
  EXPECT_EQ(session.plan().FileBytes(), before);  // the last good plan stays
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Write("content/speeches/p2.md", "---\ntitle: 好\ndate: 2024-02-03\n---\nx\n");
  Diagnostics good;
  ASSERT_TRUE(session.Rebuild(&good, &r)) << good.Format();
  EXPECT_EQ(session.plan().FileBytes(), CleanPlan());
}

TEST_F(SessionTest, ThemeOrConfigChangesRerenderEverything) {
  BuildSession session(Options());
  Diagnostics d;
  BuildResult r;
  ASSERT_TRUE(session.Rebuild(&d, &r));
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Write("site-config/site.yaml",
        "title: 新标题\nbaseURL: https://example.org/\npageSize: 3\nsections:\n  - name: speeches\n  - name: cases\n");
  ASSERT_TRUE(session.Rebuild(&d, &r)) << d.Format();
  EXPECT_EQ(session.plan().FileBytes(), CleanPlan());
  const auto& changed = session.changed_paths();
  EXPECT_NE(std::find(changed.begin(), changed.end(), "cases/c/index.html"), changed.end());
}

// Term and taxonomy pages are memoized too: an edit re-renders the term
// pages that list the edited page, and a change to a term, a page's hits or
// a facet's pages shows up exactly as a clean build has it.
TEST_F(SessionTest, KnowledgePagesRerenderOnlyWhenWhatTheyShowChanges) {
  Write("site-config/terms.yaml", "minDocuments: 2\nterms:\n  - name: 三会一课\n    definition: 组织生活的基本制度。\n");
  auto page = [&](int i, const std::string& body, const std::string& speaker) {
    Write("content/speeches/p" + std::to_string(i) + ".md",
          "---\ntitle: 第" + std::to_string(i) + "篇\ndate: 2024-01-0" + std::to_string(i) + "\n" +
              (speaker.empty() ? "" : "speaker: " + speaker + "\n") + "tags: [甲, 乙" + std::to_string(i % 3) +
              "]\n---\n" + body + "\n");
  };
  for (int i = 1; i <= 4; ++i) page(i, "要落实“三会一课”制度，第" + std::to_string(i) + "次。", "张三");
  BuildSession session(Options());
  Diagnostics d;
  BuildResult r;
  ASSERT_TRUE(session.Rebuild(&d, &r)) << d.Format();
  EXPECT_EQ(session.plan().FileBytes(), CleanPlan());
  const std::string term = "terms/san-hui-yi-ke/index.html";
  ASSERT_EQ(session.plan().files().count(term), 1u);
  auto changed = [&](const std::string& p) {
    const auto& c = session.changed_paths();
    return std::find(c.begin(), c.end(), p) != c.end();
  };
  auto knowledge_count = [&] {
    for (const StageTiming& s : r.stages) {
      if (s.name == "knowledge") return s.count;
    }
    return std::string();
  };
  auto facet_changed = [&] {
    for (const std::string& p : session.changed_paths()) {
      if (p.rfind("speakers/", 0) == 0) return true;
    }
    return false;
  };
  auto edit = [&](auto&& write) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    write();
    r = BuildResult();
    ASSERT_TRUE(session.Rebuild(&d, &r)) << d.Format();
    EXPECT_EQ(session.plan().FileBytes(), CleanPlan());
  };

  edit([&] { page(7, "别的内容。", ""); });  // lists no term, no speaker
  EXPECT_FALSE(changed(term));
  EXPECT_FALSE(facet_changed());
  EXPECT_NE(knowledge_count().find(" rendered)"), std::string::npos) << knowledge_count();

  edit([&] { page(2, "认真落实“三会一课”，改过了。", "张三"); });  // a hit's text
  EXPECT_TRUE(changed(term));

  edit([&] { Write("site-config/terms.yaml", "minDocuments: 2\nterms:\n  - name: 三会一课\n    definition: 改过的定义。\n"); });
  EXPECT_TRUE(changed(term));

  edit([&] { page(3, "要落实“三会一课”制度，第3次。", "李四"); });  // a facet's pages
  EXPECT_TRUE(facet_changed());
}

}  // namespace
}  // namespace portal

namespace portal {
namespace {

// Term links are kept on pages reused from the last rebuild; a page read
// again (even with the same bytes) or a change of terms links afresh.
TEST_F(SessionTest, TermLinksSurviveReuseAndRereading) {
  Write("site-config/terms.yaml", "minDocuments: 2\nterms:\n  - name: 三会一课\n    definition: 组织生活的基本制度。\n");
  const std::string text = "---\ntitle: 案例\ndate: 2023-05-01\ntags: [丙]\n---\n落实“三会一课”制度。\n";
  Write("content/cases/c.md", text);
  BuildSession session(Options());
  Diagnostics d;
  BuildResult r;
  ASSERT_TRUE(session.Rebuild(&d, &r)) << d.Format();
  const std::string page = "cases/c/index.html";
  auto linked = [&] { return session.plan().files().at(page)->find("class=\"term-link\"") != std::string::npos; };
  EXPECT_TRUE(linked());
  auto rebuild = [&](const char* what) {
    SCOPED_TRACE(what);
    r = BuildResult();
    ASSERT_TRUE(session.Rebuild(&d, &r)) << d.Format();
    EXPECT_EQ(session.plan().FileBytes(), CleanPlan());
  };
  rebuild("nothing changed: the page keeps its links");
  EXPECT_TRUE(linked());
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Write("content/cases/c.md", text);
  rebuild("same bytes, new mtime: read again, so unlinked");
  EXPECT_TRUE(linked());
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Write("site-config/terms.yaml", "minDocuments: 2\nlinkFirst: false\n");
  rebuild("links off");
  EXPECT_FALSE(linked());
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Write("site-config/terms.yaml", "minDocuments: 2\nterms:\n  - name: 三会一课\n    aliases: [三会]\n");
  rebuild("links on again, with an alias");
  EXPECT_TRUE(linked());
}

}  // namespace
}  // namespace portal
