#include "search/search_command.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "search/search_index.h"
#include "search/search_test_site.h"

namespace portal {
namespace {

namespace fs = std::filesystem;

class SearchCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("portal-search-command-" + std::to_string(getpid()));
    fs::remove_all(root_);
    std::vector<std::unique_ptr<Page>> pages;
    std::vector<const Page*> ptrs;
    for (const auto& d : search::testing::HandDocs()) {
      pages.push_back(search::testing::MakePage(d));
      ptrs.push_back(pages.back().get());
    }
    auto index = search::BuildIndexFiles(ptrs, search::testing::TestSections(), search::IndexOptions());
    for (const auto& [path, bytes] : index.files) {
      fs::path p = root_ / "public/search" / path;
      fs::create_directories(p.parent_path());
      std::ofstream(p, std::ios::binary) << bytes;
    }
    fs::create_directories(root_ / "public/js");
    fs::copy_file(fs::path(PORTAL_SOURCE_ROOT) / "themes/default/static/js/search.mjs",
                  root_ / "public/js/search.mjs");
  }
  void TearDown() override { fs::remove_all(root_); }

  bool HaveNode() { return std::system("node --version >/dev/null 2>&1") == 0; }

  fs::path root_;
};

TEST_F(SearchCommandTest, PrintsJsonResultsBestFirst) {
  if (!HaveNode()) GTEST_SKIP() << "node not installed";
  std::string out;
  SearchCommandOptions o;
  o.site_root = root_;
  o.query = "乡村振兴";
  o.json = true;
  o.output = &out;
  ASSERT_EQ(RunSearchCommand(o), 0);
  auto results = nlohmann::json::parse(out);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["url"], "/cases/title/");
  EXPECT_EQ(results[1]["url"], "/cases/body/");
  EXPECT_EQ(results[1]["date"], "2024-01-01");
  EXPECT_NE(results[1]["excerpt"].get<std::string>().find("<mark>乡村振兴</mark>"), std::string::npos);
  EXPECT_EQ(results[0].size(), 5u);  // url, title, section, date, excerpt
}

TEST_F(SearchCommandTest, PrintsAReadableListWithFilters) {
  if (!HaveNode()) GTEST_SKIP() << "node not installed";
  std::string out;
  SearchCommandOptions o;
  o.site_root = root_;
  o.query = "党";
  o.section = "policies";
  o.year = 2021;
  o.output = &out;
  ASSERT_EQ(RunSearchCommand(o), 0);
  EXPECT_NE(out.find("1 条结果"), std::string::npos) << out;
  EXPECT_NE(out.find("/policies/fanti/"), std::string::npos);
  EXPECT_NE(out.find("【黨】"), std::string::npos);
}

TEST_F(SearchCommandTest, SaysSoWhenNothingMatches) {
  if (!HaveNode()) GTEST_SKIP() << "node not installed";
  std::string out;
  SearchCommandOptions o;
  o.site_root = root_;
  o.query = "不存在";
  o.output = &out;
  ASSERT_EQ(RunSearchCommand(o), 0);
  EXPECT_NE(out.find("没有找到"), std::string::npos);
}

TEST_F(SearchCommandTest, AsksForABuildWhenThereIsNoIndex) {
  SearchCommandOptions o;
  o.site_root = root_ / "elsewhere";
  o.query = "党";
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(RunSearchCommand(o), 1);
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("run `portal build` first"), std::string::npos);
}

TEST_F(SearchCommandTest, ExplainsAMissingNode) {
  SearchCommandOptions o;
  o.site_root = root_;
  o.query = "党";
  setenv("PORTAL_NODE", "", 1);
  const char* old_path = std::getenv("PATH");
  std::string saved = old_path ? old_path : "";
  setenv("PATH", "/nonexistent", 1);
  unsetenv("PORTAL_NODE");
  ::testing::internal::CaptureStderr();
  int rc = RunSearchCommand(o);
  std::string err = ::testing::internal::GetCapturedStderr();
  setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(rc, 1);
  EXPECT_NE(err.find("`node` was not found"), std::string::npos) << err;
}

}  // namespace
}  // namespace portal
