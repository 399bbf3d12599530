"""A map without tiles or boundaries: longitude and latitude on plain axes, scaled so that a
degree looks the same both ways at China's latitudes, with province names for orientation.
Nothing is fetched from anywhere; no boundary data is drawn (so none can be wrong)."""

from __future__ import annotations

import math

from app.charts.base import base_layout
from app.formatting import name

CHINA_LON = (73.0, 135.5)
CHINA_LAT = (17.5, 54.0)
# 1° of longitude is cos(latitude) of 1° of latitude; China's centre lies near 35°N.
LAT_STRETCH = 1 / math.cos(math.radians(35))


def map_layout(height: int = 520) -> dict:
    layout = base_layout(height=height)
    # constrain="domain": keep China's extent and shrink the drawing area to keep the aspect ratio.
    axis = {"showgrid": True, "gridcolor": "#eef1f4", "zeroline": False, "ticksuffix": "°",
            "constrain": "domain", "automargin": True}
    layout["xaxis"] = {**axis, "range": list(CHINA_LON), "title": {"text": "E"}}
    layout["yaxis"] = {**axis, "range": list(CHINA_LAT), "title": {"text": "N"},
                       "scaleanchor": "x", "scaleratio": LAT_STRETCH}
    layout["plot_bgcolor"] = "#f7f9fb"
    layout["dragmode"] = "pan"
    layout["margin"]["l"] = 50
    return layout


def label_positions(latitudes: list[float]) -> list[str]:
    """Alternate labels above and below, from north to south, so neighbours do not overlap."""
    order = sorted(range(len(latitudes)), key=lambda i: -latitudes[i])
    positions = [""] * len(latitudes)
    for rank, index in enumerate(order):
        positions[index] = "top center" if rank % 2 == 0 else "bottom center"
    return positions


PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市",
                     " Uygur Autonomous Region", " Zhuang Autonomous Region", " Autonomous Region",
                     " Province", " Municipality")


def short_province_name(full: str) -> str:
    """"新疆维吾尔自治区" → "新疆", "Sichuan Province" → "Sichuan": labels that fit on a map."""
    for suffix in PROVINCE_SUFFIXES:
        if full.endswith(suffix):
            return full[: -len(suffix)]
    return full


def province_labels(provinces) -> dict:
    """Faint province names at their capitals, so readers can place the points."""
    located = [p for p in provinces if p.lat is not None]
    return {
        "type": "scatter", "mode": "text", "name": "", "showlegend": False, "hoverinfo": "skip",
        "x": [p.lon for p in located], "y": [p.lat for p in located],
        "text": [short_province_name(name(p)) for p in located],
        "textfont": {"color": "#8a94a0", "size": 11},
    }
