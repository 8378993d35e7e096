#include "serve/static_server.h"

#include "base/escape.h"

namespace portal {

std::shared_ptr<const ServedSite> ServedSiteOf(const OutputPlan& plan) {
  auto next = std::make_shared<ServedSite>();
  next->files.insert(plan.files().begin(), plan.files().end());
  next->copies = plan.copies();
  return next;
}

bool PercentDecode(std::string_view in, std::string* out) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size() || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) return false;
    out->push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
    i += 2;
  }
  return true;
}

ResolvedRequest ResolveRequest(std::string_view target, const ServedSite& site) {
  ResolvedRequest r;
  std::string_view raw = target.substr(0, target.find_first_of("?#"));
  std::string path;
  if (raw.empty() || raw[0] != '/' || !PercentDecode(raw, &path)) {
    r.kind = ResolvedRequest::kBadRequest;
    return r;
  }
  // Refuse rather than normalize: a browser never sends these, an attacker
  // probing for ../ does.
  for (unsigned char c : path) {
    if (c < 0x20 || c == 0x7f || c == '\\') {
      r.kind = ResolvedRequest::kBadRequest;
      return r;
    }
  }
  std::string rel = path.substr(1);
  for (size_t start = 0; start <= rel.size();) {
    size_t end = rel.find('/', start);
    if (end == std::string::npos) end = rel.size();
    std::string_view seg(rel.data() + start, end - start);
    if (seg == "." || seg == "..") {
      r.kind = ResolvedRequest::kBadRequest;
      return r;
    }
    start = end + 1;
  }
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  if (!OutputPlan::IsSafePath(rel)) {  // empty segments ("//") and the like
    r.kind = ResolvedRequest::kNotFound;
    return r;
  }
  if (site.Contains(rel)) {
    r.kind = ResolvedRequest::kFile;
    r.path = rel;
    return r;
  }
  if (site.Contains(rel + "/index.html")) {
    r.kind = ResolvedRequest::kRedirect;
    r.location = "/" + PercentEncodePath(rel) + "/";
    return r;
  }
  r.kind = ResolvedRequest::kNotFound;
  return r;
}

}  // namespace portal
