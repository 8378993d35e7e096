// search-browser.mjs: bytes fetched and time to results per query in
// headless Chromium, portal's search (themes/default/static/js/search.mjs
// over public/search/) against Pagefind's JS API, side by side.
//
//   node search-browser.mjs --ours PUBLIC_DIR [--pagefind SITE_DIR]
//        [--chromium /usr/bin/chromium] [--expect JSON] [--json OUT] [QUERY ...]
//
// Both sites are served by node:http on 127.0.0.1, which answers byte ranges
// (Range: bytes=a-b -> 206) as nginx, Apache, IIS, Caddy, S3, GitHub Pages
// and portal serve do; portal's index reads its packs by range, Pagefind
// does not use ranges. Per query and engine, a
// fresh browser context (empty cache) opens a blank page and runs:
//   cold   = import the library + first query + the first page of results
//            (ours: search(q, {limit: 10}), which loads records and
//            excerpts; Pagefind: import pagefind.js, init(), search(q), then
//            data() of the first 10 results, as its UI does),
//   second = on the same page, the next query of the list (wraps around),
//            the same way.
// Bytes are what the browser received for the engine's files (response
// bodies as sent plus response headers, Playwright's request.sizes(), the
// way ../shared/bench/pagefind-query-bytes.mjs counts), also shown as bodies
// only. Times are performance.now() in the page.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
function loadPlaywright() {
  for (const dir of [here, path.join(here, "../browser"), process.cwd()]) {
    try {
      return createRequire(path.join(dir, "noop.js"))("playwright-core");
    } catch {}
  }
  console.error("search-browser: playwright-core not found (cd tests/bench && npm install)");
  process.exit(2);
}
const { chromium } = loadPlaywright();

