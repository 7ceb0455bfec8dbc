/* migstat review: the row panel of the document view (M.render): the selected number's rows, each
   with its status; the row's fields, the value it publishes and where that comes from, the previous
   edition's value, its findings, its decisions; in the app, the decision buttons, a note and the
   correct form (decide.js acts on them). Loaded before review.js, which defines M.esc and M.num. */
(function () {
  "use strict";
  var M = window.migstat = window.migstat || {};
  var DECIDED = {accepted: 1, corrected: 1, rejected: 1, "re-review": 1};

  // what a row's status is as far as this page knows: its detail, else what another row's detail
  // says about it ("others"), else the mark's status
  M.rowState = function (uid, d) {
    var x = M.cache[uid] || (M.STATIC && M.section.rows && M.section.rows[uid]);
    if (x) return x.review && x.review.status ? x.review.status : x.status;
    var o = (d && d.others || []).filter(function (r) { return r.uid === uid; })[0];
    return o ? o.status : "";
  };
  function stateClass(s) { return "st-" + String(s || "none").replace(/[^\w-]/g, ""); }

  function rowsList(d, uids) {
    return '<div class="rows" role="list">' + uids.map(function (u, i) {
      var p = u.split(":"), s = u === d.uid ? (d.review.status || d.status) : M.rowState(u, d);
      return '<button type="button" role="listitem" data-uid="' + M.esc(u) + '" class="' + (u === d.uid ? "cur " : "") +
             stateClass(s) + '">row ' + (i + 1) + ": " + M.esc(p[3] || "-") + (p[4] ? " " + M.esc(p[4]) : "") +
             ' <span class="rowstate">' + M.esc(s || "?") + "</span></button>";
    }).join("") + "</div>";
  }

  function published(d) {
    if (d.published && d.published.text) return d.published.text;
    return d.value_published === null ? "(none: rejected)" : M.num(d.value_published);
  }

  function previous(d) {
    var p = d.previous;
    if (!p) return "";
    return (p.shown || M.num(p.value)) + (p.edition ? " in the " + p.edition + " edition" : "") +
           (p.source ? " (" + p.source + ")" : "");
  }

  function decisionLine(x) {
    var what = x.action === "withdraw" ? "withdrew the decision" : x.action;
    return "<li class=\"" + stateClass(x.action) + "\">" + M.esc(x.when) + " " + M.esc(x.who || "?") + ": " + M.esc(what) +
           (x.new_value !== null && x.new_value !== undefined ? " " + M.esc(M.num(x.new_value)) : "") +
           (x.note ? " — " + M.esc(x.note) : "") + "</li>";
  }

  M.render = function (d, mark) {
    var r = d.row, uids = M.uidsOf(mark), esc = M.esc, num = M.num;
    var period = r.period_start + (r.period_end && r.period_end !== r.period_start ? " .. " + r.period_end : "");
    var st = d.review.status || d.status;
    var h = "<h3>" + esc(num(r.value)) + " " + esc(r.unit) + ' <span class="status ' + stateClass(st) + '">' +
            esc(st) + "</span></h3>";
    if (uids.length > 1) h += "<p class=\"nrows\">" + uids.length + " rows share this number:</p>" + rowsList(d, uids);
    var f = [["metric", r.metric || "(none)"], ["label", r.label], ["value", num(r.value) + " " + r.unit],
             ["published", published(d)], ["previous edition", previous(d)],
             ["period", period + " (" + r.period_kind + ")"], ["nationality", r.nationality],
             ["category", r.category], ["qualifier", r.qualifier], ["quote", r.quote],
             ["page", r.page], ["span", r.char_start + "-" + r.char_end], ["rule", r.rule_id],
             ["decided by", r.explanation], ["table", [r.table, r.table_caption, r.source_org].filter(Boolean).join(" · ")]];
    h += '<dl class="fields">' + f.filter(function (x) { return x[1] !== "" && x[1] !== undefined; }).map(function (x) {
      return "<dt>" + esc(x[0]) + '</dt><dd class="f-' + esc(x[0].replace(" ", "-")) + '">' + esc(x[1]) + "</dd>";
    }).join("") + "</dl>";
    if (d.findings.length) {
      h += "<h4>Findings</h4><ul class=\"findings\">" + d.findings.map(function (x) {
        return '<li><span class="sev-' + esc(x.severity) + '">' + esc(x.severity) + "</span> " + esc(x.check) + ": " +
               esc(x.message) + "</li>";
      }).join("") + "</ul>";
    }
    if (d.review.status) {
      h += '<p class="review ' + stateClass(d.review.status) + '">Review: <b>' + esc(d.review.status) + "</b>" +
           (d.review.value !== null ? " " + esc(num(d.review.value)) : "") + " by " + esc(d.review.by) + " at " +
           esc(d.review.at) + (d.review.note ? " — " + esc(d.review.note) : "") + "</p>";
    }
    if (d.decisions.length) h += "<h4>Decisions</h4><ul class=\"decisions\">" + d.decisions.map(decisionLine).join("") + "</ul>";
    if (d.series) {
      var href = M.STATIC ? "#" + d.series : "/series#" + d.series;
      h += '<p><a class="serieslink" href="' + esc(href) + '">this series across editions</a></p>';
    }
    if (!M.STATIC) h += actions(d, uids, mark);
    M.detailBox().innerHTML = h;
    if (!M.STATIC && uids.length > 1) fillRows(d, uids, mark);
  };

  // the other rows of the number, fetched once, so that each shows its decision (accepted, corrected,
  // rejected) and a decision for all of them knows what each was
  function fillRows(d, uids, mark) {
    uids.slice(0, 50).forEach(function (u) {
      if (u === d.uid || M.cache[u]) return;
      M.loadRow(u).then(function (x) {
        if (!M.cur || M.cur.mark !== mark) return;
        var b = M.detailBox().querySelector('.rows button[data-uid="' + u.replace(/"/g, '\\"') + '"]');
        if (!b) return;
        var s = x.review.status || x.status;
        b.className = b.className.replace(/\bst-[\w-]+/, stateClass(s));
        b.querySelector(".rowstate").textContent = s;
      }).catch(function () {});
    });
  }

  function actions(d, uids, mark) {
    var h = '<div class="actions"><button type="button" data-act="accept">accept <kbd>a</kbd></button>' +
            '<button type="button" data-act="reject">reject <kbd>r</kbd></button>' +
            '<button type="button" data-act="correct">correct <kbd>c</kbd></button>' +
            (d.review.status ? '<button type="button" data-act="withdraw" title="append a line that withdraws the ' +
                               'decision; nothing is erased">undo <kbd>u</kbd></button>' : "") + "</div>";
    if (uids.length > 1) {
      h += '<label class="allrows"><input type="checkbox" name="all"' + (M.allRows === mark ? " checked" : "") +
           "> decide for all " + uids.length +
           " rows of this number (<kbd>A</kbd> accepts them all)</label>";
    }
    return h + '<form class="correct decideform"><span class="valuepart" hidden><input name="value" ' +
           'placeholder="value, e.g. 1.250" autocomplete="off"></span><input class="note" name="note" ' +
           'placeholder="note (for any decision)" autocomplete="off"><button class="save" hidden>save</button>' +
           '<span class="readas" aria-live="polite"></span></form><div class="msg" aria-live="polite"></div>' +
           '<p class="as">deciding as <b class="reviewer">' + M.esc(M.who ? M.who() || "(no name)" : "") +
           "</b> (the name at the top)</p>";
  }

  M.isDecided = function (s) { return !!DECIDED[s]; };
})();
