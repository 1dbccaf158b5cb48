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
  // The outlet graph: clicking a node (or Enter on a focused one) highlights its links and
  // names its neighbours; clicking the background clears. Names are read from the SVG's own
  // escaped <title> text and written back as text, never as markup.
  function selectNode(view, node) {
    view.querySelectorAll(".sel, .near").forEach(function (el) { el.classList.remove("sel", "near"); });
    var info = view.querySelector("#graph-info");
    if (!node) { view.classList.remove("selecting"); return; }
    var id = node.getAttribute("data-node");
    var names = [];
    view.classList.add("selecting");
    node.classList.add("sel");
    view.querySelectorAll(".edge").forEach(function (edge) {
      var from = edge.getAttribute("data-from"), to = edge.getAttribute("data-to");
      if (from !== id && to !== id) { return; }
      edge.classList.add("near");
      var other = view.querySelector('[data-node="' + (from === id ? to : from) + '"]');
      if (other) {
        other.classList.add("near");
        var title = other.querySelector("title");
        if (title) { names.push(title.textContent.split(" — ")[0]); }
      }
    });
    if (info) {
      var own = node.querySelector("title");
      info.textContent = (own ? own.textContent : "") + (names.length ? ". Linked to: " + names.join(", ") : ". No drawn links.");
    }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var view = target.closest(".graph-view");
    if (!view || !target.closest("svg.graph")) { return; }
    selectNode(view, target.closest(".node"));
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || !(target instanceof Element) || !target.closest(".node")) { return; }
    var view = target.closest(".graph-view");
    if (view) { selectNode(view, target.closest(".node")); }
  });
  function fromHash() {
    var match = /^#att-(\d+)$/.exec(window.location.hash);
    if (match) { focus(match[1]); }
  }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("DOMContentLoaded", fromHash);
})();
