// The workbench's additions to the drawn graph (the page of 'scrgraph view'): double-click a node to
// open its page, "Expand neighbours" to redraw around the selected node one step further, and
// "Download PNG" of what is on screen. Text is only ever set with textContent.
"use strict";
(function () {
  var PAGE_OF = { review: "reviews", finding: "reviews", recommendation: "reviews", measure: "reviews",
                  agency: "agencies", theme: "themes" };
  var ROUTE = { reviews: "review", agencies: "agency", themes: "theme" };

  function target(index) {
    var described = window.scrgraph.describe(index);
    var list = PAGE_OF[described.kind];
    if (!list || !described[list] || described[list].length !== 1 && described.kind !== "review") { return null; }
    return { kind: ROUTE[list], ident: described[list][0] };
  }

  function selected() {
    var ids = window.scrgraph.network.getSelectedNodes();
    return ids.length ? ids[0] : null;
  }

  function start() {
    if (!window.scrgraph || !window.scrgraph.network) { setTimeout(start, 100); return; }
    var network = window.scrgraph.network;
    var bar = document.createElement("div");
    bar.id = "workbench-bar";
    bar.setAttribute("style", "position:fixed;right:12px;bottom:12px;z-index:10;background:#fff;border:1px solid #ccd;padding:6px;border-radius:6px");
    function button(text, id, action) {
      var b = document.createElement("button");
      b.type = "button"; b.id = id; b.textContent = text; b.style.marginLeft = "4px";
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    var home = document.createElement("a");
    home.href = "/"; home.textContent = "Workbench";
    bar.appendChild(home);
    button("Open page", "open-page", function () {
      var at = selected(), where = at === null ? null : target(at);
      if (where) { window.location.href = "/" + where.kind + "/" + encodeURIComponent(where.ident); }
    });
    button("Expand neighbours", "expand", function () {
      var at = selected(), where = at === null ? null : target(at);
      if (!where) { return; }
      var params = new URLSearchParams(window.location.search);
      var depth = parseInt(params.get("depth") || "1", 10);
      var next = new URLSearchParams();
      next.set(where.kind, where.ident);
      // The same centre again grows the picture by one link; another node is drawn with its neighbours.
      next.set("depth", String(params.get(where.kind) === where.ident ? depth + 1 : 1));
      window.location.href = "/view?" + next.toString();
    });
    button("Download PNG", "png", function () {
      var canvas = document.querySelector("#graph canvas");
      var link = document.createElement("a");
      link.href = canvas.toDataURL("image/png");
      link.download = "scrgraph-view.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    document.body.appendChild(bar);
    network.on("doubleClick", function (params) {
      if (!params.nodes.length) { return; }
      var where = target(params.nodes[0]);
      if (where) { window.location.href = "/" + where.kind + "/" + encodeURIComponent(where.ident); }
    });
  }
  document.addEventListener("DOMContentLoaded", start);
}());
