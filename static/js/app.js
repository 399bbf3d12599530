// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // htmx keeps a snapshot of the page for the back button. Form controls keep their current
  // state in properties, not attributes, so copy it into attributes before the snapshot, or
  // going back would show old results under a form that shows the new filters.
  document.addEventListener("htmx:beforeHistorySave", function () {
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.querySelectorAll("input[type=search], input[type=text]").forEach(function (el) {
        el.setAttribute("value", el.value);
      });
      form.querySelectorAll("input[type=checkbox]").forEach(function (el) {
        if (el.checked) { el.setAttribute("checked", ""); } else { el.removeAttribute("checked"); }
      });
      form.querySelectorAll("select option").forEach(function (el) {
        if (el.selected) { el.setAttribute("selected", ""); } else { el.removeAttribute("selected"); }
      });
    });
  });
})();
