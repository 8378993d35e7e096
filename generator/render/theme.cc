#include "render/theme.h"

#include <atomic>
#include <cstdlib>
#include <regex>
#include <unordered_map>

#include <kainjow/mustache.hpp>
#include <yaml-cpp/yaml.h>

#include "base/file.h"
#include "base/hash.h"
#include "config/yaml_reader.h"
#include "render/template_names.h"
#include "render/views.h"

namespace portal {
namespace fs = std::filesystem;
namespace mstch = kainjow::mustache;

namespace {

#ifndef PORTAL_THEMES_DIR
#define PORTAL_THEMES_DIR ""
#endif

void ReadTemplates(const fs::path& dir, const fs::path& site_root, std::map<std::string, std::string>* text,
                   std::map<std::string, std::string>* display) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file() || e.path().extension() != ".mustache") continue;
    std::string content, error;
    if (!ReadFile(e.path(), &content, &error)) continue;
    std::string name = e.path().stem().string();
    (*text)[name] = std::move(content);
    (*display)[name] = DisplayPath(e.path(), site_root);
  }
}

// A Mustache context that reads the plain JSON views directly, so no page's
// view is ever converted into kainjow's own data tree (that conversion cost
// as much as building the views). Frames are JSON nodes; a name resolves to
// a kainjow value made on first use and kept for the rest of the render.
// Conversion rules: objects and lists as such, strings as text with "" false
// (so {{#speaker}}…{{/speaker}} hides an empty field while {{speaker}} still
// prints nothing), booleans as booleans, null false, numbers as text.
class JsonContext : public mstch::basic_context<std::string> {
 public:
  JsonContext(const nlohmann::json* globals, const nlohmann::json* view, const std::vector<const nlohmann::json*>* cards)
      : cards_(cards) {
    if (globals) frames_.push_back(globals);
    frames_.push_back(view);
  }

  void push(const mstch::data* data) override {
    auto it = owner_.find(data);
    frames_.push_back(it == owner_.end() ? nullptr : Resolve(it->second));
  }
  void pop() override { frames_.pop_back(); }

  const mstch::data* get(const std::string& name) const override {
    if (name == ".") return frames_.empty() || !frames_.back() ? nullptr : Materialize(frames_.back());
    size_t dot = name.find('.');
    for (auto f = frames_.rbegin(); f != frames_.rend(); ++f) {
      const nlohmann::json* node = *f;
      if (!node || !node->is_object()) continue;
      if (dot == std::string::npos) {
        auto it = node->find(name);
        if (it != node->end()) return Materialize(Resolve(&*it));
        continue;
      }
      size_t start = 0;
      while (node) {
        size_t end = name.find('.', start);
        std::string_view part = std::string_view(name).substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!node->is_object()) {
          node = nullptr;
          break;
        }
        auto it = node->find(part);
        node = it == node->end() ? nullptr : Resolve(&*it);
        if (end == std::string::npos) break;
        start = end + 1;
      }
      if (node) return Materialize(node);
    }
    return nullptr;
  }

  const mstch::data* get_partial(const std::string&) const override { return nullptr; }  // inlined at load

 private:
  const mstch::data* Materialize(const nlohmann::json* j) const {
    auto cached = made_.find(j);
    if (cached != made_.end()) return cached->second.get();
    std::unique_ptr<mstch::data> d;
    switch (j->type()) {
      case nlohmann::json::value_t::object:
        d = std::make_unique<mstch::data>(true);  // a true value: a section over it pushes it as a frame
        owner_[d.get()] = j;
        break;
      case nlohmann::json::value_t::array: {
        d = std::make_unique<mstch::data>(mstch::data::type::list);
        for (size_t i = 0; i < j->size(); ++i) d->push_back(mstch::data{true});
        const auto& items = d->list_value();
        for (size_t i = 0; i < items.size(); ++i) owner_[&items[i]] = Resolve(&(*j)[i]);
        break;
      }
      case nlohmann::json::value_t::string: {
        const std::string& s = j->get_ref<const std::string&>();
        d = s.empty() ? std::make_unique<mstch::data>(false) : std::make_unique<mstch::data>(s);
        break;
      }
      case nlohmann::json::value_t::boolean: d = std::make_unique<mstch::data>(j->get<bool>()); break;
      case nlohmann::json::value_t::null: d = std::make_unique<mstch::data>(false); break;
      default: d = std::make_unique<mstch::data>(j->dump()); break;
    }
    const mstch::data* out = d.get();
    made_.emplace(j, std::move(d));
    return out;
  }

  // A {"$card": N} stand-in -> the shared card it names.
  const nlohmann::json* Resolve(const nlohmann::json* j) const {
    if (cards_ && j->is_object() && j->size() == 1) {
      auto it = j->find("$card");
      if (it != j->end() && it->is_number_unsigned() && it->get<size_t>() < cards_->size()) {
        return (*cards_)[it->get<size_t>()];
      }
    }
    return j;
  }

  const std::vector<const nlohmann::json*>* cards_;
  std::vector<const nlohmann::json*> frames_;
  mutable std::unordered_map<const nlohmann::json*, std::unique_ptr<mstch::data>> made_;
  mutable std::unordered_map<const mstch::data*, const nlohmann::json*> owner_;
};

