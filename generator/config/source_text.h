// Source text hygiene shared by every file the generator reads (config, pages).
#pragma once

#include <string>

#include "base/diagnostic.h"

namespace portal {

// Removes a UTF-8 BOM and turns CRLF and lone CR into LF, in place. Then
// reports the first invalid UTF-8 byte and the first NUL byte as errors at
// their line:column (showing the line with U+FFFD for bad bytes). Returns
// false when it reported an error; *text is normalized either way.
bool NormalizeText(std::string* text, const std::string& display, Diagnostics* diags);

}  // namespace portal
