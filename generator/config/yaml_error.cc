#include "config/yaml_error.h"

#include <vector>

namespace portal {

namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

size_t Indent(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

bool IsBlank(std::string_view line) {
  size_t i = Indent(line);
  return i == line.size() || line[i] == '#';
}

// Byte offset where the value of a "key: value" or "- value" line starts, or
// npos when the line has no value.
size_t ValueStart(std::string_view line) {
  size_t i = Indent(line);
  while (i + 1 < line.size() && line[i] == '-' && line[i + 1] == ' ') i = i + 2 + Indent(line.substr(i + 2));
  if (i < line.size() && (line[i] == '"' || line[i] == '\'')) return i;
  size_t colon = line.find(": ", i);
  if (colon == std::string_view::npos) return i < line.size() ? i : std::string_view::npos;
  size_t v = colon + 2;
  while (v < line.size() && line[v] == ' ') ++v;
  return v < line.size() ? v : std::string_view::npos;
}

// Byte offset just past the quote that closes the scalar opened at text[open],
// or npos when it is never closed.
size_t QuoteEnd(std::string_view text, size_t open) {
  char q = text[open];
  for (size_t i = open + 1; i < text.size(); ++i) {
    if (q == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is an escaped quote inside single quotes
      } else {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

// "key: a: b" -> the example "key: \"a: b\"" (the value from byte v on quoted).
std::string QuotedExample(std::string_view line, size_t v) {
  size_t i = Indent(line);
  return std::string(line.substr(i, v - i)) + "\"" + std::string(line.substr(v)) + "\"";
}

void ExplainMapValue(const std::vector<std::string_view>& lines, YamlSyntaxError* e) {
  int at = e->line;
  for (int l = at; l >= 0 && l >= at - 1; --l) {
    if (l >= static_cast<int>(lines.size())) continue;
    int col = 0;
    if (HasFullWidthColonKey(lines[l], &col)) {
      e->line = l;
      e->byte_column = col;
      e->message = "invalid YAML: a key is followed by the full-width colon '：'";
      e->hint = "after a key write an ASCII colon ':' and a space, e.g. title: 讲话";
      return;
    }
  }
  if (at >= static_cast<int>(lines.size())) return;
  std::string_view line = lines[at];
  size_t colon = line.find(": ", Indent(line));
  if (colon != std::string_view::npos) {
    std::string_view rest = line.substr(colon + 2);
    if (rest.find(": ") != std::string_view::npos || rest.ends_with(":")) {
      e->message = "invalid YAML: the value contains ': '";
      e->hint = "put the value in quotes, e.g. " + QuotedExample(line, ValueStart(line));
      return;
    }
  }
  for (int p = at - 1; p >= 0; --p) {
    if (IsBlank(lines[p])) continue;
    if (Indent(line) > Indent(lines[p]) && !lines[p].ends_with(":")) {
      e->byte_column = static_cast<int>(Indent(line));
      e->message = "invalid YAML: this line is indented more than the line above";
      e->hint = "keys at the same level must start in the same column; remove the extra spaces";
    }
    return;
  }
}

}  // namespace

bool FindUnclosedQuote(std::string_view yaml, YamlSyntaxError* e) {
  size_t line_start = 0;
  int line = 0;
  size_t block_indent = std::string_view::npos;
  while (line_start < yaml.size()) {
    size_t nl = yaml.find('\n', line_start);
    size_t line_end = nl == std::string_view::npos ? yaml.size() : nl;
    std::string_view text = yaml.substr(line_start, line_end - line_start);
    size_t v = ValueStart(text);
    bool in_block = block_indent != std::string_view::npos && (IsBlank(text) || Indent(text) > block_indent);
    if (!in_block) block_indent = std::string_view::npos;
    if (!in_block && v != std::string_view::npos && (text[v] == '|' || text[v] == '>')) {
      block_indent = Indent(text);  // a literal block: quotes inside are just text
    } else if (!in_block && v != std::string_view::npos && (text[v] == '"' || text[v] == '\'')) {
      size_t end = QuoteEnd(yaml, line_start + v);
      if (end == std::string_view::npos) {
        e->line = line;
        e->byte_column = static_cast<int>(v);
        e->message = "invalid YAML: the quote opened here is never closed";
        e->hint = std::string("end the value with a matching ") + text[v] + " on the same line";
        return true;
      }
      // A quoted value may legally span lines; continue after it.
      for (size_t i = line_start; i < end; ++i) line += yaml[i] == '\n';
      line_end = yaml.find('\n', end);
      if (line_end == std::string_view::npos) break;
    }
    line_start = line_end + 1;
    ++line;
  }
  return false;
}

bool HasFullWidthColonKey(std::string_view line, int* byte_column) {
  size_t fw = line.find("\xEF\xBC\x9A");  // '：'
  if (fw == std::string_view::npos) return false;
  size_t ascii = line.find(':');
  if (ascii != std::string_view::npos && ascii < fw) return false;
  size_t start = Indent(line);
  if (fw == start || line.substr(start, fw - start).find(' ') != std::string_view::npos) return false;
  *byte_column = static_cast<int>(fw);
  return true;
}

YamlSyntaxError ExplainYamlError(std::string_view yaml, int line, int byte_column, const std::string& msg) {
  YamlSyntaxError e;
  e.line = line < 0 ? 0 : line;
  e.byte_column = byte_column < 0 ? 0 : byte_column;
  e.message = "invalid YAML: " + msg;
  e.hint = "write one 'key: value' per line; indent nested lines with spaces";
  std::vector<std::string_view> lines = SplitLines(yaml);
  std::string_view here = e.line < static_cast<int>(lines.size()) ? lines[e.line] : std::string_view();

  if (here.substr(0, Indent(here)).find('\t') != std::string_view::npos) {
    e.byte_column = 0;
    e.message = "invalid YAML: this line is indented with a tab";
    e.hint = "indent with spaces, not tabs";
  } else if (msg == "illegal EOF in scalar" || msg.starts_with("end of string")) {
    FindUnclosedQuote(yaml, &e);
  } else if (msg == "illegal map value") {
    ExplainMapValue(lines, &e);
  } else if (msg == "end of map not found" || msg == "end of sequence not found") {
    size_t v = ValueStart(here);
    if (v != std::string_view::npos && (here[v] == '[' || here[v] == '{')) {
      e.byte_column = static_cast<int>(v);
      e.message = std::string("invalid YAML: text after '") + here[v] + "...' needs quotes";
      e.hint = "a value that starts with [ or { must be quoted, e.g. " + QuotedExample(here, v);
    } else {
      e.hint = "items of one list or mapping must start in the same column, indented with spaces";
    }
  } else if (msg == "end of sequence flow not found" || msg == "end of map flow not found") {
    e.hint = "close '[' with ']' (or '{' with '}') on the same line, or put the whole value in quotes";
  } else if (msg.starts_with("unknown escape character")) {
    e.hint = "inside double quotes write a backslash as \\\\, or use single quotes";
  } else if (msg == "unknown token") {
    e.hint = "a value that starts with @ or ` must be put in quotes";
  }
  return e;
}

}  // namespace portal
