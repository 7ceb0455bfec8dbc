/* migstat review: the PDF page beside the row panel (the app only): the selected number's page as
   published, rendered by the app at the width it is shown at times the screen's pixel ratio (sharp at
   every zoom), with a frame drawn around (not over) each number's digits; zoom in, out and to the
   panel's width (buttons, or + - 0), the selected number kept in view. Loaded before review.js. */
(function () {
  "use strict";
  var M = window.migstat = window.migstat || {};
  if (document.body.dataset.mode === "static") return;
  var LEVELS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4];
  var zoom = 1;               // 1: the page as wide as the panel
  var shown = null;           // {doc, page, mark} of the page shown
  var boxCache = {};          // "doc/page" -> {row id: [[x0, y0, x1, y1], ...]}

  function panel() { return M.section && M.section.querySelector(".pageimg"); }

  // the image's width on screen and the width of the picture asked for (whole hundreds of pixels, so
  // a few sizes are rendered and cached, never blurred up)
  function layout(box) {
    var scroller = box.querySelector(".pagescroll"), wrap = box.querySelector(".pagewrap");
    var fit = Math.max(200, scroller.clientWidth || 400);
    var width = Math.round(fit * zoom);
    wrap.style.width = width + "px";
    box.querySelector(".zoomlevel").textContent = Math.round(zoom * 100) + "%";
    return Math.min(4000, Math.max(200, Math.ceil(width * (window.devicePixelRatio || 1) / 100) * 100));
  }

  function source(doc, page, px) {
    return "/doc/" + encodeURIComponent(doc) + "/page/" + page + ".png?w=" + px;
  }

  M.showPage = function (d, mark) {
    var box = panel();
    if (!box || d.fmt !== "pdf") return;
    var page = d.row.page, doc = M.section.dataset.doc;
    box.hidden = false;
    var img = box.querySelector("img"), px = layout(box), src = source(doc, page, px);
    if (!shown || shown.page !== page) box.querySelector(".boxes").innerHTML = "";
    shown = {doc: doc, page: page, mark: mark};
    if (img.getAttribute("src") !== src) img.setAttribute("src", src);
    var pages = M.section.dataset.pages;
    box.querySelector(".pageno").textContent = "page " + page + (pages ? " of " + pages : "");
    var key = doc + "/" + page;
    var got = boxCache[key] ? Promise.resolve(boxCache[key]) :
      fetch("/doc/" + encodeURIComponent(doc) + "/page/" + page + "/boxes").then(function (r) { return r.json(); })
        .then(function (j) { boxCache[key] = j; return j; });
    got.then(function (all) {
      if (!M.cur || M.cur.mark !== mark) return;
      var sel = M.uidsOf(mark), html = "";
      Object.keys(all).forEach(function (uid) {
        all[uid].forEach(function (b) {
          html += '<div class="box' + (sel.indexOf(uid) >= 0 ? " sel" : "") + '" data-uid="' + M.esc(uid) +
                  '" style="left:' + (b[0] * 100) + "%;top:" + (b[1] * 100) + "%;width:" + ((b[2] - b[0]) * 100) +
                  "%;height:" + ((b[3] - b[1]) * 100) + '%"></div>';
        });
      });
      box.querySelector(".boxes").innerHTML = html;
      inView(box);
    });
  };

  // the selected number's frame in the middle of the page's scroll area (when zoomed beyond it)
  function inView(box) {
    var sel = box.querySelector(".box.sel"), scroller = box.querySelector(".pagescroll");
    if (!sel) return;
    var wrap = box.querySelector(".pagewrap");
    var x = sel.offsetLeft + sel.offsetWidth / 2, y = sel.offsetTop + sel.offsetHeight / 2;
    scroller.scrollLeft = Math.max(0, x - scroller.clientWidth / 2);
    scroller.scrollTop = Math.max(0, Math.min(wrap.offsetHeight, y) - scroller.clientHeight / 2);
  }

  M.zoom = function (how) {
    var box = panel();
    if (!box || box.hidden) return;
    var i = LEVELS.indexOf(zoom);
    if (how === "in") zoom = LEVELS[Math.min(LEVELS.length - 1, i + 1)];
    else if (how === "out") zoom = LEVELS[Math.max(0, i - 1)];
    else zoom = 1;
    if (shown) {
      var img = box.querySelector("img"), src = source(shown.doc, shown.page, layout(box));
      if (img.getAttribute("src") !== src) img.setAttribute("src", src);
    }
    inView(box);
  };

  document.addEventListener("click", function (e) {
    var z = e.target.closest && e.target.closest(".pageimg button[data-zoom]");
    if (z) M.zoom(z.dataset.zoom);
  });
  var resized = null;
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(function () { if (shown && M.cur) M.showPage(M.cache[M.cur.uid] || {fmt: ""}, M.cur.mark); }, 200);
  });
})();
