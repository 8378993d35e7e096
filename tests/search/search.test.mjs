// Tests of the query module (themes/default/static/js/search.mjs) against
// index fixtures written by the C++ index writer (see fixture.mjs): recall
// and precision against a brute-force scan of the same texts, folding,
// pinyin, filters, ranking and excerpts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { fileLoader, fixtureDir, fixtureDocs, fixtureTokens, loaders, modulePath } from "./fixture.mjs";

const { createSearch, decodePostings, tokenize, makeExcerpt, splitQuery } = await import(modulePath);

const hand = () => createSearch(loaders("hand"));
const random = () => createSearch(loaders("random"));
// Without a range loader every pack is read whole and sliced, as from a
// server that ignores Range.
const randomWhole = () => createSearch({ load: fileLoader("random") });

async function urls(engine, query, options = {}) {
  const r = await engine.search(query, { limit: 100000, ...options });
  assert.equal(r.total, r.results.length);
  return r.results.map((x) => x.url);
}

// ---------------------------------------------------------------- brute force

async function t2sOf(site) {
  // The fixture's own table: every pair whose target the corpus has.
  const load = fileLoader(site);
  const table = JSON.parse(new TextDecoder().decode(await load("meta.json"))).t2s;
  return new Map(Object.entries(table).map(([a, b]) => [a.codePointAt(0), b.codePointAt(0)]));
}

// The body's lines are apart: each starts at an aligned position
// (kParagraphAlign), so no phrase runs from one paragraph into the next.
function fields(doc) {
  return [doc.title, doc.headings.join("\n"), doc.tags.join("\n"), ...doc.body.split("\n")];
}

// Does `text` contain the units of `term` in a row (ideographs that join in
// the term joining in the text too)? For pure-CJK terms this is exactly a
// substring test on the folded text.
function unitsContain(textUnits, termUnits) {
  const n = termUnits.length;
  for (let s = 0; s + n <= textUnits.length; s++) {
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      const a = textUnits[s + k], b = termUnits[k];
      ok = a.cjk === b.cjk && a.word === b.word && (k === 0 || !b.joins || a.joins);
    }
    if (ok) return true;
  }
  return false;
}

function bruteForce(docs, t2s, query, { section, year, tag } = {}) {
  const terms = splitQuery(query).map((t) => tokenize(t, t2s)).filter((u) => u.length);
  return docs
    .filter((d) => !section || d.section === section)
    .filter((d) => !year || d.date.startsWith(String(year)))
    .filter((d) => !tag || d.tags.includes(tag))
    .filter((d) => {
      const fu = fields(d).map((f) => tokenize(f, t2s));
      return terms.length > 0 && terms.every((t) => fu.some((u) => unitsContain(u, t)));
    })
    .map((d) => d.url)
    .sort();
}

function sorted(a) {
  return [...a].sort();
}

// A small deterministic generator, so failures reproduce.
function lcg(seed) {
  let x = seed >>> 0;
  return (n) => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x % n;
  };
}

// ---------------------------------------------------------------- tokenizer

test("the tokenizer cuts every sample exactly like the C++ one", () => {
  const { tokens, t2s } = fixtureTokens();
  const table = new Map(Object.entries(t2s).map(([a, b]) => [a.codePointAt(0), b.codePointAt(0)]));
  for (const [sample, want] of Object.entries(tokens)) {
    const got = tokenize(sample, table).map((u) => (u.cjk ? [String.fromCodePoint(u.cjk), u.joins] : u.word));
    assert.deepEqual(got, want, `sample ${JSON.stringify(sample)}`);
  }
});

test("posting lists decode as the C++ writer packed them, escapes and long codes included", () => {
  const lists = JSON.parse(readFileSync(path.join(fixtureDir(), "postings.json"), "utf8"));
  assert.ok(lists.length >= 40);
  for (const { positional, kd, kp, bytes, entries } of lists) {
    const packed = Uint8Array.from(bytes.match(/../g), (h) => parseInt(h, 16));
    const got = decodePostings(packed, positional);
    const where = `kd ${kd} kp ${kp} positional ${positional}`;
    assert.equal(got.n, entries.length, where);
    entries.forEach((e, i) => {
      assert.equal(got.docs[i], e.doc, where);
      assert.deepEqual([...got.counts.subarray(i * 5, i * 5 + 5)], e.counts, where);
      if (positional) assert.deepEqual([...got.pos.subarray(got.posAt[i * 5], got.posAt[i * 5 + 5])], e.positions, where);
    });
    assert.throws(() => decodePostings(packed.subarray(0, packed.length >> 1), positional), /truncated|bad/, where);
  }
});

