// Fixture index sites for the Node tests of search.mjs, written by the C++
// index writer itself (generator/search/search_fixture_test.cc), so these
// tests check the real build output against the real query module.
//
// Where the fixture comes from, first match wins:
//   PORTAL_SEARCH_FIXTURE=DIR      an existing fixture (DIR/hand, DIR/random,
//                                  DIR/tokens.json);
//   PORTAL_SEARCH_TEST_BINARY=EXE  that search_test binary is run with
//                                  PORTAL_SEARCH_FIXTURE_OUT=<temp dir>;
//   otherwise the first build*/search_test under the repository root.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const modulePath = path.join(repoRoot, "themes/default/static/js/search.mjs");

function findBinary() {
  if (process.env.PORTAL_SEARCH_TEST_BINARY) return process.env.PORTAL_SEARCH_TEST_BINARY;
  for (const d of readdirSync(repoRoot).filter((d) => d.startsWith("build")).sort()) {
    for (const candidate of [path.join(repoRoot, d, "search_test"), path.join(repoRoot, d, "bin", "search_test")]) {
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error("no search_test binary: build it (cmake --build BUILD --target search_test) " +
    "or set PORTAL_SEARCH_FIXTURE / PORTAL_SEARCH_TEST_BINARY");
}

let cached = null;
export function fixtureDir() {
  if (cached) return cached;
  if (process.env.PORTAL_SEARCH_FIXTURE) return (cached = process.env.PORTAL_SEARCH_FIXTURE);
  const out = mkdtempSync(path.join(tmpdir(), "portal-search-fixture-"));
  execFileSync(findBinary(), ["--gtest_filter=SearchFixture.Writes*"], {
    env: { ...process.env, PORTAL_SEARCH_FIXTURE_OUT: out },
    stdio: "ignore",
  });
  return (cached = out);
}

// A loader over SITE/public/search, as `portal search` uses.
export function fileLoader(site) {
  const root = path.join(fixtureDir(), site, "public", "search");
  return async (p) => {
    try {
      return await readFile(path.join(root, p));
    } catch (e) {
      if (e.code === "ENOENT") return null;
      throw e;
    }
  };
}

// A range loader over SITE/public/search: bytes [start, end) of a file.
export function fileRangeLoader(site) {
  const root = path.join(fixtureDir(), site, "public", "search");
  return async (p, start, end) => {
    const f = await open(path.join(root, p));
    try {
      const out = new Uint8Array(end - start);
      const { bytesRead } = await f.read(out, 0, end - start, start);
      if (bytesRead !== end - start) throw new Error(`${p}: short read`);
      return out;
    } finally {
      await f.close();
    }
  };
}

// Both loaders, as createSearch takes them.
export function loaders(site) {
  return { load: fileLoader(site), loadRange: fileRangeLoader(site) };
}

export function fixtureDocs(site) {
  return JSON.parse(readFileSync(path.join(fixtureDir(), site, "docs.json"), "utf8"));
}

export function fixtureTokens() {
  return JSON.parse(readFileSync(path.join(fixtureDir(), "tokens.json"), "utf8"));
}
