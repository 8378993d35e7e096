// Unit tests of the knowledge module: quoted phrases, the term index and its
// concordance lines, term links, topics, related reading, taxonomies and the
// knowledge site files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/two_section_config.h"
#include "base/hash.h"
#include "base/utf8.h"
#include "knowledge/knowledge.h"
#include "knowledge/knowledge_cache.h"
#include "knowledge/knowledge_config.h"
#include "knowledge/quoted_phrases.h"
#include "knowledge/related.h"
#include "knowledge/taxonomies.h"
#include "knowledge/term_index.h"
#include "knowledge/term_links.h"
#include "knowledge/topics.h"

namespace portal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Strings = std::vector<std::string>;

// ---- Quoted phrases --------------------------------------------------------

TEST(QuotedPhrases, FullAndHalfWidthQuotes) {
  EXPECT_THAT(QuotedPhrases("坚持“三会一课”制度，落实\"四议两公开\"。"), ElementsAre("三会一课", "四议两公开"));
}

TEST(QuotedPhrases, NestedQuotesGiveTheInnerPhrase) {
  EXPECT_THAT(QuotedPhrases("他说：“要做到‘两个维护’。”"), ElementsAre("两个维护"));
  EXPECT_THAT(QuotedPhrases("“坚决“两个维护”到底”"), ElementsAre("两个维护"));
  EXPECT_THAT(QuotedPhrases("「第一议题」和『头雁』"), ElementsAre("第一议题", "头雁"));
}

TEST(QuotedPhrases, UnmatchedQuotesAreIgnored) {
  EXPECT_THAT(QuotedPhrases("开头“没有结束\n下一行“三资”管理"), ElementsAre("三资"));
  EXPECT_THAT(QuotedPhrases("多余的”引号“两委”"), ElementsAre("两委"));
  EXPECT_THAT(QuotedPhrases("“甲“乙丙”"), ElementsAre("乙丙"));  // the outer one never closes
  EXPECT_THAT(QuotedPhrases("半个\"引号"), ElementsAre());
}

TEST(QuotedPhrases, LengthAndPunctuationLimits) {
  EXPECT_THAT(QuotedPhrases("“选”“一二三四五六七八九十一二三”“月记、季评、年考”“这是一句话。”"),
              ElementsAre("月记、季评、年考"));
  EXPECT_THAT(QuotedPhrases("“ 两委 ”“123”“AB”"), ElementsAre("两委", "AB"));
  EXPECT_THAT(QuotedPhrases("“一二三”", 2, 2), ElementsAre());
}

// ---- A small site -----------------------------------------------------------

std::shared_ptr<Page> MakePage(const std::string& name, const std::string& section, int y, int m, int d,
                               const std::string& markdown, Strings tags = {}) {
  auto p = std::make_shared<Page>();
  p->source = "content/" + section + "/" + name + ".md";
  p->section = section;
  p->url = "/" + section + "/" + name + "/";
  p->meta.title = name;
  p->meta.date.year = y;
  p->meta.date.month = m;
  p->meta.date.day = d;
  p->meta.tags = std::move(tags);
  p->body = RenderMarkdown(markdown, MarkdownOptions{});
  return p;
}

Site MakeSite(std::vector<std::shared_ptr<Page>> pages) {
  LoadedContent content;
  content.pages = std::move(pages);
  Diagnostics d;
  return AssembleSite(TwoSectionConfig(), std::move(content), &d);
}

Site TermSite() {
  std::vector<std::shared_ptr<Page>> pages;
  pages.push_back(MakePage("a", "speeches", 2023, 1, 1,
                           "## 一、提高认识\n\n坚持“**三会**一课”制度。落实“四议两公开”。\n\n再说一次三会一课。\n"));
  pages.push_back(MakePage("b", "speeches", 2024, 1, 1, "各支部要落实“三会一课”。只出现一次的“孤词”。\n"));
  pages.push_back(MakePage("c", "cases", 2022, 1, 1, "“四议两公开”和\"孤词二\"，还有“不合格”。\n\n“不合格”\n"));
  pages.push_back(MakePage("d", "cases", 2021, 1, 1, "评为“不合格”。“四议两公开”工作法。\n"));
  return MakeSite(std::move(pages));
}

