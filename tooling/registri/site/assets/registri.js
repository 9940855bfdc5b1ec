/* Registri: record tables (filter, sort, pages of rows), print button. No network besides this
   site's own files, no dependencies besides the vendored tablesort (vendor/tablesort-5.7.1.min.js)
   for the small tables.

   A record table with data-registri-rows holds its first rows in the HTML; the whole list is in
   JSON files beside it (a few hundred KB each, never one big file). Once they are read, this
   script owns the table: it filters and sorts the rows in memory and shows at most PAGE of
   them, so a register of 10,000 records stays quick. Every value reaches the page through
   textContent, never as markup. */
(function () {
  "use strict";

  var PAGE = 100;
  // Indices of the fields of one row in the JSON files (tooling/registri/site/tables.py).
  var F = {id: 0, sortId: 1, title: 2, unit: 3, pasal: 4, letters: 5, year: 6, period: 7, start: 8,
           startSort: 9, until: 10, untilSort: 11, security: 12, securityCode: 13, status: 14,
           statusLabel: 15, flags: 16};
  var EXPIRED = 1, OVERDUE = 2;
  // Sort keys of the columns, in the order of the header cells.
  var SORT = [F.sortId, F.title, F.unit, F.pasal, F.startSort, F.untilSort, F.securityCode, F.status];

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function badge(cls, text, title) {
    var node = el("span", {"class": cls}, text);
    if (title) node.title = title;
    return node;
  }

  function flags(cell, row) {
    if (row[F.flags] & EXPIRED) {
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(badge("rg-badge rg-badge--danger", "Berakhir, masih tertutup",
        "Masa pengecualian sudah berakhir tetapi catatan masih tertutup"));
    }
    if (row[F.flags] & OVERDUE) {
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(badge("rg-badge rg-badge--warn", "Tinjau ulang terlambat", "Tanggal tinjau ulang sudah lewat"));
    }
  }

  function pasalList(cell, codes) {
    codes.forEach(function (code, i) {
      if (i) cell.appendChild(document.createTextNode(" "));
      cell.appendChild(el("span", {"class": "rg-pasal"}, code));
    });
  }

  // The same markup as the macro record_table in templates/_macros.j2.
  function renderRow(row, recordUrl) {
    var tr = el("tr", {"data-status": row[F.status], "data-pasal": row[F.letters].join(" ") + " " + row[F.pasal].join(" "),
                       "data-year": row[F.year], "data-security": row[F.securityCode]});
    if (row[F.flags] & EXPIRED) tr.className = "rg-row--danger";
    else if (row[F.flags] & OVERDUE) tr.className = "rg-row--warn";
    var href = recordUrl.replace("__ID__", encodeURIComponent(row[F.id]));
    var td = el("td", {"data-sort": row[F.sortId], "class": "rg-nowrap"});
    td.appendChild(el("a", {href: href}, row[F.id]));
    tr.appendChild(td);
    td = el("td", {dir: "auto", "class": "rg-title-cell"});
    td.appendChild(el("a", {href: href}, row[F.title]));
    flags(td, row);
    tr.appendChild(td);
    tr.appendChild(el("td", {dir: "auto", "class": "rg-unit-cell"}, row[F.unit]));
    td = el("td", {"data-sort": row[F.pasal].join(" ")});
    pasalList(td, row[F.pasal]);
    tr.appendChild(td);
    td = el("td", {"data-sort": row[F.startSort]}, row[F.period]);
    if (row[F.start]) {
      td.appendChild(el("br"));
      td.appendChild(el("small", {}, "mulai " + row[F.start]));
    }
    tr.appendChild(td);
    tr.appendChild(el("td", {"data-sort": row[F.untilSort], dir: "auto"}, row[F.until]));
    tr.appendChild(el("td", {"data-sort": row[F.securityCode]}, row[F.security]));
    td = el("td", {"data-sort": row[F.status]});
    td.appendChild(badge("rg-badge rg-status--" + row[F.status], row[F.statusLabel]));
    tr.appendChild(td);
    return tr;
  }

  function matchesPreset(row, preset) {
    return preset.every(function (p) {
      var value = p[0] === "pasal" ? row[F.letters].concat(row[F.pasal]) :
        [String(row[p[0] === "year" ? F.year : p[0] === "status" ? F.status : F.securityCode])];
      return value.indexOf(p[1]) !== -1;
    });
  }

  function parsePairs(text) {
    return (text || "").split("&").filter(Boolean).map(function (pair) {
      var i = pair.indexOf("=");
      return [decodeURIComponent(pair.slice(0, i)), decodeURIComponent(pair.slice(i + 1))];
    });
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function setupDataTable(table) {
    if (table.dataset.registriSorted) return;
    table.dataset.registriSorted = "1";
    var form = document.querySelector("form[data-registri-filter='" + table.id + "']");
    if (form) setupForm(form);
    var files = table.getAttribute("data-registri-rows").split(" ");
    var recordUrl = table.getAttribute("data-registri-record-url");
    var preset = parsePairs(table.getAttribute("data-registri-preset"));
    Promise.all(files.map(function (url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
    })).then(function (parts) {
      var all = [].concat.apply([], parts).filter(function (row) { return matchesPreset(row, preset); });
      own(table, form, all, recordUrl);
    }).catch(function (error) {
      // The first rows stay as the HTML has them; say why the rest is missing.
      var note = el("p", {"class": "rg-empty"}, "Daftar lengkap tidak dapat dimuat (" + error.message +
        "). Muat ulang halaman; bila tetap gagal, bangun ulang situs dengan `registri build`.");
      table.parentNode.parentNode.insertBefore(note, table.parentNode.nextSibling);
    });
  }

  function own(table, form, all, recordUrl) {
    var texts = all.map(function (row) {
      return [row[F.id], row[F.title], row[F.unit], row[F.pasal].join(" "), row[F.period], row[F.start] ? "mulai " + row[F.start] : "",
              row[F.until], row[F.security], row[F.statusLabel]].join(" ").toLowerCase();
    });
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var sortColumn = 0, descending = false, limit = PAGE, shown = all;
    var more = el("button", {type: "button", "class": "md-button rg-more"});
    table.parentNode.parentNode.insertBefore(more, table.parentNode.nextSibling);
    var count = form ? form.querySelector("output") : null;
    var input = form ? form.querySelector("input[name=q]") : null;
    var selects = form ? Array.prototype.slice.call(form.querySelectorAll("select")) : [];

    function filter() {
      var query = words(input ? input.value : "");
      var wanted = selects.map(function (s) { return [s.name, s.value]; }).filter(function (p) { return p[1]; });
      shown = [];
      for (var i = 0; i < all.length; i += 1) {
        var text = texts[i], ok = true;
        for (var j = 0; j < query.length && ok; j += 1) ok = text.indexOf(query[j]) !== -1;
        if (ok && (!wanted.length || matchesPreset(all[i], wanted))) shown.push(i);
      }
      sort();
    }

    function sort() {
      var key = SORT[sortColumn];
      shown.sort(function (a, b) {
        var x = all[a][key], y = all[b][key];
        if (Array.isArray(x)) { x = x.join(" "); y = y.join(" "); }
        var c = compare(x, y) || compare(all[a][F.sortId], all[b][F.sortId]);
        return descending ? -c : c;
      });
      headers.forEach(function (th, i) {
        if (i === sortColumn) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
      render();
    }

    function render() {
      var fragment = document.createDocumentFragment();
      var end = Math.min(limit, shown.length);
      for (var i = 0; i < end; i += 1) fragment.appendChild(renderRow(all[shown[i]], recordUrl));
      body.textContent = "";
      body.appendChild(fragment);
      if (count) count.textContent = shown.length + " dari " + all.length + " catatan";
      more.hidden = shown.length <= end;
      more.textContent = "Tampilkan " + Math.min(PAGE, shown.length - end) + " baris berikutnya (" + end + " dari " +
        shown.length + " ditampilkan)";
    }

    headers.forEach(function (th, i) {
      th.setAttribute("role", "columnheader");
      th.style.cursor = "pointer";
      th.addEventListener("click", function () {
        descending = sortColumn === i ? !descending : false;
        sortColumn = i;
        sort();
      });
    });
    more.addEventListener("click", function () { limit += PAGE; render(); });
    if (form) {
      form.addEventListener("input", function () { limit = PAGE; filter(); });
      form.addEventListener("change", function () { limit = PAGE; filter(); });
    }
    var note = table.parentNode.parentNode.querySelector(".rg-more-note");
    if (note) note.parentNode.removeChild(note);
    filter();
    table.dataset.registriReady = "1";
    if (form) form.dataset.registriReady = "1";
  }

  function setupForm(form) {
    if (form.dataset.registriWired) return;
    form.dataset.registriWired = "1";
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  // The search page: Pagefind's interface over every shard of the index (site/search.py).
  // Pagefind's interface loads Pagefind only when the reader starts typing, then merges the
  // shards one after another (an entry file and metadata each). Here the page's own module
  // script (assets/registri/cari/pagefind.js, loaded right after the search box) loads Pagefind
  // and merges every shard at once while the page loads; the interface imports that module.
  var SEARCH_DEBOUNCE_MS = 30;   // a pause between keystrokes; longer only delays the first result
  function setupSearch(box) {
    if (box.dataset.registriReady || !window.PagefindUI) return;
    box.dataset.registriReady = "1";
    // Pagefind resolves a relative bundle path against its own script: give it absolute paths.
    var absolute = function (path) { return new URL(path, window.location.href).pathname; };
    var bundles = box.getAttribute("data-registri-bundles").split(" ").filter(Boolean).map(absolute);
    var gate = box.getAttribute("data-registri-gate");
    // Pagefind's result links start at the site's root; the site may live in a sub-folder.
    var base = new URL(box.getAttribute("data-registri-base") || "./", window.location.href).pathname;
    // Without module scripts the page's module never ran: the interface merges the shards itself.
    var merged = Boolean(gate) && "noModule" in document.createElement("script");
    var ui = new window.PagefindUI({
      element: "#" + box.id, bundlePath: merged ? absolute(gate) : bundles[0], baseUrl: base, showImages: false,
      showSubResults: true, resetStyles: false, debounceTimeoutMs: SEARCH_DEBOUNCE_MS,
      mergeIndex: merged ? [] : bundles.slice(1).map(function (path) { return {bundlePath: path}; })
    });
    box.dataset.registriSearch = merged ? "merged" : "ui";
    // The interface loads Pagefind when its box gets the focus: now, so that the first keystroke
    // searches at once (a focus event only: the reader's focus and the page's scroll stay put).
    var input = box.querySelector("input");
    if (merged && input) input.dispatchEvent(new Event("focus"));
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-registri-bundles]"), setupSearch);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-registri-rows]"), setupDataTable);
    var tables = document.querySelectorAll("table[data-registri-sort]:not([data-registri-rows])");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.dataset.registriSorted && window.Tablesort) {
        table.dataset.registriSorted = "1";
        new window.Tablesort(table);
      }
    });
    // A record page's print button is made here (it needs this script anyway), not carried by
    // each of 10,000 pages.
    Array.prototype.forEach.call(document.querySelectorAll(".rg-record-head .rg-crumbs"), function (crumbs) {
      if (crumbs.querySelector("[data-registri-print]")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "rg-print md-button";
      button.setAttribute("data-registri-print", "");
      button.textContent = "Cetak";
      crumbs.appendChild(document.createTextNode(" "));
      crumbs.appendChild(button);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-registri-print]"), function (button) {
      if (button.dataset.registriPrintReady) return;
      button.dataset.registriPrintReady = "1";
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
