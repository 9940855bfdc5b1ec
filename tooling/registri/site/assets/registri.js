/* Registri: filter and sort record tables, print button. No network, no dependencies besides
   the vendored tablesort (vendor/tablesort-5.7.1.min.js). */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function setupFilter(form) {
    if (form.dataset.registriReady) return;
    form.dataset.registriReady = "1";
    var table = document.getElementById(form.getAttribute("data-registri-filter"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var count = form.querySelector("output");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var input = form.querySelector("input[name=q]");

    function apply() {
      var query = words(input ? input.value : "");
      var wanted = selects.map(function (s) { return [s.name, s.value]; }).filter(function (p) { return p[1]; });
      var shown = 0;
      rows.forEach(function (row, i) {
        var ok = query.every(function (w) { return texts[i].indexOf(w) !== -1; }) &&
          wanted.every(function (p) {
            return (" " + (row.getAttribute("data-" + p[0]) || "") + " ").indexOf(" " + p[1] + " ") !== -1;
          });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " dari " + rows.length + " catatan";
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    apply();
  }

  function init() {
    var tables = document.querySelectorAll("table[data-registri-sort]");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.dataset.registriSorted && window.Tablesort) {
        table.dataset.registriSorted = "1";
        new window.Tablesort(table);
      }
    });
    Array.prototype.forEach.call(document.querySelectorAll("form[data-registri-filter]"), setupFilter);
    Array.prototype.forEach.call(document.querySelectorAll("[data-registri-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
