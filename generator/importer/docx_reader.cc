#include "importer/docx_reader.h"

#include <tinyxml2.h>
#include <zip.h>

#include <cstring>
#include <map>
#include <memory>

#include "base/utf8.h"

namespace portal::importer {
namespace {

constexpr uint64_t kMaxPartBytes = 64ull << 20;

// Element name without its namespace prefix: "w:p" -> "p".
std::string_view Local(const tinyxml2::XMLElement* e) {
  std::string_view name = e->Name();
  size_t colon = name.find(':');
  return colon == name.npos ? name : name.substr(colon + 1);
}

const tinyxml2::XMLElement* Child(const tinyxml2::XMLElement* e, std::string_view local) {
  for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (Local(c) == local) return c;
  }
  return nullptr;
}

// The w:val attribute, whatever the namespace prefix.
std::string Val(const tinyxml2::XMLElement* e) {
  if (!e) return "";
  for (auto* a = e->FirstAttribute(); a; a = a->Next()) {
    std::string_view name = a->Name();
    if (name == "val" || (name.size() > 4 && name.substr(name.size() - 4) == ":val")) return a->Value();
  }
  return "";
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

constexpr int kTitleLevel = -1;

// Level from a style name or id: "heading 1"/"Heading1"/"标题 1"/"标题1" -> 1,
// "Title"/"标题" -> kTitleLevel, else 0.
int LevelFromName(const std::string& name) {
  std::string n = Lower(name);
  std::string rest;
  if (n.rfind("heading", 0) == 0) rest = n.substr(7);
  else if (n.rfind("标题", 0) == 0) rest = n.substr(6);
  else if (n == "title") return kTitleLevel;
  else return 0;
  if (rest.empty()) return n == "标题" ? kTitleLevel : 0;
  if (rest[0] == ' ') rest.erase(0, 1);
  return rest.size() == 1 && rest[0] >= '1' && rest[0] <= '9' ? rest[0] - '0' : 0;
}

struct StyleInfo {
  std::string name, based_on;
  int outline_level = -1;  // w:outlineLvl (0-based), -1 when absent
};

class StyleTable {
 public:
  void Load(const tinyxml2::XMLDocument& doc) {
    const tinyxml2::XMLElement* root = doc.RootElement();
    if (!root) return;
    for (auto* s = root->FirstChildElement(); s; s = s->NextSiblingElement()) {
      if (Local(s) != "style") continue;
      const char* id = nullptr;
      for (auto* a = s->FirstAttribute(); a; a = a->Next()) {
        std::string_view n = a->Name();
        if (n == "w:styleId" || n == "styleId") id = a->Value();
      }
      if (!id) continue;
      StyleInfo info;
      info.name = Val(Child(s, "name"));
      info.based_on = Val(Child(s, "basedOn"));
      if (auto* ppr = Child(s, "pPr")) {
        if (auto* lvl = Child(ppr, "outlineLvl")) info.outline_level = std::atoi(Val(lvl).c_str());
      }
      styles_[id] = info;
    }
  }

  int Level(const std::string& id, int depth = 0) const {
    auto it = styles_.find(id);
    if (it == styles_.end()) {
      if (int l = LevelFromName(id); l != 0) return l;
      return id.size() == 1 && id[0] >= '1' && id[0] <= '3' ? id[0] - '0' : 0;
    }
    if (int l = LevelFromName(it->second.name); l != 0) return l;
    if (it->second.outline_level >= 0 && it->second.outline_level < 9) return it->second.outline_level + 1;
    if (!it->second.based_on.empty() && depth < 8) return Level(it->second.based_on, depth + 1);
    return 0;
  }

 private:
  std::map<std::string, StyleInfo> styles_;
};

// Appends the visible text under `e`, skipping nested paragraphs (text boxes).
void CollectText(const tinyxml2::XMLElement* e, std::string* text) {
  for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    std::string_view n = Local(c);
    if (n == "p" || n == "delText" || n == "instrText" || n == "del") continue;
    if (n == "t") {
      if (c->GetText()) *text += c->GetText();
    } else if (n == "tab") {
      *text += ' ';
    } else if (n == "br" || n == "cr") {
      *text += '\n';
    } else {
      CollectText(c, text);
    }
  }
}

void Walk(const tinyxml2::XMLElement* e, const StyleTable& styles, int* number,
          std::vector<SourceLine>* out) {
  for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (Local(c) != "p") {
      Walk(c, styles, number, out);
      continue;
    }
    ++*number;
    int level = 0;
    if (auto* ppr = Child(c, "pPr")) {
      level = styles.Level(Val(Child(ppr, "pStyle")));
      if (auto* lvl = Child(ppr, "outlineLvl"); lvl && level == 0) {
        int l = std::atoi(Val(lvl).c_str());
        if (l >= 0 && l < 9) level = l + 1;
      }
    }
    std::string text;
    CollectText(c, &text);
    size_t start = 0;
    for (;;) {
      size_t end = text.find('\n', start);
      SourceLine line;
      line.text = std::string(TrimSpaces(std::string_view(text).substr(start, end - start)));
      line.line = *number;
      line.title_style = level == kTitleLevel;
      line.heading_level = level >= 1 && level <= 3 ? level : 0;
      out->push_back(std::move(line));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    Walk(c, styles, number, out);  // paragraphs in text boxes come after their anchor
  }
}

bool ReadZipEntry(zip_t* zip, const char* name, std::string* out) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > kMaxPartBytes) {
    return false;
  }
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen(zip, name, 0), zip_fclose);
  if (!f) return false;
  out->assign(st.size, '\0');
  zip_int64_t n = zip_fread(f.get(), out->data(), st.size);
  return n >= 0 && static_cast<zip_uint64_t>(n) == st.size;
}

}  // namespace

