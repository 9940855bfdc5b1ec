/* Registri: the module Pagefind's interface imports on the search page (registri.js gives it this
   folder as its bundle). It is Pagefind's own module (the main shard's), answering only once
   registri.js has merged every shard of the index into it: no search runs on part of the index.
   Relative to assets/registri/cari/ in the built site (site/urls.py ASSETS, site/search.py). */
import * as pagefind from "../../../pagefind/umum/pagefind.js";

const ready = () => Promise.resolve(window.registriPagefindReady).catch(() => undefined);
const after = (name) => (...args) => ready().then(() => pagefind[name](...args));

export const options = after("options");
export const init = after("init");
export const mergeIndex = after("mergeIndex");
export const search = after("search");
export const debouncedSearch = after("debouncedSearch");
export const preload = after("preload");
export const filters = after("filters");
export const destroy = after("destroy");
export const createInstance = (...args) => pagefind.createInstance(...args);
