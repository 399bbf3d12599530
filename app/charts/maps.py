"""What every map chart shares: the layout over China's standard outline (app/charts/basemap.py),
places projected onto it, the South China Sea inset's name, the boundaries' credit, and labels
that never overlap (app/charts/labels.py)."""

from __future__ import annotations

from app.charts.base import base_layout
from app.charts.basemap import inset_label, map_axes, map_extent_km
from app.charts.labels import Box, label_annotations, place_labels
from app.formatting import lang
from app.i18n import gettext as _
from app.maps.geometry import china_map

# Full names are placed for maps drawn at least this fine; coarser (a phone, a small embed) shows
# the legend's numbers instead.  A 1280-px page draws the map at about 9 km a pixel, a phone at 19.
FULL_LABELS_KM_PER_PX = 12.0
NUMBER_LABELS_KM_PER_PX = 24.0
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def map_layout(height: int = 560) -> dict:
    layout = base_layout(height=height)
    layout["xaxis"], layout["yaxis"] = map_axes()
    layout["yaxis"]["constraintoward"] = "top"
    layout["margin"] = {"l": 4, "r": 4, "t": 4, "b": 4}
    layout["dragmode"] = False
    layout["hovermode"] = "closest"
    layout["legend"] = {"orientation": "h", "x": 0, "y": 0, "yanchor": "top", "font": {"size": 12}}
    # Browsers fetch the outline once (charts.js); images get it inline (basemap.with_basemap).
    layout["meta"] = {"basemap": "china"}
    return layout


def map_credit() -> str:
    return china_map().credit[lang()]


def inset_name() -> dict:
    # Two short lines: the inset is narrow on a phone.
    return inset_label(_("South China<br>Sea Islands"))


def fit_height(layout: dict, legend_rows: int) -> None:
    """On a narrow screen the map is as wide as the screen, so its height follows from the width:
    charts.js sets it from the map's proportions and the legend's rows, leaving no empty band."""
    width_km, height_km = map_extent_km()
    layout["meta"]["fit_height"] = {"aspect": round(height_km / width_km, 4), "extra_px": 16 + 21 * legend_rows}


def number_label(index: int) -> str:
    return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"


def label_layers(anchors: list[tuple[float, float]], texts: list[str], numbers: list[str]) -> dict:
    """Annotations for the places: full names where the map is drawn large enough for every one
    to fit, the places' numbers otherwise; charts.js picks by the scale the map is drawn at."""
    x0, y0, x1, y1 = china_map().bbox
    frame = Box(*china_map().inset_frame)
    bounds = Box(x0, y0, x1, y1)
    full = place_labels(anchors, texts, FULL_LABELS_KM_PER_PX, bounds, (frame,))
    numbered = place_labels(anchors, numbers, NUMBER_LABELS_KM_PER_PX, bounds, (frame,))
    compact = label_annotations(numbered, numbers) if numbered else []
    return {
        "annotations": label_annotations(full, texts) if full else compact,
        "compact_annotations": compact,
        "full_km_per_px": FULL_LABELS_KM_PER_PX if full else 0,
        "extent_km": list(map_extent_km()),
    }
