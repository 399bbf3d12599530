"""Health check and static assets."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlmodel import func, select

from app.db import SessionDep
from app.models import Figure
from app.templating import templates

router = APIRouter(include_in_schema=False)

IMMUTABLE = "public, max-age=31536000, immutable"


@router.get("/healthz")
def healthz(session: SessionDep) -> dict:
    figures = session.exec(select(func.count()).select_from(Figure)).one()
    return {"status": "ok", "figures": figures}


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI for the JSON API, served by the app itself (no CDN)."""
    return templates.TemplateResponse(request, "api_docs.html", {})


@router.get("/favicon.ico")
def favicon(request: Request) -> FileResponse:
    """Browsers ask for it even when a page names another icon."""
    icon = request.app.state.assets["favicon.svg"]
    return FileResponse(icon.path, media_type=icon.media_type, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/assets/{digest}/{name:path}")
def asset(digest: str, name: str, request: Request) -> FileResponse:
    found = request.app.state.assets.get(name)
    if found is None or found.digest != digest:
        raise HTTPException(404, "no such asset")
    return FileResponse(found.path, media_type=found.media_type, headers={"Cache-Control": IMMUTABLE})
