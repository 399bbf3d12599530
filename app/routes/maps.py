"""Locator maps: where a province, county or village lies in China, as a small SVG image."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from app.deps import SessionDep
from app.errors import not_found
from app.i18n import gettext as _
from app.maps.locator import locator_svg
from app.routes.params import NO_PARAMETERS
from app.urls import ROUTES
from app.views import locator_place

router = APIRouter(include_in_schema=False)

KINDS = ("province", "county", "village")


@router.get(ROUTES["map"], dependencies=NO_PARAMETERS)
def locator(kind: str, slug: str, request: Request, session: SessionDep) -> Response:
    if kind not in KINDS:
        raise HTTPException(404, _("There are locator maps of: %(kinds)s.", kinds=", ".join(KINDS)))
    place = locator_place(session, kind, slug)
    if place is None:
        raise not_found(kind, slug)
    return Response(locator_svg(place), media_type="image/svg+xml")
