// search-ui.js: the reader's side of search, on top of search.mjs.
//   - The header box shows the best results as you type, in a listbox under
//     it (ARIA combobox: ArrowUp/Down choose, Enter opens, Escape closes).
//     Enter with nothing chosen submits the form: /search/?q=...
//   - The /search/ page: results as you type, their count, filters by
//     section, year and tag, "load more", arrow keys between results, and
//     ?q=&section=&year=&tag= links kept in step with the address bar.
// Without JavaScript the forms still submit and the page says search needs it.
// Excerpts come from search.mjs as escaped HTML (hits in <mark>) and are the
// only thing inserted as HTML; everything else is set as text.
import { createSearch, splitQuery } from "./search.mjs";

const DEBOUNCE_MS = 150;
const DROPDOWN_SIZE = 8;
const PAGE_SIZE = 10;

const script = document.querySelector('script[src$="/search-ui.js"], script[src="search-ui.js"]');
const zh = !/^en\b/i.test(document.documentElement.lang);
// Strings come from the theme's i18n files through data- attributes.
function strings(el, fallbacks) {
  const out = {};
  for (const [key, value] of Object.entries(fallbacks)) out[key] = (el && el.dataset[key]) || value;
  return out;
}
const T = strings(script, zh ? {
  count: "共找到 {n} 篇", none: "没有找到与“{q}”相关的内容", all: "查看全部 {n} 篇结果",
  label: "搜索结果", error: "搜索暂时不可用，请稍后再试",
} : {
  count: "{n} results", none: "Nothing found for “{q}”", all: "See all {n} results",
  label: "Search results", error: "Search is not available right now; please try again later",
});
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));

let engine = null;
let sectionLabels = null;  // section name -> label
function getEngine(form) {
  if (!engine) engine = createSearch({ baseUrl: new URL(form.getAttribute("action") || "/search/", location.href).href });
  return engine;
}
async function labels() {
  if (!sectionLabels) {
    const f = await engine.filters();
    sectionLabels = new Map(f.sections.map((s) => [s.name, s.label]));
  }
  return sectionLabels;
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!m) return iso || "";
  return zh ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : m[0];
}

// A pattern for the literal query terms, to mark them in titles and tags
// (built as elements, never as HTML); null when there are none.
function termPattern(q) {
  const terms = splitQuery(q).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).filter(Boolean);
  return terms.length ? new RegExp(terms.sort((a, b) => b.length - a.length).join("|"), "giu") : null;
}

// Nodes of `text` with the matches of `pattern` in <mark>.
function marked(text, pattern) {
  if (!pattern) return [text];
  const out = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (!m[0]) continue;
    out.push(text.slice(last, m.index), el("mark", "", m[0]));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out.filter((n) => n !== "");
}

// "Section · date · tags" line of one result; `onlyMatching` keeps the tags
// that contain a term (all of them when the hit is nowhere else to be seen,
// e.g. a traditional query that matched a simplified tag).
function metaLine(tag, r, names, pattern, onlyMatching) {
  if (onlyMatching && (r.excerpt || "").includes("<mark>")) onlyMatching = "strict";
  const matches = (g) => pattern && g.search(pattern) >= 0;
  if (onlyMatching === true && !(r.tags || []).some(matches)) onlyMatching = false;
  const meta = el(tag, "meta");
  if (r.section) meta.append(el("span", "section-label", names.get(r.section) || r.section));
  if (r.date) {
    const t = el("time", "", formatDate(r.date));
    t.dateTime = r.date;
    meta.append(t);
  }
  const tags = (r.tags || []).filter((g) => !onlyMatching || matches(g));
  if (tags.length) {
    const span = el("span", "search-tags");
    tags.forEach((g, i) => span.append(...(i ? ["、"] : ["# "]), ...marked(g, pattern)));
    meta.append(span);
  }
  return meta;
}

function title(tag, r, pattern) {
  const t = el(tag, "search-title");
  t.append(...marked(r.title || r.url, pattern));
  return t;
}

function excerpt(tag, r) {
  const p = el(tag, "search-excerpt");
  p.innerHTML = r.excerpt || "";  // escaped HTML from search.mjs, hits in <mark>
  return p;
}

