"""Static assets under content-hashed URLs.

Our own files come from ``static/``; third-party libraries (htmx, plotly.js) are installed by
npm at set-up time and served from ``node_modules``, never committed and never from a CDN; the
maps' basemap is made from ``static/maps/china.json`` at start-up.
Each file gets the URL ``/assets/{hash}/{name}``: a new build of a file is a new URL, so every
asset can be cached for a year.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app import urls
from app.charts.basemap import ASSET_NAME as BASEMAP_ASSET
from app.charts.basemap import basemap_json
from app.config import PROJECT_ROOT, Settings

# name served → path inside node_modules
NPM_ASSETS = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "plotly-basic.min.js": "plotly.js-basic-dist-min/plotly-basic.min.js",
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
}
STATIC_DIR = PROJECT_ROOT / "static"
MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
}


@dataclass(frozen=True)
class Asset:
    name: str
    path: Path
    digest: str
    body: bytes | None = None  # made by the app at start-up rather than read from a file

    @property
    def url(self) -> str:
        return urls.path("asset", digest=self.digest, name=self.name)

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.path.suffix, "application/octet-stream")

    def read(self) -> bytes:
        return self.body if self.body is not None else self.path.read_bytes()


class AssetsMissing(RuntimeError):
    pass


def _asset(name: str, path: Path) -> Asset:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return Asset(name=name, path=path, digest=digest)


def _generated(name: str, body: bytes) -> Asset:
    return Asset(name=name, path=Path(name), digest=hashlib.sha256(body).hexdigest()[:12], body=body)


def build_manifest(settings: Settings) -> dict[str, Asset]:
    manifest: dict[str, Asset] = {}
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            name = path.relative_to(STATIC_DIR).as_posix()
            manifest[name] = _asset(name, path)
    for name, relative in NPM_ASSETS.items():
        path = Path(settings.node_modules_path) / relative
        if not path.is_file():
            raise AssetsMissing(f"{path} is missing: run `make` (npm ci) to install front-end assets")
        manifest[name] = _asset(name, path)
    # Made from the map asset: the outline every map chart draws under its data (charts/basemap.py).
    manifest[BASEMAP_ASSET] = _generated(BASEMAP_ASSET, basemap_json())
    return manifest
