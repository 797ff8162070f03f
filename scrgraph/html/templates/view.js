/* scrgraph interactive view. Every text from a document reaches the page through textContent,
   Option() or vis-network's plain-text tooltips: never as HTML. */
(function () {
  "use strict";
  var times = { start: performance.now() };
  var D = JSON.parse(document.getElementById("scrgraph-data").textContent);
  times.parsed = performance.now();
  var N = D.nodes, E = D.edges, DETAILS = D.details;
  var KINDS = D.kinds, STATUSES = D.statuses;
  var graphBox = document.getElementById("graph");
  var panel = document.getElementById("panel");
  var kindOn = KINDS.map(function () { return true; });
  var filter = { r: -1, a: -1, t: -1 };
  var hullsOn = true;
  var state = { query: null, matches: [], at: 0 };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  function has(list, value) { return !!list && list.indexOf(value) !== -1; }

  function visible(n) {
    if (!kindOn[n.k]) { return false; }
    if (filter.r >= 0 && !has(n.r, filter.r)) { return false; }
    if (filter.a >= 0 && !has(n.a, filter.a)) { return false; }
    if (filter.t >= 0 && !has(n.t, filter.t)) { return false; }
    return true;
  }

  function visNode(n, i) {
    var kind = KINDS[n.k];
    var fill = n.st !== undefined ? STATUSES[n.st].color : kind.color;
    var border = n.gr ? D.groupColor : shade(fill);
    return {
      id: i, label: n.l, x: n.x, y: n.y, shape: kind.shape, size: n.s, title: n.tt,
      borderWidth: n.gr ? 4 : 1.5,
      color: { background: fill, border: border, highlight: { background: fill, border: "#111111" },
               hover: { background: fill, border: "#111111" } }
    };
  }

  function shade(hex) {
    var v = parseInt(hex.slice(1), 16), r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
    function dark(c) { return Math.max(0, Math.round(c * 0.7)); }
    return "rgb(" + dark(r) + "," + dark(g) + "," + dark(b) + ")";
  }

  // Adjacency, for the panel's list of neighbours.
  var adjacency = N.map(function () { return []; });
  E.forEach(function (e) {
    adjacency[e[0]].push([e[1], e[2], 1]);
    adjacency[e[1]].push([e[0], e[2], -1]);
  });

  var nodes = new vis.DataSet(N.map(visNode));
  var view = new vis.DataView(nodes, { filter: function (item) { return visible(N[item.id]); } });
  var edges = new vis.DataSet(E.map(function (e, i) {
    var label = D.edgeLabels[e[2]];
    var member = label === "member of group";
    return {
      id: i, from: e[0], to: e[1], title: label, dashes: e[3] === 1, length: D.edgeLengths[e[2]],
      color: { color: e[3] === 1 || member ? D.groupColor : "#b9c3cc", highlight: "#333333", hover: "#333333", opacity: 0.9 },
      width: e[3] === 1 || member ? 2 : 1
    };
  }));

  var big = N.length > 1500;
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: D.physics ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, springConstant: 0.06, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 200, updateInterval: 50, fit: true }
    } : { enabled: false },
    interaction: {
      hover: !big, tooltipDelay: 250, hideEdgesOnDrag: D.hideEdgesWhileMoving, hideEdgesOnZoom: D.hideEdgesWhileMoving,
      multiselect: false, navigationButtons: false, keyboard: false
    },
    nodes: {
      font: { size: 13, face: "system-ui, sans-serif", color: "#1d2731", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { enabled: false, drawThreshold: 7 } }
    },
    edges: {
      smooth: false,
      arrows: { to: { enabled: D.arrows, scaleFactor: 0.45 } },
      selectionWidth: 1.5, hoverWidth: 0.5
    }
  };

  if (!N.length) {
    graphBox.appendChild(el("p", D.emptyText, "empty-graph"));
  }

  // A saved query's rows, listed over the drawing when asked for.
  if (D.table) {
    var rowsButton = document.getElementById("rows-button"), rowsBox = document.getElementById("rows-table");
    rowsButton.hidden = false;
    rowsButton.textContent = "Rows (" + D.table.total + ")";
    var table = el("table"), head = el("tr"), body = el("tbody");
    // A column of numbers or dates (every filled cell) is set right-aligned on one line.
    var numeric = D.table.columns.map(function (_, i) {
      var filled = D.table.rows.map(function (row) { return String(row[i] == null ? "" : row[i]); })
        .filter(function (v) { return v !== ""; });
      return filled.length > 0 && filled.every(function (v) { return /^-?[0-9][0-9.,:-]*$/.test(v); });
    });
    var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    function fill(rows) {
      body.textContent = "";
      rows.forEach(function (row) {
        var tr = el("tr");
        row.forEach(function (value, i) { tr.appendChild(el("td", value, numeric[i] ? "number" : undefined)); });
        body.appendChild(tr);
      });
    }
    // Click (or Enter on) a header to sort by its column, again to reverse; blanks go last.
    D.table.columns.forEach(function (column, i) {
      var th = el("th", column, numeric[i] ? "number" : undefined);
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      function sortBy() {
        var up = th.getAttribute("aria-sort") !== "ascending";
        head.querySelectorAll("th").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        fill(D.table.rows.slice().sort(function (a, b) {
          var x = String(a[i] == null ? "" : a[i]), y = String(b[i] == null ? "" : b[i]);
          if (x === "" || y === "") { return (x === "") - (y === ""); }
          return up ? collator.compare(x, y) : collator.compare(y, x);
        }));
      }
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sortBy(); } });
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    fill(D.table.rows);
    table.appendChild(body);
    if (D.table.rows.length < D.table.total) {
      rowsBox.appendChild(el("p", "The first " + D.table.rows.length + " of " + D.table.total + " rows."));
    }
    rowsBox.appendChild(table);
    rowsButton.addEventListener("click", function () {
      rowsBox.hidden = !rowsBox.hidden;
      rowsButton.textContent = rowsBox.hidden ? "Rows (" + D.table.total + ")" : "Graph";
    });
    if (!N.length) { rowsBox.hidden = false; rowsButton.textContent = "Graph"; }
  }
  times.datasets = performance.now();
  var network = new vis.Network(graphBox, { nodes: view, edges: edges }, options);
  times.network = performance.now();

  // Recurring-recommendation groups: a tinted hull behind each group's node and members.
  function hull(points) {
    points.sort(function (p, q) { return p.x - q.x || p.y - q.y; });
    if (points.length < 3) { return points; }
    function cross(o, a, b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }
    var lower = [], upper = [], i;
    for (i = 0; i < points.length; i++) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], points[i]) <= 0) { lower.pop(); }
      lower.push(points[i]);
    }
    for (i = points.length - 1; i >= 0; i--) {
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], points[i]) <= 0) { upper.pop(); }
      upper.push(points[i]);
    }
    upper.pop(); lower.pop();
    return lower.concat(upper);
  }

  network.on("beforeDrawing", function (ctx) {
    if (!hullsOn || !D.groups.length) { return; }
    ctx.save();
    ctx.lineJoin = "round"; ctx.lineCap = "round"; ctx.lineWidth = 64;
    ctx.strokeStyle = "rgba(212, 160, 23, 0.16)"; ctx.fillStyle = "rgba(212, 160, 23, 0.16)";
    D.groups.forEach(function (g) {
      var ids = g.m.slice();
      if (g.n >= 0) { ids.push(g.n); }
      ids = ids.filter(function (id) { return visible(N[id]); });
      if (!ids.length) { return; }
      var positions = network.getPositions(ids);
      var points = ids.map(function (id) { return positions[id]; }).filter(function (p) { return !!p; });
      if (!points.length) { return; }
      var outline = hull(points);
      ctx.beginPath();
      ctx.moveTo(outline[0].x, outline[0].y);
      for (var i = 1; i < outline.length; i++) { ctx.lineTo(outline[i].x, outline[i].y); }
      ctx.closePath();
      ctx.stroke();
      if (outline.length > 2) { ctx.fill(); }
    });
    ctx.restore();
  });

  // The panel.
  function showDetails(i) {
    var n = N[i], d = DETAILS[i];
    panel.textContent = "";
    panel.setAttribute("data-node", String(i));
    panel.appendChild(el("h2", d.h || n.l));
    var kindLine = KINDS[n.k].label + (n.st !== undefined ? " · " + STATUSES[n.st].label : "");
    panel.appendChild(el("p", kindLine, "kind"));
    var list = el("dl");
    d.f.forEach(function (row) {
      if (row[0] === "Kind") { return; }
      list.appendChild(el("dt", row[0]));
      list.appendChild(el("dd", row[1]));
    });
    panel.appendChild(list);
    var links = adjacency[i];
    if (links.length) {
      panel.appendChild(el("h3", "Linked (" + links.length + ")"));
      var ul = el("ul", null, "links");
      links.slice(0, 60).forEach(function (link) {
        var li = el("li");
        var words = D.edgeLabels[link[1]];
        li.appendChild(el("span", (link[2] > 0 ? words + " → " : "← " + words + " ") , "rel"));
        var button = el("button", N[link[0]].l + " (" + KINDS[N[link[0]].k].label.toLowerCase() + ")");
        button.type = "button";
        button.addEventListener("click", function () { select(link[0]); });
        li.appendChild(button);
        ul.appendChild(li);
      });
      if (links.length > 60) { ul.appendChild(el("li", "… and " + (links.length - 60) + " more")); }
      panel.appendChild(ul);
    }
  }

  function select(i, keepSelection) {
    if (!visible(N[i])) {
      showDetails(i);
      return;
    }
    if (!keepSelection) { network.selectNodes([i]); }
    var scale = Math.max(network.getScale(), 0.9);
    network.focus(i, { scale: scale, animation: N.length > 3000 ? false : { duration: 250, easingFunction: "easeInOutQuad" } });
    showDetails(i);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(params.nodes[0]); }
  });

  // Search.
  var haystacks = [];
  function haystack(i) {
    if (haystacks[i] === undefined) {
      var d = DETAILS[i];
      haystacks[i] = (N[i].l + "\u0001" + d.h + "\u0001" + d.f.map(function (row) { return row[1]; }).join("\u0001")).toLowerCase();
    }
    return haystacks[i];
  }
  var searchBox = document.getElementById("search");
  var searchStatus = document.getElementById("search-status");
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var q = searchBox.value.trim().toLowerCase();
    if (!q) { searchStatus.textContent = ""; network.unselectAll(); return; }
    if (q !== state.query) {
      var first = [], rest = [], hidden = 0;
      for (var i = 0; i < N.length; i++) {
        if (haystack(i).indexOf(q) === -1) { continue; }
        if (!visible(N[i])) { hidden++; continue; }
        (N[i].l.toLowerCase().indexOf(q) !== -1 ? first : rest).push(i);
      }
      state = { query: q, matches: first.concat(rest), at: 0, hidden: hidden };
    } else if (state.matches.length) {
      state.at = (state.at + 1) % state.matches.length;
    }
    if (!state.matches.length) {
      searchStatus.textContent = "No match" + (state.hidden ? " (" + state.hidden + " hidden by filters)" : "");
      network.unselectAll();
      return;
    }
    var current = state.matches[state.at];
    network.selectNodes(state.matches.slice(0, 1000));
    select(current, true);
    searchStatus.textContent = (state.at + 1) + " of " + state.matches.length + (state.matches.length > 1 ? " (Enter: next)" : "");
  });

  // Legend with the kind switches.
  var counts = KINDS.map(function () { return 0; }), statusCounts = STATUSES.map(function () { return 0; }), grouped = 0;
  N.forEach(function (n) {
    counts[n.k]++;
    if (n.st !== undefined) { statusCounts[n.st]++; }
    if (n.gr) { grouped++; }
  });
  var kindList = document.getElementById("legend-kinds");
  KINDS.forEach(function (kind, k) {
    if (!counts[k] && kind.id === "other") { return; }
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.value = kind.id; box.setAttribute("data-kind", kind.id);
    box.addEventListener("change", function () { kindOn[k] = box.checked; refresh(); });
    var glyph = el("span", kind.glyph, "glyph"); glyph.style.color = kind.color;
    label.appendChild(box); label.appendChild(glyph); label.appendChild(el("span", kind.label)); label.appendChild(el("span", counts[k], "count"));
    li.appendChild(label);
    kindList.appendChild(li);
  });
  var statusList = document.getElementById("legend-status");
  STATUSES.forEach(function (status, s) {
    var li = el("li"), glyph = el("span", "●", "glyph");
    glyph.style.color = status.color;
    li.appendChild(glyph); li.appendChild(el("span", status.label)); li.appendChild(el("span", statusCounts[s], "count"));
    statusList.appendChild(li);
  });
  var other = el("li"), otherGlyph = el("span", "●", "glyph");
  otherGlyph.style.color = "#5d7f99";
  other.appendChild(otherGlyph); other.appendChild(el("span", "No action status (kind colour)"));
  statusList.appendChild(other);
  var groupList = document.getElementById("legend-group");
  if (D.groups.length) {
    var gli = el("li"), glabel = el("label"), gbox = el("input"), swatch = el("span", null, "swatch");
    gbox.type = "checkbox"; gbox.checked = true; gbox.id = "show-groups";
    gbox.addEventListener("change", function () { hullsOn = gbox.checked; network.redraw(); });
    swatch.style.background = "rgba(212, 160, 23, 0.35)"; swatch.style.border = "2px solid " + D.groupColor;
    glabel.appendChild(gbox); glabel.appendChild(swatch);
    glabel.appendChild(el("span", "Recurring-recommendation groups (" + D.groups.length + ", gold ring)"));
    gli.appendChild(glabel);
    groupList.appendChild(gli);
  }

  // Filters.
  function fill(select, entries, what) {
    select.appendChild(new Option("All " + what, "-1"));
    entries.forEach(function (entry, i) { select.appendChild(new Option(entry[1], String(i))); });
    select.disabled = !entries.length;
  }
  var selects = {
    r: document.getElementById("filter-review"),
    a: document.getElementById("filter-agency"),
    t: document.getElementById("filter-theme")
  };
  fill(selects.r, D.lookups.reviews, "reviews");
  fill(selects.a, D.lookups.agencies, "agencies");
  fill(selects.t, D.lookups.themes, "themes");
  Object.keys(selects).forEach(function (key) {
    selects[key].addEventListener("change", function () { filter[key] = parseInt(selects[key].value, 10); refresh(); });
  });
  document.getElementById("reset").addEventListener("click", function () {
    filter = { r: -1, a: -1, t: -1 };
    Object.keys(selects).forEach(function (key) { selects[key].value = "-1"; });
    kindOn = KINDS.map(function () { return true; });
    Array.prototype.forEach.call(kindList.querySelectorAll("input"), function (box) { box.checked = true; });
    refresh();
  });

  var shown = document.getElementById("shown");
  function countShown() {
    var count = 0;
    for (var i = 0; i < N.length; i++) { if (visible(N[i])) { count++; } }
    shown.textContent = "Showing " + count + " of " + N.length + " nodes.";
    return count;
  }
  function refresh() {
    state.query = null;
    view.refresh();
    countShown();
  }
  countShown();

  // Ready: the first drawing after any physics has settled.
  function ready() {
    network.once("afterDrawing", function () {
      times.ready = performance.now();
      document.documentElement.setAttribute("data-ready", "1");
      window.scrgraphReady = times.ready;
    });
    network.redraw();
  }
  if (D.physics && N.length) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit({ animation: false });
      ready();
    });
  } else {
    network.fit({ animation: false });
    ready();
  }
  if (D.focus >= 0) { select(D.focus); }

  // For tests and scripts driving the page.
  window.scrgraph = {
    network: network,
    nodes: nodes,
    times: times,
    visibleIds: function () { return view.getIds(); },
    find: function (label) {
      for (var i = 0; i < N.length; i++) { if (N[i].l === label) { return i; } }
      return -1;
    },
    findText: function (words) {
      var q = String(words).toLowerCase();
      for (var i = 0; i < N.length; i++) { if (haystack(i).indexOf(q) !== -1) { return i; } }
      return -1;
    },
    describe: function (i) {
      var n = N[i];
      function ids(list, table) { return (list || []).map(function (k) { return table[k][0]; }); }
      return { kind: KINDS[n.k].id, label: n.l, status: n.st !== undefined ? STATUSES[n.st].id : null, grouped: !!n.gr,
               reviews: ids(n.r, D.lookups.reviews), agencies: ids(n.a, D.lookups.agencies), themes: ids(n.t, D.lookups.themes),
               visible: visible(n) };
    },
    domPosition: function (i) {
      var p = network.getPositions([i])[i];
      return p ? network.canvasToDOM(p) : null;
    }
  };
})();
