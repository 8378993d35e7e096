#include "build/build_cache.h"

#include <cstdio>

#include "base/binary_io.h"
#include "base/cache_file.h"
#include "base/hash.h"
#include "build/up_to_date.h"
#include "knowledge/knowledge_cache.h"
#include "output/file_memo_bytes.h"
#include "text/chinese.h"

namespace portal {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kKnowledgeMagic = "portal-knowledge-memo-2\n";
constexpr std::string_view kHtmlMagic = "portal-html-keys-1\n";
constexpr std::string_view kPinyinMagic = "portal-pinyin-memo-1\n";

// The pinyin memo holds ICU's answers: another ICU (a library upgrade that
// leaves the portal binary as it was) must not read it.
uint64_t PinyinKey() { return HashCombine(BinaryKey(), Hash64(IcuVersion())); }


}  // namespace

BuildCache::BuildCache(fs::path dir, int jobs) : dir_(std::move(dir)), jobs_(jobs) {}

StageTiming BuildCache::Load(BuildSession* session) {
  StageTimer row;
  pages_ = std::make_unique<PageCache>(dir_, BinaryKey());
  pages_->set_jobs(jobs_);
  std::string found;
  if (!pages_->Load(&entries_, &found)) {
    pages_.reset();  // not even an empty texts file: build without the cache
    return row.Finish("cache", found);
  }
  session->UsePageCache(&entries_, pages_->store());
  search_ = std::make_unique<search::IndexMemoCache>(dir_, BinaryKey(), jobs_);
  session->UseSearchMemoCache(search_.get());
  CachePayload payload;
  std::string why;
  if (ReadCacheFile(dir_ / "knowledge.cache", kKnowledgeMagic, BinaryKey(), &payload, &why)) {
    ByteReader in(payload.bytes());
    if (!ReadKnowledgeMemo(&in, session->knowledge_memo())) why = "damaged";
  }
  found += "; knowledge memo " + (why.empty() ? std::string("read") : why);
  why.clear();
  if (ReadCacheFile(dir_ / "html.cache", kHtmlMagic, BinaryKey(), &payload, &why)) {
    ByteReader in(payload.bytes());
    if (!ReadFileMemoKeys(&in, session->html_memo())) why = "damaged";
  }
  found += "; HTML keys " + (why.empty() ? std::string("read") : why);
  why.clear();
  if (ReadCacheFile(dir_ / "pinyin.cache", kPinyinMagic, PinyinKey(), &payload, &why)) {
    ByteReader in(payload.bytes());
    std::vector<std::pair<std::string, std::string>> pinyins(in.Count());
    for (auto& [s, pinyin] : pinyins) {
      s = in.Str();
      pinyin = in.Str();
    }
    if (in.ok() && in.done()) AddToPinyinMemo(std::move(pinyins));
    else why = "damaged";
  }
  found += "; pinyin " + (why.empty() ? std::string("read") : why);
  return row.Finish("cache", found);
}

StageTiming BuildCache::Write(const BuildSession& session) {
  StageTimer row;
  written_ = false;
  std::string error;
  ByteWriter html;
  WriteFileMemoKeys(session.html_memo(), &html);
  ByteWriter pinyin;
  std::vector<std::pair<std::string, std::string>> pinyins = PinyinMemo();
  pinyin.U64(pinyins.size());
  for (const auto& [s, p] : pinyins) {
    pinyin.Str(s);
    pinyin.Str(p);
  }
  if (!pages_->Write(entries_, &error) ||
      !PrepareCacheFile(dir_ / "knowledge.cache", kKnowledgeMagic, BinaryKey(), session.knowledge_bytes(), &error) ||
      !PrepareCacheFile(dir_ / "html.cache", kHtmlMagic, BinaryKey(), html.bytes(), &error) ||
      !PrepareCacheFile(dir_ / "pinyin.cache", kPinyinMagic, PinyinKey(), pinyin.bytes(), &error)) {
    return row.Finish("save", "build cache not saved: " + error);  // the next build reads every page, nothing worse
  }
  written_ = true;
  char line[200];
  std::snprintf(line, sizeof line, "build cache: %zu files, texts %.1f MB (%.1f MB live)", entries_.entries.size(),
                pages_->written_texts_bytes() / 1e6, pages_->written_live_bytes() / 1e6);
  return row.Finish("save", line);
}

bool BuildCache::Commit(std::string* error) {
  if (!written_) return false;
  written_ = false;
  // The search memo was written by its stage (search/search_memo_cache.h).
  for (const char* name : {"knowledge.cache", "html.cache", "pinyin.cache"}) {
    if (!CacheFileWriter::Commit(dir_ / name, error)) return false;
  }
  return pages_->Commit(error) && search_->Commit(error);
}

}  // namespace portal
