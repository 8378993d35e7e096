// search-browser.mjs: bytes fetched and time to results per query in
// headless Chromium, portal's search (themes/default/static/js/search.mjs
// over public/search/) against Pagefind's JS API, side by side.
//
//   node search-browser.mjs --ours PUBLIC_DIR [--pagefind SITE_DIR]
//        [--chromium /usr/bin/chromium] [--expect JSON] [--json OUT]
//        [--repeat N] [QUERY ...]
//
// Both sites are served by node:http on 127.0.0.1, which answers byte ranges
// (Range: bytes=a-b -> 206) as nginx, Apache, IIS, Caddy, S3, GitHub Pages
// and portal serve do; portal's index reads its packs by range, Pagefind
// does not use ranges. Per query and engine, a fresh Chromium (new profile,
// empty cache) opens a runner page on that server which runs:
//   cold   = import the library + first query + the first page of results
//            (ours: search(q, {limit: 10}), which loads records and
//            excerpts; Pagefind: import pagefind.js, init(), search(q), then
//            data() of the first 10 results, as its UI does),
//   second = on the same page, the next query of the list (wraps around),
//            the same way,
// and posts its times back. Both engines' files are read once before the
// queries, so both are served from memory. Each query runs --repeat times
// (default 5) per engine, each in a new browser, the engines taking turns;
// times shown are the median of those runs (bytes are the same in every
// run). Times are performance.now() in the page; the cold query starts one
// second after the runner page has loaded, so that the new browser's own
// start-up is not timed (it slowed the first requests by tens of
// milliseconds).
//
// The browser is driven without DevTools: Playwright (or any CDP client)
// subscribes to network events, and on this 2-core machine that doubled
// the cost of each request (10 parallel range requests: 54-110 ms under
// Playwright, 27-70 ms without), which is not what a reader's browser pays.
// Bytes are therefore counted by the server: for each response to one of the
// engine's files, its header block as sent plus its body, per phase (the
// runner page tells the server when the second query starts, after waiting
// 200 ms for stragglers of the first).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";

const argv = process.argv.slice(2);
let ours = null, pagefind = null, exe = "/usr/bin/chromium", expect = {}, jsonOut = null, repeat = 5;
const queries = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--ours") ours = argv[++i];
  else if (a === "--pagefind") pagefind = argv[++i];
  else if (a === "--chromium") exe = argv[++i];
  else if (a === "--expect") expect = JSON.parse(argv[++i]);
  else if (a === "--json") jsonOut = argv[++i];
  else if (a === "--repeat") repeat = Math.max(1, Number(argv[++i]) || 1);
  else queries.push(a);
}
if (!ours) {
  console.error("usage: node search-browser.mjs --ours PUBLIC_DIR [--pagefind SITE_DIR] [--expect JSON] [QUERY ...]");
  process.exit(2);
}
if (!fs.existsSync(exe)) {
  console.error(`search-browser: ${exe} not found (apt-get install chromium, or --chromium PATH)`);
  process.exit(2);
}
if (!queries.length) queries.push("党风廉政建设", "两个维护", "三会一课", "乡村振兴", "基层党组织书记");

// In-page runners: each returns { ms, total, top } for one query.
const RUN = {
  ours: `async ({ q, cold }) => {
    const t0 = performance.now();
    if (cold) {
      const { createSearch } = await import("/js/search.mjs");
      window.engine = createSearch({ baseUrl: "/search/" });
    }
    const r = await window.engine.search(q, { limit: 10 });
    return { ms: performance.now() - t0, total: r.total, top: r.results.length };
  }`,
  pagefind: `async ({ q, cold }) => {
    const t0 = performance.now();
    if (cold) {
      window.pf = await import("/pagefind/pagefind.js");
      await window.pf.init();
    }
    const s = await window.pf.search(q);
    const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    return { ms: performance.now() - t0, total: s.results.length, top: data.length };
  }`,
};
const PREFIXES = { ours: ["/js/search.mjs", "/search/"], pagefind: ["/pagefind/"] };

