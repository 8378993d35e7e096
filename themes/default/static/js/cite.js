// cite.js: citable paragraphs (issue 8). Every paragraph and h2-h4 of a page
// body has a stable id (p-3fa9c2 from the paragraph's own text, or the
// heading's); this adds a small "¶" button to each. One click (or Enter /
// Space on it) copies a citation in Chinese form:
//   《标题》（2020年3月5日，讲话人）第三部分 — https://…/page/#p-3fa9c2
// The part is the 一、/二、 number of the h2 the paragraph is under, else the
// h2's position. Without JavaScript the ids still work as links.
(() => {
  "use strict";
  const script = document.currentScript;
  const say = (message) => {
    let toast = document.querySelector(".toast.cite-toast");
    if (!toast) {
      toast = document.createElement("div");
      toast.className = "toast cite-toast";
      toast.setAttribute("role", "status");
      (document.querySelector("main") || document.body).append(toast);
    }
    toast.textContent = message;
    toast.classList.add("show");
    clearTimeout(say.timer);
    say.timer = setTimeout(() => toast.classList.remove("show"), 2600);
  };
  const copy = async (value) => {
    try {
      await navigator.clipboard.writeText(value);
      return true;
    } catch {
      const area = Object.assign(document.createElement("textarea"), { value, readOnly: true });
      area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
      document.body.append(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand("copy"); } catch { ok = false; }
      area.remove();
      return ok;
    }
  };
  const DIGITS = "零一二三四五六七八九";
  const chinese = (n) => {
    if (n < 10) return DIGITS[n];
    if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
    if (n < 100) return DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? DIGITS[n % 10] : "");
    return String(n);
  };
  // Heading text without the "#" link and our own button.
  const headingText = (h) => {
    const c = h.cloneNode(true);
    c.querySelectorAll(".anchor, .cite").forEach((x) => x.remove());
    return c.textContent.trim();
  };

  const prose = document.querySelector(".prose[data-cite-title]");
  if (!prose) return;
  const data = prose.dataset;
  const canonical = document.querySelector('link[rel="canonical"]');
  const base = (canonical ? canonical.href : location.href).split("#")[0];
  const parts = [...prose.querySelectorAll("h2[id]")];

  const partOf = (el) => {
    let index = -1;
    parts.forEach((h, i) => {
      if (h === el || (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) index = i;
    });
    if (index < 0) return "";
    const m = /^([一二三四五六七八九十百]+)[、．.]/.exec(headingText(parts[index]));
    return "第" + (m ? m[1] : chinese(index + 1)) + "部分";
  };
  const citation = (el) => {
    const meta = [data.citeDate, data.citeBy].filter(Boolean).join("，");
    return "《" + data.citeTitle + "》" + (meta ? "（" + meta + "）" : "") + partOf(el) +
      " — " + base + "#" + encodeURIComponent(el.id);
  };

  const label = (script && script.dataset.label) || "复制本段引用";
  for (const el of prose.querySelectorAll("p[id], h2[id], h3[id], h4[id]")) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "cite";
    b.textContent = "¶";
    b.title = label;
    b.setAttribute("aria-label", label);
    el.append(b);
  }
  prose.addEventListener("click", async (e) => {
    const b = e.target.closest("button.cite");
    if (!b) return;
    const el = b.parentElement;
    const text = citation(el);
    b.dataset.citation = text;
    const ok = await copy(text);
    say(ok ? (script && script.dataset.copied) || "已复制引用" : (script && script.dataset.failed) || "复制失败，请手动复制");
  });
})();