// Replaces {{> name}} with the partial's text, recursively, at load time:
// kainjow would otherwise re-parse a partial on every use, which dominated
// render time on large sites.
bool ExpandPartials(std::string* text, const std::map<std::string, std::string>& partials, int depth,
                    std::string* missing) {
  static const std::regex kPartial(R"(\{\{>\s*([A-Za-z0-9_./-]+)\s*\}\})");
  if (depth > 10) {
    *missing = "(partials nested more than 10 deep)";
    return false;
  }
  std::string out;
  auto begin = std::sregex_iterator(text->begin(), text->end(), kPartial);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out.append(*text, last, it->position() - last);
    auto p = partials.find((*it)[1].str());
    if (p == partials.end()) {
      *missing = (*it)[1].str();
      return false;
    }
    std::string inner = p->second;
    if (!ExpandPartials(&inner, partials, depth + 1, missing)) return false;
    out += inner;
    last = it->position() + it->length();
  }
  out.append(*text, last, std::string::npos);
  *text = std::move(out);
  return true;
}

std::atomic<uint64_t> g_generation{0};

}  // namespace

fs::path FindTheme(const fs::path& site_root, const std::string& name) {
  std::vector<fs::path> candidates = {site_root / "themes" / name};
  if (const char* env = std::getenv("PORTAL_THEMES")) candidates.push_back(fs::path(env) / name);
  if (*PORTAL_THEMES_DIR) candidates.push_back(fs::path(PORTAL_THEMES_DIR) / name);
  for (const fs::path& c : candidates) {
    std::error_code ec;
    if (fs::is_directory(c / "layouts", ec)) return c;
  }
  return {};
}

bool Theme::Load(const fs::path& site_root, const std::string& name, const std::string& language,
                 Diagnostics* diags) {
  dir_ = FindTheme(site_root, name);
  if (dir_.empty()) {
    diags->Error("site-config/site.yaml", 0, 0, "theme '" + name + "' not found",
                 "put it in themes/" + name + "/ (with a layouts/ folder) or set 'theme: default'");
    return false;
  }
  std::map<std::string, std::string> lt, ld, pt, pd;
  ReadTemplates(dir_ / "layouts", site_root, &lt, &ld);
  ReadTemplates(dir_ / "layouts" / "partials", site_root, &pt, &pd);
  ReadTemplates(site_root / "layouts", site_root, &lt, &ld);
  ReadTemplates(site_root / "layouts" / "partials", site_root, &pt, &pd);
  generation_ = ++g_generation;
  for (auto& [k, v] : lt) {
    std::string missing;
    if (!ExpandPartials(&v, pt, 0, &missing)) {
      diags->Error(ld[k], 0, 0, "layout uses partial '" + missing + "' that does not exist",
                   "add layouts/partials/" + missing + ".mustache or remove the {{> " + missing + "}}");
      continue;
    }
    layouts_[k] = Template{v, ld[k]};
  }

  for (const char* required : {"home", "section", "single", "taxonomy", "term", "archives", "404", "alias"}) {
    if (!layouts_.count(required)) {
      diags->Error(DisplayPath(dir_ / "layouts", site_root), 0, 0,
                   std::string("theme has no layout '") + required + ".mustache'",
                   "add layouts/" + std::string(required) + ".mustache to the theme or the site");
    }
  }
  for (const std::string& lang : {std::string("zh-CN"), language}) {
    fs::path file = dir_ / "i18n" / (lang + ".yaml");
    std::error_code ec;
    if (!fs::exists(file, ec)) continue;
    try {
      nlohmann::json strings;
      std::string error;
      if (!YamlToJson(YAML::LoadFile(file.string()), false, &strings, &error)) {
        diags->Error(DisplayPath(file, site_root), 0, 0, "the strings " + error,
                     "write each string out plainly, without aliases");
      } else if (strings.is_object()) {
        i18n_.update(strings);
      }
    } catch (const YAML::Exception& e) {
      diags->Error(DisplayPath(file, site_root), e.mark.line + 1, e.mark.column + 1, e.msg);
    }
  }
  static_dirs_ = {dir_ / "static", site_root / "static"};
  fingerprint_ = HashJson(i18n_);
  for (const auto& [k, t] : layouts_) fingerprint_ = HashCombine(fingerprint_, Hash64(k + "\n" + t.text));
  layouts_fingerprint_ = fingerprint_;
  return !diags->has_errors();
}

std::optional<std::set<std::string>> Theme::CardNames(const std::string& name, std::string_view list) const {
  auto it = layouts_.find(name);
  if (it == layouts_.end()) return std::set<std::string>();
  return NamesInSections(it->second.text, list);
}

void Theme::SetGlobals(const nlohmann::json& globals) {
  globals_ = std::make_shared<nlohmann::json>(globals);
  // Globals are part of every page (issue 8 adds featured topics to them).
  fingerprint_ = HashCombine(layouts_fingerprint_, HashJson(globals));
}

bool Theme::Render(const std::string& name, const nlohmann::json& view, std::string* out, Diagnostics* diags,
                   const std::vector<const nlohmann::json*>* cards) const {
  auto it = layouts_.find(name);
  if (it == layouts_.end()) {
    diags->Error(dir_.string(), 0, 0, "no layout '" + name + ".mustache'");
    return false;
  }
  // Parsed templates, per thread (kainjow's render is not const).
  thread_local uint64_t cached_generation = 0;
  thread_local std::unordered_map<std::string, std::unique_ptr<mstch::mustache>> cache;
  if (cached_generation != generation_) {
    cache.clear();
    cached_generation = generation_;
  }
  std::unique_ptr<mstch::mustache>& tmpl = cache[name];
  if (!tmpl) tmpl = std::make_unique<mstch::mustache>(it->second.text);
  if (!tmpl->is_valid()) {
    diags->Error(it->second.display, 0, 0, "template error: " + tmpl->error_message());
    return false;
  }
  JsonContext ctx(globals_.get(), &view, cards);
  *out = tmpl->render(ctx);
  if (!tmpl->is_valid()) {
    diags->Error(it->second.display, 0, 0, "template error: " + tmpl->error_message());
    tmpl.reset();
    return false;
  }
  return true;
}

}  // namespace portal