const PolicyTerm* Find(const TermIndex& index, const std::string& name) {
  for (const PolicyTerm& t : index.terms) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

TEST(TermIndex, PhrasesQuotedInTwoDocumentsBecomeTerms) {
  Site site = TermSite();
  TermsConfig c;
  c.stop = {"不合格"};
  TermIndex index = BuildTermIndex(site, c, 2);
  Strings names;
  for (const PolicyTerm& t : index.terms) names.push_back(t.name);
  EXPECT_THAT(names, ElementsAre("三会一课", "四议两公开"));  // by pinyin; 孤词 once, 不合格 stopped
  const PolicyTerm* t = Find(index, "三会一课");
  EXPECT_EQ(t->slug, "san-hui-yi-ke");
  EXPECT_EQ(t->url, "/terms/san-hui-yi-ke/");
  EXPECT_EQ(t->initial, "S");
  ASSERT_EQ(t->documents.size(), 2u);
  EXPECT_EQ(t->documents[0].page->meta.title, "b");  // newest first
  EXPECT_EQ(t->documents[1].hits.size(), 2u);        // quoted and unquoted, split by markup
}

TEST(TermIndex, DeclaredTermsWithAliasesAndThreshold) {
  Site site = TermSite();
  TermsConfig c;
  c.min_documents = 3;
  c.terms = {{"四议两公开工作法", "村级重大事项决策程序。", {"四议两公开"}}, {"从未出现", "", {}}};
  TermIndex index = BuildTermIndex(site, c, 1);
  Strings names;
  for (const PolicyTerm& t : index.terms) names.push_back(t.name);
  EXPECT_THAT(names, ElementsAre("从未出现", "四议两公开工作法"));  // 不合格: only 2 documents
  const PolicyTerm* t = Find(index, "四议两公开工作法");
  EXPECT_TRUE(t->declared);
  EXPECT_EQ(t->documents.size(), 3u);  // the alias counts, the longer name wins in d
  EXPECT_EQ(Find(index, "从未出现")->documents.size(), 0u);
}

TEST(TermIndex, SameResultOnAnyThreadCount) {
  Site site = TermSite();
  TermIndex a = BuildTermIndex(site, TermsConfig{}, 1), b = BuildTermIndex(site, TermsConfig{}, 4);
  ASSERT_EQ(a.terms.size(), b.terms.size());
  for (size_t i = 0; i < a.terms.size(); ++i) {
    EXPECT_EQ(a.terms[i].name, b.terms[i].name);
    EXPECT_EQ(a.terms[i].documents.size(), b.terms[i].documents.size());
  }
  EXPECT_EQ(a.page_terms, b.page_terms);
}

// The index as data, for comparing a memoized build with a clean one.
std::string Dump(const TermIndex& index) {
  std::string out;
  for (const PolicyTerm& t : index.terms) {
    out += t.name + "|" + t.slug + ":";
    for (const TermDocument& d : t.documents) {
      out += " " + d.page->source;
      for (const TermHit& h : d.hits) {
        out.append("@").append(std::to_string(h.block)).append(",").append(std::to_string(h.begin));
        out.append("-").append(std::to_string(h.end));
      }
    }
    out += "\n";
  }
  for (const auto& list : index.page_terms) {
    for (uint32_t id : list) out += std::to_string(id) + " ";
    out += "/";
  }
  return out;
}

TEST(TermIndex, AMemoReadsOnlyChangedPagesAndGivesACleanIndex) {
  Site site = TermSite();
  for (size_t i = 0; i < site.pages.size(); ++i) site.pages[i]->version = 100 + i;
  TermsConfig c;
  TermIndexMemo memo;
  EXPECT_EQ(Dump(BuildTermIndex(site, c, 2, &memo)), Dump(BuildTermIndex(site, c, 2)));
  EXPECT_EQ(memo.scanned, 4u);
  EXPECT_EQ(Dump(BuildTermIndex(site, c, 2, &memo)), Dump(BuildTermIndex(site, c, 2)));
  EXPECT_EQ(memo.scanned, 0u);

  // An edit that quotes a new term in a second page: that page is read
  // again, and every page is scanned for the new term.
  Page& b = *site.pages[3];
  ASSERT_EQ(b.meta.title, "b");
  ASSERT_EQ(Find(BuildTermIndex(site, c, 2), "孤词二"), nullptr);
  b.body = RenderMarkdown("各支部要落实“三会一课”，还有“孤词二”。\n", MarkdownOptions{});
  b.version = 7;
  TermIndex memoized = BuildTermIndex(site, c, 2, &memo);
  EXPECT_EQ(Dump(memoized), Dump(BuildTermIndex(site, c, 2)));
  EXPECT_EQ(memo.scanned, 4u);
  ASSERT_NE(Find(memoized, "孤词二"), nullptr);
  EXPECT_EQ(Find(memoized, "孤词二")->documents.size(), 2u);

  // An edit that keeps the terms: only that page.
  b.body = RenderMarkdown("要落实“三会一课”和“孤词二”。\n\n三会一课。\n", MarkdownOptions{});
  b.version = 8;
  EXPECT_EQ(Dump(BuildTermIndex(site, c, 2, &memo)), Dump(BuildTermIndex(site, c, 2)));
  EXPECT_EQ(memo.scanned, 1u);

  // Other phrase lengths: every page is cut again.
  c.max_chars = 3;
  EXPECT_EQ(Dump(BuildTermIndex(site, c, 2, &memo)), Dump(BuildTermIndex(site, c, 2)));
  EXPECT_EQ(memo.scanned, 4u);
  EXPECT_EQ(memo.quoted.entries.size(), 4u);  // only this build's pages are kept
}

TEST(Concordance, TheSentenceAroundTheTermWithTheTermMarked) {
  Site site = TermSite();
  TermIndex index = BuildTermIndex(site, TermsConfig{}, 1);
  const PolicyTerm* t = Find(index, "三会一课");
  const TermDocument& a = t->documents[1];
  ASSERT_EQ(a.page->meta.title, "a");
  const TermHit& h = a.hits[0];
  std::string source = a.page->BlockSource();
  EXPECT_EQ(ConcordanceLine(HitText(*a.page, source, h), h.begin, h.end), "坚持“<mark>三会一课</mark>”制度。");
  EXPECT_EQ(HitAnchor(*a.page, h), a.page->body.blocks[1].id);
  EXPECT_THAT(HitAnchor(*a.page, h), ::testing::StartsWith("p-"));
}

TEST(Concordance, EscapesAndCutsLongSentences) {
  std::string text = "前文。<script>很长很长的一句话里有三会一课和更多的文字在后面";
  size_t b = text.find("三会一课");
  EXPECT_EQ(ConcordanceLine(text, b, b + std::string("三会一课").size(), 5),
            "…一句话里有<mark>三会一课</mark>和更多的文…");
  EXPECT_EQ(ConcordanceLine(text, b, b + std::string("三会一课").size(), 40),
            "&lt;script&gt;很长很长的一句话里有<mark>三会一课</mark>和更多的文字在后面");
}

TEST(PhraseMatcher, LeftmostLongestWithoutOverlaps) {
  PhraseMatcher m;
  m.Add("两个", 0);
  m.Add("两个维护", 1);
  m.Add("维护", 2);
  m.Finish();
  auto hits = m.FindAll("做到两个维护，维护两个");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].id, 1u);
  EXPECT_EQ(hits[1].id, 2u);
  EXPECT_EQ(hits[2].id, 0u);
}