test("splitQuery keeps quoted phrases whole", () => {
  assert.deepEqual(splitQuery('三会一课  "party building" “两个 维护” x'), ["三会一课", "party building", "两个 维护", "x"]);
  assert.deepEqual(splitQuery("　全角　空格 "), ["全角", "空格"]);
});

// ---------------------------------------------------------------- recall and precision

test("every CJK substring query returns exactly the documents that contain it", async () => {
  const docs = fixtureDocs("random");
  const t2s = await t2sOf("random");
  const engine = random();
  const next = lcg(42);
  const queries = new Set(["三会一课", "基层党组织书记", "党风廉政建设", "两个维护", "乡村振兴", "会一", "课三",
    "组织书记", "党组织书", "书记基层", "黨風廉政", "會議", "党", "建", "黨", "一课三会"]);
  while (queries.size < 250) {
    const d = docs[next(docs.length)];
    const text = [...d.body.replace(/[^\u4e00-\u9fff]/g, "")];
    if (text.length < 10) continue;
    const len = 1 + next(9);
    const at = next(text.length - len);
    queries.add(text.slice(at, at + len).join(""));
  }
  for (const q of queries) {
    assert.deepEqual(sorted(await urls(engine, q)), bruteForce(docs, t2s, q), `query ${q}`);
  }
});

test("三会一课 never matches 三会 and 一课 apart", async () => {
  const engine = hand();
  assert.deepEqual(await urls(engine, "三会一课"), ["/speeches/shyk/"]);
  assert.deepEqual(sorted(await urls(engine, "三会 一课")), ["/speeches/apart/", "/speeches/shyk/"]);
});

test("space-separated terms are ANDed", async () => {
  const docs = fixtureDocs("random");
  const t2s = await t2sOf("random");
  const engine = random();
  for (const q of ["三会 一课", "党风 建设 学习", "两个维护 乡村振兴", "基层党组织书记 黨風", "党 书记", "party 三会一课"]) {
    assert.deepEqual(sorted(await urls(engine, q)), bruteForce(docs, t2s, q), `query ${q}`);
  }
});

test("quoted text is a phrase for Latin words", async () => {
  const engine = hand();
  assert.deepEqual(await urls(engine, '"party building"'), ["/speeches/english/"]);
  assert.deepEqual(sorted(await urls(engine, "party building")), ["/speeches/english/", "/speeches/english2/"]);
  const docs = fixtureDocs("random");
  const t2s = await t2sOf("random");
  assert.deepEqual(sorted(await urls(random(), '"party building"')), bruteForce(docs, t2s, '"party building"'));
  assert.deepEqual(sorted(await urls(random(), '"building party"')), bruteForce(docs, t2s, '"building party"'));
});

test("one-character queries find every page with the character", async () => {
  const docs = fixtureDocs("random");
  const t2s = await t2sOf("random");
  for (const q of ["党", "的", "黨", "课"]) {
    assert.deepEqual(sorted(await urls(random(), q)), bruteForce(docs, t2s, q), `query ${q}`);
  }
  assert.deepEqual(await urls(hand(), "𠀀"), ["/cases/astral/"]);
  assert.deepEqual(await urls(hand(), "👍"), ["/cases/astral/"]);
});

// ---------------------------------------------------------------- folding and pinyin

test("a traditional query finds simplified text and the other way round", async () => {
  const engine = hand();
  assert.deepEqual(sorted(await urls(engine, "黨風廉政")), ["/policies/fanti/", "/policies/lianzheng/"]);
  assert.deepEqual(sorted(await urls(engine, "党风廉政建设")), ["/policies/fanti/", "/policies/lianzheng/"]);
});

test("full-width and upper-case queries fold", async () => {
  const engine = hand();
  assert.deepEqual(sorted(await urls(engine, "ＧＤＰ")), ["/cases/mixed/", "/speeches/english/"]);
  assert.deepEqual(sorted(await urls(engine, "PARTY")), ["/speeches/english/", "/speeches/english2/"]);
  assert.deepEqual(await urls(engine, "5G网络"), ["/cases/mixed/"]);
});

