/* migstat review: the document view's core (select a number, see its row, move with the keys), the
   list filters and, in the static page, the sections. The row panel (detail.js), decisions (decide.js),
   the PDF page image (pageimg.js) and search (search.js) are loaded before this file and hang their
   functions on window.migstat (M); this file starts the page. No library, no network beyond the app's
   own routes. */
(function () {
  "use strict";
  var M = window.migstat = window.migstat || {};
  var STATIC = M.STATIC = document.body.dataset.mode === "static";
  var cache = M.cache = {};  // row id -> its detail as last seen (app: fetched; static: embedded)
  M.section = null;          // the document section shown
  M.marks = [];              // its numbers, in text order
  M.byUid = {};              // row id -> its mark
  M.cur = null;              // {mark: element, uid: row id, ready: Promise of the row's detail}

  M.esc = function (s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  };
  M.num = function (v) {
    if (v === null || v === undefined || v === "") return "";
    var parts = String(v).split(".");      // thousands grouped in the whole part only (35.5355, not 35.5 355)
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009");
    return parts.join(".");
  };
  M.detailBox = function () { return M.section.querySelector(".detail"); };
  M.uidsOf = function (mark) { return mark.dataset.r.split(" "); };

  // ---- the document section ---------------------------------------------------------------
  function setSection(sec) {
    M.section = sec;
    M.marks = sec ? Array.prototype.slice.call(sec.querySelectorAll("mark.n[data-r]")) : [];
    M.byUid = {};
    M.cur = null;
    M.marks.forEach(function (m, i) {
      m.dataset.i = i;
      M.uidsOf(m).forEach(function (u) { M.byUid[u] = m; });
    });
    if (STATIC && sec && !sec.rows) {
      var data = sec.querySelector("script.rowdata");
      sec.rows = data ? JSON.parse(data.textContent) : {};
    }
    if (M.onSection) M.onSection(sec);
  }

  // a row's detail: embedded (static), else fetched each time it is selected, so a decision made in
  // another tab since is seen (the cached one is what the page saw before: decide.js compares)
  M.loadRow = function (uid) {
    if (STATIC) return Promise.resolve(M.section.rows[uid]);
    return fetch("/api/rows/" + encodeURIComponent(uid), {cache: "no-store"}).then(function (r) {
      if (!r.ok) throw new Error("row " + uid + ": HTTP " + r.status);
      return r.json();
    }).then(function (d) { cache[uid] = d; return d; });
  };

  M.select = function (mark, uid, scroll) {
    if (!mark) return;
    var uids = M.uidsOf(mark);
    if (!uid || uids.indexOf(uid) < 0) uid = uids[0];
    if (M.cur && M.cur.mark) M.cur.mark.classList.remove("sel");
    mark.classList.add("sel");
    var sel = M.cur = {mark: mark, uid: uid};
    showWhy(uid);
    if (scroll) mark.scrollIntoView({block: "center"});
    var h = STATIC ? "#doc=" + encodeURIComponent(M.section.dataset.doc) + "&r=" + encodeURIComponent(uid)
                   : "#r=" + encodeURIComponent(uid);
    history.replaceState(null, "", h);
    sel.ready = M.loadRow(uid).then(function (d) {      // what a key pressed right after waits for
      if (M.cur === sel) { M.render(d, mark); if (M.showPage) M.showPage(d, mark); }
      return d;
    });
    sel.ready.catch(function (e) { M.detailBox().innerHTML = '<p class="error">' + M.esc(e.message) + "</p>"; });
  };

  // the words that decided the selected row (its explanation record, rendered as span.w[data-w])
  function showWhy(uid) {
    Array.prototype.forEach.call(M.section.querySelectorAll("span.w.why"), function (w) { w.classList.remove("why"); });
    Array.prototype.forEach.call(M.section.querySelectorAll("span.w[data-w]"), function (w) {
      if (w.dataset.w.split(" ").indexOf(uid) >= 0) w.classList.add("why");
    });
  }

  // ---- moving around ----------------------------------------------------------------------
  function step(dir, pred) {
    var marks = M.marks;
    if (!marks.length) return;
    var i = M.cur ? Number(M.cur.mark.dataset.i) : (dir > 0 ? -1 : marks.length);
    for (var n = 0; n < marks.length; n++) {
      i = (i + dir + marks.length) % marks.length;
      if (!pred || pred(marks[i])) { M.select(marks[i], null, true); return; }
    }
  }
  function unreviewed(m) { return !m.classList.contains("s-reviewed"); }
  function withFinding(m) { return m.classList.contains("s-finding") || m.classList.contains("s-rereview"); }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) {
      if (e.key === "Escape") { var f = t.closest("form.correct"); if (f && M.closeCorrect) { M.closeCorrect(f); t.blur(); } }
      return;
    }
    if (!M.section) return;
    var k = e.key, cur = M.cur, app = !STATIC;
    if (k === "j" || k === "ArrowRight") step(1);
    else if (k === "k" || k === "ArrowLeft") step(-1);
    else if (k === "n") step(1, unreviewed);
    else if (k === "f") step(1, withFinding);
    else if (k === "/" && M.focusSearch) M.focusSearch();
    else if (app && cur && k === "a") M.decide("accept");
    else if (app && cur && k === "A") M.decide("accept", {all: true});
    else if (app && cur && k === "r") M.decide("reject");
    else if (app && cur && k === "c") M.openCorrect();
    else if (app && cur && k === "u") M.decide("withdraw");
    else if (app && M.zoom && (k === "+" || k === "=")) M.zoom("in");
    else if (app && M.zoom && k === "-") M.zoom("out");
    else if (app && M.zoom && k === "0") M.zoom("fit");
    else return;
    e.preventDefault();
  });

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!t.closest) return;
    var m = t.closest("mark.n[data-r]");
    if (m && M.section && M.section.contains(m)) { M.select(m, null, false); return; }
    var b = t.closest(".detail button[data-uid]");
    if (b && M.cur) { M.select(M.cur.mark, b.dataset.uid, false); return; }
    var box = t.closest(".pageimg .box");
    if (box && M.byUid[box.dataset.uid]) M.select(M.byUid[box.dataset.uid], box.dataset.uid, true);
  });

  // ---- list filters -----------------------------------------------------------------------
  function applyFilters() {
    var want = {};
    document.querySelectorAll("select[data-filter]").forEach(function (s) { want[s.dataset.filter] = s.value; });
    document.querySelectorAll("table.filterable tr[data-metric]").forEach(function (tr) {
      var m = tr.dataset.metric, ok = true;
      if (want.metric === "*") ok = !!m; else if (want.metric === "-") ok = !m; else if (want.metric) ok = m === want.metric;
      if (ok && want.severity) ok = tr.dataset.severity === want.severity;
      if (ok && want.status) ok = tr.dataset.status === want.status;
      if (ok && want.change) ok = tr.dataset.change === want.change;
      tr.hidden = !ok;
    });
  }
  document.addEventListener("submit", function (e) {
    if (STATIC && e.target.classList.contains("filters")) { e.preventDefault(); applyFilters(); }
  });
  document.addEventListener("change", function (e) {
    if (e.target.dataset && e.target.dataset.filter) {
      if (STATIC) applyFilters(); else e.target.form.submit();   // the app filters on the server
    }
    if (e.target.id === "who") localStorage.setItem("migstat.who", e.target.value);
  });

  // ---- start ------------------------------------------------------------------------------
  function params() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
    });
    return out;
  }

  function route() {
    var p = params();
    if (STATIC) {
      var target = p.doc ? document.getElementById("doc-" + p.doc) : null;
      document.querySelectorAll("section.document").forEach(function (s) { s.hidden = s !== target; });
      document.getElementById("index").hidden = !!target;
      if (target !== M.section) setSection(target);
      if (!target) {
        var id = location.hash.replace(/^#/, "");
        var el = id && id.indexOf("=") < 0 ? document.getElementById(id) : null;
        if (el) el.scrollIntoView();
        return;
      }
    }
    if (M.section && p.r && M.byUid[p.r] && (!M.cur || M.cur.uid !== p.r)) M.select(M.byUid[p.r], p.r, true);
  }

  var w = document.getElementById("who");
  if (w) w.value = localStorage.getItem("migstat.who") || w.dataset.default || "";
  if (!STATIC) setSection(document.querySelector("section.document"));
  window.addEventListener("hashchange", route);
  route();
  if (STATIC) applyFilters();
})();