TEST(TermLinks, FirstOccurrenceOutsideHeadingsAndLinks) {
  PhraseMatcher m;
  m.Add("三会一课", 0);
  m.Add("两委", 1);
  m.Finish();
  std::string html =
      "<h2 id=\"x\">三会一课</h2>\n<p id=\"p-1\"><a href=\"/a/\">两委</a>坚持三会一课，三会一课。两委<code>两委</code></p>";
  EXPECT_EQ(LinkFirstOccurrences(html, m, {"/terms/san/", "/terms/liang/"}),
            "<h2 id=\"x\">三会一课</h2>\n<p id=\"p-1\"><a href=\"/a/\">两委</a>坚持<a class=\"term-link\" "
            "href=\"/terms/san/\">三会一课</a>，三会一课。<a class=\"term-link\" href=\"/terms/liang/\">两委</a>"
            "<code>两委</code></p>");
}

// ---- Topics -----------------------------------------------------------------

TEST(Topics, MembershipByTagsSectionDatesAndList) {
  std::vector<std::shared_ptr<Page>> pages;
  pages.push_back(MakePage("a", "speeches", 2023, 5, 1, "x", {"乡村振兴"}));
  pages.push_back(MakePage("b", "speeches", 2024, 6, 1, "x", {"乡村振兴", "党建"}));
  pages.push_back(MakePage("c", "cases", 2024, 7, 1, "x", {"乡村振兴"}));
  pages.push_back(MakePage("d", "cases", 2022, 1, 1, "x", {}));
  Site site = MakeSite(std::move(pages));
  TopicConfig t;
  t.title = "乡村振兴";
  t.slug = "x";
  t.tags = {"乡村振兴", "不存在"};
  t.section = "speeches";
  DateTime from;
  from.year = 2024, from.month = 1, from.day = 1;
  t.from = from;
  t.pages = {{"content/cases/d.md", 3, 7}, {"/cases/c/", 4, 7}, {"cases/d.md", 5, 7}};
  Diagnostics diags;
  std::vector<Topic> topics = ResolveTopics(site, {t}, &diags);
  EXPECT_FALSE(diags.has_errors());
  Strings titles;
  for (const Page* p : topics[0].pages) titles.push_back(p->meta.title);
  EXPECT_THAT(titles, ElementsAre("d", "c", "b"));  // listed first, then rules (a is too old)
  EXPECT_EQ(topics[0].url, "/topics/x/");
  EXPECT_EQ(topics[0].newest_first.front()->meta.title, "c");

  t.pages = {};
  t.section.clear();
  t.from.reset();
  topics = ResolveTopics(site, {t}, &diags);
  titles.clear();
  for (const Page* p : topics[0].pages) titles.push_back(p->meta.title);
  EXPECT_THAT(titles, ElementsAre("a", "b", "c"));  // oldest first: a reading list
}

