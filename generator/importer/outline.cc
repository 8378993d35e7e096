#include "importer/outline.h"

#include <array>

#include "base/utf8.h"
#include "importer/outline_marker.h"

namespace portal::importer {
namespace {

constexpr size_t kMaxHeadingPoints = 50;
constexpr size_t kMaxListItemPoints = 60;

// Byte offset and length of the first sentence end (。！？!?) outside quotes,
// book-title marks and brackets, or npos.
size_t FindSentenceEnd(std::string_view s, size_t* length) {
  int depth = 0;
  for (size_t pos = 0; pos < s.size();) {
    size_t start = pos;
    char32_t c = DecodeUtf8(s, &pos);
    if (c == U'“' || c == U'《' || c == U'（' || c == U'(' || c == U'「') ++depth;
    if ((c == U'”' || c == U'》' || c == U'）' || c == U')' || c == U'」') && depth > 0) --depth;
    if (depth == 0 && (c == U'。' || c == U'！' || c == U'？' || c == U'!' || c == U'?')) {
      *length = pos - start;
      return start;
    }
  }
  return std::string_view::npos;
}

bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> ends) {
  for (std::string_view e : ends) {
    if (s.size() >= e.size() && s.substr(s.size() - e.size()) == e) return true;
  }
  return false;
}

std::string StripTrailing(std::string s, std::initializer_list<std::string_view> ends) {
  for (bool again = true; again;) {
    again = false;
    for (std::string_view e : ends) {
      if (s.size() >= e.size() && std::string_view(s).substr(s.size() - e.size()) == e) {
        s.resize(s.size() - e.size());
        again = true;
      }
    }
  }
  return s;
}

// The first sentence of `text` as a heading: without its 。 (！ and ？ kept)
// and a trailing ：，； ; *after is the rest of the line.
std::string FirstSentence(std::string_view text, std::string_view* after) {
  size_t end_length = 0;
  size_t end = FindSentenceEnd(text, &end_length);
  std::string heading(text.substr(0, end));
  *after = {};
  if (end != std::string_view::npos) {
    std::string_view mark = text.substr(end, end_length);
    if (mark != "。") heading += mark;  // keep ！ and ？, they are part of the title
    *after = TrimSpaces(text.substr(end + end_length));
  }
  return StripTrailing(heading, {"：", ":", "；", ";", "，", ","});
}

// A marker of `kind` with number `n` as written: "三、", "（三）", "3.".
std::string MarkerText(MarkerKind kind, int n) {
  if (kind == MarkerKind::kChapter) return ChineseNumber(n) + "、";
  if (kind == MarkerKind::kSection) return "（" + ChineseNumber(n) + "）";
  return std::to_string(n) + ".";
}

std::string EscapeInline(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' ||
        c == '>' || c == '~' || c == '|') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

// The item lines of a list starting at body[i], or 0 when it is not a list.
size_t ListRunLength(const std::vector<SourceLine>& body, size_t i) {
  size_t n = 0;
  int expected = 0;
  bool semicolons = false;
  for (size_t j = i; j < body.size(); ++j, ++n) {
    const SourceLine& l = body[j];
    OutlineMarker m;
    if (l.heading_level > 0 || !ParseOutlineMarker(l.text, &m) || m.kind != MarkerKind::kItem) break;
    if (expected != 0 && m.number != expected) break;
    expected = m.number + 1;
    std::string_view rest = TrimSpaces(std::string_view(l.text).substr(m.length));
    size_t end_length = 0;
    size_t end = FindSentenceEnd(rest, &end_length);
    bool one_sentence = end == std::string_view::npos || end + end_length == rest.size();
    if (CountCodePoints(rest) > kMaxListItemPoints || !one_sentence) break;
    if (EndsWithAny(rest, {"；", ";", "，", ",", "、"})) {
      semicolons = true;
    } else if (!EndsWithAny(rest, {"。"})) {
      break;
    }
  }
  return n >= 2 && semicolons ? n : 0;
}

class OutlineBuilder {
 public:
  explicit OutlineBuilder(const std::vector<SourceLine>& body) : body_(body) {}

  OutlineResult Build() {
    for (size_t i = 0; i < body_.size(); ++i) {
      const SourceLine& l = body_[i];
      if (l.text.empty()) continue;
      if (l.heading_level >= 1 && l.heading_level <= 3) {
        StyledHeading(l);
        continue;
      }
      OutlineMarker m;
      if (!ParseOutlineMarker(l.text, &m)) {
        Paragraph(l.text);
        continue;
      }
      if (m.kind == MarkerKind::kItem) {
        if (size_t run = ListRunLength(body_, i); run > 0) {
          List(i, run);
          i += run - 1;
          continue;
        }
      }
      Marker(l, m);
    }
    return std::move(result_);
  }

