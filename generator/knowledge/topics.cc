#include "knowledge/topics.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace portal {
namespace {

// "content/speeches/a.md", "speeches/a.md", "/speeches/a/" or "speeches/a".
const Page* FindPage(const Site& site, const std::string& ref) {
  std::string r = ref;
  while (!r.empty() && r.back() == ' ') r.pop_back();
  for (const auto& p : site.pages) {
    if (p->source == r || p->source == "content/" + r) return p.get();
  }
  std::string url = r;
  if (url.empty() || url[0] != '/') url = "/" + url;
  if (url.back() != '/') url += "/";
  for (const auto& p : site.pages) {
    if (p->url == url) return p.get();
  }
  return nullptr;
}

bool OlderFirst(const Page* a, const Page* b) { return NewerFirst(b, a); }

}  // namespace

bool MatchesTopicRules(const TopicConfig& t, const Page& page) {
  if (t.tags.empty() && t.section.empty() && !t.from && !t.to) return false;
  if (!t.tags.empty()) {
    bool any = std::any_of(t.tags.begin(), t.tags.end(), [&](const std::string& tag) {
      return std::find(page.meta.tags.begin(), page.meta.tags.end(), tag) != page.meta.tags.end();
    });
    if (!any) return false;
  }
  if (!t.section.empty() && page.section != t.section) return false;
  int64_t d = page.meta.date.EpochSeconds();
  if (t.from && d < t.from->EpochSeconds()) return false;
  if (t.to && d > t.to->EpochSeconds()) return false;
  return true;
}

std::vector<Topic> ResolveTopics(const Site& site, const std::vector<TopicConfig>& topics, Diagnostics* diags) {
  std::vector<Topic> out;
  for (const TopicConfig& c : topics) {
    Topic t;
    t.config = c;
    t.url = "/topics/" + c.slug + "/";
    std::set<const Page*> seen;
    for (const PageRef& ref : c.pages) {
      const Page* p = FindPage(site, ref.text);
      if (!p) {
        diags->Error("site-config/topics.yaml", ref.line, ref.column,
                     "topic '" + c.title + "' lists '" + ref.text + "', which is not a page of the site",
                     "write a source path like content/speeches/a.md or a page URL like /speeches/a/ "
                     "(drafts and future pages are not built)");
        continue;
      }
      if (seen.insert(p).second) t.pages.push_back(p);
    }
    std::vector<const Page*> matched;
    for (const Page* p : site.all_pages) {
      if (!seen.count(p) && MatchesTopicRules(c, *p)) matched.push_back(p);
    }
    std::sort(matched.begin(), matched.end(), OlderFirst);
    t.pages.insert(t.pages.end(), matched.begin(), matched.end());
    t.newest_first = t.pages;
    std::sort(t.newest_first.begin(), t.newest_first.end(), NewerFirst);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace portal
