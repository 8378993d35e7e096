#include "knowledge/term_links.h"

#include <cctype>
#include <set>

#include "base/escape.h"

namespace portal {
namespace {

// Elements whose text is never linked.
bool IsProtected(const std::string& tag) {
  static const std::set<std::string> kTags = {"a", "code", "pre", "mark", "script", "style", "h1", "h2",
                                              "h3", "h4", "h5", "h6", "button", "kbd", "samp"};
  return kTags.count(tag) > 0;
}

// Lowercase tag name of the tag starting at html[lt] ("<p id=…>" -> "p"), and
// whether it closes ("</p>").
std::string TagName(const std::string& html, size_t lt, bool* closing) {
  size_t i = lt + 1;
  *closing = i < html.size() && html[i] == '/';
  if (*closing) ++i;
  std::string name;
  while (i < html.size() && std::isalnum(static_cast<unsigned char>(html[i]))) {
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(html[i]))));
    ++i;
  }
  return name;
}

}  // namespace

std::string StripTermLinks(const std::string& html) {
  static const std::string kOpen = "<a class=\"term-link\" href=\"";
  if (html.find(kOpen) == std::string::npos) return html;
  std::string out;
  size_t start = 0;
  for (size_t hit; (hit = html.find(kOpen, start)) != std::string::npos;) {
    size_t gt = html.find('>', hit);
    size_t close = gt == std::string::npos ? gt : html.find("</a>", gt);
    if (close == std::string::npos) break;
    out.append(html, start, hit - start);
    out.append(html, gt + 1, close - gt - 1);
    start = close + 4;
  }
  out.append(html, start, std::string::npos);
  return out;
}

std::string LinkFirstOccurrences(const std::string& original, const PhraseMatcher& matcher,
                                 const std::vector<std::string>& hrefs) {
  const std::string html = StripTermLinks(original);
  std::string out;
  out.reserve(html.size() + 256);
  std::set<uint32_t> linked;
  int protected_depth = 0;
  size_t pos = 0;
  while (pos < html.size()) {
    if (html[pos] == '<') {
      size_t gt = html.find('>', pos);
      if (gt == std::string::npos) gt = html.size() - 1;
      bool closing = false;
      std::string name = TagName(html, pos, &closing);
      bool self_closing = gt > 0 && html[gt - 1] == '/';
      if (IsProtected(name) && !self_closing) protected_depth += closing ? -1 : 1;
      if (protected_depth < 0) protected_depth = 0;
      out.append(html, pos, gt + 1 - pos);
      pos = gt + 1;
      continue;
    }
    size_t lt = html.find('<', pos);
    if (lt == std::string::npos) lt = html.size();
    std::string_view text(html.data() + pos, lt - pos);
    if (protected_depth > 0 || linked.size() == hrefs.size()) {
      out.append(text);
    } else {
      size_t done = 0;
      for (const PhraseMatcher::Match& m : matcher.FindAll(text)) {
        if (m.id >= hrefs.size() || !linked.insert(m.id).second) continue;
        out.append(text.substr(done, m.begin - done));
        out += "<a class=\"term-link\" href=\"" + hrefs[m.id] + "\">";
        out.append(text.substr(m.begin, m.end - m.begin));
        out += "</a>";
        done = m.end;
      }
      out.append(text.substr(done));
    }
    pos = lt;
  }
  return out;
}

}  // namespace portal
