// search.mjs: the query side of portal's full-text search. One ES module, no
// dependencies; runs in the browser (fetching the index files the build wrote
// under /search/) and in Node >= 18 (`portal search`, tests) through an
// injected loader.
//
//   import { createSearch } from "/js/search.mjs";
//   const engine = createSearch({ baseUrl: "/search/" });
//   const { total, results } = await engine.search("三会一课", { year: 2023, limit: 10 });
//   // results: [{ url, title, section, date, tags, excerpt }], excerpt is HTML
//   // (escaped text, hits in <mark>); engine.bytesFetched counts index bytes.
//   // terms: [{ url, title }], the policy-term pages (提法) the query
//   // matches, on the first page only; `total` counts documents, not these.
//
// Posting lists, records and passages lie in packs read with HTTP range
// requests; a server that ignores ranges sends the whole file, which is
// kept and sliced (correct, only bigger).
//
// The tokenizer here mirrors generator/search/search_tokenizer.cc and
// search_fold.cc rule for rule (NFC, then per code point NFKC + lowercase +
// traditional->simplified; ideographs are units, other scripts words), so a
// query is cut exactly as the index was. File formats: search_index.h.

const TITLE = 0, HEADINGS = 1, TAGS = 2, BODY = 3, PINYIN = 4, FIELDS = 5;
const MAX_WORD = 64;
const POSITIONAL = 1, EXTENDED = 2, EXTERNAL = 4, FIRST_PAGE = 8;
const FIRST_PAGE_SIZE = 10;  // documents in a first page (search_first_page.h)

// ---------------------------------------------------------------- tokenizer

const RE_WORD = /[\p{L}\p{N}]/u;
const RE_MARK = /\p{M}/u;
const RE_SYMBOL = /\p{So}/u;
const K_CJK = 0, K_WORD = 1, K_MARK = 2, K_SYMBOL = 3, K_SEP = 4;

export function isCjkIdeograph(c) {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x20000 && c <= 0x323af) || (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x2f800 && c <= 0x2fa1f) || c === 0x3007;
}

function classify(c) {
  if (c < 0x80) {
    return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ? K_WORD : K_SEP;
  }
  if (isCjkIdeograph(c)) return K_CJK;
  const s = String.fromCodePoint(c);
  if (RE_WORD.test(s)) return K_WORD;
  if (RE_MARK.test(s)) return K_MARK;
  if (RE_SYMBOL.test(s)) return K_SYMBOL;
  return K_SEP;
}

const nfkcLowerCache = new Map();

// NFKC then lowercase of one code point, as code points.
function nfkcLower(c) {
  if (c < 0x80) return [c >= 0x41 && c <= 0x5a ? c + 32 : c];
  let r = nfkcLowerCache.get(c);
  if (!r) {
    r = [];
    for (const ch of String.fromCodePoint(c).normalize("NFKC").toLowerCase()) r.push(ch.codePointAt(0));
    nfkcLowerCache.set(c, r);
  }
  return r;
}

// The folded code points of one code point; `t2s` maps traditional to
// simplified ideographs (a Map of code points), may be empty.
export function foldCodePoint(c, t2s) {
  const r = nfkcLower(c);
  if (!t2s || t2s.size === 0) return r;
  return r.map((x) => t2s.get(x) ?? x);
}

// Units of `text`: { cjk (code point, 0 for a word), word, joins, start, end }
// where start/end are UTF-16 offsets into text.normalize("NFC") (`nfc`).
export function tokenize(text, t2s) {
  const nfc = text.normalize("NFC");
  const units = [];
  let inWord = false, afterCjk = false, wordLength = 0;
  let i = 0, next = 0;
  const add = (c) => {
    let kind = classify(c);
    if (kind === K_MARK && !inWord) kind = K_SEP;
    if (kind === K_CJK) {
      units.push({ cjk: c, word: "", joins: afterCjk, start: i, end: next });
      inWord = false;
      afterCjk = true;
    } else if (kind === K_WORD || kind === K_MARK) {
      if (!inWord) {
        units.push({ cjk: 0, word: "", joins: false, start: i, end: next });
        inWord = true;
        wordLength = 0;
      }
      const u = units[units.length - 1];
      if (wordLength++ < MAX_WORD) u.word += String.fromCodePoint(c);
      u.end = next;
      afterCjk = false;
    } else if (kind === K_SYMBOL) {
      units.push({ cjk: 0, word: String.fromCodePoint(c), joins: false, start: i, end: next });
      inWord = false;
      afterCjk = false;
    } else {
      inWord = false;
      afterCjk = false;
    }
  };
  for (; i < nfc.length; i = next) {
    const original = nfc.codePointAt(i);
    next = i + (original > 0xffff ? 2 : 1);
    // ASCII and the unified ideographs fold to one code point (NFKC and
    // lowercase leave ideographs alone): no array per character, which was
    // much of an excerpt's cost on a cold page.
    if (original < 0x80) add(original >= 0x41 && original <= 0x5a ? original + 32 : original);
    else if (original >= 0x4e00 && original <= 0x9fff) add(t2s?.get(original) ?? original);
    else for (const c of foldCodePoint(original, t2s)) add(c);
  }
  units.nfc = nfc;
  return units;
}

// ---------------------------------------------------------------- query parsing