bool ParseWordXml(std::string_view document_xml, std::string_view styles_xml,
                  std::vector<SourceLine>* out, std::string* error) {
  StyleTable styles;
  if (!styles_xml.empty()) {
    tinyxml2::XMLDocument sdoc;
    if (sdoc.Parse(styles_xml.data(), styles_xml.size()) == tinyxml2::XML_SUCCESS) styles.Load(sdoc);
  }
  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  if (doc.Parse(document_xml.data(), document_xml.size()) != tinyxml2::XML_SUCCESS) {
    *error = std::string("word/document.xml is not well-formed XML (") + doc.ErrorStr() +
             "); open the file in Word, save it again and import again";
    return false;
  }
  const tinyxml2::XMLElement* root = doc.RootElement();
  const tinyxml2::XMLElement* body = root ? Child(root, "body") : nullptr;
  if (!body) {
    *error = "word/document.xml has no <w:body>; is this a Word document?";
    return false;
  }
  int number = 0;
  out->clear();
  Walk(body, styles, &number, out);
  // tinyxml2 checks no encoding: invalid UTF-8 (raw, or from a character
  // reference such as &#xD800;) would reach the page and fail the build
  // (found by import_text_fuzz).
  for (const SourceLine& line : *out) {
    if (FindInvalidUtf8(line.text) != std::string_view::npos) {
      *error = "paragraph " + std::to_string(line.line) +
               " of word/document.xml is not valid UTF-8; open the file in Word, save it again and import again";
      out->clear();
      return false;
    }
  }
  return true;
}

bool ReadDocx(const std::filesystem::path& path, std::vector<SourceLine>* out, std::string* error) {
  int code = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> zip(zip_open(path.c_str(), ZIP_RDONLY, &code),
                                                     zip_discard);
  if (!zip) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    *error = std::string("cannot open it as a .docx (zip) file: ") + zip_error_strerror(&ze) +
             "; old .doc files must be saved as .docx in Word first";
    zip_error_fini(&ze);
    return false;
  }
  std::string document, styles;
  if (!ReadZipEntry(zip.get(), "word/document.xml", &document)) {
    *error = "the .docx has no readable word/document.xml; save it again in Word as .docx";
    return false;
  }
  ReadZipEntry(zip.get(), "word/styles.xml", &styles);  // optional
  return ParseWordXml(document, styles, out, error);
}

}  // namespace portal::importer
