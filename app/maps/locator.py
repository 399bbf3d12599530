"""Small locator maps: where a province, county or village lies in China, as a static SVG.

Drawn straight from the map asset (no plotly.js, no Chromium): China's outline with its
provinces, the South China Sea inset, the place's province shaded, and the county's own outline
or the place's point on top.  Coordinates are rounded to half pixels and repeated points dropped,
so a locator weighs a few kilobytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from app.maps.geometry import Ring, china_map, frame_ring, point
from app.maps.style import ACCENT, BORDER, HIGHLIGHT, LAND, OUTLINE

WIDTH_PX = 280


@dataclass(frozen=True)
class Place:
    """What a locator shows: a province to shade, and a county outline or a point to mark."""

    label: str  # the accessible name: "Yanyuan County, Sichuan Province"
    province_zh: str | None = None
    county_zh: str | None = None
    lon: float | None = None
    lat: float | None = None


class Canvas:
    def __init__(self, width_px: int) -> None:
        x0, y0, x1, y1 = china_map().bbox
        self.x0, self.y1 = x0, y1
        self.scale = width_px / (x1 - x0)
        self.width = width_px
        self.height = round((y1 - y0) * self.scale)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return round((x - self.x0) * self.scale * 2) / 2, round((self.y1 - y) * self.scale * 2) / 2

    def path(self, rings: list[Ring], closed: bool) -> str:
        parts = []
        for ring in rings:
            points: list[tuple[float, float]] = []
            for i in range(0, len(ring), 2):
                p = self.xy(ring[i], ring[i + 1])
                if not points or p != points[-1]:
                    points.append(p)
            if len(points) < (3 if closed else 2):
                continue
            parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in points) + ("Z" if closed else ""))
        return "".join(parts)


def locator_svg(place: Place, width_px: int = WIDTH_PX) -> str:
    canvas = Canvas(width_px)
    chinamap = china_map()
    layers = chinamap.locator_layers
    province, province_inset = chinamap.province_rings(place.province_zh or "")
    county = chinamap.county_rings(place.province_zh or "", place.county_zh or "") if place.county_zh else []
    frame = [frame_ring(chinamap.inset_frame)]
    shapes = [
        ("path", {"d": canvas.path(layers["outline"], True), "fill": LAND, "fill-rule": "evenodd"}),
        ("path", {"d": canvas.path(province, True), "fill": HIGHLIGHT, "fill-rule": "evenodd"}),
        ("path", {"d": canvas.path(layers["borders"], False), "fill": "none", "stroke": BORDER, "stroke-width": ".5"}),
        (
            "path",
            {
                "d": canvas.path(layers["outline"] + layers["maritime"], False),
                "fill": "none",
                "stroke": OUTLINE,
                "stroke-width": ".6",
            },
        ),
        ("path", {"d": canvas.path(frame, True), "fill": "#fff", "stroke": OUTLINE, "stroke-width": ".6"}),
        ("path", {"d": canvas.path(layers["inset_outline"], True), "fill": LAND, "fill-rule": "evenodd"}),
        ("path", {"d": canvas.path(province_inset, True), "fill": HIGHLIGHT, "fill-rule": "evenodd"}),
        (
            "path",
            {
                "d": canvas.path(layers["inset_outline"] + layers["inset_maritime"], False),
                "fill": "none",
                "stroke": OUTLINE,
                "stroke-width": ".5",
            },
        ),
    ]
    if county:
        shapes.append(
            (
                "path",
                {
                    "d": canvas.path(county, True),
                    "fill": ACCENT,
                    "stroke": ACCENT,
                    "stroke-width": "1.2",
                    "stroke-linejoin": "round",
                },
            )
        )
    elif place.lat is not None and place.lon is not None:
        x, y = canvas.xy(*point(place.lon, place.lat))
        shapes.append(
            (
                "circle",
                {"cx": f"{x:g}", "cy": f"{y:g}", "r": "4", "fill": ACCENT, "stroke": "#fff", "stroke-width": "1.5"},
            )
        )
    body = "".join(
        f"<{tag} {' '.join(f'{k}={_quote(v)}' for k, v in attrs.items())}/>"
        for tag, attrs in shapes
        if tag != "path" or attrs["d"]
    )
    title = escape(place.label)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {canvas.width} {canvas.height}" '
        f'width="{canvas.width}" height="{canvas.height}" role="img" aria-label={_quote(place.label)}>'
        f"<title>{title}</title>{body}</svg>"
    )


def _quote(value: str) -> str:
    return '"' + escape(value, {'"': "&quot;"}) + '"'
