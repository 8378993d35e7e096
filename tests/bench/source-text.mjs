// source-text.mjs CORPUS_DIR OUT_DIR
//
// Writes OUT_DIR/<section>/<name>.txt for every CORPUS_DIR/content/**/*.md:
// the "source text" of the search benchmark, i.e. exactly the fields the
// search index holds, one per line group:
//   title (front matter), tags (front matter, one per line),
//   headings and body text (the Markdown body with its markup removed:
//   heading marks, blockquote marks, list bullets, ** emphasis).
// Not included, because the index does not hold them: date, author,
// summary and any other front matter. Lines are kept as lines, so
// `grep -rlF QUERY OUT_DIR` counts the documents containing QUERY in one
// field, which is what the index answers (a match never spans two fields or
// two paragraphs). The corpus is simplified Chinese, so folding (NFKC,
// lowercase, traditional -> simplified) does not change these counts.
import fs from "node:fs";
import path from "node:path";

const [corpus, out] = process.argv.slice(2);
if (!corpus || !out) {
  console.error("usage: node source-text.mjs CORPUS_DIR OUT_DIR");
  process.exit(2);
}
const root = path.join(corpus, "content");
let docs = 0, bytes = 0;
function unquote(v) {
  v = v.trim();
  if (v.startsWith('"') && v.endsWith('"')) return JSON.parse(v);
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replaceAll("''", "'");
  return v;
}
function walk(dir, rel) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, path.join(rel, e.name));
    else if (e.name.endsWith(".md")) {
      const src = fs.readFileSync(p, "utf8");
      const m = /^---\n([\s\S]*?)\n---\n?/.exec(src);
      const front = m ? m[1] : "";
      const body = m ? src.slice(m[0].length) : src;
      const lines = [];
      for (const line of front.split("\n")) {
        const kv = /^(\w+):\s*(.*)$/.exec(line);
        if (!kv) continue;
        if (kv[1] === "title") lines.push(unquote(kv[2]));
        if (kv[1] === "tags") {
          const v = kv[2].trim();
          const list = v.startsWith("[") ? JSON.parse(v) : [unquote(v)];
          lines.push(...list);
        }
      }
      for (let line of body.split("\n")) {
        line = line.replace(/^\s*#{1,6}\s+/, "").replace(/^\s*(>\s*)+/, "").replace(/^\s*([-*+]|\d+[.)])\s+/, "");
        line = line.replaceAll("**", "");
        if (line.trim()) lines.push(line);
      }
      const text = lines.join("\n") + "\n";
      const target = path.join(out, rel, e.name.replace(/\.md$/, ".txt"));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
      docs++;
      bytes += Buffer.byteLength(text);
    }
  }
}
walk(root, "");
console.log(JSON.stringify({ docs, bytes }));
