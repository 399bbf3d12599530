"""China's standard outline under a Plotly map: land, provincial borders, the national boundary,
the maritime boundary line, and the South China Sea inset (南海诸岛).

The boundaries are drawn as ordinary scatter traces on plain axes in the projected plane
(:mod:`app.maps.projection`), so the one plotly.js bundle that draws every other chart draws the
maps too, and nothing is fetched from a tile server.  The traces do not depend on the language
or the filters: browsers fetch them once as a content-hashed asset (``maps/basemap.json``, named
in the chart's ``layout.meta.basemap``); server-rendered images get the same traces inline.
"""

from __future__ import annotations

import json
from functools import lru_cache

from app import images
from app.charts.labels import text_size_px
from app.maps.geometry import Ring, china_map, frame_ring
from app.maps.style import BORDER, LAND, OUTLINE, SEA

ASSET_NAME = "maps/basemap.json"
# The space left around the map, in km, so that strokes at the edge are not cut.
PAD_KM = 40

# The inset's name: how far in from the frame's right edge, and its size where space is short.
INSET_LABEL_INDENT_KM = 12
COMPACT_INSET_FONT_PX = 8


def xy(rings: list[Ring]) -> tuple[list, list]:
    """Plotly's form of many rings in one trace: x and y lists, each ring ended by a gap."""
    xs: list = []
    ys: list = []
    for ring in rings:
        xs += [*ring[0::2], None]
        ys += [*ring[1::2], None]
    return xs, ys


def ring_lines(rings: list[Ring], line: dict, fill: str | None = None) -> dict:
    """A trace's shape drawn from rings: their lines, and their inside in ``fill`` if given."""
    xs, ys = xy(rings)
    shape = {"type": "scatter", "mode": "lines", "x": xs, "y": ys, "line": line}
    if fill:
        shape |= {"fill": "toself", "fillcolor": fill}
    return shape


def _area(rings: list[Ring], colour: str) -> dict:
    return {**ring_lines(rings, {"width": 0, "color": colour}, fill=colour), "hoverinfo": "skip", "showlegend": False}


def _lines(rings: list[Ring], colour: str, width: float) -> dict:
    return {**ring_lines(rings, {"width": width, "color": colour}), "hoverinfo": "skip", "showlegend": False}


@lru_cache(maxsize=1)
def basemap_traces() -> tuple[dict, ...]:
    """Main map, then the inset drawn over its corner: a white frame, then the same layers."""
    layers = china_map().layers
    return (
        _area(layers["outline"], LAND),
        _lines(layers["borders"], BORDER, 0.6),
        _lines(layers["outline"], OUTLINE, 0.8),
        _lines(layers["maritime"], OUTLINE, 1.4),
        _area([frame_ring(china_map().inset_frame)], SEA),
        _area(layers["inset_outline"], LAND),
        _lines(layers["inset_borders"], BORDER, 0.5),
        _lines(layers["inset_outline"], OUTLINE, 0.6),
        _lines(layers["inset_maritime"], OUTLINE, 1.2),
        _lines([frame_ring(china_map().inset_frame)], OUTLINE, 0.8),
    )


def basemap_json() -> bytes:
    """The asset browsers fetch: ``{"traces": […]}``."""
    return json.dumps({"traces": list(basemap_traces())}, separators=(",", ":")).encode()


def map_axes() -> tuple[dict, dict]:
    """Hidden axes over the map's extent, one kilometre the same length both ways; the drawing
    area shrinks to the map's shape (constrain="domain") rather than showing empty sea."""
    x0, y0, x1, y1 = china_map().bbox
    common = {"visible": False, "showgrid": False, "zeroline": False, "constrain": "domain", "fixedrange": True}
    return (
        {**common, "range": [x0 - PAD_KM, x1 + PAD_KM]},
        {**common, "range": [y0 - PAD_KM, y1 + PAD_KM], "scaleanchor": "x", "scaleratio": 1},
    )


def map_extent_km() -> tuple[float, float]:
    x0, y0, x1, y1 = china_map().bbox
    return x1 - x0 + 2 * PAD_KM, y1 - y0 + 2 * PAD_KM


def inset_label(text: str) -> dict:
    """The inset's name in its lower-right corner, as standard maps print it.  Drawn coarser than
    ``full_km_per_px`` (a phone, a small embed), the name would spill out of the narrow frame at
    the size that prints well, so charts.js draws it at ``compact_font_px`` there."""
    x0, y0, x1, _y1 = china_map().inset_frame
    room_km = (x1 - INSET_LABEL_INDENT_KM) - x0
    return {
        "type": "scatter",
        "mode": "text",
        "x": [x1 - INSET_LABEL_INDENT_KM],
        "y": [y0 + 14],
        "text": [text],
        "textposition": "top left",
        "textfont": {"size": images.MIN_FONT_PX, "color": OUTLINE},
        "hoverinfo": "skip",
        "showlegend": False,
        "meta": {
            "inset_label": True,
            "full_km_per_px": round(room_km / text_size_px(text, images.MIN_FONT_PX)[0], 3),
            "compact_font_px": COMPACT_INSET_FONT_PX,
        },
    }


def with_basemap(figure: dict) -> dict:
    """The figure with its basemap inline (for server-side images, which fetch nothing)."""
    if not (figure.get("layout", {}).get("meta") or {}).get("basemap"):
        return figure
    return {**figure, "data": [*basemap_traces(), *figure["data"]]}
