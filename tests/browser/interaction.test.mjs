// The menu, the table of contents, the skip link and the heading links, used
// by keyboard and by click, with JavaScript and without it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { newPage, PAGES, shot, startPortal } from "./lib/portal.mjs";

let t;
before(async () => { t = await startPortal(); });
after(async () => { await t?.close(); });

// Presses Tab until `selector` has the focus (at most `limit` times).
async function tabTo(page, selector, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focusRing = (page) => page.evaluate(() => {
  const s = getComputedStyle(document.activeElement);
  return s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
});

const inViewport = (page, selector) => page.evaluate((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return r.top >= -1 && r.top < window.innerHeight / 2;
}, selector);

describe("skip link and menu", () => {
  test("the first Tab shows the skip link, which moves the focus to the main content", async () => {
    const page = await newPage(t, 360);
    try {
      await page.goto(t.origin + PAGES.speech);
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
      const box = await page.locator(".skip-link").boundingBox();
      assert.ok(box.y >= 0 && box.x >= 0, "the focused skip link is on screen");
      assert.ok(await focusRing(page), "focus is visible");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement.id), "main");
    } finally {
      await page.closeAll();
    }
  });

  for (const width of [360, 768, 1280]) {
    test(`${width} px: every menu entry is visible and works by keyboard and by click`, async () => {
      const page = await newPage(t, width);
      try {
        await page.goto(t.origin + PAGES.home);
        const items = page.locator(".site-nav a");
        const n = await items.count();
        assert.ok(n >= 6);
        for (let i = 0; i < n; i++) assert.ok(await items.nth(i).isVisible(), `menu entry ${i} is visible`);
        await tabTo(page, '.site-nav a[href="/speeches/"]');
        assert.ok(await focusRing(page), "focus is visible on the menu");
        await Promise.all([page.waitForURL("**/speeches/"), page.keyboard.press("Enter")]);
        assert.equal(await page.locator('.site-nav a[aria-current="page"]').textContent(), "领导讲话");
        await Promise.all([page.waitForURL("**/archives/"), page.locator(".site-nav a", { hasText: "归档" }).click()]);
        assert.equal(await page.locator('.site-nav a[aria-current="page"]').textContent(), "归档");
      } finally {
        await page.closeAll();
      }
    });
  }
});

