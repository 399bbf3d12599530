"""Chart colours a reader can tell apart and see: every mark ≥ 3:1 against the white plot
(WCAG 1.4.11), and the categories of one chart distinct under normal vision, deuteranopia and
protanopia (Machado et al. 2009, full severity; CIE76 ΔE in CIELAB)."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest

from app.charts import CHARTS
from app.charts.base import PALETTE

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
VISION = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.01182, 0.04294, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
}
# Marks that are not data categories: outlines, axis and guide lines, the pale "whole" behind a part.
NOT_CATEGORIES = {"#fff", "#ffffff", "white", "#c9dcea"}
MIN_DELTA_E = 10


def linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def contrast_with_white(hex_colour: str) -> float:
    r, g, b = linear(hex_colour)
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def seen(hex_colour: str, vision: str) -> tuple[float, float, float]:
    """The colour as CIELAB, as a reader with this vision sees it."""
    rgb = linear(hex_colour)
    r, g, b = (max(0.0, min(1.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in VISION[vision])
    x, y, z = (
        0.4124 * r + 0.3576 * g + 0.1805 * b,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        0.0193 * r + 0.1192 * g + 0.9505 * b,
    )

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x / 0.9505), f(y), f(z / 1.089)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def category_colours(spec: dict) -> list[str]:
    """The colours a chart's traces give its data marks, in order of first use."""
    found: dict[str, None] = {}
    for trace in spec["data"]:
        for holder in (trace.get("marker") or {}, trace.get("line") or {}):
            colours = holder.get("color")
            for colour in colours if isinstance(colours, list) else [colours]:
                if (
                    isinstance(colour, str)
                    and re.fullmatch(r"#[0-9a-fA-F]{6}", colour)
                    and colour.lower() not in NOT_CATEGORIES
                ):
                    found[colour.lower()] = None
    return list(found)


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_a_charts_colours_stand_out_and_stay_apart_in_every_vision(client, chart_id: str) -> None:
    page = client.get(f"/charts/{chart_id}", params={"lang": "en"}).text
    spec = json.loads(
        re.search(r'<script type="application/json" class="chart-spec">(.*?)</script>', page, re.S).group(1)
    )
    colours = category_colours(spec)
    assert colours, "a chart with no coloured marks"
    for colour in colours:
        assert contrast_with_white(colour) >= 3, f"{colour}: {contrast_with_white(colour):.1f}:1 against white"
    if chart_id == "money-by-kind":  # more kinds than six: the rest are told apart by the name on each bar
        colours = [c for c in colours if c in {p.lower() for p in PALETTE[:6]}]
    for vision in VISION:
        for a, b in itertools.combinations(colours, 2):
            assert math.dist(seen(a, vision), seen(b, vision)) >= MIN_DELTA_E, (vision, a, b)
