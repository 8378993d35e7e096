// Test-only: small sites built by hand, shared by the index tests and the
// fixture the Node tests of search.mjs read (search_fixture_test.cc).
#pragma once

#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "site/page.h"

namespace portal::search::testing {

struct TestDoc {
  std::string url, section, title, date;  // date "2023-05-01"
  std::vector<std::string> tags, headings;
  std::string body;
};

inline std::unique_ptr<Page> MakePage(const TestDoc& d) {
  auto p = std::make_unique<Page>();
  p->url = d.url;
  p->section = d.section;
  p->source = "content" + d.url + "index.md";
  p->meta.title = d.title;
  p->meta.tags = d.tags;
  if (d.date.size() == 10) {
    p->meta.date.year = std::stoi(d.date.substr(0, 4));
    p->meta.date.month = std::stoi(d.date.substr(5, 2));
    p->meta.date.day = std::stoi(d.date.substr(8, 2));
  }
  for (const std::string& h : d.headings) p->body.headings.push_back({2, h, ""});
  p->body.plain_text = d.body;
  return p;
}

inline const std::vector<std::pair<std::string, std::string>>& TestSections() {
  static const std::vector<std::pair<std::string, std::string>> s = {
      {"speeches", "讲话"}, {"policies", "政策"}, {"cases", "案例"}};
  return s;
}

// Hand-written documents, each there for one behaviour the tests check.
inline std::vector<TestDoc> HandDocs() {
  return {
      {"/speeches/shyk/", "speeches", "认真落实三会一课制度", "2023-03-01", {"三会一课", "组织生活"},
       {"一、提高认识"}, "各支部要坚持三会一课。三会一课是党的组织生活的基本制度。"},
      {"/speeches/apart/", "speeches", "支部工作安排", "2023-03-02", {"组织生活"}, {},
       "按时召开三会，上好一课。三会要规范，一课要生动。一课三会。"},
      {"/policies/lianzheng/", "policies", "关于加强党风廉政建设的意见", "2022-06-01", {"党风廉政"},
       {"二、主要任务"}, "深入推进党风廉政建设和反腐败斗争。"},
      {"/policies/fanti/", "policies", "黨風廉政建設學習材料", "2021-06-01", {}, {},
       "全面從嚴治黨，推進黨風廉政建設。"},
      {"/cases/title/", "cases", "乡村振兴的实践", "2019-01-01", {"乡村振兴"}, {}, "本文介绍一个村的做法。"},
      {"/cases/body/", "cases", "某镇的经验", "2024-01-01", {}, {},
       "乡村振兴，乡村振兴，乡村振兴，推动乡村振兴取得实效。"},
      {"/speeches/tie-old/", "speeches", "学习材料甲", "2020-05-01", {}, {}, "坚决做到两个维护。"},
      {"/speeches/tie-new/", "speeches", "学习材料乙", "2020-06-01", {}, {}, "坚决做到两个维护。"},
      {"/speeches/english/", "speeches", "Party Building in English", "2022-01-01", {"Party"}, {},
       "We study party building every week. ＧＤＰ grew 5%."},
      {"/speeches/english2/", "speeches", "Building notes", "2022-01-02", {}, {},
       "Building the party takes time."},
      {"/cases/astral/", "cases", "生僻字𠀀的例子", "2020-01-01", {}, {}, "这里有𠀀字和表情👍，还有①号文件。"},
      {"/cases/mixed/", "cases", "5G网络建设", "2021-01-01", {"5G"}, {}, "推进5G网络建设，GDP增长。"},
  };
}

// A deterministic pseudo-corpus with many near misses: phrases glued from a
// small vocabulary, so bigrams co-occur far more often than phrases do.
inline std::vector<TestDoc> RandomDocs(int count, uint32_t seed) {
  static const char* kPieces[] = {"三会", "一课", "三会一课", "党风", "廉政", "建设", "党风廉政建设",
                                  "两个", "维护", "两个维护", "乡村", "振兴", "乡村振兴", "基层",
                                  "党组织", "书记", "基层党组织书记", "组织", "党的", "学习",
                                  "贯彻", "落实", "制度", "黨風", "會議", "，", "。", "、",
                                  " party ", " building ", "2023", "的", "是", "和"};
  static const char* kSections[] = {"speeches", "policies", "cases"};
  std::mt19937 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  const int pieces = static_cast<int>(sizeof(kPieces) / sizeof(kPieces[0]));
  std::vector<TestDoc> docs;
  for (int i = 0; i < count; ++i) {
    TestDoc d;
    d.section = kSections[pick(3)];
    d.url = "/" + d.section + "/r" + std::to_string(i) + "/";
    d.date = std::to_string(2018 + pick(6)) + "-0" + std::to_string(1 + pick(9)) + "-1" +
             std::to_string(pick(9));
    for (int k = 0, n = 2 + pick(4); k < n; ++k) d.title += kPieces[pick(pieces)];
    for (int k = 0, n = 10 + pick(120); k < n; ++k) {
      d.body += kPieces[pick(pieces)];
      if (pick(12) == 0) d.body += '\n';
    }
    if (pick(3) == 0) d.headings.push_back(std::string(kPieces[pick(pieces)]) + kPieces[pick(pieces)]);
    if (pick(2) == 0) d.tags.push_back(kPieces[pick(17)]);
    docs.push_back(std::move(d));
  }
  return docs;
}

}  // namespace portal::search::testing
