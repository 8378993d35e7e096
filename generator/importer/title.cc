#include "importer/title.h"

#include "base/utf8.h"
#include "importer/date_guess.h"
#include "importer/outline_marker.h"

namespace portal::importer {
namespace {

constexpr size_t kMaxTitlePoints = 60;
constexpr size_t kMaxTitleLinePoints = 30;
constexpr int kMaxTitleLines = 4;

bool Contains(std::string_view s, std::string_view part) { return s.find(part) != s.npos; }

bool EndsWith(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

bool StartsWith(std::string_view s, std::string_view start) { return s.substr(0, start.size()) == start; }

// Length of a leading dash run (——, —, --, ──, －－), or 0.
size_t SubtitleDashes(std::string_view line) {
  size_t pos = 0;
  for (;;) {
    if (StartsWith(line.substr(pos), "—")) pos += 3;       // U+2014
    else if (StartsWith(line.substr(pos), "─")) pos += 3;  // U+2500
    else if (StartsWith(line.substr(pos), "－")) pos += 3;  // U+FF0D
    else if (StartsWith(line.substr(pos), "-")) pos += 1;
    else break;
  }
  return pos >= 2 ? pos : 0;
}

bool SentenceEndInside(std::string_view line) {
  return Contains(line, "。") || Contains(line, "！") || Contains(line, "？") ||
         Contains(line, "；") || Contains(line, "!") || Contains(line, "?");
}

// Whether the title so far reads as complete, so a next short line is body.
bool TitleLooksComplete(std::string_view title) {
  for (std::string_view end : {"讲话", "发言", "致辞", "报告", "讲稿", "党课", "提纲", "主持词"}) {
    if (EndsWith(title, end)) return true;
  }
  return false;
}

bool CanContinueTitle(const SourceLine& l) {
  OutlineMarker m;
  return !l.text.empty() && l.heading_level == 0 && !IsSalutation(l.text) &&
         SubtitleDashes(l.text) == 0 && !IsNoticeLine(l.text) && !IsDateOnlyLine(l.text) &&
         !ParseOutlineMarker(l.text, &m) && !SentenceEndInside(l.text) &&
         CountCodePoints(l.text) <= kMaxTitleLinePoints;
}

}  // namespace

bool IsSalutation(std::string_view line) {
  if (!EndsWith(line, "：") && !EndsWith(line, ":")) return false;
  if (CountCodePoints(line) > 24 || SentenceEndInside(line)) return false;
  for (std::string_view who : {"同志们", "各位", "尊敬的", "朋友们", "同学们", "老师们", "女士们"}) {
    if (StartsWith(line, who)) return true;
  }
  return false;
}

bool IsNoticeLine(std::string_view line) {
  for (std::string_view mark : {"仅供学习", "仅供参考", "仅供交流", "本文系", "本文为", "本文来源",
                                "请勿照搬", "转载请", "版权归", "责任编辑", "原标题"}) {
    if (Contains(line, mark)) return true;
  }
  for (std::string_view label : {"来源：", "来源:", "作者：", "作者:", "编辑：", "编辑:",
                                 "发布时间", "浏览次数", "阅读量"}) {
    if (StartsWith(line, label)) return true;
  }
  return false;
}

DocumentHeader ExtractHeader(const std::vector<SourceLine>& lines) {
  DocumentHeader h;
  size_t i = 0;
  while (i < lines.size() && (lines[i].text.empty() || IsNoticeLine(lines[i].text))) ++i;
  // Word's Title style names the title outright.
  for (size_t j = i; j < lines.size() && j < i + 3; ++j) {
    if (lines[j].title_style) {
      h.title = lines[j].text;
      i = j + 1;
      break;
    }
  }
  if (h.title.empty() && i < lines.size()) {
    const SourceLine& first = lines[i];
    OutlineMarker m;
    bool body_text = CountCodePoints(first.text) >= kMaxTitlePoints || Contains(first.text, "。") ||
                     IsSalutation(first.text) || ParseOutlineMarker(first.text, &m) ||
                     first.heading_level > 0;
    if (body_text) {
      h.body_start = i;
      return h;
    }
    h.title = first.text;
    int count = 1;
    for (++i; i < lines.size() && count < kMaxTitleLines && !TitleLooksComplete(h.title) &&
              CanContinueTitle(lines[i]);
         ++i, ++count) {
      h.title += lines[i].text;
    }
  }
  for (; i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    if (t.empty()) continue;
    if (size_t dashes = SubtitleDashes(t); dashes > 0 && h.occasion.empty()) {
      h.occasion = std::string(TrimSpaces(std::string_view(t).substr(dashes)));
    } else if (IsDateOnlyLine(t) && h.date_text.empty()) {
      h.date_text = t;
    } else {
      break;
    }
  }
  h.body_start = i;
  return h;
}

}  // namespace portal::importer
