// The demo portal at 360, 768 and 1280 px: nothing scrolls sideways, nothing
// is fetched from elsewhere, nothing shifts while loading, and the Chinese
// typography of issue 3 holds (measure, line height, indent, punctuation).
// Screenshots of every page and width go to tests/browser/screenshots/.
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { newPage, overflow, PAGES, shot, startPortal, WIDTHS } from "./lib/portal.mjs";

let t;
before(async () => { t = await startPortal(); });
after(async () => { await t?.close(); });

describe("every page at every width", () => {
  for (const width of WIDTHS) {
    test(`${width} px: no horizontal overflow, no external requests, no script errors`, async () => {
      const page = await newPage(t, width);
      try {
        for (const [name, url] of Object.entries(PAGES)) {
          await page.goto(t.origin + url, { waitUntil: "load" });
          const o = await overflow(page);
          assert.equal(o.over, 0, `${url} at ${width} px scrolls sideways by ${o.over} px: ${o.culprits.join(", ")}`);
          await shot(page, `${name}-${width}`);
        }
        assert.deepEqual(page.external, [], "the theme must not fetch anything from another host");
        assert.deepEqual(page.errors, []);
      } finally {
        await page.closeAll();
      }
    });
  }

  test("a wide table scrolls inside its own box, not the page", async () => {
    const page = await newPage(t, 360);
    try {
      await page.goto(t.origin + PAGES.policy);
      await page.evaluate(() => {
        // Make the table much wider than a phone, as a real 8-column table would be.
        const row = document.querySelector(".table-scroll tr");
        for (let i = 0; i < 6; i++) row.insertAdjacentHTML("beforeend", "<th>加宽的表头列</th>");
      });
      const box = await page.evaluate(() => {
        const s = document.querySelector(".table-scroll");
        return { scroll: s.scrollWidth, client: s.clientWidth, overflowX: getComputedStyle(s).overflowX };
      });
      assert.ok(box.scroll > box.client, "the widened table should be wider than its box");
      assert.equal(box.overflowX, "auto");
      assert.equal((await overflow(page)).over, 0);
    } finally {
      await page.closeAll();
    }
  });
});

describe("Chinese typography", () => {
  test("the text runs 35 to 45 characters a line on a desktop, at about 1.8 line height", async () => {
    const page = await newPage(t, 1280);
    try {
      await page.goto(t.origin + PAGES.speech);
      const m = await page.evaluate(() => {
        const p = document.querySelector(".prose > p:nth-of-type(2)");
        const s = getComputedStyle(p);
        return { width: p.clientWidth, size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight),
          synthesis: getComputedStyle(document.body).fontSynthesisWeight, family: s.fontFamily,
          lineBreak: s.lineBreak };
      });
      const chars = m.width / m.size;
      assert.ok(chars >= 35 && chars <= 45, `measure is ${chars.toFixed(1)} characters`);
      assert.ok(m.line / m.size >= 1.7 && m.line / m.size <= 1.9, `line height ${m.line / m.size}`);
      assert.equal(m.synthesis, "none", "no faux bold");
      assert.equal(m.lineBreak, "strict");
      assert.match(m.family, /PingFang SC.*Microsoft YaHei.*Noto Sans CJK SC/);
    } finally {
      await page.closeAll();
    }
  });

  test("speech paragraphs are indented two characters; sections configured without indent are not", async () => {
    const page = await newPage(t, 768);
    try {
      const indent = async (url) => {
        await page.goto(t.origin + url);
        return page.evaluate(() => {
          const s = getComputedStyle(document.querySelector(".prose > p"));
          return parseFloat(s.textIndent) / parseFloat(s.fontSize);
        });
      };
      assert.equal(await indent(PAGES.speech), 2);
      assert.equal(await indent("/cases/shiqiao-cun-jungu-chanye/"), 0);  // cases: indent: false
    } finally {
      await page.closeAll();
    }
  });

  test("no line of a speech starts with a closing punctuation mark, at any width", async () => {
    for (const width of WIDTHS) {
      const page = await newPage(t, width);
      try {
        await page.goto(t.origin + PAGES.speech);
        const bad = await page.evaluate(() => {
          const closing = "。，、；：！？）》」』”’";
          const found = [];
          for (const block of document.querySelectorAll(".prose p, .prose li, .prose h2, .prose h3, .prose h4")) {
            const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
            let lastTop = null;
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              for (let i = 0; i < n.data.length; i++) {
                const r = document.createRange();
                r.setStart(n, i); r.setEnd(n, i + 1);
                const rect = r.getClientRects()[0];
                if (!rect || rect.width === 0) continue;
                if (lastTop !== null && rect.top > lastTop + rect.height / 2 && closing.includes(n.data[i])) {
                  found.push(`${n.data.slice(Math.max(0, i - 6), i + 2)}`);
                }
                lastTop = rect.top;
              }
            }
          }
          return found;
        });
        assert.deepEqual(bad, [], `at ${width} px these lines start with punctuation`);
      } finally {
        await page.closeAll();
      }
    }
  });
});

describe("loading", () => {
  test("pages do not shift while loading (cumulative layout shift below 0.01)", async () => {
    for (const width of [360, 1280]) {
      const page = await newPage(t, width);
      try {
        await page.addInitScript(() => {
          window.__cls = 0;
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
          }).observe({ type: "layout-shift", buffered: true });
        });
        for (const url of [PAGES.home, PAGES.speech, PAGES.list, PAGES.search]) {
          await page.goto(t.origin + url, { waitUntil: "load" });
          await page.waitForTimeout(300);
          const cls = await page.evaluate(() => window.__cls);
          assert.ok(cls < 0.01, `${url} at ${width} px: layout shift ${cls}`);
        }
      } finally {
        await page.closeAll();
      }
    }
  });

  test("all CSS together is under 20 KB uncompressed", () => {
    let total = 0;
    const walk = (dir) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith(".css")) total += statSync(p).size;
      }
    };
    walk(t.dir);
    assert.ok(total > 0 && total < 20 * 1024, `CSS is ${total} bytes`);
  });
});
