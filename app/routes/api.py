"""The JSON API: every entity as a filtered, paged list and as a detail with its figures and the
passages that name it.  Documented by FastAPI at /docs; errors are JSON."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel

from app import schemas
from app.db import SessionDep
from app.exports import EXPORTS, figure_out
from app.i18n import gettext as _
from app.models import FIGURE_SCOPES, QUALIFIERS, Figure
from app.queries import (
    counties,
    figures,
    organisations,
    programmes,
    projects,
    provinces,
    sources,
    villages,
)
from app.queries.filters import Filters
from app.queries.listing import list_rows
from app.routes.pages import request_filters
from app.views import figure_views

router = APIRouter(
    prefix="/api",
    tags=["data"],
    responses={
        400: {"model": schemas.ErrorOut, "description": "A parameter the data cannot use (the message says which)"},
        404: {"model": schemas.ErrorOut, "description": "No such entity"},
        503: {"model": schemas.ErrorOut, "description": "The query took too long, or the database is briefly away"},
    },
)

QualifierName = Literal[QUALIFIERS]  # Literal of a tuple: each of its strings
ScopeName = Literal[FIGURE_SCOPES]
Slug = Annotated[str, Path(max_length=80, pattern=r"^[a-z0-9+-]+$", description="the entity's slug")]


def filter_params(
    request: Request,
    session: SessionDep,
    province: Annotated[list[str], Query(description="province slug; repeat for several")] = [],  # noqa: B006
    programme: Annotated[list[str], Query(description="programme slug (designated, paired, …)")] = [],  # noqa: B006
    group: Annotated[Literal["4plus2"] | None, Query(description="only the “4+2” counties")] = None,
    year: Annotated[int | None, Query(ge=2002, le=2030, description="a year the figure covers")] = None,
    source: Annotated[list[str], Query(description="source slug")] = [],  # noqa: B006
    q: Annotated[str, Query(max_length=100, description="text search over names and labels")] = "",
    scope: Annotated[list[ScopeName], Query(description="figures only: group, county, …")] = [],  # noqa: B006
    qualifier: Annotated[list[QualifierName], Query(description="figures only")] = [],  # noqa: B006
    sort: Annotated[str | None, Query(max_length=20)] = None,
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Filters:
    """Declared here for the documentation; parsed and checked by the same code as the pages."""
    spec = EXPORTS[request.url.path.removeprefix("/api/").split("/")[0]].spec
    return request_filters(request, session, spec)


FiltersDep = Annotated[Filters, Depends(filter_params)]


def _list_route(name: str):
    export = EXPORTS[name]
    envelope = schemas.list_model(export.model)

    def handler(filters: FiltersDep, session: SessionDep) -> BaseModel:
        page = list_rows(session, export.spec, filters)
        return envelope(total=page.total, page=page.page, size=page.size,
                        items=export.rows_out(session, page.items))

    handler.__name__ = f"list_{name}"
    handler.__doc__ = f"The {name}, filtered and paged."
    router.add_api_route(f"/{name}", handler, methods=["GET"], response_model=envelope)


for _name in EXPORTS:
    _list_route(_name)


def _missing(kind: str, slug: object) -> HTTPException:
    return HTTPException(404, _("There is no %(kind)s “%(slug)s” in the data.", kind=kind, slug=str(slug)[:80]))


def _detail(session, entity: str, row, export_name: str, figure_rows: list[Figure]) -> dict:
    out = EXPORTS[export_name].rows_out(session, [row])[0]
    return {
        **out.model_dump(),
        "mentions": [{"source": m.source_slug, "excerpt": m.excerpt}
                     for m in sources.mentions_of(session, entity, row.slug)],
        "figures": [figure_out(v).model_dump() for v in figure_views(session, figure_rows)],
    }


class CountyDetail(schemas.CountyOut, schemas.DetailOut):
    pass


class VillageDetail(schemas.VillageOut, schemas.DetailOut):
    pass


class ProvinceDetail(schemas.ProvinceOut, schemas.DetailOut):
    pass


class ProjectDetail(schemas.ProjectOut, schemas.DetailOut):
    pass


class OrganisationDetail(schemas.OrganisationOut, schemas.DetailOut):
    pass


class ProgrammeDetail(schemas.ProgrammeOut, schemas.DetailOut):
    pass


@router.get("/figures/{figure_id}", response_model=schemas.FigureOut)
def figure_detail(figure_id: Annotated[int, Path(ge=1, le=10**9)], session: SessionDep) -> schemas.FigureOut:
    figure = session.get(Figure, figure_id)
    if figure is None:
        raise _missing(_("figure"), figure_id)
    return figure_out(figure_views(session, [figure])[0])


@router.get("/counties/{slug}", response_model=CountyDetail)
def county_detail(slug: Slug, session: SessionDep) -> dict:
    row = counties.get(session, slug) or _raise(_("county"), slug)
    return _detail(session, "county", row, "counties", figures.for_county(session, slug))


@router.get("/villages/{slug}", response_model=VillageDetail)
def village_detail(slug: Slug, session: SessionDep) -> dict:
    row = villages.get(session, slug) or _raise(_("village"), slug)
    return _detail(session, "village", row, "villages", figures.for_link(session, "villages", slug))


@router.get("/provinces/{slug}", response_model=ProvinceDetail)
def province_detail(slug: Slug, session: SessionDep) -> dict:
    row = provinces.get(session, slug) or _raise(_("province"), slug)
    return _detail(session, "province", row, "provinces", figures.for_province(session, slug))


@router.get("/projects/{slug}", response_model=ProjectDetail)
def project_detail(slug: Slug, session: SessionDep) -> dict:
    row = projects.get(session, slug) or _raise(_("project"), slug)
    return _detail(session, "project", row, "projects", figures.for_link(session, "projects", slug))


@router.get("/organisations/{slug}", response_model=OrganisationDetail)
def organisation_detail(slug: Slug, session: SessionDep) -> dict:
    row = organisations.get(session, slug) or _raise(_("organisation"), slug)
    return _detail(session, "organisation", row, "organisations",
                   figures.for_link(session, "organisations", slug))


@router.get("/programmes/{slug}", response_model=ProgrammeDetail)
def programme_detail(slug: Slug, session: SessionDep) -> dict:
    row = programmes.get(session, slug) or _raise(_("programme"), slug)
    return _detail(session, "programme", row, "programmes", figures.for_link(session, "programmes", slug))


@router.get("/sources/{slug}", response_model=schemas.SourceOut)
def source_detail(slug: Slug, session: SessionDep) -> BaseModel:
    row = sources.get(session, slug) or _raise(_("source"), slug)
    return EXPORTS["sources"].rows_out(session, [row])[0]


def _raise(kind: str, slug: str):
    raise _missing(kind, slug)