describe("table of contents", () => {
  test("on a phone it is closed at the top and opens by keyboard and by click", async () => {
    const page = await newPage(t, 360);
    try {
      await page.goto(t.origin + PAGES.speech);
      const toc = page.locator("details.toc");
      assert.equal(await toc.evaluate((d) => d.open), false, "closed by default on a phone");
      assert.equal(await page.locator(".toc nav a").first().isVisible(), false);
      const tocTop = await toc.boundingBox();
      const proseTop = await page.locator(".prose").boundingBox();
      assert.ok(tocTop.y < proseTop.y, "the contents come before the text");

      // Keyboard: Tab to the summary, Enter opens, Tab to an entry, Enter jumps there.
      await tabTo(page, ".toc summary");
      assert.ok(await focusRing(page));
      await page.keyboard.press("Enter");
      assert.equal(await toc.evaluate((d) => d.open), true);
      await shot(page, "toc-open-360");
      await page.keyboard.press("Tab");
      const target = await page.evaluate(() => document.activeElement.getAttribute("href"));
      assert.match(target, /^#/);
      await page.keyboard.press("Enter");
      await page.waitForFunction((h) => decodeURIComponent(location.hash) === decodeURIComponent(h), target);
      assert.ok(await inViewport(page, `[id="${decodeURIComponent(target.slice(1))}"]`), "the chosen section is in view");
      assert.equal(await toc.evaluate((d) => d.open), false, "the box closes after a choice");

      // Click: the summary opens it, an entry jumps.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator(".toc summary").click();
      assert.equal(await toc.evaluate((d) => d.open), true);
      const link = page.locator(".toc nav a").nth(3);
      const href = await link.getAttribute("href");
      await link.click();
      await page.waitForFunction((h) => decodeURIComponent(location.hash) === decodeURIComponent(h), href);
      assert.ok(await inViewport(page, `[id="${decodeURIComponent(href.slice(1))}"]`));
    } finally {
      await page.closeAll();
    }
  });

  test("on a wide screen it stays beside the text and marks the section being read", async () => {
    const page = await newPage(t, 1280);
    try {
      await page.goto(t.origin + PAGES.speech);
      const nav = page.locator(".toc nav");
      assert.ok(await nav.isVisible(), "open on a wide screen");
      const tocBox = await page.locator(".toc").boundingBox();
      const proseBox = await page.locator(".prose").boundingBox();
      assert.ok(tocBox.x > proseBox.x + proseBox.width, "beside the text, on its right");
      assert.equal(await page.locator(".toc nav a[aria-current]").count(), 1);

      // Click the last entry: the page scrolls, the TOC is still on screen and marks it.
      const last = page.locator(".toc nav a").last();
      const href = await last.getAttribute("href");
      await last.click();
      await page.waitForFunction((h) => document.querySelector(`.toc a[href="${h}"]`).getAttribute("aria-current") === "location", href);
      const stuck = await page.locator(".toc").boundingBox();
      assert.ok(stuck.y >= 0 && stuck.y < 100, `the TOC sticks to the top while scrolling (y=${stuck.y})`);
      await shot(page, "toc-sticky-1280");

      // Keyboard: the entries are in the Tab order and Enter follows them.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.locator("h1").click();
      await tabTo(page, ".toc nav a");
      const first = await page.evaluate(() => document.activeElement.getAttribute("href"));
      await page.keyboard.press("Enter");
      await page.waitForFunction((h) => document.querySelector(`.toc a[href="${h}"]`).getAttribute("aria-current") === "location", first);
    } finally {
      await page.closeAll();
    }
  });

  test("without JavaScript the contents are open on a wide screen and toggle on a phone", async () => {
    for (const [width, open] of [[1280, true], [360, false]]) {
      const page = await newPage(t, width, { javaScriptEnabled: false });
      try {
        await page.goto(t.origin + PAGES.speech);
        assert.equal(await page.locator(".toc nav a").first().isVisible(), open, `visible at ${width} px`);
        if (!open) {
          await page.locator(".toc summary").click();
          assert.equal(await page.locator(".toc nav a").first().isVisible(), true);
        }
      } finally {
        await page.closeAll();
      }
    }
  });
});

describe("heading links", () => {
  test("clicking a heading's # copies the section's full URL and says so", async () => {
    const page = await newPage(t, 768);
    try {
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: t.origin });
      await page.goto(t.origin + PAGES.speech);
      const anchor = page.locator(".prose h2 .anchor").first();
      assert.equal(await anchor.getAttribute("aria-label"), "本节链接");
      const href = await anchor.getAttribute("href");
      await anchor.click();
      const toast = page.locator(".toast");
      await toast.waitFor({ state: "visible" });
      assert.equal(await toast.textContent(), "已复制本节链接");
      assert.equal(await toast.getAttribute("role"), "status");
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(decodeURIComponent(copied), decodeURIComponent(`${t.origin}${PAGES.speech}${href}`));
      await shot(page, "copy-link-toast-768");
    } finally {
      await page.closeAll();
    }
  });

  test("without JavaScript the search page says it needs it, and pages still read", async () => {
    const page = await newPage(t, 360, { javaScriptEnabled: false });
    try {
      await page.goto(t.origin + PAGES.search);
      assert.ok(await page.locator(".search-page .notice").isVisible());
      await page.goto(t.origin + PAGES.speech);
      assert.ok(await page.locator(".prose").isVisible());
    } finally {
      await page.closeAll();
    }
  });
});