test("pinyin and initials of tags and titles find the page", async () => {
  const engine = hand();
  assert.deepEqual(await urls(engine, "sanhuiyike"), ["/speeches/shyk/"]);
  assert.deepEqual(await urls(engine, "shyk"), ["/speeches/shyk/"]);
  assert.deepEqual(await urls(engine, "SanHuiYiKe"), ["/speeches/shyk/"]);
  assert.deepEqual(sorted(await urls(engine, "xiangcunzhenxing")), ["/cases/title/"]);
});

// ---------------------------------------------------------------- filters

test("filters by section, year and tag", async () => {
  const docs = fixtureDocs("random");
  const t2s = await t2sOf("random");
  const engine = random();
  for (const [q, f] of [["党", { section: "policies" }], ["三会一课", { year: 2020 }], ["建设", { tag: "三会一课" }],
    ["党的", { section: "cases", year: 2021 }], ["学习", { tag: "no such tag" }], ["学习", { year: 1999 }]]) {
    assert.deepEqual(sorted(await urls(engine, q, f)), bruteForce(docs, t2s, q, f), `${q} ${JSON.stringify(f)}`);
  }
  assert.deepEqual(await urls(hand(), "党", { section: "政策" }).then(sorted), ["/policies/fanti/", "/policies/lianzheng/"]);
  const choices = await hand().filters();
  assert.deepEqual(choices.years, [2024, 2023, 2022, 2021, 2020, 2019]);
  assert.ok(choices.tags.includes("三会一课"));
});

// ---------------------------------------------------------------- ranking

test("a title hit ranks above any number of body hits", async () => {
  assert.deepEqual(await urls(hand(), "乡村振兴"), ["/cases/title/", "/cases/body/"]);
});

test("equal scores put the newest page first", async () => {
  assert.deepEqual(await urls(hand(), "两个维护"), ["/speeches/tie-new/", "/speeches/tie-old/"]);
});

test("limit and offset page through the ranking", async () => {
  // A short page takes the best scores without sorting every match; a
  // long one sorts: both must give the same order.
  for (const q of ["党", "三会一课", "两个维护 乡村振兴", "建设"]) {
    const all = await urls(random(), q);
    for (const [limit, offset] of [[5, 5], [10, 0], [1, 0], [3, 17], [64, 1]]) {
      const r = await random().search(q, { limit, offset });
      assert.equal(r.total, all.length, q);
      assert.deepEqual(r.results.map((x) => x.url), all.slice(offset, offset + limit), `${q} ${limit} ${offset}`);
    }
  }
});

// ---------------------------------------------------------------- results

test("results carry title, section, date and a marked excerpt", async () => {
  const r = await hand().search("三会一课");
  assert.equal(r.total, 1);
  const [x] = r.results;
  assert.equal(x.url, "/speeches/shyk/");
  assert.equal(x.title, "认真落实三会一课制度");
  assert.equal(x.section, "speeches");
  assert.equal(x.date, "2023-03-01");
  assert.equal(x.excerpt, "各支部要坚持<mark>三会一课</mark>。<mark>三会一课</mark>是党的组织生活的基本制度。");
});

test("excerpts of traditional text mark the traditional characters", async () => {
  const r = await hand().search("党风廉政");
  const fanti = r.results.find((x) => x.url === "/policies/fanti/");
  assert.match(fanti.excerpt, /<mark>黨風廉政<\/mark>/);
});

test("excerpts escape HTML and cut long text around the hit", () => {
  const terms = [{ units: tokenize("三会一课") }];
  const { html } = makeExcerpt("<b>&</b>" + "前".repeat(200) + "三会一课" + "后".repeat(200), terms);
  assert.ok(html.startsWith("…前"));
  assert.ok(html.endsWith("后…"));
  assert.match(html, /<mark>三会一课<\/mark>/);
  const { html: short } = makeExcerpt("a<b> 三会一课 & 'x'", terms);
  assert.equal(short, "a&lt;b&gt; <mark>三会一课</mark> &amp; &#39;x&#39;");
});