TEST(Topics, UnknownListedPageIsAnErrorAtItsLine) {
  Site site = MakeSite({});
  TopicConfig t;
  t.title = "专题";
  t.slug = "x";
  t.pages = {{"content/speeches/nope.md", 7, 9}};
  Diagnostics diags;
  ResolveTopics(site, {t}, &diags);
  EXPECT_THAT(diags.Format(), HasSubstr("site-config/topics.yaml:7:9: error: topic '专题' lists 'content/speeches/nope.md'"));
}

TEST(TopicsConfig, ParsesAndValidates) {
  SiteConfig site = TwoSectionConfig();
  KnowledgeConfig k;
  Diagnostics diags;
  std::string topics =
      "topics:\n"
      "  - title: 乡村振兴\n"
      "    color: \"#A81C1C\"\n"
      "    featured: true\n"
      "    tags: 乡村振兴\n"
      "    from: 2024-01-01\n"
      "    to: 2024-12-31\n"
      "  - title: 坏的\n"
      "    slug: bad\n"
      "    color: red\n"
      "    section: speech\n"
      "  - title: 重复\n"
      "    slug: xiang-cun-zhen-xing\n";
  EXPECT_FALSE(ParseKnowledgeConfig("", topics, site, &k, &diags));
  std::string out = diags.Format();
  EXPECT_THAT(out, HasSubstr("topics.yaml:10:12: error: color 'red' is not a hex colour"));
  EXPECT_THAT(out, HasSubstr("topics.yaml:11:14: error: there is no section 'speech'"));
  EXPECT_THAT(out, HasSubstr("did you mean 'speeches'?"));
  EXPECT_THAT(out, HasSubstr("topics.yaml:12:5: error: two topics want /topics/xiang-cun-zhen-xing/"));
  ASSERT_EQ(k.topics.size(), 1u);
  EXPECT_EQ(k.topics[0].slug, "xiang-cun-zhen-xing");
  EXPECT_TRUE(k.topics[0].featured);
  EXPECT_EQ(k.topics[0].to->hour, 23);
  EXPECT_TRUE(IsHexColor("#abc"));
  EXPECT_FALSE(IsHexColor("#abcd"));
}

