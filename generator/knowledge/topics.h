// Topics (专题): declared reading lists through the portal's documents.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "knowledge/knowledge_config.h"
#include "site/site.h"

namespace portal {

struct Topic {
  TopicConfig config;
  std::string url;         // "/topics/<slug>/"
  std::string intro_html;  // config.intro rendered
  std::vector<const Page*> pages;        // reading order: listed pages, then matches oldest first
  std::vector<const Page*> newest_first; // the same pages for the feed
};

// Whether `page` matches a topic's rules (tags: any of; section; from/to
// inclusive). A topic without rules matches nothing (only listed pages).
bool MatchesTopicRules(const TopicConfig& topic, const Page& page);

// Resolves every topic's pages. Listed pages come first, in their order, then
// pages matching the rules, oldest first (a reading list). A listed page
// that does not exist is an error at its line in topics.yaml.
std::vector<Topic> ResolveTopics(const Site& site, const std::vector<TopicConfig>& topics, Diagnostics* diags);

}  // namespace portal
