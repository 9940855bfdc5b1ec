// Registri desk: the one piece of page script besides htmx.
// The softcopy's SHA-256 is computed here, in the browser, with Web Crypto: the file is read
// locally and never sent anywhere (the file input has no name, so no form ever carries it).
"use strict";
function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}
document.addEventListener("change", async (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.matches("input[type=file][data-sha256-for]")) return;
  event.stopPropagation();            // not a form change: nothing to check until the hash is in
  const target = document.getElementById(input.dataset.sha256For);
  const status = document.getElementById(input.dataset.sha256For + "-status");
  const file = input.files && input.files[0];
  if (!target || !file) return;
  if (!window.crypto || !window.crypto.subtle) {
    if (status) status.textContent = "Peramban ini tidak dapat menghitung SHA-256 (buka desk lewat http://127.0.0.1).";
    return;
  }
  if (status) status.textContent = "Menghitung sidik " + file.name + " …";
  const digest = await window.crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  target.value = toHex(digest);
  if (status) status.textContent = "Sidik dihitung dari " + file.name + " (" + file.size + " bita); berkasnya tidak dikirim.";
  target.dispatchEvent(new Event("input", { bubbles: true }));
}, true);
