// Citable paragraphs (issue 8): every paragraph of a page body has a stable
// id and a "¶" button that copies a citation in Chinese form, by mouse and by
// keyboard:
//   《标题》（2024年2月26日，李明华）第二部分 — https://…/#p-xxxxxx
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { newPage, PAGES, startPortal } from "./lib/portal.mjs";

let t;
before(async () => { t = await startPortal(); });
after(async () => { await t?.close(); });

// A tab that may read and write the clipboard.
async function citePage(width = 1280) {
  const page = await newPage(t, width);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: t.origin });
  await page.goto(t.origin + PAGES.speech);
  return page;
}

const CITATION = /^《以高质量党建引领东风镇高质量发展》（2024年2月26日，李明华）第(.+)部分 — https:\/\/[^#\s]+\/speeches\/2024-dangjian-gongzuo-huiyi\/#(p-[0-9a-f]{6}(-\d+)?)$/;

describe("copy citation", () => {
  test("every body paragraph has an id and a citation button", async () => {
    const page = await citePage();
    try {
      const counts = await page.evaluate(() => ({
        paragraphs: document.querySelectorAll(".prose > p").length,
        withId: document.querySelectorAll(".prose > p[id^='p-']").length,
        buttons: document.querySelectorAll(".prose > p > button.cite").length,
      }));
      assert.ok(counts.paragraphs > 5);
      assert.equal(counts.withId, counts.paragraphs);
      assert.equal(counts.buttons, counts.paragraphs);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.closeAll();
    }
  });

  test("a click copies the citation of a paragraph under 二、", async () => {
    const page = await citePage();
    try {
      // The first paragraph after the h2 that starts with 二、
      const id = await page.evaluate(() => {
        const h = [...document.querySelectorAll(".prose h2")].find((x) => x.textContent.trim().startsWith("二、"));
        let el = h.nextElementSibling;
        while (el && !(el.tagName === "P" && el.id)) el = el.nextElementSibling;
        return el.id;
      });
      const p = page.locator(`[id="${id}"]`);
      await p.hover();
      const button = p.locator("button.cite");
      assert.ok(await button.isVisible());
      await button.click();
      await page.waitForFunction(() => document.querySelector(".cite-toast.show"));
      const text = await page.evaluate(() => navigator.clipboard.readText());
      const m = CITATION.exec(text);
      assert.ok(m, `unexpected citation: ${text}`);
      assert.equal(m[1], "二");
      assert.equal(m[2], id);
      assert.equal(await page.locator(".cite-toast").textContent(), "已复制引用");
    } finally {
      await page.closeAll();
    }
  });

  test("works by keyboard: the focused button is shown and Enter copies", async () => {
    const page = await citePage(360);
    try {
      const id = await page.evaluate(() => document.querySelector(".prose > p[id]").id);
      await page.locator(`[id="${id}"] button.cite`).focus();
      assert.ok(await page.evaluate(() => getComputedStyle(document.activeElement).opacity === "1"), "focused mark is visible");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.querySelector(".cite-toast.show"));
      const text = await page.evaluate(() => navigator.clipboard.readText());
      assert.ok(text.startsWith("《以高质量党建引领东风镇高质量发展》（2024年2月26日，李明华）"), text);
      assert.ok(text.endsWith(`#${id}`), text);
    } finally {
      await page.closeAll();
    }
  });

  test("without clipboard permission the fallback still copies", async () => {
    const page = await newPage(t, 1280);
    try {
      await page.goto(t.origin + PAGES.speech);
      // Make the async Clipboard API fail so cite.js falls back to execCommand.
      await page.evaluate(() => {
        Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new Error("denied")) } });
        window.copied = null;
        document.addEventListener("copy", () => { window.copied = document.getSelection().toString() || document.activeElement.value; });
      });
      await page.locator(".prose > p[id] button.cite").first().click();
      await page.waitForFunction(() => document.querySelector(".cite-toast.show"));
      const copied = await page.evaluate(() => window.copied);
      assert.ok(copied && copied.startsWith("《以高质量党建引领东风镇高质量发展》"), String(copied));
    } finally {
      await page.closeAll();
    }
  });
});