 private:
  // A Word Heading 1–3 paragraph: a heading at its style's level, split after
  // its first sentence like a marker line. Its marker (一、) counts in the
  // numbering, so an unstyled 二、 after a styled 一、 is still in sequence.
  void StyledHeading(const SourceLine& l) {
    std::string_view after;
    std::string heading = FirstSentence(l.text, &after);
    Heading(l.heading_level, EscapeInline(heading.empty() ? l.text : heading));
    if (!heading.empty() && !after.empty()) Paragraph(after);
    OutlineMarker m;
    if (ParseOutlineMarker(l.text, &m)) last_number_[static_cast<int>(m.kind)] = m.number;
  }

  void Marker(const SourceLine& l, const OutlineMarker& m) {
    int k = static_cast<int>(m.kind);
    if (!InSequence(l, m)) {
      Paragraph(l.text);
      return;
    }
    std::string_view after;
    std::string heading = FirstSentence(TrimSpaces(std::string_view(l.text).substr(m.length)), &after);
    last_number_[k] = m.number;
    ResetBelow(k);
    if (heading.empty() || CountCodePoints(heading) > kMaxHeadingPoints) {
      Paragraph(l.text);
      return;
    }
    Heading(k, m.canonical + EscapeInline(heading));
    if (!after.empty()) Paragraph(after);
  }

  // Whether marker `m` continues the outline; notes the line when it does not.
  bool InSequence(const SourceLine& l, const OutlineMarker& m) {
    int k = static_cast<int>(m.kind);
    if (m.kind == MarkerKind::kItem) {
      if (m.number == 1 || m.number == last_number_[k] + 1) return true;
      Note(l, "item " + m.canonical + " does not follow " + std::to_string(last_number_[k]) +
                  ".; kept as a paragraph");
      return false;
    }
    if (enumeration_run_[k] != 0 && m.number == enumeration_run_[k] + 1) {
      enumeration_run_[k] = m.number;
      enumeration_ = m.number;
      return false;
    }
    if (m.number == last_number_[k] + 1) return true;
    if (enumeration_ > 0 && m.number == enumeration_ + 1) {
      enumeration_run_[k] = m.number;
      enumeration_ = m.number;
      std::string previous = last_number_[k] == 0 ? "none" : MarkerText(m.kind, last_number_[k]);
      Note(l, m.canonical + " goes on the 一是/二是 paragraphs above it, not the outline (the one before is " +
                  previous + "); kept as a paragraph");
      return false;
    }
    std::string previous = last_number_[k] == 0 ? "none" : MarkerText(m.kind, last_number_[k]);
    Note(l, m.canonical + " is out of sequence (the one before is " + previous +
                "); kept as a paragraph");
    return false;
  }

  void Note(const SourceLine& l, std::string message) {
    ImportNote n;
    n.line = l.line;
    n.message = std::move(message);
    n.hint = "check the numbering; make it a heading by hand if it is one";
    result_.notes.push_back(std::move(n));
  }

  void ResetBelow(int k) {
    for (int j = k + 1; j < 4; ++j) {
      last_number_[j] = 0;
      enumeration_run_[j] = 0;
    }
    enumeration_ = 0;
  }

  void Heading(int kind, const std::string& text) {
    while (!open_.empty() && open_.back() >= kind) open_.pop_back();
    open_.push_back(kind);
    ResetBelow(kind);
    Block(std::string(open_.size() + 1, '#') + " " + text);
    ++result_.headings;
  }

  void Paragraph(std::string_view text) {
    if (int n = LeadingEnumeration(text); n > 0) enumeration_ = n;
    Block(EscapeMarkdown(text));
  }

  void List(size_t i, size_t run) {
    std::string list;
    for (size_t j = i; j < i + run; ++j) {
      OutlineMarker m;
      ParseOutlineMarker(body_[j].text, &m);
      if (!list.empty()) list += "\n";
      list += std::to_string(m.number) + ". " +
              EscapeInline(TrimSpaces(std::string_view(body_[j].text).substr(m.length)));
    }
    Block(list);
  }

  void Block(const std::string& block) {
    if (!result_.markdown.empty()) result_.markdown += "\n";
    result_.markdown += block + "\n";
  }

  const std::vector<SourceLine>& body_;
  OutlineResult result_;
  std::vector<int> open_;                 // kinds of the headings enclosing this point
  std::array<int, 4> last_number_{};      // per kind, since the enclosing heading
  std::array<int, 4> enumeration_run_{};  // per kind: last marker absorbed into 一是/二是
  int enumeration_ = 0;                   // last 一是/二是 paragraph since the last heading
};

}  // namespace

std::string EscapeMarkdown(std::string_view text) {
  std::string out = EscapeInline(text);
  if (out.empty()) return out;
  char c = out[0];
  if (c == '#' || c == '-' || c == '+' || c == '=') return "\\" + out;
  size_t digits = 0;
  while (digits < out.size() && out[digits] >= '0' && out[digits] <= '9') ++digits;
  if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')')) {
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(digits), '\\');  // char, not "\\": GCC 12 -O3 -Wrestrict false positive
  }
  return out;
}

OutlineResult BuildOutline(const std::vector<SourceLine>& body) {
  return OutlineBuilder(body).Build();
}

}  // namespace portal::importer