// Terms of a query: quoted text ("..." or “...”) is one term; elsewhere
// whitespace separates terms. Returns raw strings.
export function splitQuery(query) {
  const terms = [];
  const re = /"([^"]*)"?|“([^”]*)”?|(\S+)/gu;
  for (const m of query.matchAll(re)) {
    let t = m[1] ?? m[2] ?? m[3];
    if (m[3] !== undefined) {
      // A quote glued to a word (abc"def) is just a separator.
      t = t.replace(/["“”]/g, " ").trim();
      if (t.includes(" ")) {
        terms.push(...t.split(/\s+/u));
        continue;
      }
    }
    if (t && t.trim()) terms.push(t.trim());
  }
  return terms;
}

// Parts of a term's units: runs of joined ideographs and single words, each
// with its offset (unit index) in the term.
function partsOf(units) {
  const parts = [];
  for (let i = 0; i < units.length;) {
    const u = units[i];
    if (u.cjk === 0) {
      parts.push({ word: u.word, offset: i });
      i++;
      continue;
    }
    let j = i + 1;
    while (j < units.length && units[j].cjk !== 0 && units[j].joins) j++;
    parts.push({ run: units.slice(i, j).map((x) => x.cjk), offset: i });
    i = j;
  }
  return parts;
}

// ---------------------------------------------------------------- binary formats

const utf8 = new TextEncoder();
const textDecoder = new TextDecoder();

export function fnv1a32(s) {
  let h = 0x811c9dc5;
  for (const b of utf8.encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// The part of a token that picks its shard: its first three code points when
// they are all at least U+0800 (ideograph grams), else the whole token.
export function shardRoot(key) {
  const cps = [...key];
  if (cps.length < 3) return key;
  for (let i = 0; i < 3; i++) if (cps[i].codePointAt(0) < 0x800) return key;
  return cps.slice(0, 3).join("");
}

function readVarint(bytes, state) {
  let result = 0, shift = 0;
  for (;;) {
    if (state.pos >= bytes.length) throw new Error("search index: truncated varint");
    const b = bytes[state.pos++];
    result += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return result;
    shift += 7;
  }
}

// A first page (search_first_page.h): { total, docs: [{ doc, first, tf }],
// terms: [{ doc, tf }] }, tf the five field counts.
function decodeFirstPage(bytes, st) {
  const counts = () => {
    const mask = readVarint(bytes, st), tf = [0, 0, 0, 0, 0];
    for (let f = 0; f < FIELDS; f++) if (mask & (1 << f)) tf[f] = readVarint(bytes, st);
    return tf;
  };
  const total = readVarint(bytes, st), docs = [], terms = [];
  for (let k = readVarint(bytes, st); k > 0; k--) {
    const doc = readVarint(bytes, st), first = readVarint(bytes, st) - 1;
    docs.push({ doc, first, tf: counts() });
  }
  for (let m = readVarint(bytes, st); m > 0; m--) terms.push({ doc: readVarint(bytes, st), tf: counts() });
  return { total, docs, terms };
}

// Shard bytes -> Map key -> { flags, df, size, file, postings (inline),
// firstPage (big lists) }.
export function decodeShard(bytes) {
  const entries = new Map();
  const st = { pos: 0 };
  while (st.pos < bytes.length) {
    const len = readVarint(bytes, st);
    const key = textDecoder.decode(bytes.subarray(st.pos, st.pos + len));
    st.pos += len;
    const flags = readVarint(bytes, st), df = readVarint(bytes, st), size = readVarint(bytes, st);
    const e = { key, flags, df, size, pack: -1, offset: 0, postings: null };
    if (flags & EXTERNAL) {
      e.pack = readVarint(bytes, st);
      e.offset = readVarint(bytes, st);
    } else {
      e.postings = bytes.subarray(st.pos, st.pos + size);
      st.pos += size;
    }
    if (flags & FIRST_PAGE) {
      const length = readVarint(bytes, st), end = st.pos + length;
      e.firstPage = decodeFirstPage(bytes, st);
      if (st.pos !== end) throw new Error("search index: bad first page");
    }
    entries.set(key, e);
  }
  return entries;
}

// Packed posting bytes (search_postings.h) -> { n, docs, counts, posAt,
// pos } in typed arrays: entry e is document docs[e] (ascending), its count
// in field f is counts[5e + f], and (positional lists) its positions there
// are pos[posAt[5e + f] .. posAt[5e + f + 1]). Flat arrays, not an object
// per document: a cold query decodes lists of ~7,000 documents.
export function decodePostings(bytes, positional) {
  const st = { pos: 0 };
  const count = readVarint(bytes, st);
  const n = bytes.length;
  // Zero padding past the end, so reads need no bounds checks (a truncated
  // list is caught by the bit count).
  const buf = new Uint8Array(n + 8);
  buf.set(bytes);
  let bit = st.pos * 8;
  // Reads are inlined: a code that fits in the 25 bits one 32-bit read
  // sees is decoded in place, longer ones and counts above one by
  // slowRice/slowGamma. Once compiled this decodes a 34 KB list in 1.4 ms
  // instead of 8 (it was three closures per code); on a cold page it runs
  // mostly before the JIT, at about the old speed.
  let i = bit >>> 3, w = (buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | buf[i + 3] << 24) >>> (bit & 7);
  const kd = w & 31, kp = (w >>> 5) & 31;
  bit += 10;
  const md = (1 << kd) - 1, mp = (1 << kp) - 1, sd = 2 ** kd, sp = 2 ** kp;
  const docs = new Int32Array(count), counts = new Int32Array(count * FIELDS);
  const posAt = positional ? new Int32Array(count * FIELDS + 1) : null;
  let pos = positional ? new Int32Array(Math.max(64, n * 2)) : null, np = 0;
  let doc = -1;
  const limit = n * 8;
  for (let e = 0; e < count; e++) {
    if (bit > limit) throw new Error("search index: truncated postings");
    // rice(kd)
    i = bit >>> 3; w = (buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | buf[i + 3] << 24) >>> (bit & 7);
    let ones = Math.clz32(~w & (w + 1)) ^ 31, gap;
    if (ones >= 24 || ones + 1 + kd > 25) { gap = slowRice(buf, bit, kd); bit = slowBit; }
    else { gap = ones * sd + ((w >>> (ones + 1)) & md); bit += ones + 1 + kd; }
    doc += gap + 1;
    docs[e] = doc;
    i = bit >>> 3; w = (buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | buf[i + 3] << 24) >>> (bit & 7);
    const code = w & 3, at = e * FIELDS;
    bit += 2;
    if (code === 0) counts[at + BODY] = 1;
    else if (code === 1) { counts[at + BODY] = slowGamma(buf, bit) + 1; bit = slowBit; }
    else if (code === 2) {
      const mask = (w >>> 2) & 31;
      bit += 5;
      for (let f = 0; f < FIELDS; f++) if (mask & (1 << f)) { counts[at + f] = slowGamma(buf, bit); bit = slowBit; }
    } else throw new Error("search index: bad posting entry");
    if (positional) {
      for (let f = 0; f < FIELDS; f++) {
        const c = counts[at + f];
        posAt[at + f] = np;
        if (!c) continue;
        if (np + c > pos.length) {
          const grown = new Int32Array(Math.max(pos.length * 2, np + c));
          grown.set(pos);
          pos = grown;
        }
        let p = -1;
        for (let k = 0; k < c; k++) {
          i = bit >>> 3; w = (buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | buf[i + 3] << 24) >>> (bit & 7);
          ones = Math.clz32(~w & (w + 1)) ^ 31;
          let v;
          if (ones >= 24 || ones + 1 + kp > 25) { v = slowRice(buf, bit, kp); bit = slowBit; }
          else { v = ones * sp + ((w >>> (ones + 1)) & mp); bit += ones + 1 + kp; }
          pos[np++] = p = p + v + 1;
        }
      }
    }
  }
  if (bit > limit) throw new Error("search index: truncated postings");
  if (positional) posAt[count * FIELDS] = np;
  return { n: count, docs, counts, posAt, pos };
}

// The bit reads decodePostings leaves to calls (long codes, counts): the
// bit after the code read is left in slowBit.
let slowBit = 0;
function bitsAt(buf, bit, k) {  // k <= 24 bits from `bit`, low first
  const i = bit >>> 3;
  return (((buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | buf[i + 3] << 24) >>> (bit & 7)) & ((1 << k) - 1)) >>> 0;
}
function slowRice(buf, bit, k) {
  let q = 0;
  for (;;) {
    const w = bitsAt(buf, bit, 24);
    const ones = w === 0xffffff ? 24 : Math.clz32(~w & (w + 1)) ^ 31;
    q += ones;
    bit += ones;
    if (q >= 24) {
      slowBit = bit + 32;
      return bitsAt(buf, bit, 16) + bitsAt(buf, bit + 16, 16) * 65536;
    }
    if (ones < 24) break;
  }
  bit += 1;
  let v = 0, scale = 1, left = k;
  while (left > 16) {
    v += bitsAt(buf, bit, 16) * scale;
    bit += 16; left -= 16; scale *= 65536;
  }
  v += bitsAt(buf, bit, left) * scale;
  slowBit = bit + left;
  return q * 2 ** k + v;
}
function slowGamma(buf, bit) {
  let zeros = 0;
  for (;;) {
    const b = (buf[bit >>> 3] >>> (bit & 7)) & 1;
    bit++;
    if (b) break;
    if (++zeros > 31) throw new Error("search index: bad gamma code");
  }
  let v = 1;
  for (let i = 0; i < zeros; i++, bit++) v = v * 2 + ((buf[bit >>> 3] >>> (bit & 7)) & 1);
  slowBit = bit;
  return v;
}

// A record: { u, t, s, d, g, p }, p as [{ start, pack, offset, length }]
// (the file has start differences, flat).
function decodeRecord(bytes) {
  const r = JSON.parse(textDecoder.decode(bytes));
  const flat = r.p ?? [];
  const passages = [];
  let start = 0;
  for (let i = 0; i + 3 < flat.length; i += 4) {
    start += flat[i];
    passages.push({ start, pack: flat[i + 1], offset: flat[i + 2], length: flat[i + 3] });
  }
  r.p = passages;
  return r;
}

function decodeDocList(bytes) {
  const out = new Set();
  const st = { pos: 0 };
  let doc = -1;
  while (st.pos < bytes.length) out.add(doc += readVarint(bytes, st));
  return out;
}

// ---------------------------------------------------------------- excerpts

export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// Ranges [start, end) of `nfc` where a term's units occur in `units`.
function hitRanges(units, terms) {
  const ranges = [];
  for (const t of terms) {
    const n = t.units.length;
    for (let s = 0; s + n <= units.length; s++) {
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const a = units[s + k], b = t.units[k];
        ok = a.cjk === b.cjk && a.word === b.word && (k === 0 || !b.joins || a.joins);
      }
      if (ok) ranges.push([units[s].start, units[s + n - 1].end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

const EXCERPT_BEFORE = 30, EXCERPT_LENGTH = 110;

// HTML excerpt of `text` around its first hit (or its start), hits marked.
export function makeExcerpt(text, terms, t2s) {
  const units = tokenize(text, t2s);
  const nfc = units.nfc;
  const ranges = hitRanges(units, terms);
  const cps = [...nfc];
  // Work in code points so no surrogate pair is cut.
  const cpIndex = [];
  let u16 = 0;
  for (let i = 0; i < cps.length; i++) {
    cpIndex[u16] = i;
    u16 += cps[i].length;
  }
  cpIndex[u16] = cps.length;
  const toCp = (o) => cpIndex[o];
  let start = ranges.length ? Math.max(0, toCp(ranges[0][0]) - EXCERPT_BEFORE) : 0;
  let end = Math.min(cps.length, start + EXCERPT_LENGTH);
  if (end - start < EXCERPT_LENGTH) start = Math.max(0, end - EXCERPT_LENGTH);
  let html = start > 0 ? "…" : "";
  let at = start;
  for (const [a16, b16] of ranges) {
    let a = toCp(a16), b = toCp(b16);
    if (b <= start || a >= end) continue;
    a = Math.max(a, start);
    b = Math.min(b, end);
    html += escapeHtml(cps.slice(at, a).join("")) + "<mark>" + escapeHtml(cps.slice(a, b).join("")) + "</mark>";
    at = b;
  }
  html += escapeHtml(cps.slice(at, end).join(""));
  if (end < cps.length) html += "…";
  return { html, hits: ranges.length };
}

// ---------------------------------------------------------------- engine

// Options: baseUrl (URL of the search/ folder; browser default "/search/"),
// load (path relative to it -> Promise of Uint8Array/ArrayBuffer, or null
// when missing; default fetch), loadRange (path, start, end -> Promise of
// the bytes [start, end) of that file; without it, ranges are cut from
// whole files that `load` gives).
// lengthsUpTo: the most documents for which a query fetches the record
// lengths (a byte per document, with the body lengths in docs.bin) to read
// each record in one request instead of two: 20,000, 20 KB.
// firstPages: use the first pages big lists carry (search_first_page.h) for
// a one-term query's first page; false computes it from the list (tests).
export function createSearch({ baseUrl = "/search/", load, loadRange, lengthsUpTo = 20000, firstPages = true } = {}) {
  const base = String(baseUrl).endsWith("/") ? String(baseUrl) : String(baseUrl) + "/";
  const urlOf = (path) => new URL(path, new URL(base, globalThis.location?.href ?? "http://localhost/"));
  const loader = load ?? (async (path) => {
    const r = await fetch(urlOf(path));
    if (r.status === 404) return null;
    if (!r.ok) throw new Error(`search index: ${path}: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  // Default range loader: { bytes, whole } (whole: the server sent the
  // file). What the body holds is read from Content-Range, not from the
  // status: some servers (cpp-httplib when the handler sets 200) cut the
  // body to the range but still say 200.
  const fetchRange = async (path, start, end) => {
    const r = await fetch(urlOf(path), { headers: { Range: `bytes=${start}-${end - 1}` } });
    if (!r.ok) throw new Error(`search index: ${path}: HTTP ${r.status}`);
    const bytes = new Uint8Array(await r.arrayBuffer());
    const range = /^bytes (\d+)-(\d+)\//.exec(r.headers.get("Content-Range") ?? "");
    if (range) {
      if (Number(range[1]) !== start || Number(range[2]) !== end - 1 || bytes.length !== end - start) {
        throw new Error(`search index: ${path}: unexpected range ${range[0]}`);
      }
      return { bytes, whole: false };
    }
    if (r.status === 200) return { bytes, whole: true };
    throw new Error(`search index: ${path}: bad range response`);
  };
  const files = new Map();  // path -> Promise<Uint8Array|null>
  const ranges = new Map();  // "path start end" -> Promise<Uint8Array>
  const parsed = new Map();  // path -> decoded value
  const t2s = new Map();
  const engine = { bytesFetched: 0, filesFetched: 0 };

  const count = (bytes) => {
    engine.bytesFetched += bytes.length;
    engine.filesFetched++;
    return bytes;
  };

  function fetchBytes(path) {
    let p = files.get(path);
    if (!p) {
      p = Promise.resolve(loader(path)).then((b) => (b == null ? null : count(b instanceof Uint8Array ? b : new Uint8Array(b))));
      files.set(path, p);
    }
    return p;
  }

  // Bytes [start, end) of a file: from the whole file when it is here, else
  // by a range request (whose answer may turn out to be the whole file).
  function fetchSlice(path, start, end) {
    const key = `${path} ${start} ${end}`;
    let p = ranges.get(key);
    if (p) return p;
    const whole = files.get(path);
    if (whole || (!loadRange && load)) {
      p = fetchBytes(path).then((b) => {
        if (!b || b.length < end) throw new Error(`search index: ${path} is shorter than expected`);
        return b.subarray(start, end);
      });
    } else if (loadRange) {
      p = Promise.resolve(loadRange(path, start, end)).then((b) => count(b instanceof Uint8Array ? b : new Uint8Array(b)));
    } else {
      p = fetchRange(path, start, end).then(({ bytes, whole: all }) => {
        count(bytes);
        if (!all) return bytes;
        files.set(path, Promise.resolve(bytes));
        return bytes.subarray(start, end);
      });
    }
    ranges.set(key, p);
    return p;
  }

  async function cached(path, decode) {
    if (parsed.has(path)) return parsed.get(path);
    const bytes = await fetchBytes(path);
    const value = bytes == null ? null : decode(bytes);
    parsed.set(path, value);
    return value;
  }

  const json = (path) => cached(path, (b) => JSON.parse(textDecoder.decode(b)));

  async function meta() {
    const m = await json("meta.json");
    if (!m) throw new Error("search index: meta.json not found (build the site first)");
    return m;
  }

  // The traditional -> simplified pairs, in meta.json (excerpts need most of
  // them anyway).
  let t2sLoading = null;
  function loadT2s() {
    t2sLoading ??= meta().then((m) => {
      for (const [from, to] of Object.entries(m.t2s ?? {})) t2s.set(from.codePointAt(0), to.codePointAt(0));
    });
    return t2sLoading;
  }

  async function shardOf(key) {
    const m = await meta();
    return cached(`s/${fnv1a32(shardRoot(key)) % m.shards}.bin`, decodeShard);
  }

  async function entryOf(key) {
    return (await shardOf(key)).get(key) ?? null;
  }

  async function postingsOf(entry) {
    const cacheKey = `postings:${entry.key}`;
    if (parsed.has(cacheKey)) return parsed.get(cacheKey);
    const bytes = entry.postings ?? await fetchSlice(`p/${entry.pack}.bin`, entry.offset, entry.offset + entry.size);
    const value = decodePostings(bytes ?? new Uint8Array(0), (entry.flags & POSITIONAL) !== 0);
    parsed.set(cacheKey, value);
    return value;
  }

  // Cheapest set of indexed grams covering every pair of neighbouring
  // characters of `run` (code points, length >= 3): [{ entry, offset }], or null when some trigram of
  // the run is absent (then nothing matches).
  async function cover(run) {
    const m = await meta();
    const n = run.length;
    const str = (i, len) => String.fromCodePoint(...run.slice(i, i + len));
    const shards = await Promise.all(Array.from({ length: n - 2 }, (_, i) => shardOf(str(i, 3))));
    const grams = [];  // { start, end, entry, cost }
    for (let i = 0; i + 3 <= n; i++) {
      let e = shards[i].get(str(i, 3));
      if (!e) return null;
      for (let len = 3; e; len++) {
        grams.push({ start: i, end: i + len, entry: e, cost: (e.postings ? 0 : e.size) + 1 });
        if (!(e.flags & EXTENDED) || i + len + 1 > n || len + 1 > m.maxGram) break;
        e = shards[i].get(str(i, len + 1));
      }
    }
    const best = new Array(n + 1).fill(Infinity), choice = new Array(n + 1).fill(null);
    best[0] = 0;
    grams.sort((a, b) => a.end - b.end);
    for (const g of grams) {
      // Grams must overlap: two that merely abut would also accept the two
      // halves with punctuation between them (positions skip punctuation).
      for (let c = g.start === 0 ? 0 : g.start + 1; c < g.end; c++) {
        if (best[c] + g.cost < best[g.end]) {
          best[g.end] = best[c] + g.cost;
          choice[g.end] = { g, from: c };
        }
      }
    }
    const out = [];
    for (let e = n; e > 0;) {
      const { g, from } = choice[e];
      out.push({ entry: g.entry, offset: g.start });
      e = from;
    }
    return out;
  }

  // Matches of one term (intersectTerm): documents in order, with counts per
  // field and the first body position.
  async function evaluate(term) {
    const parts = partsOf(term.units);
    const positional = [];  // { entry, offset }
    const docLevel = [];    // entries whose documents must match (no positions)
    for (const p of parts) {
      if (p.word !== undefined) {
        const e = await entryOf(p.word);
        if (!e) return noMatches();
        positional.push({ entry: e, offset: p.offset });
      } else if (p.run.length <= 2) {
        const e = await entryOf(String.fromCodePoint(...p.run));
        if (!e) return noMatches();
        docLevel.push(e);
      } else {
        const c = await cover(p.run);
        if (!c) return noMatches();
        for (const g of c) positional.push({ entry: g.entry, offset: p.offset + g.offset });
      }
    }
    // Every token exists, so results are likely: fetch the body lengths for
    // ranking (and on a smaller site the record lengths) now, beside the
    // lists, not after them. A failure shows where they are awaited.
    docsTable(await meta()).catch(() => {});
    const lists = await Promise.all(positional.map((g) => postingsOf(g.entry)));
    const docLists = await Promise.all(docLevel.map((e) => postingsOf(e)));
    return intersectTerm(lists, positional.map((g) => g.offset), docLists);
  }

  async function filterSet(m, { section, year, tag }) {
    const keep = [];
    if (year !== undefined && year !== null && year !== "") {
      const y = m.years.find((r) => String(r[0]) === String(year));
      keep.push(y ? (d) => d >= y[1] && d < y[1] + y[2] : () => false);
    }
    if (section) {
      const i = m.sections.findIndex((s) => s[0] === section || s[1] === section);
      const codes = i < 0 ? null : await cached("sections.bin", (b) => b);
      keep.push(codes ? (d) => codes[d] === i : () => false);
    }
    if (tag) {
      const i = m.tags.indexOf(tag);
      let docs = null;
      if (i >= 0) {
        const key = `tag:${i}`;
        if (!parsed.has(key)) {
          const begin = i === 0 ? 0 : m.tagEnds[i - 1];
          parsed.set(key, decodeDocList(await fetchSlice("tags.bin", begin, m.tagEnds[i])));
        }
        docs = parsed.get(key);
      }
      keep.push(docs ? (d) => docs.has(d) : () => false);
    }
    return keep.length === 0 ? null : (d) => keep.every((k) => k(d));
  }

  async function passageText(p) {
    const bytes = await fetchSlice(`f/${p.pack}.json`, p.offset, p.offset + p.length);
    return JSON.parse(textDecoder.decode(bytes));
  }

  // docs.bin: the body lengths, then (on a site of up to lengthsUpTo
  // documents, fetched whole) the record lengths; else the body lengths only,
  // by range. Null when the file is missing.
  let docsLoading = null;
  function docsTable(m) {
    docsLoading ??= m.docs <= lengthsUpTo ? fetchBytes("docs.bin") : fetchSlice("docs.bin", 0, m.docs);
    return docsLoading;
  }

  // Record of document `doc`: on a site small enough to fetch docs.bin
  // whole, the lengths of its block's records say where it is,
  // so one request reads it; else (or for a record longer than 255 * 16
  // bytes) the block's header is read first.
  async function recordOf(doc) {
    const key = `record:${doc}`;
    if (parsed.has(key)) return parsed.get(key);
    const m = await meta();
    const per = m.recordsPerBlock, block = Math.floor(doc / per), first = block * per;
    const path = `r/${block}.bin`;
    const table = await docsTable(m).catch(() => null);
    let begin = 4 * (Math.min(per, m.docs - first) + 1), length = 0;
    if (table && table.length >= 2 * m.docs) {
      const lengths = table.subarray(m.docs);
      for (let d = first; d < doc && begin >= 0; d++) begin = lengths[d] ? begin + 16 * lengths[d] : -1;
      length = 16 * lengths[doc];
    }
    if (begin < 0 || length === 0) {
      const head = await fetchSlice(path, 4 * (doc - first), 4 * (doc - first) + 8);
      const at = (k) => (head[k] | head[k + 1] << 8 | head[k + 2] << 16 | head[k + 3] << 24) >>> 0;
      begin = at(0);
      length = at(4) - begin;
    }
    const record = decodeRecord(await fetchSlice(path, begin, begin + length));
    parsed.set(key, record);
    return record;
  }

  async function excerptFor(record, match, terms) {
    const p = record.p ?? [];
    if (p.length === 0) return "";
    let index = 0;
    if (match.first >= 0) {
      for (let i = 0; i < p.length; i++) if (p[i].start <= match.first) index = i;
    } else if (match.tf[BODY] > 0 && !match.located) {
      // Counts only (one- or two-character terms): look through the first
      // passages in order, four at a time.
      for (let i = 0; i < p.length && i < 24; i += 4) {
        const batch = p.slice(i, Math.min(p.length, i + 4));
        const texts = await Promise.all(batch.map(passageText));
        await loadT2s();
        const found = texts.findIndex((t) => hitRanges(tokenize(t, t2s), terms).length > 0);
        if (found >= 0) {
          index = i + found;
          break;
        }
      }
    }
    const text = await passageText(p[index]);
    await loadT2s();
    return makeExcerpt(text, terms, t2s).html;
  }

  // A result: the document's record, its excerpt around `best` (a term's
  // match in it: { tf, first, located }) and its score.
  async function resultOf(doc, best, terms, score) {
    const record = await recordOf(doc);
    return {
      url: record.u, title: record.t, section: record.s, date: record.d, tags: record.g ?? [],
      excerpt: await excerptFor(record, best, terms), score,
    };
  }

  // Links to policy-term pages: [{ url, title }].
  function termLinks(docs) {
    return Promise.all(docs.map(async (doc) => {
      const record = await recordOf(doc);
      return { url: record.u, title: record.t };
    }));
  }

  // The first page a term's dictionary entry carries, when the term is one
  // indexed gram or word with a big list; else null.
  async function firstPageOf(term) {
    const parts = partsOf(term.units);
    if (parts.length !== 1) return null;
    const p = parts[0];
    let e = null;
    if (p.word !== undefined) e = await entryOf(p.word);
    else if (p.run.length >= 3) {
      const c = await cover(p.run);
      e = c && c.length === 1 ? c[0].entry : null;
    }
    return e?.firstPage ? { entry: e, page: e.firstPage } : null;
  }

  // A one-term query's results from its first page: what the list would
  // give (the build ranked it the same way), without fetching the list.
  async function fromFirstPage(m, { entry, page }, terms, offset, limit) {
    const idf = idfOf(m.docs, entry.df);
    const norms = page.total > 1 ? await docsTable(m).catch(() => null) : null;
    const normOf = lengthNorms(m.avgBody);
    const results = await Promise.all(page.docs.slice(offset, offset + limit).map(({ doc, first, tf }) => {
      const norm = norms && norms.length >= m.docs ? normOf[norms[doc]] : 1;
      const best = first >= 0 ? { tf, first, located: true } : { tf: [0, 0, 0, 0, 0], first: -1, located: false };
      return resultOf(doc, best, terms, idf * tierScore(tf, 0, norm));
    }));
    const termList = offset > 0 ? [] : await termLinks(page.terms.map((t) => t.doc));
    return { total: page.total, results, terms: termList };
  }

  // Runs `query`; options: section (name or label), year, tag, limit
  // (default 10), offset (default 0). Resolves to { total, results }.
  engine.search = async function search(query, options = {}) {
    const { limit = 10, offset = 0 } = options;
    const [m] = await Promise.all([meta(), loadT2s()]);
    const raw = splitQuery(String(query ?? ""));
    const terms = raw.map((t) => ({ text: t, units: tokenize(t, t2s) })).filter((t) => t.units.length);
    if (terms.length === 0 || m.docs === 0) return { total: 0, results: [], terms: [] };
    if (firstPages && terms.length === 1 && !hasFilter(options) && offset + limit <= FIRST_PAGE_SIZE) {
      const first = await firstPageOf(terms[0]);
      if (first) return fromFirstPage(m, first, terms, offset, limit);
    }
    const matches = await Promise.all(terms.map(evaluate));
    const keep = await filterSet(m, options);
    // Documents matching every term; where[j * T + t] is the match of term t
    // for candidate j. Policy-term pages (numbered after every document) are
    // listed apart: `total` counts documents.
    const T = matches.length;
    const firstTerm = m.termDocs ? m.termDocs[0] : Infinity;
    const most = Math.min(...matches.map((mm) => mm.n));
    const docs = new Int32Array(most), where = new Int32Array(most * T);
    const termDocs = [], termWhere = [];
    let total = 0;
    if (T === 1 && keep === null) {
      // One term, no filter (the common case): its matches are the
      // candidates as they are, policy-term pages last. A callback per
      // document cost ~10 ms on a cold page.
      const only = matches[0];
      while (total < only.n && only.docs[total] < firstTerm) total++;
      docs.set(only.docs.subarray(0, total));
      for (let j = 0; j < only.n; j++) where[j] = j;
      for (let j = total; j < only.n; j++) {
        termDocs.push(only.docs[j]);
        termWhere.push(j);
      }
    } else forEachCommon(matches, (doc, at) => {
      if (doc >= firstTerm) {
        termDocs.push(doc);
        for (let t = 0; t < T; t++) termWhere.push(at[t]);
      } else if (keep === null || keep(doc)) {
        docs[total] = doc;
        for (let t = 0; t < T; t++) where[total * T + t] = at[t];
        total++;
      }
    });
    const termList = termsOf(termDocs, termWhere, matches, offset);  // fetched beside the results
    if (total === 0) return { total, results: [], terms: await termList };
    const norms = total > 1 ? await docsTable(m) : null;
    const idf = matches.map((mm) => idfOf(m.docs, mm.n));
    // One term ranks by its tier score alone (its idf is a common factor),
    // as the build ranks first pages; the score shown includes the idf.
    const scores = new Float64Array(total);
    const normOf = lengthNorms(m.avgBody);
    const hasNorms = norms && norms.length >= m.docs;
    for (let j = 0; j < total; j++) {
      const norm = hasNorms ? normOf[norms[docs[j]]] : 1;
      if (T === 1) {
        scores[j] = tierScore(matches[0].tf, where[j] * FIELDS, norm);
        continue;
      }
      let score = 0;
      for (let t = 0; t < T; t++) score += idf[t] * tierScore(matches[t].tf, where[j * T + t] * FIELDS, norm);
      scores[j] = score;
    }
    const page = topOf(scores, docs, total, offset + limit).slice(offset);
    const results = await Promise.all(page.map((j) => {
      // The excerpt follows the first term that places a body hit.
      let best = { tf: [0, 0, 0, 0, 0], first: -1, located: false };
      for (let t = 0; t < T; t++) {
        const mm = matches[t], i = where[j * T + t];
        const x = { tf: mm.tf.subarray(i * FIELDS, i * FIELDS + FIELDS), first: mm.first[i], located: mm.located };
        if (x.first >= 0) { best = x; break; }
        if (x.tf[BODY] && best.tf[BODY] === 0) best = x;
      }
      return resultOf(docs[j], best, terms, T === 1 ? idf[0] * scores[j] : scores[j]);
    }));
    return { total, results, terms: await termList };
  };

  // The policy terms a query matches, on its first page only: those whose
  // name (then aliases) matches first, at most three: [{ url, title }].
  function termsOf(termDocs, termWhere, matches, offset) {
    if (offset > 0 || termDocs.length === 0) return Promise.resolve([]);
    const T = matches.length;
    const hit = (i, f) => matches.some((mm, t) => mm.tf[termWhere[i * T + t] * FIELDS + f] > 0);
    const rank = (i) => hit(i, TITLE) ? 0 : hit(i, TAGS) ? 1 : 2;
    const best = termDocs.map((d, i) => ({ d, r: rank(i) })).sort((a, b) => a.r - b.r || a.d - b.d).slice(0, 3);
    return termLinks(best.map(({ d }) => d));
  }

  // Filter choices for a search form: sections, years (newest first), tags.
  engine.filters = async function filters() {
    const m = await meta();
    return {
      sections: m.sections.map(([name, label]) => ({ name, label })),
      years: m.years.map((r) => r[0]).filter((y) => y > 0),
      tags: m.tags,
    };
  };

  return engine;
}

// Indices j < n of the k best scores, best first; equal scores put the
// smaller document number (newer) first. A bounded insertion list, not a
// sort of every match: a cold query has ~7,000 and shows ten (a long page
// is sorted).
// Tiers: any title hit outweighs any tag hit, which outweighs any heading
// hit, which outweighs any amount of body (at most 2.2). `tf` holds five
// field counts from index `at`.
function tierScore(tf, at, norm) {
  let s = 0;
  if (tf[at + TITLE]) s += 10;
  if (tf[at + TAGS] || tf[at + PINYIN]) s += 6;
  if (tf[at + HEADINGS]) s += 3;
  if (tf[at + BODY]) s += (tf[at + BODY] * 2.2) / (tf[at + BODY] + 1.2 * norm);
  return s;
}

// Quantized body length -> BM25 length norm; 1.06^q by repeated
// multiplication, not Math.pow, so the build (search_first_page.cc) gets the
// same doubles.
function lengthNorms(avgBody) {
  const normOf = new Float64Array(256), avg = Math.max(1, avgBody);
  let power = 1;
  for (let q = 0; q < 256; q++) {
    normOf[q] = 0.25 + 0.75 * ((power - 1) / avg);
    power *= 1.06;
  }
  return normOf;
}

// BM25's idf of a token in n of `docs` documents.
function idfOf(docs, n) {
  return Math.log(1 + (docs - n + 0.5) / (n + 0.5));
}

function hasFilter({ section, year, tag } = {}) {
  return Boolean(section) || (year !== undefined && year !== null && year !== "") || Boolean(tag);
}

function topOf(scores, docs, n, k) {
  const better = (a, b) => scores[a] > scores[b] || (scores[a] === scores[b] && docs[a] < docs[b]);
  if (k > 64) {
    const all = Array.from({ length: n }, (_, j) => j);
    return all.sort((a, b) => scores[b] - scores[a] || docs[a] - docs[b]).slice(0, k);
  }
  const top = [];
  for (let j = 0; j < n; j++) {
    if (top.length === k && (k === 0 || !better(j, top[k - 1]))) continue;
    let i = top.length < k ? top.length : k - 1;
    while (i > 0 && better(j, top[i - 1])) {
      top[i] = top[i - 1];
      i--;
    }
    top[i] = j;
  }
  return top;
}

// The matches of one term: { n, docs (ascending), tf (5 per match), first
// (first body position or -1), located (whether first is known) }.
function noMatches() {
  return { n: 0, docs: new Int32Array(0), tf: new Int32Array(0), first: new Int32Array(0), located: false };
}

// Calls visit(doc, at) for each document in every one of `lists` (each
// { n, docs } with docs ascending), in order; at[k] is its index in
// lists[k]. Cursors walk the lists once, driven by the shortest.
function forEachCommon(lists, visit) {
  let small = lists[0];
  for (const l of lists) if (l.n < small.n) small = l;
  const at = new Int32Array(lists.length);
  for (let i = 0; i < small.n; i++) {
    const doc = small.docs[i];
    let ok = true;
    for (let k = 0; k < lists.length && ok; k++) {
      const l = lists[k];
      let c = at[k];
      while (c < l.n && l.docs[c] < doc) c++;
      at[k] = c;
      ok = c < l.n && l.docs[c] === doc;
    }
    if (ok) visit(doc, at);
  }
}

// Documents in every posting list of one term: `lists` (positional, at
// unit `offsets` in the term) must sit at the right relative positions in
// one field; `docLists` (one- and two-character runs, counts only) must
// occur in the fields where the term matched. Lists are decodePostings
// results; cursors walk them in document order.
function intersectTerm(lists, offsets, docLists) {
  const all = [...lists, ...docLists];
  const P = lists.length, L = all.length;
  if (L === 0) return noMatches();
  if (L === 1 && P === 1) {
    // A lone token (the common case): its counts are the term's counts, in
    // the same layout; only first body positions are gathered.
    const l = lists[0], first = new Int32Array(l.n).fill(-1);
    if (l.posAt) for (let e = 0; e < l.n; e++) if (l.counts[e * FIELDS + BODY]) first[e] = l.pos[l.posAt[e * FIELDS + BODY]];
    return { n: l.n, docs: l.docs, tf: l.counts, first, located: true };
  }
  const most = Math.min(...all.map((l) => l.n));
  const pc = new Int32Array(L);
  const docs = new Int32Array(most), tf = new Int32Array(most * FIELDS), first = new Int32Array(most);
  const t = new Int32Array(FIELDS);
  let out = 0;
  forEachCommon(all, (doc, at) => {
    t.fill(0);
    let firstBody = -1;
    if (P === 0) {
      for (let f = 0; f < FIELDS; f++) {
        let least = Infinity;
        for (let k = 0; k < L; k++) least = Math.min(least, all[k].counts[at[k] * FIELDS + f]);
        t[f] = least;
      }
    } else {
      for (let f = 0; f < FIELDS; f++) {
        let present = true;
        for (let k = 0; k < P && present; k++) present = lists[k].posAt !== null && lists[k].counts[at[k] * FIELDS + f] > 0;
        if (!present) continue;
        for (let k = 1; k < P; k++) pc[k] = lists[k].posAt[at[k] * FIELDS + f];
        const l0 = lists[0], end0 = l0.posAt[at[0] * FIELDS + f + 1];
        // Anchors only grow, so each other list's cursor only moves forward.
        for (let j = l0.posAt[at[0] * FIELDS + f]; j < end0; j++) {
          const anchor = l0.pos[j] - offsets[0];
          if (anchor < 0) continue;
          let hit = true;
          for (let k = 1; k < P && hit; k++) {
            const lk = lists[k], end = lk.posAt[at[k] * FIELDS + f + 1], want = anchor + offsets[k];
            let c = pc[k];
            while (c < end && lk.pos[c] < want) c++;
            pc[k] = c;
            hit = c < end && lk.pos[c] === want;
          }
          if (hit) {
            t[f]++;
            if (f === BODY && firstBody < 0) firstBody = anchor;
          }
        }
      }
      // Short runs beside words are checked per field, not per position.
      for (let f = 0; f < FIELDS; f++) {
        for (let k = P; k < L && t[f]; k++) if (!all[k].counts[at[k] * FIELDS + f]) t[f] = 0;
      }
    }
    if (!t.some((x) => x > 0)) return;
    docs[out] = doc;
    tf.set(t, out * FIELDS);
    first[out] = firstBody;
    out++;
  });
  return {
    n: out, docs: docs.subarray(0, out), tf: tf.subarray(0, out * FIELDS), first: first.subarray(0, out),
    located: P > 0,
  };
}
