#include "markdown/cmark_tree.h"

#include <cmark-gfm-core-extensions.h>

#include <cstdlib>
#include <mutex>

#include "base/utf8.h"

namespace portal {
namespace {

// CMARK_OPT_SMART stays off: Chinese text keeps the punctuation as typed.
constexpr int kParseOptions = CMARK_OPT_FOOTNOTES;
// Unsafe is right here: by render time raw HTML has been escaped unless the
// site allows it, and our own HTML (heading anchors) must come through.
constexpr int kRenderOptions = CMARK_OPT_UNSAFE;

void RegisterExtensionsOnce() {
  // The registration function keeps an unguarded static flag.
  static std::once_flag once;
  std::call_once(once, cmark_gfm_core_extensions_ensure_registered);
}

// cmark-gfm 0.29 keeps the "special inline characters" of inline extensions
// (strikethrough '~', autolink ':' 'w') in one global table: every parse
// with those extensions adds them when it parses inlines and removes them
// when done, so two such parses at once can drop each other's characters
// (~~x~~ then stays literal; seen as a flaky multi-threaded test). Parses
// that need them are serialized; the rest, nearly every page, attach only
// block-level extensions, never touch the table, and run in parallel.
// (Characters another parse marks special only split such a page's text
// into more text nodes, which renders the same.)
bool NeedsInlineExtensions(std::string_view markdown) {
  const size_t n = markdown.size();
  for (size_t i = FindAnyOf4(markdown, 0, '~', '@', ':', '.'); i < n; i = FindAnyOf4(markdown, i + 1, '~', '@', ':', '.')) {
    char c = markdown[i];
    if (c == '~' || c == '@') return true;
    if (c == ':' && i + 2 < n && markdown[i + 1] == '/' && markdown[i + 2] == '/') return true;
    if (c == '.' && i >= 3 && (markdown[i - 1] | 0x20) == 'w' && (markdown[i - 2] | 0x20) == 'w' &&
        (markdown[i - 3] | 0x20) == 'w') {
      return true;
    }
  }
  return false;
}

std::mutex g_inline_extensions;

}  // namespace

CmarkTree::CmarkTree(std::string_view markdown, bool valid_utf8) {
  RegisterExtensionsOnce();
  parser_ = cmark_parser_new(kParseOptions | (valid_utf8 ? 0 : CMARK_OPT_VALIDATE_UTF8));
  bool inline_extensions = NeedsInlineExtensions(markdown);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist", "tagfilter"}) {
    bool is_inline = std::string_view(name) == "strikethrough" || std::string_view(name) == "autolink";
    if (is_inline && !inline_extensions) continue;
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser_, ext);
    }
  }
  std::unique_lock<std::mutex> lock(g_inline_extensions, std::defer_lock);
  if (inline_extensions) lock.lock();
  cmark_parser_feed(parser_, markdown.data(), markdown.size());
  root_ = cmark_parser_finish(parser_);
}

CmarkTree::~CmarkTree() {
  cmark_node_free(root_);
  cmark_parser_free(parser_);
}

std::string CmarkTree::RenderHtml(cmark_node* node) const {
  char* html = cmark_render_html(node ? node : root_, kRenderOptions,
                                 cmark_parser_get_syntax_extensions(parser_));
  std::string out = html ? html : "";
  free(html);  // allocated by cmark's default (malloc) allocator
  return out;
}

std::vector<cmark_node*> NodesOfType(cmark_node* root, cmark_node_type type) {
  std::vector<cmark_node*> nodes;
  cmark_iter* iter = cmark_iter_new(root);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (event == CMARK_EVENT_ENTER && cmark_node_get_type(node) == type) nodes.push_back(node);
  }
  cmark_iter_free(iter);
  return nodes;
}

bool IsBlock(cmark_node* node) {
  return (cmark_node_get_type(node) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK;
}

bool IsExtensionNode(cmark_node* node, std::string_view name) {
  const char* type = cmark_node_get_type_string(node);
  return type && name == type;
}

cmark_node* EnclosingBlock(cmark_node* node) {
  while (node && !IsBlock(node)) node = cmark_node_parent(node);
  return node;
}

std::string_view Literal(cmark_node* node) {
  const char* literal = cmark_node_get_literal(node);
  return literal ? std::string_view(literal) : std::string_view();
}

}  // namespace portal