TEST(TermsConfig, ParsesDeclaredTermsAndOptions) {
  KnowledgeConfig k;
  Diagnostics diags;
  std::string terms =
      "minDocuments: 3\nstop: [不合格]\nlinkFirstSkip: []\nterms:\n"
      "  - name: 三会一课\n    definition: 支部党员大会、支部委员会、党小组会和党课。\n    aliases: [三会一课制度]\n"
      "  - 两个维护\n  - {name: 三会一课}\n  - {definition: x}\n";
  EXPECT_FALSE(ParseKnowledgeConfig(terms, "", TwoSectionConfig(), &k, &diags));
  EXPECT_THAT(diags.Format(), HasSubstr("term '三会一课' is declared twice"));
  EXPECT_THAT(diags.Format(), HasSubstr("this term has no name"));
  EXPECT_EQ(k.terms.min_documents, 3);
  EXPECT_THAT(k.terms.stop, ElementsAre("不合格"));
  EXPECT_TRUE(k.terms.link_first_skip.empty());
  ASSERT_EQ(k.terms.terms.size(), 2u);
  EXPECT_THAT(k.terms.terms[0].aliases, ElementsAre("三会一课制度"));
  EXPECT_EQ(k.terms.terms[1].name, "两个维护");
}

// ---- Related reading --------------------------------------------------------

// Two pages on collective economy, two on Party education, one on both.
Site RelatedSite() {
  std::vector<std::shared_ptr<Page>> pages;
  pages.push_back(MakePage("a", "speeches", 2023, 1, 1, "村级集体经济发展壮大，合作社带动农户增收，产业振兴。"));
  pages.push_back(MakePage("b", "speeches", 2022, 1, 1, "发展壮大村级集体经济，合作社和产业振兴带动增收。"));
  pages.push_back(MakePage("c", "cases", 2024, 1, 1, "党员教育培训，读书班学习党章党规。"));
  pages.push_back(MakePage("d", "cases", 2021, 1, 1, "党章党规学习读书班，党员教育。"));
  pages.push_back(MakePage("e", "cases", 2020, 1, 1, "集体经济与党员教育。"));
  return MakeSite(std::move(pages));
}

TEST(Related, SimilarTextRanksFirstAndIsDeterministic) {
  Site site = RelatedSite();
  auto r1 = ComputeRelated(site, {}, {}, RelatedOptions{}, 1);
  auto r4 = ComputeRelated(site, {}, {}, RelatedOptions{}, 4);
  EXPECT_EQ(r1, r4);
  // site.pages are sorted by source: cases/c, cases/d, cases/e, speeches/a, speeches/b
  ASSERT_EQ(site.pages[3]->meta.title, "a");
  ASSERT_FALSE(r1[3].empty());
  EXPECT_EQ(r1[3][0]->meta.title, "b");
  EXPECT_EQ(r1[0][0]->meta.title, "d");
  for (const auto& list : r1) EXPECT_LE(list.size(), 5u);
}

