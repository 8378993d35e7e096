#include "check/links.h"

#include <cctype>
#include <filesystem>
#include <map>

#include "base/escape.h"
#include "base/file.h"
#include "base/utf8.h"
#include "content/front_matter.h"
#include "render/views.h"

namespace portal {

namespace {

bool HasScheme(const std::string& href) {
  for (size_t i = 0; i < href.size(); ++i) {
    char c = href[i];
    if (c == ':') return i > 0;
    bool ok = std::isalpha(static_cast<unsigned char>(c)) ||
              (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  return false;
}

bool Decode(const std::string& in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      return false;
    }
    out->push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
    i += 2;
  }
  return true;
}

// The plan path a site path is served from, or "".
std::string PlanPath(const OutputPlan& plan, const std::string& path) {
  if (path.empty() || path.back() == '/') return plan.Contains(path + "index.html") ? path + "index.html" : "";
  if (plan.Contains(path)) return path;
  return plan.Contains(path + "/index.html") ? path + "/index.html" : "";
}

// 1-based code-point column of `needle` in `line`, or 0.
int ColumnOf(std::string_view line, const std::string& needle) {
  size_t at = needle.empty() ? std::string_view::npos : line.find(needle);
  return at == std::string_view::npos ? 0 : static_cast<int>(CountCodePoints(line.substr(0, at))) + 1;
}

struct PageIndex {
  std::map<std::string, const Page*> by_plan_path;  // "speeches/a/index.html"
  std::map<std::string, const Page*> by_source;     // "content/speeches/a.md"
};

class LinkChecker {
 public:
  LinkChecker(const Site& site, const OutputPlan& plan, Diagnostics* diags)
      : plan_(plan), diags_(diags), prefix_(SiteLink(site.config, "")) {  // "/portal" for https://x.org/portal/
    for (const auto& p : site.pages) {
      index_.by_plan_path[p->url.substr(1) + "index.html"] = p.get();
      index_.by_source[p->source] = p.get();
    }
  }

  void Check(const Page& page, std::string_view text) {
    for (const LinkRef& link : page.body.links) CheckOne(page, text, link.href, link.line, false);
    for (const ImageRef& image : page.body.images) CheckOne(page, text, image.src, image.line, true);
  }

 private:
  void CheckOne(const Page& page, std::string_view text, const std::string& href, int body_line, bool image) {
    int line = page.body_first_line + body_line - 1;
    int column = ColumnOf(LineAt(text, line), href);
    std::string path, fragment, error;
    const char* what = image ? "image" : "link";
    if (!ResolveSiteLink(page.url, href, prefix_, &path, &fragment, &error)) {
      if (!error.empty()) diags_->Add(MakeDiagnostic(Severity::kError, page.source, text, line, column,
                                                     std::string(what) + " " + href + ": " + error));
      return;
    }
    std::string target = PlanPath(plan_, path);
    if (target.empty()) {
      diags_->Add(MakeDiagnostic(Severity::kError, page.source, text, line, column,
                                 std::string(image ? "image " : "broken link: ") + href +
                                     (image ? " does not exist" : " is not a page or file of the site"),
                                 Hint(page, href, path, image)));
      return;
    }
    auto target_page = index_.by_plan_path.find(target);
    const Page* to = target_page == index_.by_plan_path.end() ? nullptr : target_page->second;
    if (to && to->meta.draft && !page.meta.draft) {
      diags_->Add(MakeDiagnostic(Severity::kWarning, page.source, text, line, column,
                                 "link to a draft page " + to->source + ": it will be broken once published",
                                 "publish that page (remove draft: true) or remove the link"));
    }
    if (!fragment.empty() && !image) CheckFragment(page, text, line, column, href, target, to, fragment);
  }

