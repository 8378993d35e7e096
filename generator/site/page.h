// Page: one document of the portal, from its source file to its rendered body.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/text_store.h"
#include "content/front_matter.h"
#include "markdown/markdown.h"

namespace portal {

// A file kept beside a page in a bundle (content/cases/foo/index.md + files).
struct Attachment {
  std::string name;                  // file name, as written
  std::filesystem::path source;      // absolute path of the file
  uint64_t size = 0;                 // bytes
  bool is_image = false;
};

struct Page {
  std::string source;        // display path, relative to the site root
  std::filesystem::path source_abs;
  std::string section;       // first folder under content/
  std::string slug;          // last URL segment
  std::string url;           // site-relative, "/speeches/slug/"
  FrontMatter meta;
  RenderedMarkdown body;
  std::vector<Attachment> attachments;  // bundles only, sorted by name
  int body_first_line = 1;   // for mapping body positions to file lines
  uint64_t version = 0;      // hash of the source bytes and load settings: equal
                             // versions render equally (render memo keys)
  // The large texts of `body` (html, plain_text, display_text) parked in a
  // TextStore by the loader of portal build; null when they are in `body`.
  // Read them through Html(), Text() and BlockSource().
  std::shared_ptr<TextStore> store;
  TextStore::Ref html_ref, text_ref, display_ref;
  bool has_display = false;

  std::string Html() const;         // body.html
  std::string Text() const;         // body.plain_text
  std::string BlockSource() const;  // body.block_text(): what body.blocks slice
  // body.html without a copy when it is in `body`; else read into *scratch.
  std::string_view HtmlView(std::string* scratch) const;
  // Replaces body.html (in the store when the texts are parked).
  void SetHtml(std::string html);
  // Moves the large texts into `to` and frees them here.
  void Park(std::shared_ptr<TextStore> to);

  // Filled by the site stage:
  int64_t date_epoch = 0;      // meta.date.EpochSeconds(), for the many sorts
  const Page* prev = nullptr;  // older page in the same section
  const Page* next = nullptr;  // newer page in the same section
  std::vector<const Page*> related;  // filled by the knowledge stage, best first
};

}  // namespace portal
