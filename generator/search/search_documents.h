// The documents of the index: their order, the tokens of their fields, the
// passages excerpts are cut from, and the record the query module shows.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "search/search_grams.h"
#include "site/page.h"

namespace portal::search {

// Pages in index order: newest first (date, then URL), so equal scores are
// broken by document number and a year is a contiguous range.
std::vector<const Page*> IndexOrder(const std::vector<const Page*>& pages);

// A piece of body text shown as an excerpt: a paragraph, or part of a long
// one cut where no word is split. Bytes [begin, begin + length) of the
// body's NFC text; `start` is the position of its first unit.
struct Passage {
  uint32_t start = 0;
  uint32_t begin = 0, length = 0;
  uint64_t hash = 0;   // of the bytes, to find equal passages
  uint64_t check = 0;  // a second, independent hash of the bytes
  uint32_t literal = 0;  // the size of its JSON string literal (JsonStringSize)
};

inline constexpr size_t kPassageMaxCodePoints = 300;

// Body positions: each line of the body (a paragraph, heading or list item)
// starts at a multiple of kParagraphAlign, the first one after the previous
// line's last unit. An edit inside one paragraph then moves no position of
// another unless the paragraph outgrows its slack, so an editor's typical
// change rewrites the posting lists of that paragraph's grams only, not of
// every gram after it (portal serve); and no phrase matches across two
// paragraphs. The gaps cost about 2% of the index (the Rice codes of
// position gaps grow by a fraction of a bit).
inline constexpr uint32_t kParagraphAlign = 32;

// The body of a document as excerpts need it.
// Passages refer to the page's own plain text, which is not kept (the index
// would otherwise hold every page's text at once: 140 MB at 10,000 pages):
// read it again with Body(). Only a body that NFC changed is kept.
struct DocumentText {
  std::string nfc_body;  // the body in NFC when it was not already, else empty
  bool normalized = false;  // nfc_body holds the body
  std::vector<Passage> passages;
  uint32_t body_units = 0;  // units, not positions: what BM25 ranks by
  // The text passages refer to: nfc_body, or the page's text into *scratch.
  std::string_view Body(const Page& page, std::string* scratch) const;
};

// Tokens of every field of `page`: title, headings (one per line), tags (one
// per line), body (plain text) and pinyin (full and initials of every run of
// two or more ideographs in the title and the tags, as words). When `text`
// is not null it receives the body's passages and length.
void TokenizeDocument(const Page& page, DocTokens* tokens, DocumentText* text);

// Computes, on the calling thread, the pinyin of every ideograph in the
// titles and tags of `pages`, which TokenizeDocument then only looks up:
// ICU's Han-Latin transliterator costs a quarter of a second to build in
// each thread that first uses it, and the build's threads are new.
void PreparePinyin(const std::vector<const Page*>& pages);

// Body length in units, stored in one byte: round(log(1 + n) / log(1.06)).
uint8_t QuantizeLength(uint64_t units);

// Where a passage's text is stored: bytes [offset, offset + length) of
// f/<pack>.bin.
struct PassageLocation {
  uint32_t pack = 0, offset = 0, length = 0;
};

}  // namespace portal::search
