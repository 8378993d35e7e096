#include "site/loader.h"

#include <algorithm>
#include <map>
#include <set>
#include <ctime>

#include <sys/stat.h>

#include "base/file.h"
#include "base/hash.h"
#include "base/parallel.h"
#include "base/utf8.h"
#include "site/page_path.h"
#include "text/chinese.h"

namespace portal {
namespace fs = std::filesystem;

namespace {

// One Markdown file found under content/, before it is read.
struct Found {
  fs::path abs;
  std::string display;
  std::string section;               // "" for files directly in content/
  std::vector<std::string> folders;  // folders between section and file
  std::string stem;                  // file stem, or bundle folder name
  bool is_bundle = false;            // index.md of a page bundle
  bool is_section_index = false;     // _index.md
  std::vector<Attachment> attachments;
};

bool IsImageName(const std::string& name) {
  std::string ext = fs::path(name).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".gif" || ext == ".webp" || ext == ".svg";
}

// Files of a bundle folder other than index.md, recursively, sorted.
std::vector<Attachment> CollectAttachments(const fs::path& dir) {
  std::vector<Attachment> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_symlink() || !it->is_regular_file()) continue;
    if (it->path().parent_path() == dir && it->path().filename() == "index.md") continue;
    Attachment a;
    a.name = it->path().lexically_relative(dir).generic_string();
    a.source = it->path();
    a.size = it->file_size();
    a.is_image = IsImageName(a.name);
    out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(), [](const Attachment& x, const Attachment& y) { return x.name < y.name; });
  return out;
}

// Walks content/ in sorted order. Symlinked folders are not followed (they
// could loop or leave the site); that is reported as a warning.
void Walk(const fs::path& dir, const fs::path& content_root, const fs::path& site_root,
          std::vector<std::string> rel, std::vector<Found>* out, Diagnostics* diags) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    entries.push_back(*it);
  }
  if (ec) {
    diags->Error(DisplayPath(dir, site_root), 0, 0, "cannot list folder: " + ec.message());
    return;
  }
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
  for (const fs::directory_entry& e : entries) {
    std::string name = e.path().filename().string();
    std::string display = DisplayPath(e.path(), site_root);
    if (name.empty() || name[0] == '.') continue;  // hidden files, editor swap files
    std::error_code sec;
    if (e.is_symlink(sec) && e.is_directory(sec)) {
      diags->Warning(display, 0, 0, "symbolic link to a folder is not followed",
                     "copy the folder into content/ instead of linking it");
      continue;
    }
    if (e.is_directory(sec)) {
      fs::path index = e.path() / "index.md";
      if (!rel.empty() && fs::is_regular_file(index, sec)) {
        Found f;
        f.abs = index;
        f.display = DisplayPath(index, site_root);
        f.section = rel[0];
        f.folders.assign(rel.begin() + 1, rel.end());
        f.stem = name;
        f.is_bundle = true;
        f.attachments = CollectAttachments(e.path());
        out->push_back(std::move(f));
        continue;
      }
      std::vector<std::string> sub = rel;
      sub.push_back(name);
      Walk(e.path(), content_root, site_root, sub, out, diags);
      continue;
    }
    if (!e.is_regular_file(sec)) continue;
    if (e.path().extension() != ".md") continue;
    Found f;
    f.abs = e.path();
    f.display = display;
    f.section = rel.empty() ? "" : rel[0];
    if (!rel.empty()) f.folders.assign(rel.begin() + 1, rel.end());
    f.stem = e.path().stem().string();
    f.is_section_index = name == "_index.md";
    out->push_back(std::move(f));
  }
}

struct Loaded {
  std::shared_ptr<Page> page;
  std::optional<SectionIndex> index;
  uint64_t version = 0;  // of the text (0: unreadable or not UTF-8)
  bool same = false;     // the text has `known_version`: nothing was parsed
};