function debounce(fn, ms) {
  let timer = 0;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

// ---------------------------------------------------------------- header box

function headerBox(form) {
  const input = form.querySelector('input[name="q"]');
  if (!input) return;
  const listId = "search-suggest";
  const box = el("div", "search-suggest");
  box.hidden = true;
  const list = el("div", "search-suggest-list");
  list.id = listId;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", T.label);
  const empty = el("p", "search-empty");  // outside the listbox: not an option
  empty.hidden = true;
  const status = el("p", "visually-hidden");
  status.setAttribute("role", "status");
  box.append(list, empty);
  form.append(box, status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", listId);
  input.setAttribute("aria-expanded", "false");

  let options = [];
  let active = -1;
  let seq = 0;

  const open = (yes) => {
    box.hidden = !yes;
    input.setAttribute("aria-expanded", String(yes));
    if (!yes) setActive(-1);
  };
  function setActive(i) {
    if (options[active]) options[active].setAttribute("aria-selected", "false");
    active = i;
    if (options[i]) {
      options[i].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function show(message) {
    empty.textContent = message;
    empty.hidden = !message;
    list.hidden = !!message;
  }
  function option(href, i) {
    const a = el("a", "search-option");
    a.href = href;
    a.id = `${listId}-${i}`;
    a.tabIndex = -1;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    return a;
  }

  async function run() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      list.replaceChildren();
      termLine.hidden = true;
      options = [];
      status.textContent = "";
      open(false);
      return;
    }
    let found, names;
    try {
      found = await getEngine(form).search(q, { limit: DROPDOWN_SIZE });
      names = await labels();
    } catch (e) {
      if (mine !== seq) return;
      console.warn("search:", e);
      list.replaceChildren();
      options = [];
      show(T.error);
      open(true);
      return;
    }
    if (mine !== seq) return;  // a newer query is on its way
    const pattern = termPattern(q);
    options = found.results.map((r, i) => {
      const a = option(r.url, i);
      a.append(title("span", r, pattern), metaLine("span", r, names, pattern, true), excerpt("span", r));
      return a;
    });
    if (found.total > found.results.length) {
      const all = option(`${form.action.split("?")[0]}?q=${encodeURIComponent(q)}`, options.length);
      all.classList.add("search-all");
      all.textContent = fill(T.all, { n: found.total });
      options.push(all);
    }
    list.replaceChildren(...options);
    active = -1;
    show(found.total === 0 ? fill(T.none, { q }) : "");
    status.textContent = found.total ? fill(T.count, { n: found.total }) : fill(T.none, { q });
    open(document.activeElement === input || form.contains(document.activeElement));
  }
  const later = debounce(run, DEBOUNCE_MS);

  input.addEventListener("input", (e) => {
    if (!e.isComposing) later();
  });
  input.addEventListener("compositionend", later);
  input.addEventListener("focus", () => {
    getEngine(form).filters().catch(() => {});  // warm up: meta.json
    if (input.value.trim() && options.length) open(true);
  });
  input.addEventListener("keydown", (e) => {
    if (e.isComposing || e.keyCode === 229) return;
    const n = options.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!n) return;
      e.preventDefault();
      if (box.hidden) open(true);
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (e.key === "Enter" && active >= 0 && !box.hidden) {
      e.preventDefault();
      location.href = options[active].href;
    } else if (e.key === "Escape" && !box.hidden) {
      e.preventDefault();
      open(false);
    }
  });
  list.addEventListener("mousemove", (e) => {
    const a = e.target.closest(".search-option");
    if (a && options.indexOf(a) !== active) setActive(options.indexOf(a));
  });
  // Keep the focus in the box while an option is clicked.
  list.addEventListener("mousedown", (e) => e.preventDefault());
  form.addEventListener("focusout", (e) => {
    if (!form.contains(e.relatedTarget)) open(false);
  });
  if (input.value.trim() && document.activeElement === input) run();
}

// ---------------------------------------------------------------- search page

function searchPage(page) {
  const form = page.querySelector("form.search-form");
  const input = form && form.querySelector('input[name="q"]');
  const area = page.querySelector("#search-results");
  if (!input || !area) return;
  const P = strings(area, zh ? {
    section: "栏目", year: "年份", tag: "标签", anySection: "全部栏目", anyYear: "全部年份", anyTag: "全部标签",
    more: "加载更多", hint: "输入关键词即可搜索，可用空格分隔多个词，繁体字也能找到。", terms: "提法：",
    noneHint: "请检查用字，换一个关键词，或减少筛选条件。", shown: "已显示 {k} 篇",
  } : {
    section: "Section", year: "Year", tag: "Tag", anySection: "All sections", anyYear: "All years", anyTag: "All tags",
    more: "Load more", hint: "Type a word to search; separate several words with spaces.", terms: "Terms: ",
    noneHint: "Check the spelling, try another word, or remove a filter.", shown: "showing {k}",
  });
  area.removeAttribute("aria-live");  // the status line below speaks instead

  // Filters, filled from the index.
  const filters = el("div", "search-filters");
  const selects = {};
  for (const [key, label, any] of [["section", P.section, P.anySection], ["year", P.year, P.anyYear], ["tag", P.tag, P.anyTag]]) {
    const wrap = el("label", "search-filter");
    const select = el("select");
    select.name = key;
    select.append(new Option(any, ""));
    wrap.append(el("span", "", label), select);
    filters.append(wrap);
    selects[key] = select;
  }
  const status = el("p", "search-status");
  status.setAttribute("role", "status");
  const list = el("ol", "search-hits");
  // Policy terms (提法) the query matches: links to their term pages.
  const termLine = el("p", "search-terms");
  termLine.hidden = true;
  const more = el("button", "search-more", P.more);
  more.type = "button";
  more.hidden = true;
  // All inside #search-results, whose height the stylesheet reserves, and
  // the filters at their final size at once: nothing shifts while loading.
  area.replaceChildren(filters, status, termLine, list, more);

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const wanted = { section: params.get("section") || "", year: params.get("year") || "", tag: params.get("tag") || "" };

  const engineReady = getEngine(form);
  let names = new Map();
  const filtersReady = engineReady.filters().then((f) => {
    names = new Map(f.sections.map((s) => [s.name, s.label]));
    for (const s of f.sections) selects.section.append(new Option(s.label, s.name));
    for (const y of f.years) selects.year.append(new Option(zh ? `${y}年` : String(y), String(y)));
    for (const t of f.tags) selects.tag.append(new Option(t, t));
    for (const key of Object.keys(selects)) {
      const v = wanted[key];
      if (v && ![...selects[key].options].some((o) => o.value === v)) selects[key].append(new Option(v, v));
      selects[key].value = v;
    }
  }).catch((e) => console.warn("search:", e));

  let seq = 0;
  let shown = 0;
  let total = 0;

  const current = () => {
    const o = {};
    for (const [key, select] of Object.entries(selects)) {
      const v = select.value || wanted[key];
      if (v) o[key] = key === "year" ? Number(v) : v;
    }
    return o;
  };
  function syncUrl() {
    const p = new URLSearchParams();
    const q = input.value.trim();
    if (q) p.set("q", q);
    for (const [key, v] of Object.entries(current())) p.set(key, String(v));
    const s = p.toString();
    history.replaceState(history.state, "", location.pathname + (s ? `?${s}` : "") + location.hash);
  }
  function hit(r, pattern) {
    const li = el("li", "search-hit");
    const h = el("h2");
    const a = title("a", r, pattern);
    a.href = r.url;
    h.append(a);
    li.append(h, metaLine("p", r, names, pattern, false), excerpt("p", r));
    return li;
  }
  function say(text, extra) {
    status.replaceChildren(el("span", "", text));
    if (extra) status.append(" ", el("span", "search-hint", extra));
  }

  async function run(append = false) {
    const q = input.value.trim();
    const mine = ++seq;
    if (!append) syncUrl();
    if (!q) {
      list.replaceChildren();
      more.hidden = true;
      shown = total = 0;
      status.classList.remove("search-none");
      say(P.hint);
      return;
    }
    area.setAttribute("aria-busy", "true");
    let found;
    try {
      await filtersReady;
      found = await engineReady.search(q, { ...current(), limit: PAGE_SIZE, offset: append ? shown : 0 });
    } catch (e) {
      if (mine === seq) {
        console.warn("search:", e);
        say(T.error);
        area.removeAttribute("aria-busy");
      }
      return;
    }
    if (mine !== seq) return;
    area.removeAttribute("aria-busy");
    total = found.total;
    const pattern = termPattern(q);
    const items = found.results.map((r) => hit(r, pattern));
    if (!append) {
      const links = (found.terms ?? []).map((t) => {
        const a = el("a", "", t.title);
        a.href = t.url;
        return a;
      });
      termLine.replaceChildren(P.terms, ...links.flatMap((a, i) => (i ? ["、", a] : [a])));
      termLine.hidden = links.length === 0;
    }
    if (append) list.append(...items);
    else list.replaceChildren(...items);
    shown = (append ? shown : 0) + items.length;
    more.hidden = shown >= total;
    status.classList.toggle("search-none", total === 0);
    if (total === 0) say(fill(T.none, { q }), P.noneHint);
    else say(fill(T.count, { n: total }), shown < total ? fill(P.shown, { k: shown }) : "");
    if (append && items[0]) items[0].querySelector("a").focus();
  }
  const later = debounce(() => run(), DEBOUNCE_MS);

  input.addEventListener("input", (e) => {
    if (!e.isComposing) later();
  });
  input.addEventListener("compositionend", () => later());
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    later.cancel();
    run();
  });
  for (const select of Object.values(selects)) {
    select.addEventListener("change", () => {
      wanted[select.name] = "";
      run();
    });
  }
  more.addEventListener("click", () => run(true));

  // Arrow keys: from the box into the results, between them, and back.
  const links = () => [...list.querySelectorAll("h2 a")];
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && !e.isComposing && links()[0]) {
      e.preventDefault();
      links()[0].focus();
    }
  });
  list.addEventListener("keydown", (e) => {
    const all = links();
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = i + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else (all[next] || (more.hidden ? all[i] : more)).focus();
    } else if (e.key === "Escape") {
      input.focus();
    }
  });
  more.addEventListener("keydown", (e) => {
    if (e.key === "ArrowUp") {
      e.preventDefault();
      const all = links();
      (all[all.length - 1] || input).focus();
    }
  });

  run();
}

// ---------------------------------------------------------------- start

const page = document.querySelector(".search-page");
if (page) searchPage(page);
const header = document.querySelector("form.header-search");
if (header && !page) headerBox(header);
