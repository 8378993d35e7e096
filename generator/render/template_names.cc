#include "render/template_names.h"

#include <vector>

namespace portal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Segments(std::string_view name) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    size_t dot = name.find('.', start);
    out.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

std::optional<std::set<std::string>> NamesInSections(std::string_view text, std::string_view list) {
  std::set<std::string> names;
  std::vector<bool> stack;  // per open section: does it iterate the list?
  size_t inside = 0;        // open sections that iterate the list
  for (size_t pos = 0;;) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    bool triple = open + 2 < text.size() && text[open + 2] == '{';
    size_t close = text.find(triple ? "}}}" : "}}", open + 2);
    if (close == std::string_view::npos) return std::nullopt;  // unclosed tag: be safe
    std::string_view tag = Trim(text.substr(open + (triple ? 3 : 2), close - open - (triple ? 3 : 2)));
    pos = close + (triple ? 3 : 2);
    char sigil = tag.empty() ? '\0' : tag.front();
    if (sigil == '!') continue;
    if (sigil == '=') return std::nullopt;  // other delimiters: not parsed here
    if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '&' || sigil == '>') tag = Trim(tag.substr(1));
    if (tag.empty()) continue;
    if (sigil == '/') {
      if (!stack.empty()) {
        if (stack.back()) --inside;
        stack.pop_back();
      }
      continue;
    }
    // The list as the last segment is the list itself: a section over it
    // iterates its cards, and printing it prints nothing (kainjow renders
    // only strings). Anywhere else ({{list.title}}) it reaches into the
    // cards some way this scan does not follow.
    std::vector<std::string_view> segments = Segments(tag);
    for (size_t i = 0; i + 1 < segments.size(); ++i) {
      if (segments[i] == list) return std::nullopt;
    }
    bool names_list = segments.back() == list;
    if (inside > 0) {
      if (tag == ".") return std::nullopt;
      for (std::string_view s : Segments(tag)) names.emplace(s);
    }
    if (sigil == '#' || sigil == '^') {
      bool iterates = sigil == '#' && names_list;
      stack.push_back(iterates);
      if (iterates) ++inside;
    }
  }
  return names;
}

}  // namespace portal
