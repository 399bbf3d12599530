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

  // The request carries nothing private, so it goes to any origin: a frame that has not loaded
  // our page yet (still about:blank) then ignores it quietly instead of the host page's console
  // reporting a mismatched target origin.  Replies are accepted from our origin only (below).
  function ask(frame) {
    if (frame.contentWindow) { frame.contentWindow.postMessage({ ctRural: "autoheight" }, "*"); }
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
  ours().forEach(function (frame) {
    ask(frame);
    frame.addEventListener("load", function () { ask(frame); });
  });
})();
