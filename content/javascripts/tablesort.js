/* Sortable, filterable tables for the Partner Playbook site: local, dependency-free, no network.
 *
 * Every portfolio table (inside a .pp-portfolio block) becomes sortable: click a header, or focus it
 * with Tab and press Enter or Space. A cell's data-sort attribute, when it has one, is what it sorts
 * by (money in the reporting currency, so partners in different currencies compare by value).
 * Otherwise a column sorts as numbers when most filled cells read as one ("1.33x", "EUR 251k",
 * "-EUR 40k", "32%", "2026-10-22", "2026-06-30 stale: 150 days"), else as text. Empty cells,
 * "n/a", "-" and, in a number column, text such as "new" sort last in both directions.
 *
 * Each table gets a text filter that keeps the rows containing every comma-separated term
 * ("priya nair, stale", "msp"); a table with data-pp-filters="tier manager ..." also gets one
 * drop-down per named field, listing the values of its rows' data-tier, data-manager, ... .
 */
(function () {
  "use strict";

  var MISSING = /^(|n\/a|-|–|—|unknown|\?)$/i;
  var DATE = /^(\d{4})-(\d{2})-(\d{2})(?:\s|$)/;
  var NUMBER = /^([-+−]?)\s*(?:[A-Z]{3}\s+)?([-+−]?)(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(k|M|B|bn|%|x)?(?:\s|$)/;
  var SCALE = { k: 1e3, M: 1e6, B: 1e9, bn: 1e9 };
  var LABELS = { tier: "All tiers", archetype: "All archetypes", segment: "All segments", manager: "All partner managers" };
  var STYLE =
    ".md-typeset th[data-pp-sort]{cursor:pointer}" +
    ".md-typeset th[data-pp-sort]::after{content:'\\2195';opacity:.35;margin-left:.15em;font-size:.85em}" +
    ".md-typeset th[aria-sort=ascending]::after{content:'\\25B2';opacity:.8}" +
    ".md-typeset th[aria-sort=descending]::after{content:'\\25BC';opacity:.8}" +
    ".md-typeset th[data-pp-sort]:focus-visible{outline:2px solid currentColor;outline-offset:-2px}" +
    ".pp-filters{display:flex;flex-wrap:wrap;gap:.4em .6em;margin:.6em 0}" +
    ".pp-filters input,.pp-filters select{padding:.3em .5em;font:inherit;max-width:100%;" +
    "border:1px solid var(--md-default-fg-color--lighter);border-radius:.2em;" +
    "background:var(--md-default-bg-color);color:inherit}" +
    ".pp-filters input{flex:1 1 14em;min-width:0}" +
    ".pp-filters .pp-count{align-self:center;opacity:.7}" +
    "@media print{.pp-filters{display:none}.md-typeset th[data-pp-sort]::after{content:none}}";

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    if (cell.hasAttribute("data-sort")) return cell.getAttribute("data-sort");
    return cell.textContent.replace(/\s+/g, " ").trim();
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
    var keys = rows.map(function (row) { return cellKey(row, index); });
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

  function addFilters(table) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = null; // each row's cells, lower case, read on first use
    var bar = document.createElement("div");
    bar.className = "pp-filters";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter: any text in the row; a comma separates terms";
    input.setAttribute("aria-label", "Filter the rows of the table below by text");
    bar.appendChild(input);
    var selects = (table.getAttribute("data-pp-filters") || "").split(/\s+/).filter(Boolean).map(function (key) {
      var values = {};
      rows.forEach(function (row) { var v = row.getAttribute("data-" + key); if (v) values[v] = true; });
      var select = document.createElement("select");
      select.setAttribute("aria-label", "Show only one " + key);
      select.setAttribute("data-pp-field", key);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = LABELS[key] || "All";
      select.appendChild(all);
      Object.keys(values).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
      return select;
    }).filter(function (select) { return select.options.length > 2; }); // one value: no choice
    selects.forEach(function (s) { bar.appendChild(s); });
    var count = document.createElement("span");
    count.className = "pp-count";
    count.setAttribute("aria-live", "polite");
    bar.appendChild(count);
    var wrapper = table.closest(".pp-portfolio") || table;
    wrapper.parentNode.insertBefore(bar, wrapper);

    function apply() {
      var terms = input.value.toLowerCase().split(",").map(function (t) {
        return t.replace(/\s+/g, " ").trim();
      }).filter(Boolean);
      if (!texts) {
        texts = new Map();
        rows.forEach(function (row) {
          var cells = Array.prototype.map.call(row.cells, function (c) {
            return c.textContent.replace(/\s+/g, " ").trim().toLowerCase();
          });
          texts.set(row, " " + cells.join(" | ") + " ");
        });
      }
      var shown = 0;
      rows.forEach(function (row) {
        var text = texts.get(row);
        var keep = terms.every(function (t) { return text.indexOf(t) !== -1; }) &&
          selects.every(function (s) { return !s.value || row.getAttribute("data-" + s.getAttribute("data-pp-field")) === s.value; });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent = shown === rows.length ? "" : shown + " of " + rows.length + " shown";
    }
    input.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
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
      th.title = th.title || "Sort by this column";
      th.addEventListener("click", function () { sortBy(table, th, index); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, th, index);
        }
      });
    });
    addFilters(table);
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
