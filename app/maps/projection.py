"""The projection every map of China here is drawn in: Albers equal-area conic, central meridian
105°E, standard parallels 25°N and 47°N, the usual choice for national maps of China.

One definition, used both by ``scripts/build_maps.py`` (to project the boundaries once, when the
map asset is derived) and at run time (to place counties and villages on those boundaries), so
points and outlines can never drift apart.  A sphere is close enough at these scales: the
boundaries and the points go through the same formula.
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0
CENTRAL_MERIDIAN = 105.0
STANDARD_PARALLELS = (25.0, 47.0)

_PHI1, _PHI2 = (math.radians(p) for p in STANDARD_PARALLELS)
_N = (math.sin(_PHI1) + math.sin(_PHI2)) / 2
_C = math.cos(_PHI1) ** 2 + 2 * _N * math.sin(_PHI1)
_RHO0 = EARTH_RADIUS_KM * math.sqrt(_C) / _N  # origin on the equator


def project(lon: float, lat: float) -> tuple[float, float]:
    """(longitude, latitude) in degrees → (x, y) in kilometres, north up."""
    rho = EARTH_RADIUS_KM * math.sqrt(_C - 2 * _N * math.sin(math.radians(lat))) / _N
    theta = _N * math.radians(lon - CENTRAL_MERIDIAN)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


def describe() -> dict:
    """The projection's parameters, recorded in the map asset it made."""
    return {
        "name": "Albers equal-area conic (sphere)",
        "central_meridian": CENTRAL_MERIDIAN,
        "standard_parallels": list(STANDARD_PARALLELS),
        "radius_km": EARTH_RADIUS_KM,
        "unit": "km",
    }
