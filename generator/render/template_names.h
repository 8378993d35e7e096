// Which names a Mustache template can look up inside the sections that
// iterate a list, so that a list page's memo key need only cover the card
// fields it can show (a body edit that leaves title, date and summary alone
// then re-renders no list).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace portal {

// Every name used in a tag inside a section `{{#list}}…{{/list}}` (or one
// whose dotted name ends in `.list`), nested sections included, each
// segment of a dotted name on its own ("date.cn" gives "date" and "cn").
// nullopt means "any name": the template changes its delimiters, renders
// `{{.}}` there, or reaches into the list some other way
// (`{{list.title}}`, `{{#page.list.0}}`), so nothing can be left out.
// `{{list}}` or `{{other.list}}` print nothing of it (kainjow prints only
// strings) and do not count.
std::optional<std::set<std::string>> NamesInSections(std::string_view text, std::string_view list);

}  // namespace portal
