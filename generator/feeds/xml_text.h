// Text that an XML 1.0 document can carry, and the shared XML prologue.
#pragma once

#include <string>
#include <string_view>

#include <tinyxml2.h>

namespace portal {

// `s` without what XML 1.0 cannot hold even escaped: C0 controls other than
// tab, LF and CR, and U+FFFE/U+FFFF are dropped; invalid UTF-8 becomes
// U+FFFD. tinyxml2 escapes & < > but passes these through, and a single one
// makes the whole feed unreadable to a strict parser.
std::string XmlSafeText(std::string_view s);

// Starts a document: <?xml version="1.0" encoding="utf-8"?>.
void PushXmlDeclaration(tinyxml2::XMLPrinter* printer);

// <name>text</name> with `text` made XML-safe and escaped by tinyxml2.
void PushTextElement(tinyxml2::XMLPrinter* printer, const char* name, std::string_view text);

}  // namespace portal
