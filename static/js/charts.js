// Draws every chart on the page from the JSON spec the server embedded next to it. Loaded only on
// pages that have a chart; runs again after htmx swaps in a new chart. Downloads are plain links to
// the server's images (/charts/{id}.png|.svg), so nothing here is needed to get a chart out.
(function () {
  "use strict";

  var NARROW_PX = 600;
  var basemaps = {};

  function readJson(figure, selector) {
    var node = figure.querySelector(selector);
    return node ? JSON.parse(node.textContent) : null;
  }

  // A map's outline is one cached asset for every map on every page (charts/basemap.py).
  function basemapTraces(figure, layout) {
    var url = figure.getAttribute("data-basemap");
    if (!url || !(layout.meta && layout.meta.basemap)) { return Promise.resolve([]); }
    if (!basemaps[url]) {
      basemaps[url] = fetch(url)
        .then(function (response) { return response.ok ? response.json() : { traces: [] }; })
        .then(function (body) { return body.traces; })
        .catch(function () { return []; });
    }
    return basemaps[url];
  }

  function setPath(target, path, value) {
    var parts = path.split(".");
    parts.slice(0, -1).forEach(function (p) { target = target[p] = target[p] || {}; });
    target[parts[parts.length - 1]] = value;
  }

  // "fit": the embed fills its frame; "fixed": the plot has the height the embed URL gave;
  // "auto": the host page's script sizes the frame to the embed (see becomeAutoHeight).
  function embedMode() {
    var classes = document.body.classList;
    if (classes.contains("embed-auto")) { return "auto"; }
    if (classes.contains("embed-fixed")) { return "fixed"; }
    return classes.contains("embed") ? "fit" : "";
  }

  // The layout for the space the chart has: a phone gets the chart's own narrower labels; an embed
  // that must fit its frame lets the plot take the height that is left (the title, legend and
  // source line stay whole around it).
  function layoutFor(plot, spec) {
    var layout = JSON.parse(JSON.stringify(spec.layout));
    var compact = layout.meta && layout.meta.compact;
    var narrow = plot.clientWidth < NARROW_PX;
    if (compact && narrow) {
      Object.keys(compact).forEach(function (path) { setPath(layout, path, compact[path]); });
    }
    var fit = layout.meta && layout.meta.fit_height;
    if (fit && (narrow || embedMode() === "fit")) {
      if (embedMode() === "fit") { document.body.classList.add("embed-fixed"); }
      // A map's height follows from its width (its shape is fixed), legend rows below: in a frame
      // it is never shrunk to a corner with an empty band, nor its legend squeezed into a scroll
      // box; a frame shorter than that scrolls (or /embed.js makes it tall enough).
      layout.height = Math.round(plot.clientWidth * fit.aspect + fit.extra_px);
      plot._ctFitMap = true;
    } else if (embedMode() === "fit") {
      if (!layout.meta || !layout.meta.compact || layout.height <= plot.clientHeight + 8) {
        delete layout.height;
        layout.autosize = true;
      } else {
        // Rows of labels need their height: they scroll inside the plot's box, with the legend
        // (where the chart has one) on top, while the title and the source line stay in view.
        plot.classList.add("chart-plot-scroll");
        if (layout.showlegend !== false) {
          // At the frame's top, above whatever the plot already keeps there (the timeline's
          // axis), not over it.
          var legendRows = Math.ceil(spec.data.length / 2);
          layout.legend = Object.assign({}, layout.legend, {
            orientation: "h", x: 0, xref: "container", y: 1, yref: "container", yanchor: "top"
          });
          layout.margin = Object.assign({}, layout.margin, { t: (layout.margin.t || 20) + 22 * legendRows });
        }
      }
    }
    return layout;
  }

  // A map's full place names were placed for a drawing scale; drawn coarser (a phone, a small
  // embed), they could overlap, so the legend's numbers stand in (charts/maps.py).
  function fitLabels(plot) {
    var full = plot._fullLayout;
    var labels = full && full.meta && full.meta.labels;
    if (!labels || !full.xaxis || !full.xaxis._length) { return; }
    var kmPerPx = (full.xaxis.range[1] - full.xaxis.range[0]) / full.xaxis._length;
    var wantFull = labels.full_km_per_px > 0 && kmPerPx <= labels.full_km_per_px;
    var showing = plot.getAttribute("data-labels") || "full";
    if ((wantFull ? "full" : "compact") === showing) { return; }
    plot.setAttribute("data-labels", wantFull ? "full" : "compact");
    window.Plotly.relayout(plot, { annotations: wantFull ? plot._ctFullAnnotations : labels.compact_annotations });
  }

  // The South China Sea inset's name at the size that prints well where the inset is drawn large
  // enough for it, a smaller one where it is not (charts/basemap.py says which scale is which).
  function fitInsetName(plot) {
    var full = plot._fullLayout;
    var index = plot.data.findIndex(function (trace) { return trace.meta && trace.meta.inset_label; });
    if (index < 0 || !full.xaxis || !full.xaxis._length) { return; }
    var trace = plot.data[index];
    if (plot._ctInsetFontPx === undefined) { plot._ctInsetFontPx = trace.textfont.size; }
    var kmPerPx = (full.xaxis.range[1] - full.xaxis.range[0]) / full.xaxis._length;
    var size = kmPerPx <= trace.meta.full_km_per_px ? plot._ctInsetFontPx : trace.meta.compact_font_px;
    if (trace.textfont.size !== size) { window.Plotly.restyle(plot, { "textfont.size": size }, [index]); }
  }

  // A map as tall as its shape at the width it got: the first layout guessed the legend's height,
  // Plotly knows it once drawn, so the height is set again (no empty band above the legend).
  function fitMapHeight(plot) {
    var full = plot._fullLayout;
    var fit = full && full.meta && full.meta.fit_height;
    if (!fit || !plot._ctFitMap) { return Promise.resolve(); }
    var want = Math.round(full.height - full._size.h + full._size.w * fit.aspect);
    if (Math.abs(want - full.height) < 4) { return Promise.resolve(); }
    return window.Plotly.relayout(plot, { height: want });
  }

  // Printed, a figure (title, plot, notes and source) fits one sheet: a plot taller than the sheet
  // leaves is drawn smaller as a whole (CSS zoom), every label in proportion, rather than being
  // squeezed or broken across two pages.  PRINT_SHEET_PX: the printable height of US Letter, the
  // shorter of Letter and A4, at the 12 mm margins of site.css (965 px), less room for the
  // browser's own rounding at the page's edge.
  var PRINT_SHEET_PX = 920;
  function fitSheet(plot, printing) {
    plot.style.zoom = "";
    if (!(printing || (window.matchMedia && window.matchMedia("print").matches))) { return; }
    var figure = plot.closest("figure");
    var height = plot.getBoundingClientRect().height;
    var tall = figure.querySelector(".chart-footer").getBoundingClientRect().bottom - figure.getBoundingClientRect().top;
    if (tall > PRINT_SHEET_PX) { plot.style.zoom = String(Math.max(0.4, (height - (tall - PRINT_SHEET_PX)) / height)); }
  }

  function draw(figure) {
    var plot = figure.querySelector(".chart-plot");
    var spec = readJson(figure, ".chart-spec");
    if (!plot || !spec || !window.Plotly) { return; }
    var config = {
      displaylogo: false,
      responsive: true,
      displayModeBar: false,
      scrollZoom: false
    };
    var layout = layoutFor(plot, spec);
    plot._ctFullAnnotations = layout.annotations || [];
    basemapTraces(figure, layout).then(function (traces) {
      return window.Plotly.newPlot(plot, traces.concat(spec.data), layout, config);
    }).then(function () {
      return fitMapHeight(plot);
    }).then(function () {
      fitLabels(plot);
      fitInsetName(plot);
      fitSheet(plot);  // a page opened to be printed (a PDF made headless)
      figure.setAttribute("data-drawn", "true");
      reportHeight();
    });
  }

  function drawAll(root) {
    root.querySelectorAll("figure[data-chart]").forEach(draw);
  }

  function resizeAll() {
    document.querySelectorAll("figure[data-chart] .chart-plot").forEach(function (plot) {
      if (!plot._fullLayout) { return; }
      // A fitted map takes the new width; fitMapHeight then gives it the height its shape needs.
      plot.style.zoom = "";
      var resized = plot._ctFitMap
        ? window.Plotly.relayout(plot, { width: plot.clientWidth })
        : window.Plotly.Plots.resize(plot);
      resized
        .then(function () { return fitMapHeight(plot); })
        .then(function () { fitLabels(plot); fitInsetName(plot); fitSheet(plot); });
    });
  }

  // Auto-height embeds: the host page's script (/embed.js) asks, and the embed then lays out at
  // its natural height and tells the host how tall it is whenever that changes.
  function reportHeight() {
    if (embedMode() !== "auto") { return; }
    window.parent.postMessage({ ctRural: "height", height: document.documentElement.scrollHeight }, "*");
  }

  function becomeAutoHeight() {
    if (embedMode() === "auto") { return; }
    document.body.classList.add("embed-auto");
    document.querySelectorAll("figure[data-chart]").forEach(function (figure) {
      var plot = figure.querySelector(".chart-plot");
      var spec = readJson(figure, ".chart-spec");
      if (plot && plot._fullLayout && spec) {
        window.Plotly.relayout(plot, { height: spec.layout.height, autosize: false }).then(reportHeight);
      }
    });
    if (window.ResizeObserver) { new ResizeObserver(reportHeight).observe(document.body); }
    reportHeight();
  }

  if (document.body && document.body.classList.contains("embed") && window.parent !== window) {
    window.addEventListener("message", function (event) {
      if (event.source === window.parent && event.data && event.data.ctRural === "autoheight") {
        becomeAutoHeight();
      }
    });
    window.parent.postMessage({ ctRural: "ready" }, "*");
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(resizeAll, 150);
  });
  // Printing lays the page out at the paper's width: the plots follow it, and return after.
  if (window.matchMedia) { window.matchMedia("print").addEventListener("change", resizeAll); }
  window.addEventListener("afterprint", resizeAll);
  // The browser lays the page out for paper as soon as this returns: the zoom is set here from
  // the sizes at hand, and set again exactly once the plots have the paper's width (resizeAll).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("figure[data-chart] .chart-plot").forEach(function (plot) {
      if (plot._fullLayout) { fitSheet(plot, true); }
    });
  });
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
