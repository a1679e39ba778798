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
      // Headings that act (sort links) must stay on screen: such a table keeps its columns.
      if (table.querySelector(":scope > thead a, :scope > thead button")) {
        table.classList.add("keep-columns");
        return;
      }
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


  // A calendar in the Buddhist Era beside every date field (ThaiDateField): the field stays text,
  // typed as people type dates (28/02/2563, 28022563); the calendar only fills it in.
  var thai = (document.documentElement.lang || "th").indexOf("th") === 0;
  var calendarLocale = thai ? "th-TH-u-ca-buddhist" : "en-GB";
  var BE = 543;

  function parseTyped(value) {
    var digits = value.replace(/[\u0e50-\u0e59]/g, function (c) { return String(c.charCodeAt(0) - 0x0e50); });
    var m = digits.match(/^(\d{1,2})\D(\d{1,2})\D(\d{2,4})$/) || digits.match(/^(\d{2})(\d{2})(\d{4}|\d{2})$/);
    if (!m) { return null; }
    var year = parseInt(m[3], 10);
    if (m[3].length === 2) { year += 2500; }
    if (year >= 2400) { year -= BE; }
    var d = new Date(year, parseInt(m[2], 10) - 1, parseInt(m[1], 10));
    return isNaN(d.getTime()) ? null : d;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function setUpDatePicker(input) {
    if (input.dataset.pickerReady) { return; }
    input.dataset.pickerReady = "1";
    var wrap = document.createElement("div");
    wrap.className = "date-field";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var open = document.createElement("button");
    open.type = "button";
    open.className = "date-open secondary";
    open.setAttribute("aria-label", input.getAttribute("data-date-picker"));
    open.setAttribute("aria-expanded", "false");
    open.textContent = "\ud83d\udcc5";
    wrap.appendChild(open);
    var panel = document.createElement("div");
    panel.className = "date-panel";
    panel.hidden = true;
    wrap.appendChild(panel);
    var shown = new Date();

    function draw() {
      panel.textContent = "";
      var head = document.createElement("div");
      head.className = "date-head";
      var previous = document.createElement("button");
      previous.type = "button"; previous.className = "secondary"; previous.textContent = "\u2039";
      previous.setAttribute("aria-label", input.getAttribute("data-date-previous"));
      var next = document.createElement("button");
      next.type = "button"; next.className = "secondary"; next.textContent = "\u203a";
      next.setAttribute("aria-label", input.getAttribute("data-date-next"));
      var title = document.createElement("strong");
      title.setAttribute("aria-live", "polite");
      title.textContent = new Intl.DateTimeFormat(calendarLocale, {month: "long", year: "numeric"}).format(shown);
      previous.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); draw(); });
      next.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); draw(); });
      head.append(previous, title, next);
      panel.appendChild(head);
      var grid = document.createElement("div");
      grid.className = "date-grid";
      var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      var days = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
      for (var blank = 0; blank < first.getDay(); blank++) { grid.appendChild(document.createElement("span")); }
      var dayLabel = new Intl.DateTimeFormat(calendarLocale, {day: "numeric", month: "long", year: "numeric"});
      for (var day = 1; day <= days; day++) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "date-day";
        button.textContent = String(day);
        var date = new Date(shown.getFullYear(), shown.getMonth(), day);
        button.setAttribute("aria-label", dayLabel.format(date));
        button.addEventListener("click", (function (chosen) {
          return function () {
            var year = chosen.getFullYear() + (thai ? BE : 0);
            input.value = pad(chosen.getDate()) + "/" + pad(chosen.getMonth() + 1) + "/" + year;
            input.dispatchEvent(new Event("change", {bubbles: true}));
            close();
            input.focus();
          };
        })(date));
        grid.appendChild(button);
      }
      panel.appendChild(grid);
    }
    function close() { panel.hidden = true; open.setAttribute("aria-expanded", "false"); }
    open.addEventListener("click", function () {
      if (!panel.hidden) { close(); return; }
      shown = parseTyped(input.value.trim()) || new Date();
      draw();
      panel.hidden = false;
      open.setAttribute("aria-expanded", "true");
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); open.focus(); }
    });
  }

  function setUpDateFields(root) {
    root.querySelectorAll("input[data-date-picker]").forEach(setUpDatePicker);
  }

  // The area picker (common.forms.AreaPickerInput): one types a name, picks the area from the
  // list, and the form sends its code. Digits typed are taken as a code, as before.
  var pickers = 0;
  function setUpAreaPicker(box) {
    if (box.dataset.pickerReady) { return; }
    box.dataset.pickerReady = "1";
    pickers += 1;
    var kept = document.createElement("input");
    kept.type = "hidden";
    kept.name = box.name;
    kept.value = box.value;
    box.removeAttribute("name");
    box.after(kept);
    if (box.dataset.areaLabel) { box.value = box.dataset.areaLabel; }
    var list = document.createElement("ul");
    list.className = "area-options";
    list.id = "area-options-" + pickers;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    kept.after(list);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", list.id);
    var timer = null;
    var active = -1;

    function close() { list.hidden = true; box.setAttribute("aria-expanded", "false"); box.removeAttribute("aria-activedescendant"); active = -1; }
    function choose(option) {
      kept.value = option.dataset.code;
      box.value = option.textContent;
      close();
      kept.dispatchEvent(new Event("change", {bubbles: true}));
    }
    function mark(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      options.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      box.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({block: "nearest"});
    }
    // Digits typed (Thai digits too) are the code at once, before any lookup, so a form sent
    // right after typing a code sends it.
    function keepTypedCode() {
      var digits = box.value.trim().replace(/[\u0e50-\u0e59]/g, function (c) { return String(c.charCodeAt(0) - 0x0e50); });
      kept.value = /^\d{2,8}$/.test(digits) ? digits : "";
    }
    function search() {
      var typed = box.value.trim();
      if (typed.length < 2) { close(); return; }
      var url = box.dataset.areaPicker + (box.dataset.areaPicker.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(typed);
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) {
          list.textContent = "";
          data.results.forEach(function (area, index) {
            var option = document.createElement("li");
            option.setAttribute("role", "option");
            option.id = list.id + "-" + index;
            option.dataset.code = area.code;
            option.textContent = area.label;
            option.addEventListener("mousedown", function (event) { event.preventDefault(); });
            option.addEventListener("click", function () { choose(option); });
            list.appendChild(option);
          });
          if (!data.results.length) {
            var none = document.createElement("li");
            none.className = "muted";
            none.textContent = box.dataset.areaNone;
            list.appendChild(none);
          }
          list.hidden = false;
          box.setAttribute("aria-expanded", "true");
          active = -1;
        });
    }
    box.addEventListener("input", function () { keepTypedCode(); clearTimeout(timer); timer = setTimeout(search, 250); });
    box.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); mark(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); mark(active - 1); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(list.querySelectorAll("[role=option]")[active]); }
      else if (event.key === "Escape") { close(); }
    });
    box.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  function setUpAreaPickers(root) {
    root.querySelectorAll("input[data-area-picker]").forEach(setUpAreaPicker);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    setUpDateFields(document);
    setUpAreaPickers(document);
    labelCells(document);
    showErrors(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    labelCells(event.detail.target);
    setUpDateFields(event.detail.target);
    setUpAreaPickers(event.detail.target);
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
