// The knowledge portal's own site files: site-config/terms.yaml (policy
// terms) and site-config/topics.yaml (专题). Both are optional.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "config/site_config.h"
#include "content/date.h"

namespace portal {

struct DeclaredTerm {
  std::string name;
  std::string definition;            // Markdown, short
  std::vector<std::string> aliases;  // other spellings that count as the term
};

// site-config/terms.yaml
//   minDocuments: 2        # a quoted phrase becomes a term in this many documents
//   maxLength: 12          # characters; minLength: 2
//   stop: [不合格, 导师]    # quoted phrases that are never terms
//   linkFirst: true        # link a term's first occurrence on a page to its page
//   linkFirstSkip: [speeches]  # ...except in these sections (default: speeches)
//   concordanceLimit: 100  # documents listed on a term page (newest first)
//   linesPerDocument: 5    # concordance lines shown per document
//   terms:
//     - {name: 三会一课, definition: ..., aliases: [“三会一课”制度]}
struct TermsConfig {
  int min_documents = 2;
  int min_chars = 2;
  int max_chars = 12;
  std::vector<std::string> stop;
  bool link_first = true;
  std::vector<std::string> link_first_skip = {"speeches"};
  int concordance_limit = 100;
  int lines_per_document = 5;
  std::vector<DeclaredTerm> terms;
};

// A page named in a topic's list: a source path or a URL, with its position.
struct PageRef {
  std::string text;
  int line = 0, column = 0;
};

// site-config/topics.yaml: `topics:` a list of
//   title, slug, intro (Markdown), color ("#a81c1c"), featured,
//   tags (any of), section, from, to (dates), pages (ordered list).
// A page belongs to a topic when it is listed in `pages`, or when it matches
// every rule given among tags / section / from / to.
struct TopicConfig {
  std::string title;
  std::string slug;
  std::string intro;  // Markdown
  std::string color;  // "#rrggbb" or "#rgb"; "" for the theme's accent
  bool featured = false;
  std::vector<std::string> tags;
  std::string section;
  std::optional<DateTime> from, to;  // inclusive; `to` without a time means the whole day
  std::vector<PageRef> pages;
  int line = 0;  // of the item, for messages
};

struct KnowledgeConfig {
  TermsConfig terms;
  std::vector<TopicConfig> topics;
};

// Reads SITE/site-config/terms.yaml and topics.yaml when they exist. Errors
// (wrong types, bad colours, duplicate slugs, unknown sections) are reported
// at file:line:col; returns false when there was any.
bool LoadKnowledgeConfig(const std::filesystem::path& site_root, const SiteConfig& site,
                         KnowledgeConfig* out, Diagnostics* diags);

// Same from texts in memory ("" = the file does not exist), for tests.
bool ParseKnowledgeConfig(const std::string& terms_yaml, const std::string& topics_yaml,
                          const SiteConfig& site, KnowledgeConfig* out, Diagnostics* diags);

// True for "#rgb" and "#rrggbb" (hex digits, either case).
bool IsHexColor(const std::string& s);

}  // namespace portal
