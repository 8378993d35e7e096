// `portal search` over a whole built site: the real binary builds a small
// site, then searches it through Node with the site's own query module.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "fixture.h"

namespace portal::testing {
namespace {

const char* const kSite = R"(
-- content/speeches/weihu.md --
---
title: 坚决做到两个维护
date: 2023-05-08
tags: [两个维护]
---
同志们，今天我们学习党章。
-- content/policies/xuexi.md --
---
title: 党员学习要点解读
date: 2024-02-01
---
全体党员要增强“四个意识”、坚定“四个自信”、做到两个维护。
-- content/cases/apart.md --
---
title: 两个支部的经验
date: 2024-03-01
---
两个支部共同维护了村里的道路。
-- content/speeches/lianzheng.md --
---
title: 在党风廉政建设工作会议上的讲话
date: 2022-01-10
---
深入推进党风廉政建设和反腐败斗争。
-- site-config/terms.yaml --
terms:
  - name: 两个维护
    definition: 坚决维护习近平总书记党中央的核心、全党的核心地位，坚决维护**党中央权威**和集中统一领导。
    aliases: [两个坚决维护]
)";

bool HaveNode() { return std::system("node --version >/dev/null 2>&1") == 0; }

std::vector<std::string> Urls(const nlohmann::json& results) {
  std::vector<std::string> urls;
  for (const auto& r : results) urls.push_back(r.at("url").get<std::string>());
  return urls;
}

class SearchCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveNode()) GTEST_SKIP() << "node not installed";
    RunResult b = site_.Build();
    ASSERT_EQ(b.exit_code, 0) << b.err;
  }
  // Runs `portal search ARGS --json` and parses its output.
  nlohmann::json Search(const std::string& args) {
    RunResult r = site_.Run("search " + args + " --json");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_array()) << r.out;
    return j.is_array() ? j : nlohmann::json::array();
  }
  SiteFixture site_{kSite};
};

TEST_F(SearchCli, JsonResultsBestFirstWithExactPhrase) {
  nlohmann::json j = Search("两个维护");
  // Title and tag hit first, body hit second; 两个…维护 apart is no match.
  EXPECT_EQ(Urls(j), (std::vector<std::string>{"/speeches/weihu/", "/policies/xuexi/"}));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["title"], "坚决做到两个维护");
  EXPECT_EQ(j[1]["title"], "党员学习要点解读");
  EXPECT_EQ(j[1]["date"], "2024-02-01");
  EXPECT_NE(j[1]["excerpt"].get<std::string>().find("<mark>两个维护</mark>"), std::string::npos) << j[1];
  for (const auto& r : j) {
    for (const char* key : {"url", "title", "section", "date", "excerpt"}) EXPECT_TRUE(r.contains(key)) << key;
  }
}

TEST_F(SearchCli, TraditionalQueryFindsSimplifiedText) {
  nlohmann::json j = Search("黨風廉政");
  EXPECT_EQ(Urls(j), (std::vector<std::string>{"/speeches/lianzheng/"}));
}

TEST_F(SearchCli, FiltersBySectionYearAndTag) {
  EXPECT_EQ(Urls(Search("两个维护 --section policies")), (std::vector<std::string>{"/policies/xuexi/"}));
  EXPECT_EQ(Urls(Search("两个维护 --section 领导讲话")), (std::vector<std::string>{"/speeches/weihu/"}));
  EXPECT_EQ(Urls(Search("两个维护 --year 2024")), (std::vector<std::string>{"/policies/xuexi/"}));
  EXPECT_EQ(Urls(Search("两个维护 --tag 两个维护")), (std::vector<std::string>{"/speeches/weihu/"}));
  EXPECT_EQ(Urls(Search("两个维护 --limit 1")), (std::vector<std::string>{"/speeches/weihu/"}));
  EXPECT_TRUE(Search("两个维护 --year 2019").empty());
}

TEST_F(SearchCli, TextOutputAndExplicitDestination) {
  RunResult r = site_.Run("search 党风廉政 -s . -d public");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("在党风廉政建设工作会议上的讲话"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/speeches/lianzheng/"), std::string::npos) << r.out;
  RunResult none = site_.Run("search 乡村振兴");
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("没有找到"), std::string::npos) << none.out;
}

TEST_F(SearchCli, PolicyTermPagesAreListedApartFromDocuments) {
  // The term page is indexed (after every document) but is not a result:
  // counts stay counts of documents.
  nlohmann::json meta = nlohmann::json::parse(site_.Read("public/search/meta.json"));
  EXPECT_EQ(meta["docs"], 5);
  EXPECT_EQ(meta["termDocs"], nlohmann::json::array({4, 1}));
  EXPECT_EQ(Urls(Search("两个维护")), (std::vector<std::string>{"/speeches/weihu/", "/policies/xuexi/"}));
  RunResult r = site_.Run("search 两个维护");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("提法 (terms): 两个维护 /terms/liang-ge-wei-hu/\n2 条结果"), std::string::npos) << r.out;
  // By its alias and by words of its definition only the term page matches.
  for (const char* q : {"两个坚决维护", "党中央权威"}) {
    RunResult t = site_.Run(std::string("search ") + q);
    ASSERT_EQ(t.exit_code, 0) << t.err;
    EXPECT_NE(t.out.find("提法 (terms): 两个维护 /terms/liang-ge-wei-hu/\n0 条结果"), std::string::npos) << q << t.out;
    EXPECT_TRUE(Search(q).empty()) << q;
  }
  // Filters narrow the documents; term pages have no section or date.
  RunResult filtered = site_.Run("search 两个坚决维护 --year 2024");
  EXPECT_NE(filtered.out.find("提法 (terms): 两个维护"), std::string::npos) << filtered.out;
}

TEST(SearchCliErrors, MissingIndexIsAClearError) {
  SiteFixture site(kSite);  // never built
  RunResult r = site.Run("search 两个维护 --json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no search index"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("portal build"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(SearchCliErrors, QueryIsRequired) {
  SiteFixture site(kSite);
  RunResult r = site.Run("search");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

}  // namespace
}  // namespace portal::testing