TEST(Related, AMemoCountsOnlyChangedPagesAndRanksAsACleanRun) {
  Site site = RelatedSite();
  for (size_t i = 0; i < site.pages.size(); ++i) site.pages[i]->version = 10 + i;
  RelatedMemo memo;
  EXPECT_EQ(ComputeRelated(site, {}, {}, RelatedOptions{}, 2, &memo), ComputeRelated(site, {}, {}, RelatedOptions{}, 2));
  EXPECT_EQ(memo.salient.made, 5u);
  // e now reads like a and b: its new bigrams must be counted, not the old ones.
  Page& e = *site.pages[2];
  ASSERT_EQ(e.meta.title, "e");
  e.body = RenderMarkdown("合作社带动农户增收，发展壮大村级集体经济。", MarkdownOptions{});
  e.version = 99;
  auto memoized = ComputeRelated(site, {}, {}, RelatedOptions{}, 2, &memo);
  EXPECT_EQ(memo.salient.made, 1u);
  EXPECT_EQ(memoized, ComputeRelated(site, {}, {}, RelatedOptions{}, 2));
  ASSERT_FALSE(memoized[2].empty());
  EXPECT_NE(memoized[2][0]->section, "cases");
  RelatedOptions fewer;
  fewer.salient_bigrams = 4;
  EXPECT_EQ(ComputeRelated(site, {}, {}, fewer, 2, &memo), ComputeRelated(site, {}, {}, fewer, 2));
  EXPECT_EQ(memo.salient.made, 5u);
}

// A memo across a run of edits of every kind gives what a clean run gives,
// and a small edit scores only a few pages again.
TEST(Related, AMemoFollowsEditsExactlyAndRescoresFewPages) {
  uint64_t seed = 12345;
  auto next = [&](uint64_t bound) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>((seed >> 33) % bound);
  };
  // Words of four ideographs; each page writes with twelve of them, so
  // pages share some bigrams with a few others, as real ones do.
  Strings pool;
  for (int w = 0; w < 300; ++w) {
    std::string word;
    for (int c = 0; c < 4; ++c) AppendUtf8(static_cast<char32_t>(0x4E00 + next(3000)), &word);
    pool.push_back(word);
  }
  const Strings tag_names = {"乡村振兴", "党员教育", "基层治理", "廉洁", "民生"};
  struct Source {
    std::string name;
    Strings words;
    std::string body;
    int year;
    Strings tags;
  };
  auto write = [&](Source* s) {
    s->body.clear();
    for (int p = 0; p < 4; ++p) {
      for (int k = 0; k < 6; ++k) s->body += s->words[next(s->words.size())] + (k == 5 ? "。" : "，");
      s->body += "\n\n";
    }
  };
  auto source = [&](const std::string& name, int year, Strings tags) {
    Source s{name, {}, "", year, std::move(tags)};
    for (int k = 0; k < 12; ++k) s.words.push_back(pool[next(pool.size())]);
    write(&s);
    return s;
  };
  std::vector<Source> sources;
  for (int i = 0; i < 80; ++i) {
    sources.push_back(source("p" + std::to_string(100 + i), 2015 + static_cast<int>(next(8)),
                             {tag_names[next(tag_names.size())]}));
  }
  RelatedMemo memo;
  auto run = [&](const char* what) {
    SCOPED_TRACE(what);
    std::vector<std::shared_ptr<Page>> pages;
    for (const Source& s : sources) {
      auto p = MakePage(s.name, "speeches", s.year, 3, 1, s.body, s.tags);
      std::string tags;
      for (const std::string& t : s.tags) tags += t + ",";
      p->version = Hash64(s.name + "|" + s.body + "|" + std::to_string(s.year) + "|" + tags);
      pages.push_back(std::move(p));
    }
    Site site = MakeSite(std::move(pages));
    // Terms: three words of the pool, wherever they occur, newest first.
    std::vector<std::vector<uint32_t>> page_terms(site.pages.size()), term_pages(3);
    std::vector<uint32_t> newest(site.pages.size());
    for (uint32_t i = 0; i < newest.size(); ++i) newest[i] = i;
    std::sort(newest.begin(), newest.end(),
              [&](uint32_t a, uint32_t b) { return NewerFirst(site.pages[a].get(), site.pages[b].get()); });
    for (uint32_t t = 0; t < 3; ++t) {
      for (uint32_t i : newest) {
        if (site.pages[i]->Text().find(pool[t]) == std::string::npos) continue;
        term_pages[t].push_back(i);
        page_terms[i].push_back(t);
      }
    }
    auto memoized = ComputeRelated(site, page_terms, term_pages, RelatedOptions{}, 2, &memo);
    EXPECT_EQ(memoized, ComputeRelated(site, page_terms, term_pages, RelatedOptions{}, 2));
    return memo.rescored;
  };
  EXPECT_EQ(run("first"), sources.size());
  EXPECT_EQ(run("nothing changed"), 0u);
  size_t rescored = 0;
  for (int round = 0; round < 12; ++round) {
    Source& s = sources[next(sources.size())];
    s.body.insert(s.body.find("\n\n") + 2, s.words[next(s.words.size())] + "，");
    rescored += run("a word added to a paragraph");
  }
  // Pages holding one of the edited page's kept bigrams are scored again
  // (their similarity to it moved); the rest keep their lists.
  EXPECT_LT(rescored, 12 * sources.size() / 2) << "small edits score a part of the pages";
  {
    Source& s = sources[17];
    size_t cut = s.body.find("\n\n") + 2;
    s.body = s.body.substr(cut) + s.body.substr(0, cut);  // paragraphs moved: the same bigram counts
    EXPECT_EQ(run("paragraphs reordered"), 0u);
  }
  write(&sources[3]);
  run("a page rewritten");
  sources[7].tags = {"廉洁", "民生"};
  run("tags changed");
  sources[9].year = 2030;
  run("date changed (newer order)");
  sources.push_back(source("p900", 2019, {"基层治理"}));
  run("a page added");
  sources.erase(sources.begin() + 5);
  run("a page removed");
  sources[11].body = sources[12].body;
  run("two pages alike");
  sources[20].body = pool[0] + "。";
  run("a page with a term only");
}

