// Draws every chart on the page from the JSON spec the server embedded next to it, and wires its
// toolbar. Loaded only on pages that have a chart; runs again after htmx swaps in a new chart.
(function () {
  "use strict";

  function readJson(figure, selector) {
    var node = figure.querySelector(selector);
    return node ? JSON.parse(node.textContent) : null;
  }

  function axisNames(layout) {
    return Object.keys(layout).filter(function (k) { return /^[xy]axis\d*$/.test(k) && layout[k].type === "log"; });
  }

  function draw(figure) {
    var plot = figure.querySelector(".chart-plot");
    var spec = readJson(figure, ".chart-spec");
    var meta = readJson(figure, ".chart-meta") || {};
    if (!plot || !spec || !window.Plotly) { return; }
    var logAxes = axisNames(spec.layout);
    var config = {
      displaylogo: false,
      responsive: true,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
      toImageButtonOptions: { filename: "ct-rural-" + meta.id }
    };
    var layout = spec.layout;
    var compact = layout.meta && layout.meta.compact;
    if (compact && plot.clientWidth < 600) {
      // Narrow screens: the chart's own short labels (see the chart builders' layout.meta).
      layout = JSON.parse(JSON.stringify(layout));
      Object.keys(compact).forEach(function (path) {
        var parts = path.split("."), target = layout;
        parts.slice(0, -1).forEach(function (p) { target = target[p] = target[p] || {}; });
        target[parts[parts.length - 1]] = compact[path];
      });
    }
    window.Plotly.newPlot(plot, spec.data, layout, config).then(function () {
      figure.setAttribute("data-drawn", "true");
    });
    var toolbar = figure.querySelector(".chart-toolbar");
    if (toolbar) { toolbar.hidden = false; }

    figure.querySelectorAll("[data-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-action");
        if (action === "log") {
          var isLog = button.getAttribute("aria-pressed") === "true";
          var update = {};
          logAxes.forEach(function (axis) {
            update[axis + ".type"] = isLog ? "linear" : "log";
            update[axis + ".autorange"] = isLog;
            if (!isLog && spec.layout[axis].range) { update[axis + ".range"] = spec.layout[axis].range; }
          });
          window.Plotly.relayout(plot, update);
          button.setAttribute("aria-pressed", String(!isLog));
          return;
        }
        exportImage(plot, meta, action);
      });
    });
  }

  // A downloaded image must stand on its own in a report: add the title and the source line
  // for the export, then put the page's layout back.
  function exportImage(plot, meta, format) {
    var before = { "title.text": plot.layout.title ? plot.layout.title.text : "",
                   "margin.t": plot.layout.margin.t, "margin.b": plot.layout.margin.b,
                   annotations: plot.layout.annotations || [] };
    var source = { text: meta.source, xref: "paper", yref: "paper", x: 0, y: 0, yshift: -40,
                   xanchor: "left", yanchor: "top", showarrow: false, font: { size: 11, color: "#5b6673" } };
    window.Plotly.relayout(plot, { "title.text": meta.title, "title.x": 0.01, "margin.t": 60,
                                   "margin.b": (before["margin.b"] || 50) + 50,
                                   annotations: before.annotations.concat([source]) })
      .then(function () {
        return window.Plotly.downloadImage(plot, { format: format, filename: "ct-rural-" + meta.id,
                                                   width: 1200, height: plot.layout.height || 500 });
      })
      .then(function () { return window.Plotly.relayout(plot, before); });
  }

  function drawAll(root) {
    root.querySelectorAll("figure[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
