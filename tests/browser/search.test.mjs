// Search in the browser (issue 4): the header box shows highlighted results
// as you type and is driven by the keyboard; the /search/ page counts,
// filters, pages and keeps ?q= links in step; nothing overflows at 360 px.
// Uses the shared set-up in lib/portal.mjs (demo portal, static server,
// Debian's chromium, no network).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, describe, test } from "node:test";
import { newPage, overflow, shot, startPortal } from "./lib/portal.mjs";

const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let t;
before(async () => { t = await startPortal(); });
after(async () => { await t?.close(); });

// A viewport-only screenshot (shot() takes the whole page).
const screenshot = (name) => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;
const SUGGEST = ".search-suggest";
const OPTION = `${SUGGEST} [role=option]`;

// Opens `url` in a fresh tab; runs fn(page); fails on script errors or
// requests that leave 127.0.0.1.
async function withPage(width, url, fn, options = {}) {
  const page = await newPage(t, width, options);
  try {
    await page.goto(t.origin + url);
    await fn(page);
    assert.deepEqual(page.errors, [], "no script errors");
    assert.deepEqual(page.external, [], "no requests outside the site");
  } finally {
    await page.closeAll();
  }
}

async function typeInHeader(page, text) {
  await page.locator("#header-q").click();
  await page.keyboard.type(text);
  await page.locator(`${OPTION} mark`).first().waitFor();
}

const selected = (page) => page.evaluate(() => {
  const input = document.querySelector("#header-q");
  const id = input.getAttribute("aria-activedescendant");
  const on = [...document.querySelectorAll(".search-suggest [aria-selected=true]")];
  return { id, on: on.map((o) => o.id), focus: document.activeElement === input };
});

// Every excerpt holds only text and <mark> (it is the one innerHTML).
const excerptsAreTextAndMarks = (page, selector) => page.evaluate((s) =>
  [...document.querySelectorAll(s)].every((p) => [...p.children].every((c) => c.tagName === "MARK")), selector);

const status = (page) => page.locator(".search-status").innerText();

