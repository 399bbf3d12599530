// ct-rural auto-height for embedded charts. Include it after the iframe (the "use this chart"
// panel's snippet does): every iframe showing one of this site's /embed/ pages then takes the
// height of its content. Without it the iframe keeps its height and the chart fits inside.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var origin = new URL(script.src, window.location.href).origin;

  function ours() {
    return Array.prototype.filter.call(document.querySelectorAll("iframe"), function (frame) {
      return frame.src.indexOf(origin + "/embed/") === 0;
    });
  }

  function ask(frame) {
    if (frame.contentWindow) { frame.contentWindow.postMessage({ ctRural: "autoheight" }, origin); }
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data) { return; }
    ours().forEach(function (frame) {
      if (frame.contentWindow !== event.source) { return; }
      if (event.data.ctRural === "ready") { ask(frame); }
      if (event.data.ctRural === "height" && event.data.height > 0 && event.data.height < 20000) {
        frame.style.height = Math.ceil(event.data.height) + "px";
      }
    });
  });
  ours().forEach(ask);
})();
