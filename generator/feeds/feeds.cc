#include "feeds/feeds.h"

#include <tinyxml2.h>

#include <algorithm>
#include <atomic>

#include "base/hash.h"
#include "base/parallel.h"

#include "feeds/last_changed.h"
#include "feeds/xml_text.h"

namespace portal {
namespace {

// One RSS channel: the whole site, one section or one tag.
struct Channel {
  std::string path;         // "speeches/index.xml"
  std::string title;
  std::string page_url;     // site-relative URL of the HTML list ("/speeches/")
  std::string description;
  std::string owner;        // for OutputPlan messages
  const std::vector<const Page*>* pages;  // newest first
};

void PushItem(const SiteConfig& config, const Page& page, tinyxml2::XMLPrinter* out) {
  out->OpenElement("item");
  PushTextElement(out, "title", page.meta.title);
  std::string link = AbsoluteUrl(config, page.url);
  PushTextElement(out, "link", link);
  out->OpenElement("guid");
  out->PushAttribute("isPermaLink", "true");
  out->PushText(XmlSafeText(link).c_str());
  out->CloseElement();
  PushTextElement(out, "pubDate", page.meta.date.Rfc822());
  // Front matter `summary` is the editor's own; otherwise the automatic one.
  PushTextElement(out, "description",
                  page.meta.summary.empty() ? page.body.summary_text : page.meta.summary);
  for (const std::string& tag : page.meta.tags) PushTextElement(out, "category", tag);
  if (config.feed_full_text) {
    // Escaped text rather than CDATA: equally valid for readers, and body
    // HTML containing "]]>" cannot end it early.
    PushTextElement(out, "content:encoded", page.Html());
  }
  out->CloseElement();
}

// The channel's items: its newest feed_length pages (all when feed_length
// <= 0, as Hugo's rssLimit -1).
std::vector<const Page*> Items(const SiteConfig& config, const Channel& channel) {
  std::vector<const Page*> items = *channel.pages;
  if (config.feed_length > 0 && items.size() > static_cast<size_t>(config.feed_length)) {
    items.resize(static_cast<size_t>(config.feed_length));
  }
  return items;
}

// What a channel's bytes depend on. A page's version covers its source (so
// title, date, summary, tags) and the term links in its HTML; its URL also
// depends on the site's settings, so it goes in as well.
uint64_t ChannelKey(const SiteConfig& config, const Channel& channel) {
  uint64_t key = Hash64(channel.path + '\n' + channel.title + '\n' + channel.page_url + '\n' + channel.description +
                        '\n' + config.base_url + '\n' + config.language);
  key = HashCombine(key, HashCombine(static_cast<uint64_t>(config.feed_length), config.feed_full_text));
  for (const Page* page : Items(config, channel)) key = HashCombine(HashCombine(key, page->version), Hash64(page->url));
  return key;
}

std::string RenderChannel(const SiteConfig& config, const Channel& channel) {
  std::vector<const Page*> items = Items(config, channel);
  tinyxml2::XMLPrinter out;
  PushXmlDeclaration(&out);
  out.OpenElement("rss");
  out.PushAttribute("version", "2.0");
  out.PushAttribute("xmlns:atom", "http://www.w3.org/2005/Atom");
  out.PushAttribute("xmlns:content", "http://purl.org/rss/1.0/modules/content/");
  out.OpenElement("channel");
  PushTextElement(&out, "title", channel.title);
  PushTextElement(&out, "link", AbsoluteUrl(config, channel.page_url));
  // RSS requires a description; an empty one reads badly in feed readers.
  PushTextElement(&out, "description", channel.description.empty() ? channel.title : channel.description);
  PushTextElement(&out, "language", config.language);
  // From the content, never the clock, so a rebuild gives the same bytes.
  if (const DateTime* newest = NewestChange(items)) PushTextElement(&out, "lastBuildDate", newest->Rfc822());
  out.OpenElement("atom:link");
  out.PushAttribute("href", XmlSafeText(AbsoluteUrl(config, "/" + channel.path)).c_str());
  out.PushAttribute("rel", "self");
  out.PushAttribute("type", "application/rss+xml");
  out.CloseElement();
  PushTextElement(&out, "generator", "portal");
  for (const Page* page : items) PushItem(config, *page, &out);
  out.CloseElement();  // channel
  out.CloseElement();  // rss
  return std::string(out.CStr(), static_cast<size_t>(out.CStrSize() - 1));
}

std::string ListUrl(const std::string& url, const std::string& fallback) {
  return url.empty() ? fallback : url;
}

}  // namespace

int AddFeeds(const Site& site, OutputPlan* plan, Diagnostics* diags, int jobs, FileMemo* memo) {
  const SiteConfig& config = site.config;
  std::vector<Channel> channels;
  channels.push_back({"index.xml", config.title, "/", config.subtitle, "the site's RSS feed", &site.all_pages});
  for (const Section& section : site.sections) {
    const std::string& name = section.config.name;
    channels.push_back({name + "/index.xml", config.title + " - " + section.config.label,
                        ListUrl(section.url, "/" + name + "/"), section.config.description,
                        "the RSS feed of section " + name, &section.pages});
  }
  for (const Term& term : site.tags.terms) {
    channels.push_back({"tags/" + term.slug + "/index.xml", config.title + " - 标签：" + term.name,
                        ListUrl(term.url, "/tags/" + term.slug + "/"), config.subtitle,
                        "the RSS feed of tag " + term.name, &term.pages});
  }
  // Paths are claimed in order, so a clash reads the same whatever `jobs`.
  std::vector<char> claimed(channels.size());
  for (size_t i = 0; i < channels.size(); ++i) claimed[i] = plan->Claim(channels[i].path, channels[i].owner, diags);
  std::vector<MemoFile> made(channels.size());
  std::atomic<int> rendered{0};
  ParallelFor(channels.size(), jobs, [&](size_t i) {
    if (!claimed[i]) return;
    MemoFile& file = made[i];
    uint64_t key = memo ? ChannelKey(config, channels[i]) : 0;
    if (const MemoFile* old = FindMemoFile(memo, channels[i].path, key)) {
      file = *old;
    } else {
      file = MakeMemoFile(key, RenderChannel(config, channels[i]));
      ++rendered;
    }
    plan->Put(channels[i].path, file.bytes, file.hash, diags);
  });
  if (memo) {
    memo->clear();
    for (size_t i = 0; i < channels.size(); ++i) {
      if (made[i].bytes) (*memo)[channels[i].path] = std::move(made[i]);
    }
  }
  return rendered.load();
}

void AddListFeed(const SiteConfig& config, const std::string& path, const std::string& title,
                 const std::string& page_url, const std::string& description,
                 const std::vector<const Page*>& pages, const std::string& owner, OutputPlan* plan,
                 Diagnostics* diags) {
  Channel channel{path, title, page_url, description, owner, &pages};
  plan->AddFile(path, RenderChannel(config, channel), owner, diags);
}

}  // namespace portal
