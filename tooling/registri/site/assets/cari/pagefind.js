/* Registri: the module Pagefind's interface imports on the search page (registri.js gives it this
   folder as its bundle). It is Pagefind's own module (the main shard's), answering only once every
   shard of the index is merged into it: no search runs on part of the index.
   The search page loads this module itself, as early as it can (a module script right after the
   search box, with a modulepreload of Pagefind's module): Pagefind's runtime, its WebAssembly and
   every shard's entry and metadata are fetched while the page is still loading, not once the
   reader has typed (issue 12: the first result within a second).
   Relative to assets/registri/cari/ in the built site (site/urls.py ASSETS, site/search.py). */
import * as pagefind from "../../../pagefind/umum/pagefind.js";

const box = document.getElementById("rg-search");
// Pagefind resolves a relative bundle path against its own script: give it absolute paths.
const absolute = (path) => new URL(path, window.location.href).pathname;
const bundles = (box ? box.getAttribute("data-registri-bundles") : "").split(" ").filter(Boolean).map(absolute);
// Pagefind's result links start at the site's root; the site may live in a sub-folder.
const base = absolute((box && box.getAttribute("data-registri-base")) || "./");

// Every shard merged at once (Pagefind's interface would merge them one after another). No web
// worker: the worker's script is one more fetch before the first search, and a search over this
// index takes a few milliseconds on the page's own thread.
// The entry files' address carries the page's tag: the page fetched them while it was parsed.
const tag = (box && box.getAttribute("data-registri-tag")) || String(Date.now());
// The overlays (site/search.py): the pages changed since their shard was indexed whole, in bundles
// of their own, and the ids of the shards' results they replace. No file: nothing laid over.
const overlayFile = box && box.getAttribute("data-registri-overlay");
const overlay = (overlayFile ? fetch(absolute(overlayFile) + "?ts=" + tag, {credentials: "same-origin"})
  .then((response) => (response.ok ? response.json() : null)) : Promise.resolve(null))
  .catch(() => null)
  .then((found) => ({
    bundles: (found && Array.isArray(found.bundles) ? found.bundles : [])
      .map((path) => new URL(path, new URL(absolute(overlayFile), window.location.href)).pathname),
    stale: new Set(found && Array.isArray(found.lama) ? found.lama : []),
  }));
const merged = pagefind.options({baseUrl: base, noWorker: true, metaCacheTag: tag})
  .then(() => Promise.all([
    ...bundles.slice(1).map((path) => pagefind.mergeIndex(path, {metaCacheTag: tag})),
    overlay.then((laid) => Promise.all(laid.bundles.map((path) => pagefind.mergeIndex(path, {metaCacheTag: tag})))),
  ]));
window.registriPagefindReady = merged;

const ready = () => merged.catch(() => undefined);
const after = (name) => (...args) => ready().then(() => pagefind[name](...args));

// A search's results without the shards' out-of-date pages, each page once.
const current = (response) => overlay.then((laid) => {
  if (!response || !Array.isArray(response.results)) return response;
  const seen = new Set();
  const results = response.results.filter((result) => {
    if (laid.stale.has(result.id) || seen.has(result.id)) return false;
    seen.add(result.id);
    return true;
  });
  const dropped = response.results.length - results.length;
  return {...response, results, unfilteredResultCount: Math.max(0, response.unfilteredResultCount - dropped)};
});

export const options = after("options");
export const init = after("init");
export const mergeIndex = after("mergeIndex");
export const search = (...args) => ready().then(() => pagefind.search(...args)).then(current);
export const debouncedSearch = (...args) => ready().then(() => pagefind.debouncedSearch(...args)).then(current);
export const preload = after("preload");
export const filters = after("filters");
export const destroy = after("destroy");
export const createInstance = (...args) => pagefind.createInstance(...args);