// Reads, validates and renders one file, drafts and future pages included
// (the caller filters, so a cached load serves every option). Errors go to
// diags; the result is empty when the file cannot become a page.
// `known_version`: the version of the text this file held last time (0:
// none); a text with that version is not parsed again (out.same).
Loaded LoadOne(const Found& f, const SiteConfig& config, int offset_minutes, uint64_t known_version,
               Diagnostics* diags) {
  Loaded out;
  std::string text, error;
  if (!ReadFile(f.abs, &text, &error)) {
    diags->Error(f.display, 0, 0, error);
    return out;
  }
  if (!NormalizeSourceText(&text, f.display, diags)) return out;
  uint64_t version = HashCombine(Hash64(text), Hash64(f.display));
  out.version = version;
  if (known_version != 0 && version == known_version) {
    out.same = true;
    return out;
  }
  SplitSource split;
  if (!SplitFrontMatter(text, f.display, &split, diags)) return out;
  if (!split.has_front_matter && !f.is_section_index) {
    diags->Error(f.display, 1, 0, text.empty() ? "file is empty: a page needs front matter"
                                               : "page has no front matter",
                 "start the file with a line '---', then 'title: 标题' and 'date: 2024-03-05', then '---'");
    return out;
  }
  FrontMatter meta;
  if (!ParseFrontMatter(split, text, f.display, offset_minutes, f.is_section_index, &meta, diags)) {
    return out;
  }
  MarkdownOptions md;
  md.unsafe_html = config.unsafe_html;
  md.summary_length = config.summary_length;
  md.valid_utf8 = true;  // NormalizeSourceText refused anything else
  if (f.is_section_index) {
    SectionIndex si;
    si.section = f.section;
    si.source = f.display;
    si.title = meta.title;
    auto desc = meta.extra.find("description");
    if (desc != meta.extra.end() && desc->is_string()) si.description = desc->get<std::string>();
    si.intro_html = RenderMarkdown(split.body, md).html;
    out.index = std::move(si);
    return out;
  }
  auto page = std::make_shared<Page>();
  page->version = version;
  page->source = f.display;
  page->source_abs = f.abs;
  page->section = f.section;
  page->body_first_line = split.body_first_line;
  std::string path_error;
  if (!PagePath(f.section, f.folders, f.stem, meta.slug, &page->slug, &page->url, &path_error)) {
    diags->Error(f.display, FindKeyLine(text, "slug"), 0, path_error,
                 "a slug is one URL segment such as 'dangjian-2024': no '/', no '..'");
    return out;
  }
  page->body = RenderMarkdown(split.body, md);
  if (!meta.summary.empty()) {
    page->body.summary_text = meta.summary;
    page->body.summary_from_more = false;
  }
  for (const ImageRef& img : page->body.images) {
    if (img.alt.empty()) {
      diags->Warning(f.display, split.body_first_line + img.line - 1, 0,
                     "image '" + img.src + "' has no alt text",
                     "describe the picture between the brackets: ![党员志愿服务队在村口清扫](" + img.src + ")");
    }
  }
  page->meta = std::move(meta);
  out.page = std::move(page);
  return out;
}

}  // namespace

