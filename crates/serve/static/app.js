// echotrace pages: progressive enhancement only. Every page works without this file.
// Clicking an attribution chain (or a highlighted span of one) marks its pieces in the text.
"use strict";
(function () {
  function focus(number) {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    if (!number) { return; }
    document.querySelectorAll(".text [data-att]").forEach(function (el) {
      if (el.getAttribute("data-att").split(" ").indexOf(number) >= 0) { el.classList.add("focus"); }
    });
    var chain = document.getElementById("att-" + number);
    if (chain) { chain.classList.add("focus"); }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var chain = target.closest("li.chain");
    if (chain) { focus(chain.getAttribute("data-att")); return; }
    var piece = target.closest(".text [data-att]");
    if (piece) { focus(piece.getAttribute("data-att").split(" ")[0]); }
  });
  function fromHash() {
    var match = /^#att-(\d+)$/.exec(window.location.hash);
    if (match) { focus(match[1]); }
  }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("DOMContentLoaded", fromHash);
})();
