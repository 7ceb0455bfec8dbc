/* migstat review: search within the document shown (app and static page). A number, as written
   ("2.490", "1 025", "12,5%") or as a value ("2490"), finds the marked numbers of that value; a word
   finds the places of the text it stands in (case ignored). Enter or the arrows go to the next or
   previous hit: a number is selected (its row shown), a word is highlighted. Loaded before review.js. */
(function () {
  "use strict";
  var M = window.migstat = window.migstat || {};
  var hits = [], at = -1, query = null;

  // a number as the documents write it: Dutch thousands dots and spaces, decimal comma, "%"; null
  // when the text is not one number
  M.readNumber = function (text) {
    var s = String(text).replace(/[\s\u00a0\u2009\u202f]/g, "").replace(/%$/, "").replace(/^[+\u2212]/, "");
    if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s)) return null;
    if (s.indexOf(",") >= 0) s = s.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
    var v = Number(s);
    return isFinite(v) ? v : null;
  };
  function compact(s) { return String(s).replace(/[\s\u00a0\u2009\u202f]/g, ""); }

  function box() { return M.section && M.section.querySelector("form.docsearch"); }

  function find(q) {
    var out = [], v = M.readNumber(q);
    if (v !== null) {
      M.marks.forEach(function (m) {
        if (compact(m.textContent) === compact(q) || M.readNumber(m.textContent) === v) out.push({mark: m});
      });
      return out;
    }
    var needle = q.toLowerCase(), text = M.section.querySelector(".text");
    var walk = document.createTreeWalker(text, NodeFilter.SHOW_TEXT), node;
    while ((node = walk.nextNode())) {
      var hay = node.nodeValue.toLowerCase(), i = hay.indexOf(needle);
      while (i >= 0) {
        var r = document.createRange();
        r.setStart(node, i);
        r.setEnd(node, i + needle.length);
        out.push({range: r});
        i = hay.indexOf(needle, i + needle.length);
      }
    }
    return out;
  }

  function paint() {
    if (!window.CSS || !CSS.highlights) return;
    var ranges = hits.filter(function (h) { return h.range; }).map(function (h) { return h.range; });
    CSS.highlights.set("search-hit", new Highlight(...ranges));
    var here = hits[at] && hits[at].range;
    if (here) CSS.highlights.set("search-here", new Highlight(here)); else CSS.highlights.delete("search-here");
  }

  function show() {
    var f = box(), out = f.querySelector(".hits");
    M.section.querySelectorAll("mark.n.hit").forEach(function (m) { m.classList.remove("hit"); });
    hits.forEach(function (h) { if (h.mark) h.mark.classList.add("hit"); });
    out.textContent = !query ? "" : !hits.length ? "not found" : (at + 1) + " of " + hits.length;
    out.className = "hits" + (query && !hits.length ? " error" : "");
    paint();
  }

  M.findNext = function (dir) {
    var f = box();
    if (!f) return;
    var q = f.querySelector("[name=q]").value.trim();
    if (q !== query) { query = q; hits = q ? find(q) : []; at = dir > 0 ? -1 : hits.length; }
    if (hits.length) {
      at = (at + dir + hits.length) % hits.length;
      var h = hits[at];
      if (h.mark) M.select(h.mark, null, true);
      else {
        var el = h.range.startContainer.parentElement;
        if (el) el.scrollIntoView({block: "center"});
      }
    }
    show();
  };

  M.focusSearch = function () {
    var f = box();
    if (f) { var i = f.querySelector("[name=q]"); i.focus(); i.select(); }
  };

  M.onSection = function () { hits = []; at = -1; query = null; };

  document.addEventListener("submit", function (e) {
    if (!e.target.classList.contains("docsearch")) return;
    e.preventDefault();
    M.findNext(1);
  });
  document.addEventListener("keydown", function (e) {
    if (e.target.name !== "q" || !e.target.closest("form.docsearch")) return;
    if (e.key === "Enter" && e.shiftKey) { e.preventDefault(); M.findNext(-1); }
    else if (e.key === "Escape") e.target.blur();
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("form.docsearch button[data-find]");
    if (b) M.findNext(Number(b.dataset.find));
  });
})();