TEST(Related, SharedTagsCountWhenTextDoesNot) {
  std::vector<std::shared_ptr<Page>> pages;
  pages.push_back(MakePage("a", "speeches", 2023, 1, 1, "甲乙丙丁", {"廉洁"}));
  pages.push_back(MakePage("b", "speeches", 2022, 1, 1, "戊己庚辛", {"廉洁"}));
  pages.push_back(MakePage("c", "speeches", 2021, 1, 1, "子丑寅卯", {}));
  Site site = MakeSite(std::move(pages));
  auto r = ComputeRelated(site, {}, {}, RelatedOptions{}, 2);
  ASSERT_EQ(r[0].size(), 1u);
  EXPECT_EQ(r[0][0]->meta.title, "b");
  EXPECT_TRUE(r[2].empty());
}

TEST(Related, BigramsSkipPunctuationAndFoldCase) {
  auto b = CharacterBigrams("党建，Ab");
  ASSERT_EQ(b.size(), 2u);  // 党建 and ab; not 建，
  auto b2 = CharacterBigrams("党建 aB");
  EXPECT_EQ(b, b2);
}

// ---- Taxonomies ---------------------------------------------------------------

TEST(Taxonomies, ValuesFromTypedFieldsAndUnknownKeys) {
  std::vector<std::shared_ptr<Page>> pages;
  pages.push_back(MakePage("a", "speeches", 2023, 1, 1, "x"));
  pages.push_back(MakePage("b", "speeches", 2024, 1, 1, "x"));
  pages.push_back(MakePage("c", "speeches", 2022, 1, 1, "x"));
  pages[0]->meta.speaker = "李明华";
  pages[1]->meta.speaker = "李明华";
  pages[2]->meta.speaker = "王芳";
  pages[0]->meta.extra["village"] = nlohmann::json::array({"河口村", "石桥村", "河口村"});
  pages[1]->meta.extra["village"] = "河口村";
  pages[2]->meta.extra["village"] = 5;
  Site site = MakeSite(std::move(pages));
  Taxonomy speakers = BuildTaxonomy(site, {"speakers", "speaker", "讲话人"});
  ASSERT_EQ(speakers.terms.size(), 2u);
  EXPECT_EQ(speakers.terms[0].name, "李明华");
  EXPECT_EQ(speakers.terms[0].url, "/speakers/li-ming-hua/");
  EXPECT_EQ(speakers.terms[0].pages[0]->meta.title, "b");
  Taxonomy villages = BuildTaxonomy(site, {"villages", "village", "村"});
  ASSERT_EQ(villages.terms.size(), 2u);
  EXPECT_EQ(villages.terms[0].name, "河口村");
  EXPECT_EQ(villages.terms[0].pages.size(), 2u);
}

}  // namespace
}  // namespace portal

