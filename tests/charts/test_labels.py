"""Map labels: placed so that no two overlap, nor cover a place, at the scale they are placed for
and at every finer one; numbers where full names find no room."""

from __future__ import annotations

import itertools

import pytest

from app.charts.labels import Box, label_annotations, place_labels, text_size_px
from app.charts.maps import FULL_LABELS_KM_PER_PX, label_layers
from app.maps.geometry import centroid, china_map

BOUNDS = Box(-3000, 1500, 3000, 6000)


def boxes_at(placed, texts, km_per_px):
    """Each label's box drawn at another scale: the same centre, its size in pixels."""
    out = []
    for p, text in zip(placed, texts, strict=True):
        w, h = text_size_px(text)
        cx, cy = p.centre
        out.append(Box(cx - w * km_per_px / 2, cy - h * km_per_px / 2, cx + w * km_per_px / 2, cy + h * km_per_px / 2))
    return out


@pytest.mark.parametrize("scale", [12.0, 6.0, 3.0])
def test_crowded_labels_do_not_overlap_at_their_scale_or_finer(scale: float) -> None:
    anchors = [(0, 3000), (30, 3040), (60, 2980), (-40, 3010), (500, 3500), (520, 3510)]
    texts = [
        "① 木里藏族自治县",
        "② Yanyuan County",
        "③ 田林县",
        "④ Muli Tibetan<br>Autonomous County",
        "⑤ 久治县",
        "⑥ 边坝县",
    ]
    placed = place_labels(anchors, texts, 12.0, BOUNDS)
    assert placed is not None
    for a, b in itertools.combinations(boxes_at(placed, texts, scale), 2):
        assert not a.overlaps(b, 0), (a, b)
    for box in boxes_at(placed, texts, scale):
        for x, y in anchors:
            assert not (box.x0 < x < box.x1 and box.y0 < y < box.y1), "a label covers a place"


def test_no_room_means_no_placement() -> None:
    anchors = [(0, 0), (1, 1)]
    assert place_labels(anchors, ["a very long label indeed"] * 2, 12.0, Box(-50, -50, 50, 50)) is None


def test_annotations_point_at_their_places() -> None:
    placed = place_labels([(0, 3000)], ["盐源县"], 12.0, BOUNDS)
    (note,) = label_annotations(placed, ["盐源县"])
    assert (note["x"], note["y"]) == (0, 3000) and note["axref"] == "x" and note["showarrow"]


def test_the_4_plus_2_names_fit_at_the_full_label_scale() -> None:
    counties = [
        ("四川省", "木里藏族自治县"),
        ("新疆维吾尔自治区", "疏附县"),
        ("广西壮族自治区", "田林县"),
        ("四川省", "盐源县"),
        ("西藏自治区", "边坝县"),
        ("青海省", "久治县"),
    ]
    anchors = [centroid(china_map().county_rings(p, c)) for p, c in counties]
    english = [
        "① Muli Tibetan Autonomous County",
        "② Shufu County",
        "③ Tianlin County",
        "④ Yanyuan County",
        "⑤ Banbar County",
        "⑥ Jiuzhi County",
    ]
    layers = label_layers(anchors, english, list("①②③④⑤⑥"))
    assert layers["full_km_per_px"] == FULL_LABELS_KM_PER_PX, "the English names should fit"
    assert len(layers["compact_annotations"]) == 6
