// Shared set-up of the browser tests: builds the demo portal (the repository's
// own content/ and site-config/) with the portal binary into a temporary
// folder, serves it on 127.0.0.1 with a tiny static server, and launches
// Debian's chromium through playwright-core. Nothing is downloaded.
//
//   const t = await startPortal();          // { dir, origin, browser, close() }
//   const page = await newPage(t, 360);     // a tab 360 px wide
//   await page.goto(t.origin + "/speeches/");
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");
export const screenshotDir = path.join(repoRoot, "tests/browser/screenshots");
export const WIDTHS = [360, 768, 1280];
export const CHROMIUM = process.env.PORTAL_CHROMIUM || "/usr/bin/chromium";

// Pages of the demo portal that the checks visit, by a short name.
export const PAGES = {
  home: "/",
  list: "/speeches/",
  speech: "/speeches/2024-dangjian-gongzuo-huiyi/",
  policy: "/policies/cunji-xiaowei-quanli-qingdan/",  // has a wide table
  tags: "/tags/",
  term: "/tags/ji-ceng-dang-zu-zhi-jian-she/",
  archives: "/archives/",
  search: "/search/",
  notFound: "/404.html",
};

function findBinary() {
  const env = process.env.PORTAL_BINARY;
  if (env) {
    if (!existsSync(env)) throw new Error(`PORTAL_BINARY=${env} does not exist`);
    return env;
  }
  for (const d of ["build-test", "build"]) {
    const p = path.join(repoRoot, d, "portal");
    if (existsSync(p)) return p;
  }
  throw new Error("no portal binary: build it (cmake --build build --target portal) or set PORTAL_BINARY");
}

// Builds the demo portal into a fresh temporary folder and returns it.
export function buildDemo() {
  const dest = mkdtempSync(path.join(tmpdir(), "portal-browser-"));
  execFileSync(findBinary(), ["build", "-s", repoRoot, "-d", path.join(dest, "public")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  return path.join(dest, "public");
}

// Every .html file under dir, as absolute paths, sorted.
export function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (name.endsWith(".html")) out.push(p);
  }
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".pdf": "application/pdf",
};

// Serves dir on 127.0.0.1 like a plain static host: /x/ -> /x/index.html,
// anything missing -> 404.html with status 404. Resolves to the origin.
export function serve(dir) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
    try {
      if (!file.startsWith(dir)) throw new Error("outside");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      const body = await readFile(path.join(dir, "404.html")).catch(() => "not found");
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(body);
    }
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: the browser tests need Debian's chromium (bash tests/setup.sh installs it)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// Builds, serves and launches; close() undoes all three.
export async function startPortal() {
  const dir = buildDemo();
  const { server, origin } = await serve(dir);
  const browser = await launch();
  mkdirSync(screenshotDir, { recursive: true });
  return {
    dir, origin, browser,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
      rmSync(path.dirname(dir), { recursive: true, force: true });
    },
  };
}

// A new tab `width` px wide (a phone-like height below 500 px), in its own
// context so colour scheme and permissions do not leak between checks.
// Requests that leave 127.0.0.1 fail the page: the theme uses nothing external.
export async function newPage(t, width, options = {}) {
  const context = await t.browser.newContext({
    viewport: { width, height: width < 500 ? 740 : 900 },
    deviceScaleFactor: 1,
    colorScheme: options.colorScheme || "light",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  page.external = [];
  page.errors = [];
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:") return route.continue();
    page.external.push(u.href);
    return route.abort();
  });
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") page.errors.push(m.text()); });
  page.closeAll = () => context.close();
  return page;
}

// How far the page scrolls sideways (0 when nothing sticks out).
export function overflow(page) {
  return page.evaluate(() => {
    const over = document.documentElement.scrollWidth - window.innerWidth;
    if (over <= 0) return { over: 0, culprits: [] };
    const culprits = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter((e) => !e.closest(".table-scroll, pre, .visually-hidden, .skip-link"))
      .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
    return { over, culprits };
  });
}

export function shot(page, name) {
  return page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}
