// The search index's files about documents rather than tokens (formats in
// search_index.h): passages for excerpts (f/), records (r/), docs.bin,
// sections.bin, tags.bin, and their part of meta.json.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "output/output_plan.h"
#include "search/search_documents.h"
#include "search/search_first_page.h"
#include "site/page.h"

namespace portal::search {

class FileOut;

// `s` (valid UTF-8) as a JSON string literal made safe for the web, exactly
// as JsonForWeb(nlohmann::json(s).dump()) would write it.
void AppendJsonString(std::string_view s, std::string* out);
// The bytes AppendJsonString(s) appends, without making them.
size_t JsonStringSize(std::string_view s);

// What portal serve keeps of the last build's document files: a passage
// pack that holds the same passages in the same order, and a record block
// whose documents and passage places are the same, are the same bytes.
struct DocumentFilesMemo {
  struct File {
    std::vector<uint64_t> holds;  // passage identities, or record keys
    OutputPlan::Bytes bytes;
    uint64_t hash = 0;
    std::string units;  // record blocks: each record's length in 16-byte units
  };
  bool made = false;
  // False: bytes are dropped once written and a reused file is the last
  // build's output (IndexMemo::keep_bytes).
  bool keep_bytes = true;
  size_t pack_bytes = 0, records_per_block = 0;  // what the files were made with
  std::vector<File> passage_packs, record_blocks;
};

struct DocumentFilesOptions {
  size_t pack_bytes = 128 * 1024;
  size_t records_per_block = 64;
  size_t term_pages = 0;  // the last documents: no tags, no year
  int jobs = 0;
  // With a memo: each document's DocumentKey (what its record shows but
  // its passages' places).
  const std::vector<uint64_t>* doc_keys = nullptr;
  DocumentFilesMemo* memo = nullptr;
};

struct DocumentFilesStats {
  size_t passages = 0;  // distinct passage texts
  size_t reused = 0;    // passage packs and record blocks taken from the memo
};

// Writes the document files of `docs` (index order; `texts` their bodies'
// passages) to `out`, with `lengths` the body lengths the first pages were
// ranked by, `sections` (name, label) in filter order; the filter lists
// go into *meta.
DocumentFilesStats AddDocumentFiles(const std::vector<const Page*>& docs, const std::vector<DocumentText>& texts,
                                    const FirstPageInputs& lengths,
                                    const std::vector<std::pair<std::string, std::string>>& sections,
                                    const DocumentFilesOptions& options, nlohmann::json* meta, FileOut* out);

}  // namespace portal::search
