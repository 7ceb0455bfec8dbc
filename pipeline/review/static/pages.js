/* migstat review: the pages other than the document view (the app only). The session token every
   state-changing request carries, bulk accept on the documents page, and the decisions page's filters. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="migstat-token"]');
  var TOKEN = meta ? meta.content : "";

  // every POST of the app's pages: JSON, with the session's token (pipeline.review.guard)
  function post(url, body) {
    return fetch(url, {method: "POST", headers: {"content-type": "application/json", "x-migstat-token": TOKEN},
                       body: JSON.stringify(body)}).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error(j.error || ("HTTP " + r.status));
        return j;
      });
    });
  }
  window.migstatPost = post;

  function who() {
    var w = document.getElementById("who");
    return (w && w.value) || localStorage.getItem("migstat.who") || "";
  }

  // ---- bulk accept on the documents page ------------------------------------------------------
  var form = document.getElementById("bulk");
  if (form) {
    var pending = null;     // {rows, count, what} the confirmation is about
    var msg = form.querySelector(".msg");
    var say = function (text, cls) { msg.textContent = text; msg.className = "msg " + (cls || ""); };
    var choice = function () {
      return {doc: form.elements.doc.value, metric: form.elements.metric.value};
    };
    var ask = function () {
      var c = choice();
      var q = "doc=" + encodeURIComponent(c.doc) + (c.metric ? "&metric=" + encodeURIComponent(c.metric) : "");
      return fetch("/api/bulk?" + q).then(function (r) {
        return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || "HTTP " + r.status); return j; });
      }).then(function (j) {
        form.querySelector(".bulk-ask .n").textContent = j.count;
        return {rows: j.rows, count: j.count, what: c.doc + (c.metric ? " with metric " + c.metric : "")};
      });
    };
    var refresh = function () {
      form.querySelector(".confirm").hidden = true;
      pending = null;
      ask().catch(function (e) { say(e.message, "error"); });
    };
    var confirmBulk = function () {
      say("");
      ask().then(function (p) {
        if (!p.count) { say("nothing to accept: every row of " + p.what + " has a finding or a decision"); return; }
        pending = p;
        var box = form.querySelector(".confirm");
        box.querySelector(".n").textContent = p.count;
        box.querySelector(".what").textContent = p.what;
        box.hidden = false;
        box.querySelector(".bulk-yes").focus();
      }).catch(function (e) { say(e.message, "error"); });
    };
    form.addEventListener("change", refresh);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.querySelector(".bulk-ask").addEventListener("click", confirmBulk);
    form.querySelector(".bulk-no").addEventListener("click", function () {
      form.querySelector(".confirm").hidden = true; pending = null; say("nothing accepted");
    });
    form.querySelector(".bulk-yes").addEventListener("click", function () {
      if (!pending) return;
      var p = pending;
      pending = null;
      form.querySelector(".confirm").hidden = true;
      say("accepting " + p.count + " rows …");
      post("/decisions/bulk", {rows: p.rows, action: "accept", note: "bulk: no finding (" + p.what + ")", who: who()})
        .then(function (j) {
          sessionStorage.setItem("migstat.flash", "accepted " + j.decided + " rows of " + p.what);
          location.reload();        // the counts, the lists and the button's count as the decisions leave them
        }).catch(function (e) { say("not saved: " + e.message, "error"); });
    });
    document.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest("button[data-bulk-doc]");
      if (!b) return;
      form.elements.doc.value = b.dataset.bulkDoc;
      form.elements.metric.value = "";
      confirmBulk();
      form.scrollIntoView({block: "nearest"});
    });
    var flash = sessionStorage.getItem("migstat.flash");
    if (flash) { sessionStorage.removeItem("migstat.flash"); say(flash, "saved"); }
    refresh();
  }

  // ---- the decisions page: a filter applies when it is chosen ---------------------------------
  document.addEventListener("change", function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute("data-autosubmit")) e.target.form.submit();
  });

  // a page the browser shows again from its cache (back button) is fetched anew: the counts are current
  window.addEventListener("pageshow", function (e) { if (e.persisted) location.reload(); });
})();
