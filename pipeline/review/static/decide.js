/* migstat review: decisions from the document view (the app only). Accept, reject, correct or undo
   ("withdraw") the selected row, or every row of the selected number; a note with any of them. A
   correction is read by the server as typed (GET /api/value: "1.250" is 1 250) and shown before it is
   saved; what cannot be read is refused here and nothing is sent. Each POST carries the token of the
   page (<meta name="migstat-token">) and the decision the page last saw for the row ("expected"): a
   decision made elsewhere since (HTTP 409) is shown, and saving over it asks first. After a decision
   the number's mark, its colour and the document's counts follow. Loaded before review.js. */
(function () {
  "use strict";
  var M = window.migstat = window.migstat || {};
  if (document.body.dataset.mode === "static") return;

  M.who = function () {
    var w = document.getElementById("who");
    return w ? w.value : "";
  };
  function token() {
    var meta = document.querySelector('meta[name="migstat-token"]');
    return meta ? meta.getAttribute("content") || "" : "";
  }
  // every state-changing request of the page goes through here
  M.post = function (url, body) {
    return fetch(url, {method: "POST", headers: {"content-type": "application/json", "X-Migstat-Token": token()},
                       body: JSON.stringify(body)}).then(function (r) {
      return r.json().catch(function () { return {error: "HTTP " + r.status}; })
        .then(function (j) { return {status: r.status, ok: r.ok, body: j}; });
    });
  };
  // the id of the row's current decision as a detail gives it ("" none; null: not known, not checked)
  M.currentId = function (d) {
    if (!d) return null;
    if (d.review && d.review.decision_id !== undefined) return d.review.decision_id || "";
    if (d.decision_id !== undefined) return d.decision_id || "";
    return null;
  };
  function describe(x) {
    if (!x) return "no decision (it was withdrawn)";
    var v = x.new_value !== null && x.new_value !== undefined ? " " + M.num(x.new_value) : "";
    return (x.action || x.status || "?") + v + " by " + (x.who || "?") + (x.when ? " at " + x.when : "") +
           (x.note ? " — " + x.note : "");
  }

  function msg(cls, html) {
    var m = M.section && M.detailBox().querySelector(".msg");
    if (m) { m.className = "msg " + cls; m.innerHTML = html; }
  }

  // ---- deciding ---------------------------------------------------------------------------
  // opts: all (every row of the number), value (correct), note, uids and expected ({uid: id}) to
  // save over decisions made elsewhere
  M.decide = function (action, opts) {
    opts = opts || {};
    var sel = M.cur;
    if (!sel) return Promise.resolve();
    var box = M.detailBox(), allBox = box.querySelector("input[name=all]"), noteBox = box.querySelector("input[name=note]");
    var all = opts.all || !!(allBox && allBox.checked);
    var note = opts.note !== undefined ? opts.note : (noteBox ? noteBox.value : "");
    var uids = opts.uids || (all ? M.uidsOf(sel.mark) : [sel.uid]);
    var before = {};
    return sel.ready.then(function (d) {
      return Promise.all(uids.map(function (u) {
        return M.cache[u] || (u === sel.uid ? d : M.loadRow(u));     // the row as this page last saw it
      }));
    }).then(function (details) {
      var jobs = [];
      details.forEach(function (d, i) {
        before[uids[i]] = d;
        if (action === "withdraw" && !d.review.status && uids.length > 1) return;  // nothing to undo on that row
        var body = {row: uids[i], action: action, note: note, who: M.who()};
        if (action === "correct") body.value = opts.value;
        var expected = opts.expected ? opts.expected[uids[i]] : M.currentId(d);
        if (expected !== null && expected !== undefined) body.expected = expected;
        jobs.push(body);
      });
      if (jobs.length > 1 && (action === "accept" || action === "reject")) return bulk(jobs, action, note, sel.mark);
      var results = [], chain = Promise.resolve();     // one after the other: one locked append each
      jobs.forEach(function (body) {
        chain = chain.then(function () { return M.post("/decisions", body); })
          .then(function (res) { res.uid = body.row; results.push(res); });
      });
      return chain.then(function () { return results; });
    }).then(function (results) {
      var done = 0, clashes = [], errors = [];
      results.forEach(function (res) {
        if (res.ok) { applied(res.uid, before[res.uid], res.body, sel.mark); done++; }
        else if (res.status === 409 && res.body.row) {        // the row as decided elsewhere
          clashes.push(res);
          M.cache[res.uid] = res.body.row;
          count(before[res.uid], res.body.row);
        } else errors.push((results.length > 1 ? res.uid + ": " : "") + (res.body.error || "HTTP " + res.status));
      });
      var known = M.uidsOf(sel.mark).map(function (u) { return M.cache[u] ? M.cache[u].status : null; });
      if (clashes.length && known.indexOf(null) < 0) paint(sel.mark, markStatus(known));
      if (M.cur !== sel) return;
      M.render(M.cache[sel.uid] || before[sel.uid], sel.mark);
      if (clashes.length) return clash(action, opts, note, all, clashes);
      if (errors.length) return msg("error", M.esc(errors.join("; ")));
      if (!done) return msg("error", "no decision to undo");
      msg("saved", "saved: " + M.esc(action) + (results.length > 1 ? " on " + done + " rows" : ""));
    }).catch(function (e) { if (M.cur === sel) msg("error", M.esc(e.message)); });
  };

  // accept or reject for several rows in one request (POST /decisions/bulk, one locked write): each
  // row is read first, and one decided elsewhere since this page saw it is a clash, as a 409 is
  function bulk(jobs, action, note, mark) {
    return Promise.all(jobs.map(function (j) { return M.loadRow(j.row); })).then(function (fresh) {
      var results = [], go = [];
      fresh.forEach(function (f, i) {
        var j = jobs[i];
        if (j.expected !== undefined && M.currentId(f) !== j.expected) {
          var now = f.decisions.filter(function (x) { return x.id === f.review.decision_id; })[0] || null;
          results.push({ok: false, status: 409, uid: j.row, body: {row: f, current: now}});
        } else go.push(j.row);
      });
      if (!go.length) return results;
      return M.post("/decisions/bulk", {rows: go, action: action, note: note, who: M.who()}).then(function (res) {
        if (!res.ok) return results.concat([{ok: false, status: res.status, uid: go.join(", "), body: res.body}]);
        return Promise.all(go.map(M.loadRow)).then(function (rows) {
          var status = markStatus(M.uidsOf(mark).map(function (u) { return M.cache[u] ? M.cache[u].status : ""; }));
          return results.concat(rows.map(function (r) {
            return {ok: true, status: 200, uid: r.uid, body: {row: r, mark_status: status}};
          }));
        });
      });
    });
  }
  // a number's status from its rows' (pipeline.review.status.mark_status): what needs a look wins
  function markStatus(statuses) {
    var order = ["rereview", "finding", "core", "other"];
    for (var i = 0; i < order.length; i++) if (statuses.indexOf(order[i]) >= 0) return order[i];
    return "reviewed";
  }

  // a decision made elsewhere since the page showed the row: show it, ask before saving over it
  function clash(action, opts, note, all, clashes) {
    var expected = {}, lines = clashes.map(function (res) {
      expected[res.uid] = res.body.current ? (res.body.current.id || res.body.current.decision_id || "") :
                          (M.currentId(res.body.row) || "");
      return "<li>" + (clashes.length > 1 || all ? M.esc(res.uid) + ": " : "") + M.esc(describe(res.body.current)) + "</li>";
    });
    msg("clash", "<p>Decided elsewhere since this page showed " + (clashes.length > 1 ? "these rows" : "the row") +
        ":</p><ul>" + lines.join("") + '</ul><button type="button" class="overwrite">save my ' + M.esc(action) +
        ' over it</button> <button type="button" class="keep">keep it</button>');
    var m = M.detailBox().querySelector(".msg");
    m.querySelector(".overwrite").onclick = function () {
      M.decide(action, {value: opts.value, note: note, uids: Object.keys(expected), expected: expected});
    };
    m.querySelector(".keep").onclick = function () { msg("", ""); };
  }

  // a saved decision: the row's detail, the number's mark and colour, the document's counts
  function paint(mark, status) {        // the mark's status class and, once reviewed, its decision's colour
    mark.className = mark.className.replace(/\bs-\w+/, "s-" + status);
    var kinds = {};
    M.uidsOf(mark).forEach(function (u) { kinds[M.rowState(u)] = 1; });
    var k = Object.keys(kinds);
    if (status !== "reviewed") delete mark.dataset.d;
    else mark.dataset.d = k.length === 1 && M.isDecided(k[0]) && k[0] !== "re-review" ? k[0] : "mixed";
  }
  function applied(uid, old, body, mark) {
    M.cache[uid] = body.row;
    paint(mark, body.mark_status);
    count(old, body.row);
  }
  function count(old, now) {          // the document's counts: a row that became (or stopped being) reviewed
    ["reviewed", "rereview"].forEach(function (s) {
      var el = M.section.querySelector('[data-count="' + s + '"]');
      var delta = (now.status === s ? 1 : 0) - (old && old.status === s ? 1 : 0);
      if (el && delta) el.textContent = String(Number(el.textContent) + delta);
    });
  }

  // ---- the correct form: the value read as the server reads it, before saving --------------
  function form() { return M.section && M.detailBox().querySelector("form.correct"); }
  M.openCorrect = function () {
    var sel = M.cur;
    if (!sel) return;
    sel.ready.then(function (d) {
      var f = M.cur === sel && form();
      if (!f) return;
      var input = f.querySelector("[name=value]");
      f.hidden = false;
      f.querySelector(".valuepart").hidden = false;
      f.querySelector(".save").hidden = false;
      input.value = d.row.value === null ? "" : dutch(d.row.value);
      input.focus();
      input.select();
      preview();
    });
  };
  M.closeCorrect = function (f) {
    f.querySelector(".valuepart").hidden = true;
    f.querySelector(".save").hidden = true;
    f.querySelector(".readas").textContent = "";
  };
  function dutch(v) {         // 2490 -> "2 490", 12.5 -> "12,5": how the reader takes it back
    var p = String(v).split(".");
    return p[0].replace(/\B(?=(\d{3})+(?!\d))/g, " ") + (p[1] ? "," + p[1] : "");
  }

  var reading = {};     // "uid\ntext" -> Promise of {value, shown, unit} or {error}
  function read(uid, text) {
    var key = uid + "\n" + text;
    if (!reading[key]) {
      reading[key] = fetch("/api/value?row=" + encodeURIComponent(uid) + "&text=" + encodeURIComponent(text))
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (j) {
            if (r.ok && typeof j.value === "number") return j;
            return {error: j.error || (typeof j.detail === "string" ? j.detail : "") || "HTTP " + r.status};
          });
        });
      reading[key].catch(function () { delete reading[key]; });
    }
    return reading[key];
  }
  var timer = null;
  function preview() {
    var f = form(), sel = M.cur;
    if (!f || !sel) return Promise.resolve(null);
    var text = f.querySelector("[name=value]").value, out = f.querySelector(".readas");
    if (!text.trim()) { out.className = "readas"; out.textContent = ""; return Promise.resolve(null); }
    return read(sel.uid, text).then(function (j) {
      if (M.cur !== sel || f.querySelector("[name=value]").value !== text) return j;
      out.className = "readas " + (j.error ? "error" : "ok");
      out.textContent = j.error ? j.error : "read as " + j.shown + (j.unit && j.unit !== "count" ? " " + j.unit : "");
      return j;
    });
  }

  document.addEventListener("input", function (e) {
    if (e.target.name === "value" && e.target.closest("form.correct")) {
      clearTimeout(timer);
      timer = setTimeout(preview, 120);
    }
  });
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!f.classList.contains("correct")) return;
    e.preventDefault();
    if (f.querySelector(".valuepart").hidden) return;          // Enter in the note alone saves nothing
    var text = f.querySelector("[name=value]").value;
    if (!text.trim()) { msg("error", "type the value first"); return; }
    clearTimeout(timer);
    preview().then(function (j) {
      if (!j) return;
      if (j.error) { msg("error", "not saved: " + M.esc(j.error)); return; }
      M.decide("correct", {value: j.value, note: f.querySelector("[name=note]").value});
    });
  });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest(".detail button[data-act]");
    if (!a || !M.cur) return;
    if (a.dataset.act === "correct") M.openCorrect(); else M.decide(a.dataset.act);
  });
  document.addEventListener("change", function (e) {
    if (e.target.name === "all" && M.cur && e.target.closest(".detail")) M.allRows = e.target.checked ? M.cur.mark : null;
    if (e.target.id !== "who" || !M.section) return;
    var b = M.detailBox().querySelector(".reviewer");
    if (b) b.textContent = e.target.value || "(no name)";
  });

  // back to the tab: the selected row as it is now (a decision made elsewhere is shown)
  document.addEventListener("visibilitychange", function () {
    var sel = M.cur;
    if (document.hidden || !sel) return;
    var seen = M.currentId(M.cache[sel.uid]);
    M.loadRow(sel.uid).then(function (d) {
      if (M.cur !== sel || M.currentId(d) === seen) return;
      M.render(d, sel.mark);
      msg("clash", "Changed elsewhere since: " + M.esc(describe(d.decisions[0] || null)));
    });
  });
})();
