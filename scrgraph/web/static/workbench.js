// The workbench's tables: sort by a header click, filter by typed words, facet counts per column.
// Text is only ever set with textContent, never as HTML.
"use strict";
(function () {
  function cellText(row, index) { return row.cells[index] ? row.cells[index].textContent : ""; }

  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = cellText(a, index), y = cellText(b, index);
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny) && String(nx) === x.trim() && String(ny) === y.trim())
        ? nx - ny : x.localeCompare(y, undefined, {numeric: true});  // natural: 4.2 before 4.10
      return ascending ? order : -order;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function applyFilters(table) {
    var words = (table.dataset.words || "").toLowerCase();
    var facets = JSON.parse(table.dataset.facets || "{}");
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var ok = !words || row.textContent.toLowerCase().indexOf(words) >= 0;
      Object.keys(facets).forEach(function (index) { if (cellText(row, +index) !== facets[index]) { ok = false; } });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var label = document.querySelector('.shown[data-table="' + table.id + '"]');
    if (label) { label.textContent = shown + " of " + table.tBodies[0].rows.length + " rows shown"; }
  }

  function buildFacets(table, holder) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, index) {
      var counts = {};
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = cellText(row, index);
        counts[text] = (counts[text] || 0) + 1;
      });
      var values = Object.keys(counts);
      if (values.length < 2 || values.length > 15) { return; }
      var details = document.createElement("details");
      var summary = document.createElement("summary");
      summary.textContent = header.textContent + " (" + values.length + ")";
      details.appendChild(summary);
      values.sort(function (a, b) { return counts[b] - counts[a]; }).forEach(function (value) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "facet";
        button.textContent = (value || "(blank)") + " · " + counts[value];
        button.addEventListener("click", function () {
          var facets = JSON.parse(table.dataset.facets || "{}");
          if (facets[index] === value) { delete facets[index]; } else { facets[index] = value; }
          table.dataset.facets = JSON.stringify(facets);
          applyFilters(table);
        });
        var line = document.createElement("div");
        line.appendChild(button);
        details.appendChild(line);
      });
      holder.appendChild(details);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.rows"), function (table) {
      if (table.dataset.paged) { return; }  // a page of a long answer: the server sorts, filters and counts it
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
        header.addEventListener("click", function () { sortBy(table, index, header); });
      });
      var holder = document.querySelector('.facets[data-table="' + table.id + '"]');
      if (holder) { buildFacets(table, holder); }
      applyFilters(table);
    });
    Array.prototype.forEach.call(document.querySelectorAll("input.filter"), function (input) {
      var table = document.getElementById(input.dataset.table);
      input.addEventListener("input", function () { table.dataset.words = input.value; applyFilters(table); });
    });
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select") { return; }
      var button = document.querySelector('[data-key="' + event.key + '"]');
      if (button) { event.preventDefault(); button.click(); }
    });
  });
}());
