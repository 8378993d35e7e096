// Theme: Mustache layouts and partials, i18n strings and static folders,
// with a site's own layouts/ and static/ overriding the theme's by name.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/diagnostic.h"

namespace portal {

class Theme {
 public:
  // Finds theme `name` (in SITE/themes/, then $PORTAL_THEMES, then the
  // themes/ folder portal was built from) and reads its layouts/*.mustache,
  // layouts/partials/*.mustache, i18n/<language>.yaml (falling back to
  // zh-CN) and the site's layouts/ overrides. Returns false with a
  // diagnostic when the theme or a required layout is missing.
  bool Load(const std::filesystem::path& site_root, const std::string& name,
            const std::string& language, Diagnostics* diags);

  // Renders layout `name` ("single", "section", ...) with `view`. Strings
  // are HTML-escaped by {{x}}; {{{x}}} is only for HTML the build made.
  // Returns false with a diagnostic naming the layout file on template
  // errors.
  // Names not in `view` are looked up in the globals (SetGlobals). An
  // object {"$card": N} in the view stands for *(*cards)[N] (views.h CardRef).
  // Thread-safe: each thread parses a layout once and reuses it.
  bool Render(const std::string& name, const nlohmann::json& view, std::string* out, Diagnostics* diags,
              const std::vector<const nlohmann::json*>* cards = nullptr) const;

  // Data shared by every page (site, i18n, sections), below every view.
  void SetGlobals(const nlohmann::json& globals);

  bool HasLayout(const std::string& name) const { return layouts_.count(name) > 0; }
  // The names layout `name` (partials expanded) can look up in the cards of
  // its list `list` (template_names.h); nullopt: any name.
  std::optional<std::set<std::string>> CardNames(const std::string& name, std::string_view list) const;
  // Hash of every layout (partials expanded), the i18n strings and the
  // globals: two themes with equal fingerprints render equal views equally.
  uint64_t fingerprint() const { return fingerprint_; }
  const nlohmann::json& i18n() const { return i18n_; }
  // Static folders to copy, lowest priority first (theme, then site).
  const std::vector<std::filesystem::path>& static_dirs() const { return static_dirs_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  struct Template {
    std::string text;
    std::string display;  // file name for messages
  };
  std::filesystem::path dir_;
  uint64_t generation_ = 0;  // tells per-thread template caches apart
  uint64_t fingerprint_ = 0;
  uint64_t layouts_fingerprint_ = 0;  // without the globals
  std::shared_ptr<const nlohmann::json> globals_;
  std::map<std::string, Template> layouts_;
  nlohmann::json i18n_ = nlohmann::json::object();
  std::vector<std::filesystem::path> static_dirs_;
};

// Finds the folder of theme `name`, or "" when there is none.
std::filesystem::path FindTheme(const std::filesystem::path& site_root, const std::string& name);

}  // namespace portal
