// theme.js: small progressive enhancements of the default theme. Every page
// works without it; with it
//   - the table of contents is open beside the text on wide screens and
//     marks the section being read (aria-current="location");
//   - clicking a heading's "#" link also copies the section's full URL and
//     says so in a toast.
(() => {
  "use strict";
  const script = document.currentScript;
  const text = (key, fallback) => (script && script.dataset[key]) || fallback;

  // ---- Table of contents -------------------------------------------------
  const toc = document.querySelector("details.toc");
  if (toc) {
    // Same breakpoint as style.css: there the list is shown anyway (no shift).
    const wide = window.matchMedia("(min-width: 72rem)");
    const summary = toc.querySelector("summary");
    const fit = () => {
      toc.open = wide.matches;
      summary.tabIndex = wide.matches ? -1 : 0;
    };
    if (wide.matches) fit();
    wide.addEventListener("change", fit);
    // On a narrow screen a chosen entry closes the box again.
    toc.addEventListener("click", (e) => {
      if (!wide.matches && e.target.closest("a")) toc.open = false;
    });

    const links = new Map();
    for (const a of toc.querySelectorAll('a[href^="#"]')) {
      const h = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (h) links.set(h, a);
    }
    const headings = [...links.keys()];
    let current = null;
    const mark = () => {
      // The section being read: the last heading above the top third (or,
      // scrolled to the end, the last one on screen).
      const end = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      const line = window.innerHeight / (end ? 1 : 3);
      let h = headings[0];
      for (const x of headings) {
        if (x.getBoundingClientRect().top <= line) h = x;
        else break;
      }
      // A section the reader jumped to stays marked while it is near the top.
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (links.has(target)) {
        const top = target.getBoundingClientRect().top;
        if (top >= -2 && top <= line) h = target;
      }
      const a = links.get(h);
      if (a === current) return;
      if (current) current.removeAttribute("aria-current");
      a.setAttribute("aria-current", "location");
      current = a;
      if (wide.matches && toc.scrollHeight > toc.clientHeight) {
        const box = toc.getBoundingClientRect(), r = a.getBoundingClientRect();
        if (r.top < box.top || r.bottom > box.bottom) toc.scrollTop += r.top - box.top - box.height / 2;
      }
    };
    if (headings.length && "IntersectionObserver" in window) {
      const io = new IntersectionObserver(mark, { rootMargin: "0px 0px -66% 0px", threshold: [0, 1] });
      headings.forEach((h) => io.observe(h));
      const foot = document.querySelector(".site-footer");
      if (foot) new IntersectionObserver(mark).observe(foot);
      window.addEventListener("hashchange", mark);
    }
  }

  // ---- Copyable heading links ---------------------------------------------
  let toast = null, timer = 0;
  const say = (message) => {
    if (!toast) {
      toast = document.createElement("div");
      toast.className = "toast";
      toast.setAttribute("role", "status");
      (document.querySelector("main") || document.body).append(toast);
    }
    toast.textContent = message;
    toast.classList.add("show");
    clearTimeout(timer);
    timer = setTimeout(() => toast.classList.remove("show"), 2200);
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
  document.addEventListener("click", async (e) => {
    const a = e.target.closest("a.anchor");
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    // The link still does what it says (goes to the section); it also copies.
    const url = new URL(a.getAttribute("href"), location.href).href;
    say((await copy(url)) ? text("copied", "Link copied") : text("copyFailed", "Copy failed"));
  });
})();
