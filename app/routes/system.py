"""Health check and static assets."""

import gzip
import logging
from functools import lru_cache
from typing import cast

import anyio.to_thread
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from sqlmodel import Session

from app.assets import Asset
from app.deps import AssetsDep
from app.http import GZIP_LEVEL, accepts_gzip
from app.queries import figures
from app.templating import templates
from app.urls import ROUTES

router = APIRouter(include_in_schema=False)
log = logging.getLogger("ct_rural")

COMPRESSIBLE = ("text/", "application/json", "image/svg+xml")
IMMUTABLE = "public, max-age=31536000, immutable"


NO_STORE = {"Cache-Control": "no-store"}


@router.get(ROUTES["healthz"])
async def healthz() -> JSONResponse:
    """Liveness: the worker's event loop answers (a process to restart when it does not)."""
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get(ROUTES["readyz"])
async def readyz(request: Request) -> JSONResponse:
    """Readiness: the database answers, and whether the chart images' renderer runs.  On a
    thread of its own, so that it says the truth when the page threads are all busy."""
    state = request.app.state
    renderer = "running" if state.renderer.started else "idle" if state.renderer.available() else "unavailable"
    default_images = state.default_images.state

    def count() -> int:
        with Session(state.engine) as session:
            return figures.count(session)

    try:
        found = await anyio.to_thread.run_sync(count, limiter=state.ready_thread)
    except Exception:  # any failure of the database is "not ready"; its details go to the log only
        log.warning("readiness: the database does not answer", exc_info=True)
        body = {
            "status": "unavailable",
            "database": "unavailable",
            "renderer": renderer,
            "default_images": default_images,
        }
        return JSONResponse(body, status_code=503, headers={**NO_STORE, "Retry-After": "5"})
    body = {"status": "ok", "figures": found, "renderer": renderer, "default_images": default_images}
    return JSONResponse(body, headers=NO_STORE)


@router.get(ROUTES["api-docs"])
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI for the JSON API, served by the app itself (no CDN)."""
    return cast(HTMLResponse, templates.TemplateResponse(request, "api_docs.html", {}))


@router.get(ROUTES["favicon"])
def favicon(assets: AssetsDep) -> FileResponse:
    """Browsers ask for it even when a page names another icon."""
    icon = assets["favicon.svg"]
    return FileResponse(icon.path, media_type=icon.media_type, headers={"Cache-Control": "public, max-age=86400"})


@router.get(ROUTES["embed-script"])
def embed_script(assets: AssetsDep) -> Response:
    """The auto-height helper that embed snippets include, at an address that stays the same from
    one build to the next (pasted snippets live for years), so it is cached for a day, not forever."""
    script = assets["js/embed-host.js"]
    return Response(script.read(), media_type=script.media_type, headers={"Cache-Control": "public, max-age=86400"})


@lru_cache(maxsize=64)
def _compressed(asset: Asset) -> bytes:
    """An asset's gzip bytes, made once per process (the digest keys a changed file anew): plotly.js
    is megabytes, too much to compress again for every reader."""
    return gzip.compress(asset.read(), compresslevel=GZIP_LEVEL, mtime=0)


@router.get(ROUTES["asset"])
def asset(digest: str, name: str, request: Request, assets: AssetsDep) -> Response:
    found = assets.get(name)
    if found is None or found.digest != digest:
        raise HTTPException(404, "no such asset")
    headers = {"Cache-Control": IMMUTABLE, "Vary": "Accept-Encoding", "ETag": f'"{found.digest}"'}
    if accepts_gzip(request.headers) and found.media_type.startswith(COMPRESSIBLE):
        body = _compressed(found)
        return Response(
            body,
            media_type=found.media_type,
            headers={**headers, "Content-Encoding": "gzip", "ETag": f'"{found.digest}-gzip"'},
        )
    if found.body is not None:
        return Response(found.body, media_type=found.media_type, headers=headers)
    return FileResponse(found.path, media_type=found.media_type, headers=headers)