function runnerPage(engine) {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><script type="module">
const run = ${RUN[engine]};
const params = new URLSearchParams(location.search);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let out;
try {
  // A reader types a query into a page that has loaded, not into a browser
  // that is still starting: the fresh profile's start-up work would be timed.
  await sleep(1000);
  const first = await run({ q: params.get("q"), cold: true });
  await sleep(200);
  await fetch("/__bench/second", { method: "POST" });
  const second = await run({ q: params.get("next"), cold: false });
  await sleep(200);
  out = { first, second };
} catch (e) {
  out = { error: String(e && e.stack || e) };
}
await fetch("/__bench/done", { method: "POST", body: JSON.stringify(out) });
</script></body></html>`;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
  ".json": "application/json", ".wasm": "application/wasm", ".css": "text/css",
};

// The server of one engine's site; `current` is the measurement under way:
// { phase: "first" | "second", first: [], second: [], done(result) }.
function serve(root, engine) {
  let current = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname.startsWith("/__bench")) {
      if (url.pathname === "/__bench.html") {
        return res.writeHead(200, { "Content-Type": TYPES[".html"], "Cache-Control": "no-store" }).end(runnerPage(engine));
      }
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        res.writeHead(204).end();
        if (!current) return;
        if (url.pathname === "/__bench/second") current.phase = "second";
        if (url.pathname === "/__bench/done") current.done(JSON.parse(body));
      });
      return;
    }
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    const counted = PREFIXES[engine].some((p) => url.pathname.startsWith(p)) && current;
    const log = counted ? current[current.phase] : null;
    const sent = (bodyBytes) => {
      if (log) log.push({ body: bodyBytes, headers: Buffer.byteLength(res._header ?? "") });
    };
    // Ranges are read with one positioned read, as nginx does, not by
    // loading the whole pack.
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        res.writeHead(404).end();
        return sent(0);
      }
      const type = TYPES[path.extname(file)] ?? "application/octet-stream";
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      let start = 0, end = st.size - 1, status = 200;
      const headers = { "Content-Type": type, "Accept-Ranges": "bytes" };
      if (range) {
        start = Number(range[1]);
        end = range[2] === "" ? st.size - 1 : Math.min(Number(range[2]), st.size - 1);
        if (start > end) {
          res.writeHead(416, { "Content-Range": `bytes */${st.size}` }).end();
          return sent(0);
        }
        status = 206;
        headers["Content-Range"] = `bytes ${start}-${end}/${st.size}`;
      }
      headers["Content-Length"] = end - start + 1;
      res.writeHead(status, headers);
      sent(end - start + 1);
      if (end < start) return res.end();
      fs.createReadStream(file, { start, end }).pipe(res);
    });
  });
  const measure = (q, next) => new Promise((resolve, reject) => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "search-browser-"));
    const logs = [];
    const url = `http://127.0.0.1:${server.address().port}/__bench.html?q=${encodeURIComponent(q)}&next=${encodeURIComponent(next)}`;
    const child = spawn(exe, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
      `--user-data-dir=${profile}`, url], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.on("data", (d) => logs.push(d));
    const finish = (fn) => {
      clearTimeout(timer);
      current = null;
      const cleanup = () => fs.rm(profile, { recursive: true, force: true }, fn);
      // A browser that already died sends no second "exit".
      if (child.exitCode !== null || child.signalCode !== null) return cleanup();
      child.kill("SIGKILL");
      child.once("exit", cleanup);
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`${engine} ${q}: no answer in 60 s\n${Buffer.concat(logs)}`))), 60000);
    current = {
      phase: "first", first: [], second: [],
      done: (r) => {
        const phases = { first: current.first, second: current.second };
        finish(() => {
          if (r.error) return reject(new Error(`${engine} ${q}: ${r.error}`));
          const sum = (list, k) => list.reduce((s, x) => s + x[k], 0);
          const with_ = (p) => ({
            ...r[p], requests: phases[p].length,
            bytes: sum(phases[p], "body") + sum(phases[p], "headers"), body: sum(phases[p], "body"),
          });
          resolve({ engine, query: q, next, first: with_("first"), second: with_("second") });
        });
      },
    };
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, measure })));
}

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

