// `portal new SECTION "标题"`: a new draft page from an archetype.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "base/diagnostic.h"
#include "base/file.h"
#include "cli/commands.h"
#include "config/site_config.h"
#include "content/date.h"
#include "render/theme.h"
#include "site/page_path.h"

namespace portal {
namespace fs = std::filesystem;

namespace {

struct NewFlags {
  std::string section, title, slug, source = ".";
};

// Used when neither the site nor the theme has an archetype.
const char* const kBuiltinArchetype = R"(---
title: {{title}}
date: {{date}}
draft: true
tags: []
---

)";

// The body of a YAML double-quoted scalar: '"', '\' and control characters
// escaped, so any title stays one valid string.
std::string EscapeYamlDoubleQuoted(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

// The body of a YAML single-quoted scalar: quotes doubled.
std::string EscapeYamlSingleQuoted(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out;
}

// Replaces every `{{key}}` (or `{{ key }}`). A placeholder already inside
// quotes in the archetype ("{{title}}" or '{{title}}') gets the text escaped
// for those quotes; a bare one gets it double-quoted.
void Fill(std::string* text, const std::string& key, const std::string& value, bool yaml_string) {
  for (const std::string& mark : {"{{" + key + "}}", "{{ " + key + " }}"}) {
    for (size_t at = text->find(mark); at != std::string::npos; at = text->find(mark, at)) {
      std::string with = value;
      if (yaml_string) {
        char quote = at > 0 && at + mark.size() < text->size() && (*text)[at - 1] == (*text)[at + mark.size()]
                         ? (*text)[at - 1]
                         : 0;
        with = quote == '"'    ? EscapeYamlDoubleQuoted(value)
               : quote == '\'' ? EscapeYamlSingleQuoted(value)
                               : "\"" + EscapeYamlDoubleQuoted(value) + "\"";
      }
      text->replace(at, mark.size(), with);
      at += with.size();
    }
  }
}

// A new page must be a draft whatever the archetype says: add the key when
// the front matter lacks it, set it to true when it says otherwise.
void EnsureDraft(std::string* text) {
  if (text->rfind("---\n", 0) != 0) return;
  if (int line = FindKeyLine(*text, "draft"); line > 0) {
    size_t start = 0;
    for (int n = 1; n < line; ++n) start = text->find('\n', start) + 1;
    size_t end = std::min(text->find('\n', start), text->size());
    size_t value = start + 6;  // after "draft:"
    size_t comment = text->find(" #", value);
    size_t value_end = comment < end ? comment : end;
    std::string_view v(text->data() + value, value_end - value);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
    if (v != "true") text->replace(static_cast<size_t>(v.data() - text->data()), v.size(), v.empty() ? " true" : "true");
    return;
  }
  size_t close = text->find("\n---", 3);
  if (close != std::string::npos) text->insert(close + 1, "draft: true\n");
}

// Today in the site's time zone, as 2024-05-01.
std::string Today(const std::string& zone) {
  std::time_t now = std::time(nullptr);
  std::time_t local = now + static_cast<std::time_t>(TimeZoneOffsetMinutes(zone, now)) * 60;
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The first archetype found: the site's for the section, the theme's for the
// section, the site's default, the theme's default; else the built-in one.
std::string FindArchetype(const fs::path& site, const fs::path& theme, const std::string& section,
                          std::string* from) {
  std::vector<fs::path> candidates = {site / "archetypes" / (section + ".md")};
  if (!theme.empty()) candidates.push_back(theme / "archetypes" / (section + ".md"));
  candidates.push_back(site / "archetypes" / "default.md");
  if (!theme.empty()) candidates.push_back(theme / "archetypes" / "default.md");
  for (const fs::path& p : candidates) {
    std::string text, error;
    if (fs::is_regular_file(p) && ReadFile(p, &text, &error)) {
      *from = DisplayPath(p, site);
      return text;
    }
  }
  *from = "built-in archetype";
  return kBuiltinArchetype;
}

int RunNewCommand(const NewFlags& flags) {
  const fs::path site = flags.source;
  Diagnostics diags;
  SiteConfig config;
  if (!LoadSiteConfig(site / "site-config" / "site.yaml", "site-config/site.yaml", &config, &diags)) {
    std::cerr << diags.Format();
    return 1;
  }
  if (config.FindSection(flags.section) == nullptr) {
    std::vector<std::string> names;
    std::string known;
    for (const SectionConfig& s : config.sections) {
      names.push_back(s.name);
      known += (known.empty() ? "" : ", ") + s.name;
    }
    std::string guess = ClosestMatch(flags.section, names);
    std::cerr << "error: '" << flags.section << "' is not a section of the site; known sections: "
              << (known.empty() ? "(none)" : known) << "\n";
    if (!guess.empty()) std::cerr << "  hint: did you mean '" << guess << "'?\n";
    std::cerr << "  hint: sections are listed under 'sections:' in site-config/site.yaml\n";
    return 1;
  }
  std::string slug = flags.slug.empty() ? SegmentSlug(flags.title, "") : flags.slug;
  std::string url, error;
  if (slug.empty() || !PagePath(flags.section, {}, slug, flags.slug, &slug, &url, &error)) {
    std::cerr << "error: cannot make a file name from the title '" << flags.title << "'"
              << (error.empty() ? "" : ": " + error) << "\n  hint: give one with --slug, e.g. --slug zuo-tan-hui\n";
    return 1;
  }
  fs::path rel = fs::path("content") / flags.section / (slug + ".md");
  fs::path bundle = site / "content" / flags.section / slug / "index.md";
  if (fs::exists(site / rel) || fs::exists(bundle)) {
    std::string taken = fs::exists(site / rel) ? rel.generic_string() : DisplayPath(bundle, site);
    std::cerr << "error: " << taken << " already exists; portal new never overwrites a page\n"
              << "  hint: edit that file, or choose another file name with --slug\n";
    return 1;
  }

  std::string from;
  std::string text = FindArchetype(site, FindTheme(site, config.theme), flags.section, &from);
  Fill(&text, "title", flags.title, /*yaml_string=*/true);
  Fill(&text, "date", Today(config.time_zone), false);
  Fill(&text, "section", flags.section, false);
  EnsureDraft(&text);

  std::error_code ec;
  fs::create_directories((site / rel).parent_path(), ec);
  // "x": fail rather than overwrite a file created since the check above.
  std::FILE* f = std::fopen((site / rel).c_str(), "wx");
  if (f == nullptr || std::fwrite(text.data(), 1, text.size(), f) != text.size()) {
    if (f) std::fclose(f);
    std::cerr << "error: cannot write " << rel.generic_string() << "\n";
    return 1;
  }
  std::fclose(f);
  std::cout << rel.generic_string() << "\n";
  return 0;
}

}  // namespace

CommandRun AddNewCommand(CLI::App* app) {
  auto flags = std::make_shared<NewFlags>();
  CLI::App* c = app->add_subcommand("new", "Create a draft page content/SECTION/<slug>.md from an archetype");
  c->add_option("section", flags->section, "Section folder, e.g. speeches")->required();
  c->add_option("title", flags->title, "Title of the page, e.g. \"在全镇党建工作会议上的讲话\"")->required();
  c->add_option("-s,--source", flags->source, "Site folder holding site-config/ and content/ (default: .)");
  c->add_option("--slug", flags->slug, "File name without .md (default: pinyin of the title)");
  return [c, flags]() -> int { return c->parsed() ? RunNewCommand(*flags) : -1; };
}

}  // namespace portal
