// The live-reload script the dev server adds to HTML (serve mode only;
// `portal build` output never contains it), and the page shown when there
// is no good build to serve.
#pragma once

#include <string>
#include <string_view>

namespace portal {

// `html` with the reload script inserted before its last </body> (appended
// when there is none). The script listens on /__portal/events, reloads on
// "reload" and shows /__portal/errors as an overlay on "build-error".
std::string InjectReloadScript(std::string_view html);

// A whole HTML page listing `errors` (escaped), with the reload script, for
// when the site has never built.
std::string BuildErrorPage(std::string_view errors);

}  // namespace portal
