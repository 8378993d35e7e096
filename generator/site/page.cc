#include "site/page.h"

namespace portal {

std::string Page::Html() const { return store ? store->Get(html_ref) : body.html; }

std::string_view Page::HtmlView(std::string* scratch) const {
  if (!store) return body.html;
  *scratch = store->Get(html_ref);
  return *scratch;
}

std::string Page::Text() const { return store ? store->Get(text_ref) : body.plain_text; }

std::string Page::BlockSource() const {
  if (!store) return body.block_text();
  return store->Get(has_display ? display_ref : text_ref);
}

void Page::SetHtml(std::string html) {
  if (store) {
    html_ref = store->Put(html);
  } else {
    body.html = std::move(html);
  }
}

void Page::Park(std::shared_ptr<TextStore> to) {
  if (!to || store) return;
  store = std::move(to);
  html_ref = store->Put(body.html);
  text_ref = store->Put(body.plain_text);
  has_display = !body.display_text.empty();
  if (has_display) display_ref = store->Put(body.display_text);
  std::string().swap(body.html);
  std::string().swap(body.plain_text);
  std::string().swap(body.display_text);
}

}  // namespace portal