test("a first page from the dictionary equals the one the list gives, and skips the list", async () => {
  const docs = fixtureDocs("random");
  const next = lcg(7);
  const queries = new Set(["三会一课", "党风廉政建设", "两个维护", "乡村振兴", "基层党组织", "party", "building",
    "sanhuiyike", "shyk", "xiangcunzhenxing", "xczx", "lianggeweihu", "lgwh", "dangfenglianzhengjianshe"]);
  while (queries.size < 130) {
    const d = docs[next(docs.length)];
    const text = [...d.body.replace(/[\s，。、]/gu, "")];
    const at = next(Math.max(1, text.length - 6));
    queries.add(text.slice(at, at + 3 + next(4)).join(""));
  }
  let used = 0;
  for (const q of queries) {
    for (const options of [{}, { limit: 4, offset: 3 }, { limit: 10 }]) {
      const lists = [];
      const spy = loaders("random");
      const fast = createSearch({
        load: spy.load,
        loadRange: (p, s, e) => {
          if (p.startsWith("p/")) lists.push(p);
          return spy.loadRange(p, s, e);
        },
      });
      const slow = createSearch({ ...loaders("random"), firstPages: false });
      const [a, b] = [await fast.search(q, options), await slow.search(q, options)];
      assert.deepEqual(a, b, `${q} ${JSON.stringify(options)}`);
      if (lists.length === 0 && a.total > 0) used++;
    }
  }
  // The fixture gives every list in a pack a first page: most of these
  // queries must have been answered without any list from a pack.
  assert.ok(used > 100, `first pages used ${used} times`);
  // Beyond the first page, or with a filter, the list is read.
  const lists = [];
  const spy = loaders("random");
  const engine = createSearch({ load: spy.load, loadRange: (p, s, e) => (p.startsWith("p/") && lists.push(p), spy.loadRange(p, s, e)) });
  await engine.search("三会一课", { offset: 10 });
  await engine.search("三会一课", { section: "speeches" });
  assert.ok(lists.length > 0);
});

test("a query with nothing to search returns nothing and fetches little", async () => {
  const engine = hand();
  assert.deepEqual(await engine.search("  ，。 "), { total: 0, results: [], terms: [] });
  assert.deepEqual(await engine.search("不存在的词语"), { total: 0, results: [], terms: [] });
  assert.ok(engine.bytesFetched < 20000, `${engine.bytesFetched} bytes`);
});

test("a server without ranges gives the same results from whole files", async () => {
  for (const q of ["三会一课", "党", "两个维护 乡村振兴", "基层党组织书记", '"party building"']) {
    for (const options of [{}, { tag: "三会一课" }, { section: "cases", year: 2021 }]) {
      const a = await random().search(q, { limit: 20, ...options });
      const b = await randomWhole().search(q, { limit: 20, ...options });
      assert.deepEqual(b, a, `${q} ${JSON.stringify(options)}`);
    }
  }
});

test("a query reads only the ranges it needs", async () => {
  const ranged = random(), whole = randomWhole();
  await ranged.search("基层党组织书记", { limit: 10 });
  await whole.search("基层党组织书记", { limit: 10 });
  assert.ok(ranged.bytesFetched < whole.bytesFetched, `${ranged.bytesFetched} vs ${whole.bytesFetched}`);
});

test("records are read in one range each, or through their block's header on a big site", async () => {
  const { load, loadRange } = loaders("random");
  const reads = [];
  const logged = (options = {}) => createSearch({
    load: (p) => (reads.push([p]), load(p)),
    loadRange: (p, a, b) => (reads.push([p, a, b]), loadRange(p, a, b)),
    ...options,
  });
  const docs = JSON.parse(new TextDecoder().decode(await load("meta.json"))).docs;
  const all = async (engine, q) => (await engine.search(q, { limit: 100000 })).results
    .map((r) => [r.url, r.title, r.date, r.excerpt]);
  for (const q of ["三会一课", "党", "两个维护 乡村振兴", "基层党组织书记"]) {
    reads.length = 0;
    const a = await logged().search(q, { limit: 5 });
    assert.ok(a.results.length > 0, q);
    const records = reads.filter(([p]) => p.startsWith("r/")).length;
    assert.equal(records, new Set(a.results.map((r) => r.url)).size, `${q}: one range per record`);
    assert.deepEqual(reads.filter(([p]) => p === "docs.bin"), [["docs.bin"]], `${q}: docs.bin whole`);
    // A site above lengthsUpTo reads only the body lengths, then each
    // record's block header: the same results.
    reads.length = 0;
    const big = logged({ lengthsUpTo: 0 });
    assert.deepEqual(await all(big, q), await all(createSearch({ load, loadRange }), q), q);
    assert.deepEqual(reads.filter(([p]) => p === "docs.bin"), [["docs.bin", 0, docs]], `${q}: body lengths only`);
  }
});

test("a missing index gives a clear error", async () => {
  const engine = createSearch({ load: async () => null });
  await assert.rejects(engine.search("党"), /meta\.json not found/);
});
