#include "serve/reload_script.h"

#include <cctype>

#include "base/escape.h"

namespace portal {

namespace {

// textContent, never innerHTML: diagnostics quote the editor's text, which
// may contain markup.
const char kScript[] = R"js(<script data-portal-live-reload>
(function () {
  var box = null;
  function show(text) {
    if (!box) {
      box = document.createElement("pre");
      box.id = "portal-build-error";
      box.setAttribute("style", "position:fixed;top:1rem;left:1rem;right:1rem;max-height:80vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:1rem;background:#fff5f5;color:#8b0000;border:3px solid #c00;" +
        "border-radius:6px;font:14px/1.5 monospace;white-space:pre-wrap;box-shadow:0 4px 24px rgba(0,0,0,.3)");
      document.body.appendChild(box);
    }
    box.textContent = "构建出错（保存修改后自动恢复）\n\n" + text;
  }
  function check() {
    fetch("/__portal/errors", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (t) {
      if (t) { show(t); } else if (box) { box.remove(); box = null; }
    }).catch(function () {});
  }
  var events = new EventSource("/__portal/events");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("build-error", check);
  check();
})();
</script>
)js";

}  // namespace

std::string InjectReloadScript(std::string_view html) {
  static const std::string_view kClose = "</body>";
  size_t at = std::string_view::npos;
  for (size_t i = html.size() >= kClose.size() ? html.size() - kClose.size() + 1 : 0; i-- > 0;) {
    bool match = true;
    for (size_t k = 0; k < kClose.size() && match; ++k) {
      match = std::tolower(static_cast<unsigned char>(html[i + k])) == kClose[k];
    }
    if (match) {
      at = i;
      break;
    }
  }
  std::string out;
  out.reserve(html.size() + sizeof kScript);
  if (at == std::string_view::npos) {
    out.append(html);
    out += kScript;
  } else {
    out.append(html.substr(0, at));
    out += kScript;
    out.append(html.substr(at));
  }
  return out;
}

std::string BuildErrorPage(std::string_view errors) {
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>构建出错</title>\n</head>\n<body>\n<h1>构建出错</h1>\n"
      "<p>站点还没有成功构建过。修改下列文件并保存后，页面会自动刷新。</p>\n<pre>";
  page += EscapeHtml(errors);
  page += "</pre>\n</body>\n</html>\n";
  return InjectReloadScript(page);
}

}  // namespace portal