LoadedContent LoadContent(const fs::path& site_root, const SiteConfig& config,
                          const LoadOptions& options, Diagnostics* diags, ContentCache* cache) {
  LoadedContent result;
  fs::path content = site_root / "content";
  std::error_code ec;
  if (!fs::is_directory(content, ec)) {
    diags->Error("content", 0, 0, "the site has no content/ folder",
                 "create content/<section>/ folders for the sections in site-config/site.yaml");
    return result;
  }
  std::vector<Found> found;
  Walk(content, content, site_root, {}, &found, diags);

  std::vector<std::string> known;
  for (const SectionConfig& s : config.sections) known.push_back(s.name);
  std::string known_list;
  for (const std::string& k : known) known_list += (known_list.empty() ? "" : ", ") + k;
  std::vector<Found> usable;
  for (Found& f : found) {
    if (f.section.empty()) {
      if (f.is_section_index) {  // content/_index.md: the home page's intro
        usable.push_back(std::move(f));
        continue;
      }
      diags->Error(f.display, 0, 0, "page is not inside a section folder",
                   "move it into one of content/{" + known_list + "}/");
      continue;
    }
    if (!config.FindSection(f.section)) {
      std::string near = ClosestMatch(f.section, known);
      diags->Error(f.display, 0, 0, "folder content/" + f.section + "/ is not a section of the site",
                   near.empty() ? "add it under 'sections:' in site-config/site.yaml, or move the file into content/{" +
                                      known_list + "}/"
                                : "did you mean content/" + near + "/? Known sections: " + known_list);
      continue;
    }
    usable.push_back(std::move(f));
  }

  int offset = TimeZoneOffsetMinutes(config.time_zone, 1704067200);  // 2024-01-01: fixed, so output never depends on the clock
  uint64_t settings = Hash64(config.time_zone + "|" + std::to_string(config.unsafe_html) + "|" +
                             std::to_string(config.summary_length));
  for (const SectionConfig& s : config.sections) settings = HashCombine(settings, Hash64(s.name));
  ContentCache scratch;
  if (!cache) cache = &scratch;
  if (cache->settings != settings) {
    cache->entries.clear();
    cache->settings = settings;
  }
  // Stat every file; only those whose size, mtime or inode changed are read.
  std::vector<ContentCache::Entry> entries(usable.size());
  std::vector<const ContentCache::Entry*> prior(usable.size(), nullptr);  // last time's entry of a changed file
  std::vector<char> hit(usable.size(), 0), racy(usable.size(), 0);
  timespec clock {};
  ::clock_gettime(CLOCK_REALTIME, &clock);
  const int64_t racy_after = static_cast<int64_t>(clock.tv_sec - 1) * 1000000000 + clock.tv_nsec;
  for (size_t i = 0; i < usable.size(); ++i) {
    struct stat st {};
    if (::stat(usable[i].abs.c_str(), &st) != 0) continue;
    ContentCache::Entry& e = entries[i];
    e.size = static_cast<uint64_t>(st.st_size);
    e.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    e.ctime_ns = static_cast<int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    e.inode = st.st_ino;
    e.racy = std::max(e.mtime_ns, e.ctime_ns) >= racy_after;
    auto it = cache->entries.find(usable[i].abs.string());
    if (it == cache->entries.end()) continue;
    const ContentCache::Entry& old = it->second;
    bool same_key = old.size == e.size && old.mtime_ns == e.mtime_ns && old.ctime_ns == e.ctime_ns && old.inode == e.inode;
    if (same_key && !old.racy) {
      e = old;
      hit[i] = 1;
    } else if (old.version != 0) {
      prior[i] = &old;
      racy[i] = same_key;
    }
  }
  std::vector<char> same(usable.size(), 0);
  ParallelFor(usable.size(), options.jobs, [&](size_t i) {
    if (hit[i]) return;
    Diagnostics local;
    Loaded l = LoadOne(usable[i], config, offset, prior[i] ? prior[i]->version : 0, &local);
    if (l.same) {  // touched or copied, same bytes: keep what it was, under its new stat key
      ContentCache::Entry e = *prior[i];
      e.size = entries[i].size;
      e.mtime_ns = entries[i].mtime_ns;
      e.ctime_ns = entries[i].ctime_ns;
      e.inode = entries[i].inode;
      e.racy = entries[i].racy;
      entries[i] = std::move(e);
      (racy[i] ? hit : same)[i] = 1;  // a racy entry that held is just a hit
      return;
    }
    if (l.page && options.store) l.page->Park(options.store);
    entries[i].page = std::move(l.page);
    entries[i].version = l.version;
    entries[i].index = std::move(l.index);
    entries[i].diagnostics = local.Sorted();
  });
  cache->hits = cache->misses = cache->same = 0;
  std::unordered_map<std::string, ContentCache::Entry> next;
  for (size_t i = 0; i < usable.size(); ++i) {
    ContentCache::Entry& e = entries[i];
    (hit[i] ? cache->hits : cache->misses) += 1;
    cache->same += same[i];
    for (const Diagnostic& d : e.diagnostics) diags->Add(d);
    if (e.index) result.section_indexes.push_back(*e.index);
    if (e.page) {
      // Bundle attachments may change without index.md changing.
      e.page->attachments = usable[i].attachments;
      uint64_t v = e.version;
      for (const Attachment& a : e.page->attachments) v = HashCombine(HashCombine(v, Hash64(a.name)), a.size);
      e.page->version = v;
      if (e.page->meta.draft && !options.build_drafts) {
        ++result.skipped_drafts;
      } else if (!options.build_future && e.page->meta.date.EpochSeconds() > options.now_epoch_seconds) {
        ++result.skipped_future;
        result.next_future_epoch = std::min(result.next_future_epoch, e.page->meta.date.EpochSeconds());
      } else {
        result.pages.push_back(e.page);
      }
    }
    next.emplace(usable[i].abs.string(), std::move(e));
  }
  cache->entries = std::move(next);  // files that disappeared are forgotten
  return result;
}

}  // namespace portal
