#include "search/search_document_files.h"

#include <algorithm>
#include <atomic>
#include <map>

#include "base/hash.h"
#include "base/parallel.h"
#include "search/search_file_out.h"
#include "search/search_grams.h"
#include "search/search_postings.h"

namespace portal::search {

// `s` (valid UTF-8) as a JSON string literal made safe for the web, exactly
// as JsonForWeb(nlohmann::json(s).dump()) would write it.
void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\t': out->append("\\t"); break;
      case '\r': out->append("\\r"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '<': out->append("\\u003c"); break;
      case '>': out->append("\\u003e"); break;
      case '&': out->append("\\u0026"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

size_t JsonStringSize(std::string_view s) {
  size_t n = 2;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': case '\\': case '\n': case '\t': case '\r': case '\b': case '\f': n += 2; break;
      case '<': case '>': case '&': n += 6; break;
      default: n += c < 0x20 ? 6 : 1;
    }
  }
  return n;
}

namespace {

std::string DocGaps(const std::vector<int64_t>& docs) {
  std::string out;
  int64_t previous = -1;
  for (int64_t d : docs) {
    PutVarint(static_cast<uint64_t>(d - previous), &out);
    previous = d;
  }
  return out;
}

void PutU32(uint32_t v, std::string* out) {
  for (int b = 0; b < 4; ++b) out->push_back(static_cast<char>(v >> (8 * b)));
}

// Equal passages have equal identities (their two hashes and length).
uint64_t PassageId(const Passage& p) { return HashCombine(HashCombine(p.hash, p.check), p.length); }

// The record of `page`: written by hand (nlohmann would build a node per
// number), the same bytes as JsonForWeb(json.dump()) of {d, g, p, s, t, u},
// padded with spaces to a multiple of 16 bytes.
std::string Record(const Page& page, const std::vector<std::pair<uint32_t, PassageLocation>>& passages) {
  std::string r;
  r += "{\"d\":";
  AppendJsonString(page.meta.date.year > 0 ? page.meta.date.IsoDate() : "", &r);
  r += ",\"g\":[";
  for (size_t k = 0; k < page.meta.tags.size(); ++k) {
    if (k) r += ',';
    AppendJsonString(page.meta.tags[k], &r);
  }
  r += "],\"p\":[";
  uint32_t previous = 0;
  bool comma = false;
  for (const auto& [start, where] : passages) {
    for (uint32_t v : {start - previous, where.pack, where.offset, where.length}) {
      if (comma) r += ',';
      r += std::to_string(v);
      comma = true;
    }
    previous = start;
  }
  r += "],\"s\":";
  AppendJsonString(page.section, &r);
  r += ",\"t\":";
  AppendJsonString(page.meta.title, &r);
  r += ",\"u\":";
  AppendJsonString(page.url, &r);
  r += '}';
  r.append((16 - r.size() % 16) % 16, ' ');
  return r;
}

}  // namespace

DocumentFilesStats AddDocumentFiles(const std::vector<const Page*>& docs, const std::vector<DocumentText>& texts,
                                    const FirstPageInputs& lengths,
                                    const std::vector<std::pair<std::string, std::string>>& sections,
                                    const DocumentFilesOptions& options, nlohmann::json* meta, FileOut* out) {
  DocumentFilesStats stats;
  const size_t per_block = std::max<size_t>(1, options.records_per_block);
  DocumentFilesMemo* memo = options.doc_keys ? options.memo : nullptr;
  const bool reuse = memo && memo->made && memo->pack_bytes == options.pack_bytes && memo->records_per_block == per_block;
  std::atomic<size_t> reused{0};
  auto add = [&](const std::string& path, std::string bytes, DocumentFilesMemo::File* keep) {
    if (!memo) {
      out->Add(path, std::move(bytes));
      return;
    }
    keep->hash = ContentHash(bytes);
    keep->bytes = std::make_shared<const std::string>(std::move(bytes));
    out->AddShared(path, keep->bytes, keep->hash);
    if (!memo->keep_bytes) keep->bytes.reset();
  };

  // Passages, numbered in order of first use; a pack f/<n>.json is a JSON
  // array of them, one per line, and a record points at one literal. Two
  // passages are the same when their two independent 64-bit hashes and
  // lengths are: the texts themselves are not kept (see DocumentText). The
  // places are laid out from the passages' literal sizes first, then only
  // the packs whose passages differ from the memo's are written.
  struct Seen {
    uint64_t check;
    uint32_t length;
    PassageLocation where;
  };
  struct FirstUse {
    uint32_t doc, passage;
  };
  std::vector<Seen> seen;
  FlatMap<uint64_t, uint32_t> by_hash;  // hash -> passage number + 1
  std::vector<std::vector<FirstUse>> pack_uses;
  std::vector<DocumentFilesMemo::File> packs;
  size_t pack_size = 0;  // bytes of the last pack so far
  std::vector<std::vector<std::pair<uint32_t, PassageLocation>>> doc_passages(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    const DocumentText& text = texts[d];
    doc_passages[d].reserve(text.passages.size());
    for (size_t k = 0; k < text.passages.size(); ++k) {
      const Passage& p = text.passages[k];
      uint64_t h = p.hash | 1;  // never the empty key
      const Seen* known = nullptr;
      for (;; h = h * 0x9E3779B97F4A7C15ull | 1) {  // a collision moves on to another key
        const uint32_t* n = by_hash.Find(h);
        if (!n || (seen[*n - 1].check == p.check && seen[*n - 1].length == p.length)) {
          if (n) known = &seen[*n - 1];
          break;
        }
      }
      if (!known) {
        if (packs.empty() || pack_size + p.length + 4 > options.pack_bytes) {
          packs.emplace_back();
          pack_uses.emplace_back();
          pack_size = 2;  // "[\n"
        } else {
          pack_size += 2;  // ",\n"
        }
        Seen s{p.check, p.length,
               {static_cast<uint32_t>(packs.size() - 1), static_cast<uint32_t>(pack_size), p.literal}};
        pack_size += p.literal;
        seen.push_back(s);
        bool added = false;
        by_hash.Insert(h, static_cast<uint32_t>(seen.size()), &added);
        known = &seen.back();
        packs.back().holds.push_back(PassageId(p));
        pack_uses.back().push_back({static_cast<uint32_t>(d), static_cast<uint32_t>(k)});
      }
      doc_passages[d].emplace_back(p.start, known->where);
    }
  }
  stats.passages = seen.size();
  ParallelFor(packs.size(), options.jobs, [&](size_t n) {
    std::string path = "f/" + std::to_string(n) + ".json";
    DocumentFilesMemo::File& pack = packs[n];
    if (reuse && n < memo->passage_packs.size() && memo->passage_packs[n].holds == pack.holds) {
      pack.bytes = memo->passage_packs[n].bytes;
      pack.hash = memo->passage_packs[n].hash;
      out->AddShared(path, pack.bytes, pack.hash);
      ++reused;
      return;
    }
    std::string bytes = "[\n", scratch;
    std::string_view body;
    int64_t body_doc = -1;
    for (size_t i = 0; i < pack_uses[n].size(); ++i) {
      const FirstUse& use = pack_uses[n][i];
      if (use.doc != body_doc) {
        body = texts[use.doc].Body(*docs[use.doc], &scratch);
        body_doc = use.doc;
      }
      const Passage& p = texts[use.doc].passages[use.passage];
      if (i) bytes.append(",\n");
      AppendJsonString(body.substr(p.begin, p.length), &bytes);
    }
    bytes.append("\n]\n");
    add(path, std::move(bytes), &pack);
  });

  // Records, per_block to a file: a header of uint32 offsets (one per
  // record and one for the end), then the records, each padded to a
  // multiple of 16 bytes so that docs.bin can give its length in one byte
  // (0 when longer than 255 * 16: read the header). With a memo, a block
  // whose documents' keys and passage places are the memo's is reused.
  size_t blocks = (docs.size() + per_block - 1) / per_block;
  std::vector<DocumentFilesMemo::File> record_blocks(blocks);
  std::string record_units(docs.size(), '\0');
  ParallelFor(blocks, options.jobs, [&](size_t b) {
    size_t first = b * per_block, end = std::min(docs.size(), first + per_block);
    DocumentFilesMemo::File& block = record_blocks[b];
    if (memo) {
      for (size_t d = first; d < end; ++d) {
        uint64_t key = (*options.doc_keys)[d];
        for (const auto& [start, where] : doc_passages[d]) {
          key = HashCombine(key, uint64_t{start} << 32 | where.pack);
          key = HashCombine(key, uint64_t{where.offset} << 32 | where.length);
        }
        block.holds.push_back(key);
      }
    }
    std::string path = "r/" + std::to_string(b) + ".bin";
    if (reuse && b < memo->record_blocks.size() && memo->record_blocks[b].holds == block.holds) {
      block.bytes = memo->record_blocks[b].bytes;
      block.hash = memo->record_blocks[b].hash;
      block.units = memo->record_blocks[b].units;
      std::copy(block.units.begin(), block.units.end(), record_units.begin() + static_cast<std::ptrdiff_t>(first));
      out->AddShared(path, block.bytes, block.hash);
      ++reused;
      return;
    }
    std::vector<std::string> records(end - first);
    for (size_t d = first; d < end; ++d) {
      std::string& r = records[d - first];
      r = Record(*docs[d], doc_passages[d]);
      if (r.size() / 16 <= 255) record_units[d] = static_cast<char>(r.size() / 16);
    }
    std::string bytes;
    uint32_t at = static_cast<uint32_t>(4 * (records.size() + 1));
    for (const std::string& r : records) {
      PutU32(at, &bytes);
      at += static_cast<uint32_t>(r.size());
    }
    PutU32(at, &bytes);
    for (const std::string& r : records) bytes += r;
    block.units = record_units.substr(first, end - first);
    add(path, std::move(bytes), &block);
  });
  if (memo) {
    memo->made = true;
    memo->pack_bytes = options.pack_bytes;
    memo->records_per_block = per_block;
    memo->passage_packs = std::move(packs);
    memo->record_blocks = std::move(record_blocks);
  }
  stats.reused = reused.load();

  std::string section_codes;
  std::map<std::string, std::vector<int64_t>> tag_docs;
  std::vector<std::vector<int64_t>> years;  // [year, first, count]
  for (size_t d = 0; d < docs.size(); ++d) {
    const Page& page = *docs[d];
    uint8_t code = 255;
    for (size_t s = 0; s < sections.size() && s < 255; ++s) {
      if (sections[s].first == page.section) code = static_cast<uint8_t>(s);
    }
    section_codes.push_back(static_cast<char>(code));
    if (d >= docs.size() - options.term_pages) continue;  // term pages: no tags, no year
    for (const std::string& tag : page.meta.tags) {
      auto& list = tag_docs[tag];
      if (list.empty() || list.back() != static_cast<int64_t>(d)) list.push_back(static_cast<int64_t>(d));
    }
    int year = page.meta.date.year;
    if (years.empty() || years.back()[0] != year) years.push_back({year, static_cast<int64_t>(d), 0});
    years.back()[2]++;
  }
  // docs.bin: every document's quantized body length, then every record's
  // length in 16-byte units (see search_index.h).
  out->Add("docs.bin", std::string(lengths.norms->begin(), lengths.norms->end()) + record_units);
  out->Add("sections.bin", std::move(section_codes));
  nlohmann::json tag_names = nlohmann::json::array(), tag_ends = nlohmann::json::array();
  std::string tag_lists;
  for (const auto& [tag, list] : tag_docs) {
    tag_lists += DocGaps(list);
    tag_names.push_back(tag);
    tag_ends.push_back(tag_lists.size());
  }
  out->Add("tags.bin", std::move(tag_lists));
  nlohmann::json section_list = nlohmann::json::array();
  for (const auto& [name, label] : sections) section_list.push_back({name, label});
  (*meta)["recordsPerBlock"] = per_block;
  (*meta)["avgBody"] = lengths.avg_body;
  (*meta)["sections"] = section_list;
  (*meta)["years"] = years;
  (*meta)["tags"] = tag_names;
  (*meta)["tagEnds"] = tag_ends;
  return stats;
}

}  // namespace portal::search