// Reads every file of the engine once, so both are served from the page
// cache, as a warm nginx or a CDN edge serves them (Pagefind's 17 GB run
// between our build and this measurement evicts our index from memory).
function warm(root, engine) {
  const walk = (p) => {
    let st;
    try { st = fs.statSync(p); } catch { return 0; }
    if (st.isDirectory()) return fs.readdirSync(p).reduce((n, e) => n + walk(path.join(p, e)), 0);
    return fs.readFileSync(p).length;
  };
  return PREFIXES[engine].reduce((n, prefix) => n + walk(path.join(root, prefix)), 0);
}

// Runs every query `repeat` times per engine, the engines taking turns run
// by run, so a stretch of load on the machine (this VM's host takes CPU
// away at times) falls on both alike.
async function measureAll(sites) {
  const engines = Object.keys(sites);
  const servers = {};
  for (const engine of engines) {
    warm(path.resolve(sites[engine]), engine);
    servers[engine] = await serve(path.resolve(sites[engine]), engine);
  }
  const rows = Object.fromEntries(engines.map((e) => [e, []]));
  try {
    for (let qi = 0; qi < queries.length; qi++) {
      const runs = Object.fromEntries(engines.map((e) => [e, []]));
      for (let k = 0; k < repeat; k++) {
        for (const engine of engines) {
          runs[engine].push(await servers[engine].measure(queries[qi], queries[(qi + 1) % queries.length]));
        }
      }
      for (const engine of engines) {
        const row = runs[engine][0];
        for (const phase of ["first", "second"]) {
          row[phase].runs = runs[engine].map((r) => r[phase].ms);
          row[phase].ms = median(row[phase].runs);
        }
        rows[engine].push(row);
      }
    }
  } finally {
    for (const { server } of Object.values(servers)) server.close();
  }
  return rows;
}

const version = await new Promise((resolve) => {
  const c = spawn(exe, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  c.stdout.on("data", (d) => (out += d));
  c.on("exit", () => resolve(out.trim()));
});
const results = { chromium: version, ...(await measureAll(pagefind ? { ours, pagefind } : { ours })) };

const kb = (b) => (b / 1000).toFixed(1);
// Pads to a display width (CJK characters take two columns).
const pad = (s, n) => {
  s = String(s);
  const w = [...s].reduce((a, c) => a + (c.codePointAt(0) >= 0x1100 ? 2 : 1), 0);
  return s + " ".repeat(Math.max(0, n - w));
};
console.log(`${results.chromium}, no DevTools attached; ms = median of ${repeat} runs, each in a new browser; KB = 1000 bytes, bodies + headers (bodies only in brackets)`);
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
  const o = median(results.ours.map((r) => r.first.ms)), p = median(results.pagefind.map((r) => r.first.ms));
  console.log(`median cold time to results: ours ${o.toFixed(0)} ms, pagefind ${p.toFixed(0)} ms, ratio ${(p / o).toFixed(1)}x (goal >= 5x)`);
  const all = (e) => results[e].flatMap((r) => r.first.runs).sort((x, y) => x - y);
  for (const e of ["ours", "pagefind"]) console.log(`  ${e} cold runs: ${all(e).map((x) => x.toFixed(0)).join(" ")}`);
}
const maxCold = Math.max(...results.ours.map((r) => r.first.bytes));
console.log(`ours: largest cold query ${kb(maxCold)} KB with headers (limit 150 KB): ${maxCold <= 150000 ? "ok" : "OVER"}`);
const mismatches = results.ours.filter((r) => expect[r.query] !== undefined && r.first.total !== expect[r.query]);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 1));
process.exit(mismatches.length ? 1 : 0);