// Serious or critical axe-core violations on the page as it is now.
async function axe(page) {
  await page.addScriptTag({ path: axeScript });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] }))
    .violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })));
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.join(", ")}`);
}

describe("header search box", () => {
  test("typing 三会一课 shows highlighted results in a listbox; arrows choose, Enter opens", async () => {
    await withPage(1280, "/", async (page) => {
      const input = page.locator("#header-q");
      await typeInHeader(page, "三会一课");
      assert.equal(await input.getAttribute("role"), "combobox");
      assert.equal(await input.getAttribute("aria-expanded"), "true");
      const options = page.locator(OPTION);
      const n = await options.count();
      assert.ok(n >= 2 && n <= 9, `${n} options`);
      const marks = await page.locator(`${OPTION} mark`).allInnerTexts();
      assert.ok(marks.some((m) => m.includes("三会一课")), `marks: ${marks}`);
      assert.ok(await excerptsAreTextAndMarks(page, `${SUGGEST} .search-excerpt`));
      assert.ok(await page.locator(`${OPTION} .search-title`).first().innerText());
      await page.screenshot({ path: screenshot("search-ui-header-1280") });

      await page.keyboard.press("ArrowDown");
      let s = await selected(page);
      assert.equal(s.id, "search-suggest-0");
      assert.deepEqual(s.on, ["search-suggest-0"]);
      assert.ok(s.focus, "the focus stays in the box");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowUp");
      s = await selected(page);
      assert.deepEqual(s.on, ["search-suggest-1"]);
      const href = await page.locator("#search-suggest-1").getAttribute("href");
      assert.deepEqual(await axe(page), [], "axe with the list open and an option chosen");
      await Promise.all([page.waitForURL((u) => u.pathname === href), page.keyboard.press("Enter")]);
    });
  });

  test("Escape closes the list; Enter with nothing chosen goes to /search/?q=", async () => {
    await withPage(1280, "/speeches/", async (page) => {
      await typeInHeader(page, "两个维护");
      await page.keyboard.press("Escape");
      assert.ok(await page.locator(SUGGEST).isHidden());
      assert.equal(await page.locator("#header-q").getAttribute("aria-expanded"), "false");
      assert.equal(await page.locator("#header-q").getAttribute("aria-activedescendant"), null);
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.keyboard.press("Enter")]);
      assert.equal(new URL(page.url()).searchParams.get("q"), "两个维护");
      await page.locator(".search-hit mark").first().waitFor();
      assert.match(await status(page), /共找到 \d+ 篇/);
      assert.equal(await page.locator("#search-q").inputValue(), "两个维护");
    });
  });

  test("a traditional query finds simplified text; nonsense says so", async () => {
    await withPage(1280, "/", async (page) => {
      await page.locator("#header-q").click();
      await page.keyboard.type("黨風廉政");
      await page.locator(OPTION).first().waitFor();
      const text = await page.locator(`${SUGGEST} [role=listbox]`).innerText();
      assert.match(text, /党风廉政/);
      await page.locator("#header-q").fill("");
      await page.keyboard.type("量子纠缠火锅");
      await page.locator(`${SUGGEST} .search-empty`).waitFor();
      assert.match(await page.locator(`${SUGGEST} .search-empty`).innerText(), /没有找到/);
      assert.equal(await page.locator(OPTION).count(), 0);
      assert.deepEqual(await axe(page), [], "axe with the no-results message open");
    });
  });

  test("at 360 px the list fits the screen", async () => {
    await withPage(360, "/", async (page) => {
      await typeInHeader(page, "三会一课");
      const box = await page.locator(SUGGEST).boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 360, `list at ${box.x}..${box.x + box.width}`);
      assert.equal((await overflow(page)).over, 0);
      await page.screenshot({ path: screenshot("search-ui-header-360") });
    });
  });
});

describe("search page", () => {
  test("?q= shows the count and highlighted results; a filter narrows them and updates the URL", async () => {
    await withPage(1280, `/search/?q=${encodeURIComponent("党建")}`, async (page) => {
      await page.locator(".search-hit").first().waitFor();
      const all = Number((await status(page)).match(/共找到 (\d+) 篇/)[1]);
      assert.ok(all >= 2, `${all} results`);
      assert.ok(await page.locator(".search-hit mark").count() > 0);
      assert.ok(await excerptsAreTextAndMarks(page, ".search-hit .search-excerpt"));

      const section = page.locator("select[name=section]");
      const choice = await section.locator("option").nth(1);
      const [name, label] = [await choice.getAttribute("value"), await choice.innerText()];
      await section.selectOption(name);
      await page.waitForFunction((n) => new URL(location.href).searchParams.get("section") === n, name);
      await page.waitForFunction((a) => !/共找到 (\d+) 篇/.test(document.querySelector(".search-status").innerText) ||
        Number(document.querySelector(".search-status").innerText.match(/共找到 (\d+) 篇/)[1]) < a, all);
      const labels = await page.locator(".search-hit .section-label").allInnerTexts();
      assert.ok(labels.length > 0 && labels.every((l) => l === label), `sections: ${labels}`);
      await shot(page, "search-ui-page-1280");

      // The URL is a deep link: opening it again gives the same page.
      const url = page.url();
      await page.goto(url);
      await page.locator(".search-hit").first().waitFor();
      assert.equal(await page.locator("select[name=section]").inputValue(), name);
      assert.deepEqual(await page.locator(".search-hit .section-label").allInnerTexts(), labels);
      assert.equal(await page.locator("#search-q").inputValue(), "党建");
      assert.deepEqual(await axe(page), [], "axe on the results page");
    });
  });

  test("typing searches as you type and replaces the URL; year and tag filters come from the index", async () => {
    await withPage(1280, "/search/", async (page) => {
      assert.match(await status(page), /输入关键词/);
      await page.locator("select[name=year] option").nth(1).waitFor({ state: "attached" });
      assert.ok(await page.locator("select[name=tag] option").count() > 2);
      await page.locator("#search-q").click();
      await page.keyboard.type("乡村振兴");
      await page.locator(".search-hit mark").first().waitFor();
      assert.equal(new URL(page.url()).searchParams.get("q"), "乡村振兴");
      const year = await page.locator("select[name=year] option").nth(1).getAttribute("value");
      await page.locator("select[name=year]").selectOption(year);
      await page.waitForFunction((y) => new URL(location.href).searchParams.get("year") === y, year);
      const dates = await page.locator(".search-hit time").evaluateAll((ts) => ts.map((x) => x.dateTime));
      assert.ok(dates.every((d) => d.startsWith(year)), `dates ${dates} in ${year}`);
    });
  });

  test("arrow keys move between results and back to the box; load more adds the next page", async () => {
    await withPage(1280, `/search/?q=${encodeURIComponent("党")}`, async (page) => {
      await page.locator(".search-hit").first().waitFor();
      await page.locator("#search-q").focus();
      await page.keyboard.press("ArrowDown");
      const focused = () => page.evaluate(() => document.activeElement.closest(".search-hit") ?
        [...document.querySelectorAll(".search-hit")].indexOf(document.activeElement.closest(".search-hit")) : document.activeElement.id);
      assert.equal(await focused(), 0);
      await page.keyboard.press("ArrowDown");
      assert.equal(await focused(), 1);
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      assert.equal(await focused(), "search-q");

      const total = Number((await status(page)).match(/共找到 (\d+) 篇/)[1]);
      const more = page.locator(".search-more");
      if (total > 10) {
        assert.equal(await page.locator(".search-hit").count(), 10);
        await more.click();
        await page.waitForFunction(() => document.querySelectorAll(".search-hit").length > 10);
        assert.equal(await page.locator(".search-hit").count(), Math.min(20, total));
        assert.ok(await page.evaluate(() => document.activeElement.closest(".search-hit") !== null), "focus on the first new result");
      } else {
        assert.ok(await more.isHidden());
      }
    });
  });

  test("a policy term's page is linked above the results, apart from their count", async () => {
    await withPage(1280, `/search/?q=${encodeURIComponent("三会一课")}`, async (page) => {
      await page.locator(".search-hit").first().waitFor();
      const line = page.locator(".search-terms");
      await line.waitFor();
      assert.equal(await line.innerText(), "提法：三会一课");
      const href = await line.locator("a").getAttribute("href");
      assert.match(href, /\/terms\/san-hui-yi-ke\/$/);
      const urls = await page.locator(".search-hit h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      assert.ok(urls.every((u) => !u.includes("/terms/")), `results: ${urls}`);
      await line.locator("a").click();
      await page.waitForURL(/\/terms\/san-hui-yi-ke\/$/);
      // A word no document or term has: no term line.
      await page.goto(`${t.origin}/search/?q=${encodeURIComponent("量子引力")}`);
      await page.locator(".search-none").waitFor();
      assert.equal(await page.locator(".search-terms").isHidden(), true);
    });
  });

  test("a nonsense query shows a clear no-results message", async () => {
    await withPage(360, `/search/?q=${encodeURIComponent("量子纠缠火锅")}`, async (page) => {
      await page.locator(".search-status.search-none").waitFor();
      assert.match(await status(page), /没有找到与“量子纠缠火锅”相关的内容/);
      assert.equal(await page.locator(".search-hit").count(), 0);
      assert.ok(await page.locator(".search-more").isHidden());
    });
  });

  test("without JavaScript the header form still goes to the search page, which says it needs JavaScript", async () => {
    await withPage(360, "/", async (page) => {
      await page.locator("#header-q").fill("三会一课");
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.locator("#header-q").press("Enter")]);
      assert.equal(new URL(page.url()).searchParams.get("q"), "三会一课");
      assert.ok(await page.locator(".search-page .notice").isVisible());
      assert.equal((await overflow(page)).over, 0);
    }, { javaScriptEnabled: false });
  });

  for (const colorScheme of ["light", "dark"]) {
    test(`at 360 px (${colorScheme}) results and filters fit without sideways scrolling`, async () => {
      await withPage(360, `/search/?q=${encodeURIComponent("三会一课")}`, async (page) => {
        await page.locator(".search-hit mark").first().waitFor();
        await page.locator(".search-filters:not([hidden])").waitFor();
        const o = await overflow(page);
        assert.equal(o.over, 0, `overflow by ${o.over}px: ${o.culprits}`);
        await shot(page, `search-ui-page-360${colorScheme === "dark" ? "-dark" : ""}`);
        assert.deepEqual(await axe(page), [], `axe, ${colorScheme}`);
      }, { colorScheme });
    });
  }

  test("the header list in dark mode (screenshot)", async () => {
    await withPage(1280, "/", async (page) => {
      await typeInHeader(page, "基层党组织");
      await page.keyboard.press("ArrowDown");
      await page.screenshot({ path: screenshot("search-ui-header-1280-dark") });
    }, { colorScheme: "dark" });
  });
});
