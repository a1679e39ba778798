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

  // The menu folds under one button; without JavaScript it simply stays open.
  function setUpMenu() {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-button");
    if (!button) { return; }
    header.classList.add("js-menu");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var first = header.querySelector(".site-menu a");
        if (first) { first.focus(); }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        header.classList.remove("menu-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  // Stacked tables on a phone label each cell with its column's heading.
  function labelCells(root) {
    root.querySelectorAll("table:not(.keep-columns)").forEach(function (table) {
      var heads = table.querySelectorAll(":scope > thead > tr:last-child > th");
      if (!heads.length) { return; }
      var labels = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
      table.querySelectorAll(":scope > tbody > tr, :scope > tfoot > tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          var label = labels[column];
          if (label && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  // After a refused submit, the summary of what to correct is where the eyes are: at the top,
  // focused, so a screen reader reads it and a phone shows it.
  function showErrors(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({block: "start"});
      return;
    }
    if (root === document) { return; }
    var field = root.querySelector(".field-error input, .field-error select, .field-error textarea, [role=alert]");
    if (field) {
      field.scrollIntoView({block: "center"});
      if (field.matches("input, select, textarea")) { field.focus(); }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    labelCells(document);
    showErrors(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    labelCells(event.detail.target);
    if (event.detail.xhr && event.detail.xhr.status >= 400) { showErrors(event.detail.target); }
  });
  // htmx leaves a refused (4xx) answer unswapped unless told: forms answer 422 with their errors.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  window.concenter = {labelCells: labelCells};
})();
