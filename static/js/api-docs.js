// Starts Swagger UI on /docs from a file rather than an inline script, so the page keeps a strict CSP.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: root.dataset.specUrl, dom_id: "#swagger-ui", deepLinking: true });
})();
