// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // The URL is the state. When htmx restores a page from its history (back/forward), set the
  // filter form from the URL: the snapshot it restores was taken after the reader had already
  // changed a control, so the form in it may show the next state rather than this one.
  function syncFormsFromUrl() {
    var params = new URLSearchParams(window.location.search);
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.querySelectorAll("select[name]").forEach(function (select) {
        var value = params.get(select.name);
        select.value = value === null ? (select.name === "size" ? select.value : "") : value;
        Array.prototype.forEach.call(select.options, function (option) {
          if (option.selected) { option.setAttribute("selected", ""); } else { option.removeAttribute("selected"); }
        });
      });
      form.querySelectorAll("input[type=search][name]").forEach(function (input) {
        input.value = params.get(input.name) || "";
      });
      form.querySelectorAll("input[type=checkbox][name]").forEach(function (box) {
        box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
      });
    });
  }

  // Screen readers hear how many results a filter change left, not the whole new table.
  function announceResults(event) {
    var status = document.getElementById("results-status");
    if (!status || !event.target || event.target.id !== "results") { return; }
    var count = event.target.querySelector("[data-announce]");
    status.textContent = count ? count.textContent.trim() : "";
  }

  // Copy buttons (citations): the text of the element a button names, and a word for screen
  // readers. Without this file the buttons stay hidden and the text can be selected as usual.
  function copyFrom(event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button || !navigator.clipboard) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      var status = document.querySelector(".copied");
      if (status) { status.textContent = status.getAttribute("data-done"); }
    });
  }

  function showCopyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) { button.hidden = false; });
  }

  // A filter left at "all" stays out of the address: ?province=sichuan, not ?q=&province=sichuan&year=.
  // (Without this file the server redirects such an address to the same one without its empty parts.)
  function dropEmptyParameters(event) {
    var parameters = event.detail.parameters;
    Array.from(event.detail.formData ? event.detail.formData.keys() : Object.keys(parameters)).forEach(function (name) {
      if (parameters[name] === "") { delete parameters[name]; }
    });
  }

  // On a phone the filter panel starts folded: the results, not ~650 px of controls, come first.
  function foldFiltersOnPhones() {
    if (!window.matchMedia("(max-width: 600px)").matches) { return; }
    document.querySelectorAll("details.filter-fold").forEach(function (fold) { fold.open = false; });
  }

  // A printed chart page carries its data table, folded away on screen.
  function openTablesForPrint() {
    document.querySelectorAll("details.chart-data").forEach(function (details) { details.open = true; });
  }

  document.addEventListener("htmx:configRequest", dropEmptyParameters);
  window.addEventListener("beforeprint", openTablesForPrint);
  document.addEventListener("DOMContentLoaded", foldFiltersOnPhones);
  document.addEventListener("click", copyFrom);
  document.addEventListener("DOMContentLoaded", showCopyButtons);
  document.addEventListener("htmx:afterSettle", showCopyButtons);
  document.addEventListener("htmx:afterSettle", announceResults);
  document.addEventListener("htmx:historyRestore", syncFormsFromUrl);
  window.addEventListener("pageshow", syncFormsFromUrl);
})();
