// Page: one document of the portal, from its source file to its rendered body.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

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
  // Filled by the site stage:
  int64_t date_epoch = 0;      // meta.date.EpochSeconds(), for the many sorts
  const Page* prev = nullptr;  // older page in the same section
  const Page* next = nullptr;  // newer page in the same section
  std::vector<const Page*> related;  // filled by the knowledge stage, best first
};

}  // namespace portal
