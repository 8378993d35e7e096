// Dark mode follows the system; print media prints a speech cleanly (no menu,
// no search, the page URL in the footer, headings kept with their text).
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { newPage, overflow, PAGES, screenshotDir, shot, startPortal } from "./lib/portal.mjs";

let t;
before(async () => { t = await startPortal(); });
after(async () => { await t?.close(); });

// Relative luminance of a computed rgb() colour, 0 (black) to 1 (white).
const luminance = (rgb) => {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

const colours = (page) => page.evaluate(() => {
  const s = getComputedStyle(document.body);
  return { bg: s.backgroundColor, fg: s.color };
});

describe("dark mode", () => {
  test("follows the system colour scheme, readable at every width", async () => {
    for (const width of [360, 1280]) {
      const page = await newPage(t, width, { colorScheme: "dark" });
      try {
        for (const name of ["home", "list", "speech", "tags", "archives", "search"]) {
          await page.goto(t.origin + PAGES[name]);
          const c = await colours(page);
          assert.ok(luminance(c.bg) < 0.05, `${name}: dark background, got ${c.bg}`);
          assert.ok(luminance(c.fg) > 0.6, `${name}: light text, got ${c.fg}`);
          assert.equal((await overflow(page)).over, 0);
          await shot(page, `${name}-${width}-dark`);
        }
      } finally {
        await page.closeAll();
      }
    }
  });

  test("switches with the system setting on an open page", async () => {
    const page = await newPage(t, 768);
    try {
      await page.goto(t.origin + PAGES.speech);
      assert.ok(luminance((await colours(page)).bg) > 0.8);
      await page.emulateMedia({ colorScheme: "dark" });
      assert.ok(luminance((await colours(page)).bg) < 0.05);
    } finally {
      await page.closeAll();
    }
  });
});

describe("print", () => {
  test("a speech prints without menu or search, with its URL, headings kept with their text", async () => {
    const page = await newPage(t, 768);
    try {
      await page.goto(t.origin + PAGES.speech);
      await page.emulateMedia({ media: "print" });
      const hidden = async (sel) => page.locator(sel).first().evaluate((e) => getComputedStyle(e).display === "none");
      for (const sel of [".site-nav", ".header-search", ".toc", ".prev-next", ".skip-link", ".anchor"]) {
        assert.ok(await hidden(sel), `${sel} is not printed`);
      }
      const url = page.locator(".print-url");
      assert.ok(await url.isVisible(), "the page URL is printed");
      assert.match(await url.textContent(), /https:\/\/dj\.dongfeng\.example\.cn\/speeches\/2024-dangjian-gongzuo-huiyi\//);
      const breaks = await page.locator(".prose h2").first().evaluate((e) => getComputedStyle(e).breakAfter);
      assert.equal(breaks, "avoid");
      const colour = await colours(page);
      assert.ok(luminance(colour.bg) > 0.95 && luminance(colour.fg) < 0.05, "black on white");
      await shot(page, "speech-print");
      await page.pdf({ path: path.join(screenshotDir, "speech-print.pdf"), format: "A4", printBackground: false });
    } finally {
      await page.closeAll();
    }
  });

  test("print media stays black on white even when the system is dark", async () => {
    const page = await newPage(t, 768, { colorScheme: "dark" });
    try {
      await page.goto(t.origin + PAGES.speech);
      await page.emulateMedia({ media: "print", colorScheme: "dark" });
      const c = await colours(page);
      assert.ok(luminance(c.bg) > 0.95 && luminance(c.fg) < 0.05, `got ${c.fg} on ${c.bg}`);
    } finally {
      await page.closeAll();
    }
  });
});
