/* Sortable tables for the Partner Playbook site: local, dependency-free, no network.
 *
 * Every portfolio table (inside a .pp-portfolio block) becomes sortable: click a header, or focus it
 * with Tab and press Enter or Space. A column sorts as numbers when most filled cells read as one
 * ("1.33x", "EUR 251k", "-EUR 40k", "32%", "2026-10-22", "2026-06-30 stale: 150 days"), otherwise
 * as text. Empty cells, "n/a", "-" and, in a number column, text such as "new partner" sort last
 * in both directions. Tables with many rows also get a filter box that keeps the rows containing
 * every comma-separated term ("priya nair, stale", "msp").
 */
(function () {
  "use strict";

  var FILTER_ROWS = 15; // tables with at least this many rows get a filter box
  var MISSING = /^(|n\/a|-|–|—|unknown|\?)$/i;
  var DATE = /^(\d{4})-(\d{2})-(\d{2})(?:\s|$)/;
  var NUMBER = /^([-+−]?)\s*(?:[A-Z]{3}\s+)?([-+−]?)(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(k|M|B|bn|%|x)?(?:\s|$)/;
  var SCALE = { k: 1e3, M: 1e6, B: 1e9, bn: 1e9 };
  var STYLE =
    ".md-typeset th[data-pp-sort]{cursor:pointer;white-space:nowrap}" +
    ".md-typeset th[data-pp-sort]::after{content:'\\2195';opacity:.35;margin-left:.3em}" +
    ".md-typeset th[aria-sort=ascending]::after{content:'\\25B2';opacity:.8}" +
    ".md-typeset th[aria-sort=descending]::after{content:'\\25BC';opacity:.8}" +
    ".md-typeset th[data-pp-sort]:focus-visible{outline:2px solid currentColor;outline-offset:-2px}" +
    ".pp-filter{display:block;margin:.6em 0;padding:.3em .5em;width:min(24em,100%);font:inherit;" +
    "border:1px solid var(--md-default-fg-color--lighter);border-radius:.2em;" +
    "background:var(--md-default-bg-color);color:inherit}" +
    "@media print{.pp-filter{display:none}.md-typeset th[data-pp-sort]::after{content:none}}";

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* A number for the cell, null when it has none, undefined when it is missing ("n/a"). */
  function numeric(text) {
    if (MISSING.test(text)) return undefined;
    var date = DATE.exec(text);
    if (date) return Date.UTC(+date[1], +date[2] - 1, +date[3]);
    var m = NUMBER.exec(text);
    if (!m) return null;
    var value = parseFloat(m[3].replace(/,/g, "")) * (SCALE[m[4]] || 1);
    return /[-−]/.test(m[1] + m[2]) ? -value : value;
  }

  function sortBy(table, header, index) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keys = rows.map(function (row) { return cellText(row, index); });
    var numbers = keys.map(numeric);
    var filled = numbers.filter(function (n) { return n !== undefined; });
    var counted = filled.filter(function (n) { return n !== null; }).length;
    var asNumbers = counted > 0 && counted * 2 > filled.length; // text cells then sort last
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var sign = ascending ? 1 : -1;
    var order = rows.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      var x = asNumbers ? numbers[a] : MISSING.test(keys[a]) ? undefined : keys[a];
      var y = asNumbers ? numbers[b] : MISSING.test(keys[b]) ? undefined : keys[b];
      if (x === null) x = undefined;
      if (y === null) y = undefined;
      if (x === undefined || y === undefined) {
        if (x === y) return a - b;
        return x === undefined ? 1 : -1; // missing values last in both directions
      }
      var c = asNumbers ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
      return c ? sign * c : a - b; // stable
    });
    var fragment = document.createDocumentFragment();
    order.forEach(function (i) { fragment.appendChild(rows[i]); });
    body.appendChild(fragment);
    Array.prototype.forEach.call(header.parentNode.cells, function (th) {
      if (th.hasAttribute("data-pp-sort")) th.setAttribute("aria-sort", "none");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function addFilter(table) {
    var body = table.tBodies[0];
    var texts = null; // each row's cells, lower case, read on first use
    var input = document.createElement("input");
    input.type = "search";
    input.className = "pp-filter";
    input.placeholder = "Filter rows: text in the row; a comma separates terms";
    input.setAttribute("aria-label", "Filter the rows of the table below");
    var wrapper = table.closest(".md-typeset__scrollwrap") || table;
    wrapper.parentNode.insertBefore(input, wrapper);
    input.addEventListener("input", function () {
      var terms = input.value.toLowerCase().split(",").map(function (t) {
        return t.replace(/\s+/g, " ").trim();
      }).filter(Boolean);
      if (!texts) {
        texts = new Map();
        Array.prototype.forEach.call(body.rows, function (row) {
          var cells = Array.prototype.map.call(row.cells, function (c) {
            return c.textContent.replace(/\s+/g, " ").trim().toLowerCase();
          });
          texts.set(row, " " + cells.join(" | ") + " ");
        });
      }
      Array.prototype.forEach.call(body.rows, function (row) {
        var text = texts.get(row);
        row.hidden = !terms.every(function (t) { return text.indexOf(t) !== -1; });
      });
    });
  }

  function enhance(table) {
    if (table.hasAttribute("data-pp-sortable") || !table.tHead || !table.tBodies.length) return;
    var head = table.tHead.rows[0];
    if (!head || table.tBodies[0].rows.length < 2) return;
    table.setAttribute("data-pp-sortable", "");
    Array.prototype.forEach.call(head.cells, function (th, index) {
      th.setAttribute("data-pp-sort", "");
      th.setAttribute("tabindex", "0");
      th.setAttribute("aria-sort", "none");
      th.title = "Sort by this column";
      th.addEventListener("click", function () { sortBy(table, th, index); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, th, index);
        }
      });
    });
    if (table.tBodies[0].rows.length >= FILTER_ROWS) addFilter(table);
  }

  function init() {
    if (!document.getElementById("pp-tablesort-style")) {
      var style = document.createElement("style");
      style.id = "pp-tablesort-style";
      style.textContent = STYLE;
      document.head.appendChild(style);
    }
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset .pp-portfolio table"), enhance);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init); // Material's instant loading: runs on every page view
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
