// Every generated HTML page passes the Nu HTML Checker, and axe-core finds no
// serious or critical accessibility problem on the main pages, light and dark.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { htmlFiles, newPage, PAGES, startPortal } from "./lib/portal.mjs";

const require = createRequire(import.meta.url);
const vnuJar = path.join(path.dirname(require.resolve("vnu-jar/package.json")), "build/dist/vnu.jar");
const axeScript = require.resolve("axe-core/axe.min.js");

let t;
let vnu;  // the checker runs in the background while axe drives the browser
before(async () => {
  t = await startPortal();
  vnu = checkAll(htmlFiles(t.dir));
});
after(async () => { await t?.close(); });

// Runs vnu.jar once over all files; resolves to { files, report } or { error }.
function checkAll(files) {
  return new Promise((resolve) => {
    const java = spawn("java", ["-jar", vnuJar, "--errors-only", "--format", "json", ...files],
      { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    java.stdout.on("data", (d) => { out += d; });
    java.stderr.on("data", (d) => { err += d; });
    java.on("error", (e) => resolve({ error: `cannot run java (bash tests/setup.sh installs default-jre-headless): ${e.message}` }));
    java.on("close", (code) => {
      try {
        resolve({ files: files.length, report: JSON.parse(err || out) });
      } catch {
        resolve({ error: `vnu did not report JSON (exit ${code}):\n${err}\n${out}` });
      }
    });
  });
}

describe("axe-core", () => {
  // The five pages of issue 3 in both schemes at both ends; the others once.
  const main = ["home", "list", "speech", "tags", "search"];
  const runs = [["light", 1280, [...main, "term", "archives", "notFound"]], ["light", 360, main],
    ["dark", 1280, main], ["dark", 360, main]];
  for (const [scheme, width, names] of runs) {
    test(`${scheme}, ${width} px: no serious or critical violations on ${names.join(", ")}`, async () => {
      const page = await newPage(t, width, { colorScheme: scheme });
      try {
        const found = [];
        for (const name of names) {
          await page.goto(t.origin + PAGES[name]);
          await page.addScriptTag({ path: axeScript });
          const violations = await page.evaluate(async () => {
            const r = await window.axe.run(document, { resultTypes: ["violations"] });
            return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} ${n.failureSummary.split("\n")[1] || ""}`) }));
          });
          for (const v of violations) {
            if (v.impact === "serious" || v.impact === "critical") {
              found.push(`${name}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join("\n    ")}`);
            }
          }
        }
        assert.deepEqual(found, []);
      } finally {
        await page.closeAll();
      }
    });
  }
});

describe("Nu HTML Checker", () => {
  test("every generated HTML page has no errors", async () => {
    const { error, files, report } = await vnu;
    assert.equal(error, undefined);
    assert.ok(files > 30, `only ${files} pages built`);
    const errors = report.messages.filter((m) => m.type === "error" || m.subType === "fatal");
    const text = errors.map((m) => `${m.url.replace(`file:${t.dir}`, "")}:${m.lastLine}: ${m.message}\n  ${m.extract}`);
    assert.deepEqual(text, []);
  });
});
