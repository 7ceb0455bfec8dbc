/* migstat review: the document view (select a number, see its row, decide), the list filters and,
   in the static page, the sections. No library, no network beyond the app's own routes. */
(function () {
  "use strict";
  var STATIC = document.body.dataset.mode === "static";
  var section = null;       // the document section shown
  var marks = [];           // its numbers, in text order
  var byUid = {};           // row id -> its mark
  var cur = null;           // {mark: element, uid: row id}
  var cache = {};           // row id -> detail (app: fetched; static: embedded)
  var boxCache = {};        // "doc/page" -> {row id: [[x0, y0, x1, y1], ...]}

  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function num(v) {
    if (v === null || v === undefined || v === "") return "";
    var parts = String(v).split(".");      // thousands grouped in the whole part only (35.5355, not 35.5 355)
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009");
    return parts.join(".");
  }

  // ---- the document section ---------------------------------------------------------------
  function setSection(sec) {
    section = sec;
    marks = sec ? Array.prototype.slice.call(sec.querySelectorAll("mark.n[data-r]")) : [];
    byUid = {};
    cur = null;
    marks.forEach(function (m, i) {
      m.dataset.i = i;
      m.dataset.r.split(" ").forEach(function (u) { byUid[u] = m; });
    });
    if (STATIC && sec && !sec.rows) {
      var data = sec.querySelector("script.rowdata");
      sec.rows = data ? JSON.parse(data.textContent) : {};
    }
  }

  function loadRow(uid) {
    if (STATIC) return Promise.resolve(section.rows[uid]);
    if (cache[uid]) return Promise.resolve(cache[uid]);
    return fetch("/api/rows/" + encodeURIComponent(uid)).then(function (r) {
      if (!r.ok) throw new Error("row " + uid + ": HTTP " + r.status);
      return r.json();
    }).then(function (d) { cache[uid] = d; return d; });
  }

  function select(mark, uid, scroll) {
    if (!mark) return;
    var uids = mark.dataset.r.split(" ");
    if (!uid || uids.indexOf(uid) < 0) uid = uids[0];
    if (cur && cur.mark) cur.mark.classList.remove("sel");
    mark.classList.add("sel");
    cur = {mark: mark, uid: uid};
    showWhy(uid);
    if (scroll) mark.scrollIntoView({block: "center"});
    var h = STATIC ? "#doc=" + encodeURIComponent(section.dataset.doc) + "&r=" + encodeURIComponent(uid)
                   : "#r=" + encodeURIComponent(uid);
    history.replaceState(null, "", h);
    var sel = cur;
    sel.ready = loadRow(uid).then(function (d) {      // what a key pressed right after waits for
      if (cur === sel) { render(d, mark); showPage(d, mark); }
      return d;
    });
    sel.ready.catch(function (e) { detailBox().innerHTML = '<p class="error">' + esc(e.message) + "</p>"; });
  }

  function detailBox() { return section.querySelector(".detail"); }

  // the words that decided the selected row (its explanation record, rendered as span.w[data-w])
  function showWhy(uid) {
    if (!section) return;
    Array.prototype.forEach.call(section.querySelectorAll("span.w.why"), function (w) { w.classList.remove("why"); });
    Array.prototype.forEach.call(section.querySelectorAll("span.w[data-w]"), function (w) {
      if (w.dataset.w.split(" ").indexOf(uid) >= 0) w.classList.add("why");
    });
  }

  function render(d, mark) {
    var r = d.row, uids = mark.dataset.r.split(" ");
    var period = r.period_start + (r.period_end && r.period_end !== r.period_start ? " .. " + r.period_end : "");
    var h = "<h3>" + esc(num(r.value)) + " " + esc(r.unit) + ' <span class="status">' + esc(d.status) +
            "</span></h3>";
    if (uids.length > 1) {
      h += '<div class="rows">' + uids.map(function (u, i) {
        var p = u.split(":");
        return '<button type="button" data-uid="' + esc(u) + '"' + (u === d.uid ? ' class="cur"' : "") + ">row " +
               (i + 1) + ": " + esc(p[3] || "-") + (p[4] ? " " + esc(p[4]) : "") + "</button>";
      }).join("") + "</div>";
    }
    var f = [["metric", r.metric || "(none)"], ["label", r.label], ["value", num(r.value) + " " + r.unit],
             ["published", d.value_published === null ? "(none: rejected)" : num(d.value_published)],
             ["period", period + " (" + r.period_kind + ")"], ["nationality", r.nationality],
             ["category", r.category], ["qualifier", r.qualifier], ["quote", r.quote],
             ["page", r.page], ["span", r.char_start + "-" + r.char_end], ["rule", r.rule_id],
             ["decided by", r.explanation], ["table", [r.table, r.table_caption, r.source_org].filter(Boolean).join(" · ")]];
    h += '<dl class="fields">' + f.filter(function (x) { return x[1] !== "" && x[1] !== undefined; }).map(function (x) {
      return '<dt>' + esc(x[0]) + '</dt><dd class="f-' + esc(x[0].replace(" ", "-")) + '">' + esc(x[1]) + "</dd>";
    }).join("") + "</dl>";
    if (d.findings.length) {
      h += "<h4>Findings</h4><ul class=\"findings\">" + d.findings.map(function (x) {
        return '<li><span class="sev-' + esc(x.severity) + '">' + esc(x.severity) + "</span> " + esc(x.check) + ": " +
               esc(x.message) + "</li>";
      }).join("") + "</ul>";
    }
    if (d.review.status) {
      h += '<p class="review">Review: <b>' + esc(d.review.status) + "</b>" + (d.review.value !== null ? " " +
           esc(num(d.review.value)) : "") + " by " + esc(d.review.by) + " at " + esc(d.review.at) +
           (d.review.note ? " — " + esc(d.review.note) : "") + "</p>";
    }
    if (d.decisions.length > 1) {
      h += "<h4>Decisions</h4><ul>" + d.decisions.map(function (x) {
        return "<li>" + esc(x.when) + " " + esc(x.who) + ": " + esc(x.action) + (x.new_value !== null ? " " +
               esc(num(x.new_value)) : "") + (x.note ? " — " + esc(x.note) : "") + "</li>";
      }).join("") + "</ul>";
    }
    if (d.series) {
      var href = STATIC ? "#" + d.series : "/series#" + d.series;
      h += '<p><a class="serieslink" href="' + esc(href) + '">this series across editions</a></p>';
    }
    if (!STATIC) {
      h += '<div class="actions"><button type="button" data-act="accept">accept <kbd>a</kbd></button>' +
           '<button type="button" data-act="reject">reject <kbd>r</kbd></button>' +
           '<button type="button" data-act="correct">correct <kbd>c</kbd></button></div>' +
           '<form class="correct actions" hidden><input name="value" placeholder="value" autocomplete="off">' +
           '<input class="note" name="note" placeholder="note" autocomplete="off"><button>save</button></form>' +
           '<p class="msg"></p>';
    }
    detailBox().innerHTML = h;
  }

  // ---- decisions (the app only) -----------------------------------------------------------
  function who() {
    var w = document.getElementById("who");
    return w ? w.value : "";
  }

  function decide(action, value, note) {
    if (STATIC || !cur) return;
    var uid = cur.uid, mark = cur.mark, msg = null;
    cur.ready.then(function () {
      return fetch("/decisions", {method: "POST", headers: {"content-type": "application/json",
        "x-migstat-token": (document.querySelector('meta[name="migstat-token"]') || {}).content || ""},
        body: JSON.stringify({row: uid, action: action, value: value, note: note || "", who: who()})});
    }).then(function (r) {
      return r.json().then(function (j) { return {ok: r.ok, body: j}; });
    }).then(function (res) {
      if (!res.ok) {
        msg = detailBox().querySelector(".msg");
        if (msg) { msg.className = "msg error"; msg.textContent = res.body.error || "not saved"; }
        return;
      }
      cache[uid] = res.body.row;
      mark.className = mark.className.replace(/\bs-\w+/, "s-" + res.body.mark_status);
      if (cur && cur.uid === uid) {
        render(res.body.row, mark);
        msg = detailBox().querySelector(".msg");
        if (msg) { msg.className = "msg saved"; msg.textContent = "saved: " + res.body.decision.action; }
      }
    }).catch(function (e) {
      msg = detailBox().querySelector(".msg");
      if (msg) { msg.className = "msg error"; msg.textContent = e.message; }
    });
  }

  function openCorrect() {
    if (!cur) return;
    var sel = cur;
    sel.ready.then(function (d) {
      var form = cur === sel && detailBox().querySelector("form.correct");
      if (!form) return;
      var input = form.querySelector("[name=value]");
      form.hidden = false;
      input.value = d.row.value === null ? "" : String(d.row.value);
      input.focus();
      input.select();
    });
  }

  // ---- the page image of a PDF (the app only) ---------------------------------------------
  function showPage(d, mark) {
    var box = section.querySelector(".pageimg");
    if (!box || d.fmt !== "pdf") return;
    var page = d.row.page, doc = section.dataset.doc;
    var img = box.querySelector("img");
    var src = "/doc/" + encodeURIComponent(doc) + "/page/" + page + ".png";
    box.hidden = false;
    if (img.getAttribute("src") !== src) { img.setAttribute("src", src); box.querySelector(".boxes").innerHTML = ""; }
    var key = doc + "/" + page;
    var got = boxCache[key] ? Promise.resolve(boxCache[key]) :
      fetch("/doc/" + encodeURIComponent(doc) + "/page/" + page + "/boxes").then(function (r) { return r.json(); })
        .then(function (j) { boxCache[key] = j; return j; });
    got.then(function (all) {
      if (!cur || cur.mark !== mark) return;
      var sel = mark.dataset.r.split(" ");
      var html = "";
      Object.keys(all).forEach(function (uid) {
        all[uid].forEach(function (b) {
          html += '<div class="box' + (sel.indexOf(uid) >= 0 ? " sel" : "") + '" data-uid="' + esc(uid) +
                  '" style="left:' + (b[0] * 100) + "%;top:" + (b[1] * 100) + "%;width:" + ((b[2] - b[0]) * 100) +
                  "%;height:" + ((b[3] - b[1]) * 100) + '%"></div>';
        });
      });
      box.querySelector(".boxes").innerHTML = html;
    });
  }

  // ---- moving around ----------------------------------------------------------------------
  function step(dir, pred) {
    if (!marks.length) return;
    var i = cur ? Number(cur.mark.dataset.i) : (dir > 0 ? -1 : marks.length);
    for (var n = 0; n < marks.length; n++) {
      i = (i + dir + marks.length) % marks.length;
      if (!pred || pred(marks[i])) { select(marks[i], null, true); return; }
    }
  }
  function unreviewed(m) { return !m.classList.contains("s-reviewed"); }
  function withFinding(m) { return m.classList.contains("s-finding") || m.classList.contains("s-rereview"); }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) {
      if (e.key === "Escape") { var f = t.closest("form.correct"); if (f) { f.hidden = true; t.blur(); } }
      return;
    }
    if (!section) return;
    var k = e.key;
    if (k === "j" || k === "ArrowRight") step(1);
    else if (k === "k" || k === "ArrowLeft") step(-1);
    else if (k === "n") step(1, unreviewed);
    else if (k === "f") step(1, withFinding);
    else if (k === "a" && cur) decide("accept");
    else if (k === "r" && cur) decide("reject");
    else if (k === "c" && cur) openCorrect();
    else return;
    e.preventDefault();
  });

  document.addEventListener("click", function (e) {
    var t = e.target;
    var m = t.closest && t.closest("mark.n[data-r]");
    if (m && section && section.contains(m)) { select(m, null, false); return; }
    var b = t.closest && t.closest(".detail button[data-uid]");
    if (b && cur) { select(cur.mark, b.dataset.uid, false); return; }
    var a = t.closest && t.closest(".detail button[data-act]");
    if (a) { if (a.dataset.act === "correct") openCorrect(); else decide(a.dataset.act); return; }
    var box = t.closest && t.closest(".pageimg .box");
    if (box && byUid[box.dataset.uid]) select(byUid[box.dataset.uid], box.dataset.uid, true);
  });

  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (f.classList.contains("correct")) {
      e.preventDefault();
      decide("correct", f.querySelector("[name=value]").value, f.querySelector("[name=note]").value);
    } else if (STATIC && f.classList.contains("filters")) {
      e.preventDefault();
      applyFilters();
    }
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
      if (target !== section) setSection(target);
      if (!target) {
        var id = location.hash.replace(/^#/, "");
        var el = id && id.indexOf("=") < 0 ? document.getElementById(id) : null;
        if (el) el.scrollIntoView();
        return;
      }
    }
    if (section && p.r && byUid[p.r] && (!cur || cur.uid !== p.r)) select(byUid[p.r], p.r, true);
  }

  var w = document.getElementById("who");
  if (w) w.value = localStorage.getItem("migstat.who") || w.dataset.default || "";
  if (!STATIC) setSection(document.querySelector("section.document"));
  window.addEventListener("hashchange", route);
  route();
  if (STATIC) applyFilters();
})();