// ---- The knowledge memo on disk (portal build) -------------------------------

namespace portal {
namespace {

// The term site plus the related-reading pages, every page with a version.
Site CacheSite() {
  Site terms = TermSite();
  Site related = RelatedSite();
  std::vector<std::shared_ptr<Page>> pages;
  for (const Site* s : {&terms, &related}) {
    for (const auto& p : s->pages) {
      auto copy = std::make_shared<Page>(*p);
      copy->source = "content/" + copy->section + "/" + copy->meta.title + std::to_string(pages.size()) + ".md";
      copy->version = 1000 + pages.size();
      pages.push_back(copy);
    }
  }
  return MakeSite(std::move(pages));
}

std::string DumpKnowledge(const Site& site, const Knowledge& k) {
  std::string out = Dump(k.terms);
  for (const auto& p : site.pages) {
    out += "\n" + p->meta.title + " " + std::to_string(p->version) + " " + p->Html() + " related:";
    for (const Page* r : p->related) out += " " + r->source;
  }
  return out;
}

TEST(KnowledgeCache, AMemoReadBackLeavesNoPageToReadAgain) {
  const std::filesystem::path none = "/nonexistent-portal-site";
  Diagnostics d;
  Site clean_site = CacheSite();
  Knowledge clean;
  ASSERT_TRUE(ComputeKnowledge(none, &clean_site, &clean, &d, 2)) << d.Format();
  const std::string want = DumpKnowledge(clean_site, clean);
  ASSERT_FALSE(clean.terms.terms.empty());

  Site first_site = CacheSite();
  KnowledgeMemo memo;
  Knowledge first;
  ASSERT_TRUE(ComputeKnowledge(none, &first_site, &first, &d, 2, &memo));
  EXPECT_EQ(DumpKnowledge(first_site, first), want);
  ByteWriter bytes;
  WriteKnowledgeMemo(memo, &bytes);

  // A new process: fresh pages (unlinked HTML) and the memo read back.
  KnowledgeMemo read;
  ByteReader in(bytes.bytes());
  ASSERT_TRUE(ReadKnowledgeMemo(&in, &read));
  Site second_site = CacheSite();
  Knowledge second;
  ASSERT_TRUE(ComputeKnowledge(none, &second_site, &second, &d, 2, &read));
  EXPECT_EQ(DumpKnowledge(second_site, second), want);
  EXPECT_EQ(read.terms.scanned, 0u);
  EXPECT_EQ(read.related.salient.made, 0u);
  EXPECT_EQ(read.related.rescored, 0u);

  // Cut anywhere, the bytes are refused and the memo left empty.
  for (size_t cut : {size_t{0}, size_t{5}, bytes.bytes().size() / 2, bytes.bytes().size() - 1}) {
    KnowledgeMemo damaged;
    ByteReader short_in(std::string_view(bytes.bytes()).substr(0, cut));
    EXPECT_FALSE(ReadKnowledgeMemo(&short_in, &damaged)) << cut;
    EXPECT_TRUE(damaged.terms.hits.entries.empty());
    EXPECT_TRUE(damaged.related.versions.empty());
  }
}

}  // namespace
}  // namespace portal