  void CheckFragment(const Page& page, std::string_view text, int line, int column, const std::string& href,
                     const std::string& target, const Page* to, const std::string& fragment) {
    const std::string* html = plan_.Find(target);
    if (html == nullptr) return;  // a copied file: nothing to look into
    std::vector<std::string> ids;
    if (to) {
      for (const Heading& h : to->body.headings) {
        if (h.id == fragment) return;
        ids.push_back(h.id);
      }
    }
    // Footnotes and theme ids are anchors too.
    if (html->find("id=\"" + EscapeHtml(fragment) + "\"") != std::string::npos) return;
    std::string hint;
    std::string guess = ClosestMatch(fragment, ids);
    if (!guess.empty()) {
      hint = "did you mean #" + guess + "?";
    } else if (!ids.empty()) {
      hint = "headings of that page: ";
      for (size_t i = 0; i < ids.size() && i < 8; ++i) hint += (i ? ", #" : "#") + ids[i];
    } else {
      hint = "the target page has no headings; link to the page without #" + fragment;
    }
    diags_->Add(MakeDiagnostic(Severity::kError, page.source, text, line, column,
                               "broken anchor: " + href + " — " + (to ? to->source : "/" + target) +
                                   " has no heading with id '" + fragment + "'",
                               hint));
  }

  // Points a link to a .md source at its page's URL.
  std::string Hint(const Page& page, const std::string& href, const std::string& path, bool image) {
    if (path.size() > 3 && path.compare(path.size() - 3, 3, ".md") == 0) {
      std::filesystem::path dir = std::filesystem::path(page.source).parent_path();
      std::string src = (dir / href.substr(0, href.find_first_of("?#"))).lexically_normal().generic_string();
      auto it = index_.by_source.find(src);
      if (it != index_.by_source.end()) return "link to the page's address " + it->second->url + " instead of its .md file";
      return "link to the page's address (/section/slug/), not to its .md file";
    }
    if (image) return "put the picture in static/ (then write /" + path + ") or beside the page in a page bundle";
    return "check the address; page addresses look like /speeches/slug/";
  }

  const OutputPlan& plan_;
  Diagnostics* diags_;
  std::string prefix_;
  PageIndex index_;
};

}  // namespace

bool ResolveSiteLink(const std::string& page_url, const std::string& href, const std::string& path_prefix,
                     std::string* path, std::string* fragment, std::string* error) {
  error->clear();
  if (href.empty() || HasScheme(href) || href.rfind("//", 0) == 0) return false;
  size_t hash = href.find('#');
  std::string raw = href.substr(0, std::min(hash, href.find('?')));
  std::string frag = hash == std::string::npos ? "" : href.substr(hash + 1);
  if (!Decode(raw, path) || !Decode(frag, fragment)) {
    *error = "malformed %-escape";
    return false;
  }
  if (path->empty()) {  // "#id": this page
    *path = page_url.substr(1);
    return true;
  }
  std::string full;
  if ((*path)[0] == '/') {
    full = *path;
    if (!path_prefix.empty() && full.rfind(path_prefix + "/", 0) == 0) full = full.substr(path_prefix.size());
  } else {
    full = page_url + *path;
  }
  std::vector<std::string> segments;
  size_t start = 1;
  while (start <= full.size()) {
    size_t end = full.find('/', start);
    if (end == std::string::npos) end = full.size();
    std::string seg = full.substr(start, end - start);
    if (seg == "..") {
      if (segments.empty()) {
        *error = "it climbs above the site root";
        return false;
      }
      segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  path->clear();
  for (const std::string& s : segments) *path += (path->empty() ? "" : "/") + s;
  std::string last = full.substr(full.rfind('/') + 1);
  bool folder = last.empty() || last == "." || last == "..";
  if (folder && !path->empty()) *path += "/";
  return true;
}

void CheckLinks(const Site& site, const OutputPlan& plan, Diagnostics* diags) {
  LinkChecker checker(site, plan, diags);
  for (const auto& page : site.pages) {
    std::string text, error;
    if (!ReadFile(page->source_abs, &text, &error)) continue;
    Diagnostics ignored;
    NormalizeSourceText(&text, page->source, &ignored);
    checker.Check(*page, text);
  }
}

}  // namespace portal
