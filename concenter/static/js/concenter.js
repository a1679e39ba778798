// Small behaviours that need no framework. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";
  // Buttons and links with data-confirm ask before they act (ending a seat, undoing an import).
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm]");
    if (target && !window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