const argv = process.argv.slice(2);
let ours = null, pagefind = null, exe = "/usr/bin/chromium", expect = {}, jsonOut = null;
const queries = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--ours") ours = argv[++i];
  else if (a === "--pagefind") pagefind = argv[++i];
  else if (a === "--chromium") exe = argv[++i];
  else if (a === "--expect") expect = JSON.parse(argv[++i]);
  else if (a === "--json") jsonOut = argv[++i];
  else queries.push(a);
}
if (!ours) {
  console.error("usage: node search-browser.mjs --ours PUBLIC_DIR [--pagefind SITE_DIR] [--expect JSON] [QUERY ...]");
  process.exit(2);
}
if (!queries.length) queries.push("党风廉政建设", "两个维护", "三会一课", "乡村振兴", "基层党组织书记");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css",
};
function serve(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    // Ranges are read with one positioned read, as nginx does, not by
    // loading the whole pack.
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return res.writeHead(404).end();
      const type = TYPES[path.extname(file)] ?? "application/octet-stream";
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      let start = 0, end = st.size - 1, status = 200;
      const headers = { "Content-Type": type, "Accept-Ranges": "bytes" };
      if (range) {
        start = Number(range[1]);
        end = range[2] === "" ? st.size - 1 : Math.min(Number(range[2]), st.size - 1);
        if (start > end) return res.writeHead(416, { "Content-Range": `bytes */${st.size}` }).end();
        status = 206;
        headers["Content-Range"] = `bytes ${start}-${end}/${st.size}`;
      }
      headers["Content-Length"] = end - start + 1;
      res.writeHead(status, headers);
      if (end < start) return res.end();
      fs.createReadStream(file, { start, end }).pipe(res);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const browser = await chromium.launch({
  executablePath: exe,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// In-page runners: each returns { ms, total, top } for one query.
const RUN = {
  ours: async ({ q, cold }) => {
    const t0 = performance.now();
    if (cold) {
      const { createSearch } = await import("/js/search.mjs");
      window.engine = createSearch({ baseUrl: "/search/" });
    }
    const r = await window.engine.search(q, { limit: 10 });
    return { ms: performance.now() - t0, total: r.total, top: r.results.length };
  },
  pagefind: async ({ q, cold }) => {
    const t0 = performance.now();
    if (cold) {
      window.pf = await import("/pagefind/pagefind.js");
      await window.pf.init();
    }
    const s = await window.pf.search(q);
    const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    return { ms: performance.now() - t0, total: s.results.length, top: data.length };
  },
};

async function measure(engine, root, prefixes) {
  const server = await serve(path.resolve(root));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const rows = [];
  for (let qi = 0; qi < queries.length; qi++) {
    const q = queries[qi], next = queries[(qi + 1) % queries.length];
    const ctx = await browser.newContext();
    let reqs = [], pending = [];
    ctx.on("requestfinished", (req) => {
      const u = new URL(req.url());
      if (!prefixes.some((p) => u.pathname.startsWith(p))) return;
      pending.push(req.sizes().then((s) => reqs.push({ body: s.responseBodySize, headers: s.responseHeadersSize })));
    });
    const page = await ctx.newPage();
    const probe = base + "__probe.html";
    await page.route(probe, (route) => route.fulfill({
      contentType: "text/html; charset=utf-8",
      body: '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body></body></html>',
    }));
    await page.goto(probe);
    const phase = async (query, cold) => {
      reqs = [];
      pending = [];
      const r = await page.evaluate(RUN[engine], { q: query, cold });
      await page.waitForTimeout(200);
      await Promise.all(pending);
      return {
        ...r, requests: reqs.length,
        bytes: reqs.reduce((s, x) => s + x.body + x.headers, 0),
        body: reqs.reduce((s, x) => s + x.body, 0),
      };
    };
    const first = await phase(q, true);
    const second = await phase(next, false);
    rows.push({ engine, query: q, next, first, second });
    await ctx.close();
  }
  server.close();
  return rows;
}

const results = { chromium: browser.version(), ours: await measure("ours", ours, ["/js/search.mjs", "/search/"]) };
if (pagefind) results.pagefind = await measure("pagefind", pagefind, ["/pagefind/"]);
await browser.close();

const kb = (b) => (b / 1000).toFixed(1);
// Pads to a display width (CJK characters take two columns).
const pad = (s, n) => {
  s = String(s);
  const w = [...s].reduce((a, c) => a + (c.codePointAt(0) >= 0x1100 ? 2 : 1), 0);
  return s + " ".repeat(Math.max(0, n - w));
};
console.log(`chromium ${results.chromium}; KB = 1000 bytes, bodies + headers (bodies only in brackets)`);
console.log([pad("query", 14), pad("engine", 9), pad("cold KB", 18), pad("cold ms", 8), pad("2nd query", 14),
  pad("2nd KB", 16), pad("2nd ms", 8), pad("results", 8), pad("grep -l", 8), "equal"].join(" "));
for (const q of queries) {
  for (const engine of ["ours", "pagefind"]) {
    const r = results[engine]?.find((x) => x.query === q);
    if (!r) continue;
    const want = expect[q];
    console.log([pad(q, 14), pad(engine, 9), pad(`${kb(r.first.bytes)} [${kb(r.first.body)}]`, 18),
      pad(r.first.ms.toFixed(0), 8), pad(r.next, 14), pad(`${kb(r.second.bytes)} [${kb(r.second.body)}]`, 16),
      pad(r.second.ms.toFixed(0), 8), pad(r.first.total, 8), pad(want ?? "", 8),
      want === undefined ? "" : r.first.total === want ? "yes" : "NO"].join(" "));
  }
}
if (results.pagefind) {
  const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
  const o = med(results.ours.map((r) => r.first.ms)), p = med(results.pagefind.map((r) => r.first.ms));
  console.log(`median cold time to results: ours ${o.toFixed(0)} ms, pagefind ${p.toFixed(0)} ms, ratio ${(p / o).toFixed(1)}x`);
}
const maxCold = Math.max(...results.ours.map((r) => r.first.bytes));
console.log(`ours: largest cold query ${kb(maxCold)} KB with headers (limit 150 KB): ${maxCold <= 150000 ? "ok" : "OVER"}`);
const mismatches = results.ours.filter((r) => expect[r.query] !== undefined && r.first.total !== expect[r.query]);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 1));
process.exit(mismatches.length ? 1 : 0);
