"""Labels on a map that never overlap: each goes next to its place if there is room, or further
out with a leader line, tried in order until it clashes with nothing.

Positions are in map units (km), chosen for the coarsest scale the labels will be shown at
(``km_per_px``).  At any finer scale every box shrinks around its fixed centre, so labels that do
not overlap at the coarsest scale cannot overlap at a finer one; a chart shows them only while the
drawn scale is at least that fine (``static/js/charts.js``), and numbers keyed to the legend
otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FONT_PX = 12
PADDING_PX = 3
GAP_PX = 4  # kept free between two labels, and between a label and a place
MARKER_PX = 5  # half the size of a place's mark
# Distances from the place to the label's edge, nearest first; beyond the first, a leader line.
DISTANCES_PX = (4, 14, 28, 46, 70, 100, 140, 190)
# Directions, as angles in degrees (0 = east, 90 = north), in order of preference.
DIRECTIONS = (0, 180, 90, 270, 45, 135, 315, 225, 22, 158, 338, 202, 68, 112, 292, 248)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float) -> bool:
        return not (
            self.x1 + gap <= other.x0
            or other.x1 + gap <= self.x0
            or self.y1 + gap <= other.y0
            or other.y1 + gap <= self.y0
        )

    def inside(self, bounds: Box) -> bool:
        return self.x0 >= bounds.x0 and self.y0 >= bounds.y0 and self.x1 <= bounds.x1 and self.y1 <= bounds.y1

    def crossed_by(self, start: tuple[float, float], end: tuple[float, float]) -> bool:
        """Whether the segment start→end passes through the box (Liang–Barsky clipping)."""
        (x0, y0), (x1, y1) = start, end
        dx, dy = x1 - x0, y1 - y0
        low, high = 0.0, 1.0
        for p, q in ((-dx, x0 - self.x0), (dx, self.x1 - x0), (-dy, y0 - self.y0), (dy, self.y1 - y0)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                low = max(low, t)
            else:
                high = min(high, t)
            if low > high:
                return False
        return True


def is_wide(char: str) -> bool:
    return ord(char) >= 0x2E80  # CJK and full-width forms take a whole em


def text_size_px(text: str, font_px: int = FONT_PX) -> tuple[float, float]:
    """A generous estimate of a label's box: Latin letters average well under 0.62 em in the
    sans-serif faces charts use, Chinese characters a full em."""
    lines = text.split("<br>")
    width = max(sum(font_px if is_wide(c) else 0.62 * font_px for c in line) for line in lines)
    return width + 2 * PADDING_PX, len(lines) * 1.3 * font_px + 2 * PADDING_PX


@dataclass(frozen=True)
class Placed:
    anchor: tuple[float, float]
    centre: tuple[float, float]
    box: Box
    leader: bool


def _candidates(anchor, size_km, km_per_px):
    width, height = size_km
    for distance_px in DISTANCES_PX:
        reach = (distance_px + MARKER_PX) * km_per_px
        for degrees in DIRECTIONS:
            angle = math.radians(degrees)
            cx = anchor[0] + math.cos(angle) * (reach + width / 2)
            cy = anchor[1] + math.sin(angle) * (reach + height / 2)
            yield (cx, cy), Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2), distance_px > 4


def _crowding(anchor, anchors, radius):
    return sum(1 for other in anchors if math.dist(anchor, other) < radius)


def _clear(label: Placed, others: list[Placed], marks: list[Box], gap: float) -> bool:
    """Whether a label there covers no other label or marker, its leader crosses no other label,
    and no other label's leader crosses it."""
    box = label.box
    return not (
        any(box.overlaps(other.box, gap) for other in others)
        or any(box.overlaps(mark, gap) for mark in marks)
        or (label.leader and any(other.box.crossed_by(label.anchor, label.centre) for other in others))
        or any(other.leader and box.crossed_by(other.anchor, other.centre) for other in others)
    )


def place_labels(
    anchors: list[tuple[float, float]],
    texts: list[str],
    km_per_px: float,
    bounds: Box,
    obstacles: tuple[Box, ...] = (),
    font_px: int = FONT_PX,
) -> list[Placed] | None:
    """A position for every label, in the order given, or None when some label finds no room.
    ``obstacles`` are areas no label may cover (a map's inset)."""
    gap = GAP_PX * km_per_px
    marks = [
        Box(x - MARKER_PX * km_per_px, y - MARKER_PX * km_per_px, x + MARKER_PX * km_per_px, y + MARKER_PX * km_per_px)
        for x, y in anchors
    ] + list(obstacles)
    # The most crowded places choose first, while there is still room near them.
    order = sorted(range(len(anchors)), key=lambda i: (-_crowding(anchors[i], anchors, 150 * km_per_px), i))
    placed: dict[int, Placed] = {}
    for index in order:
        size_px = text_size_px(texts[index], font_px)
        size_km = (size_px[0] * km_per_px, size_px[1] * km_per_px)
        others = list(placed.values())
        for centre, box, leader in _candidates(anchors[index], size_km, km_per_px):
            label = Placed(anchors[index], centre, box, leader)
            if box.inside(bounds) and _clear(label, others, marks, gap):
                placed[index] = label
                break
        else:
            return None
    return [placed[i] for i in range(len(anchors))]


def label_annotations(placed: list[Placed], texts: list[str], font_px: int = FONT_PX) -> list[dict]:
    """Plotly annotations: the text box centred where it was placed, a thin leader line to its place."""
    return [
        {
            "x": p.anchor[0],
            "y": p.anchor[1],
            "xref": "x",
            "yref": "y",
            "ax": p.centre[0],
            "ay": p.centre[1],
            "axref": "x",
            "ayref": "y",
            "text": text,
            "showarrow": True,
            "arrowhead": 0,
            "arrowwidth": 1,
            "arrowcolor": "#5b6673",
            "standoff": MARKER_PX - 1 if p.leader else 0,
            "startstandoff": 0,
            "bgcolor": "rgba(255,255,255,0.9)",
            "borderpad": PADDING_PX - 1,
            "font": {"size": font_px, "color": "#1d2530"},
        }
        for p, text in zip(placed, texts, strict=True)
    ]
