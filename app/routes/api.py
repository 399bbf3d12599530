"""The JSON API: every entity as a filtered, paged list and as a detail with its figures and the
passages that name it.  Documented by FastAPI at /docs; errors are JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    people,
    programmes,
    projects,
    provinces,
    sources,
    villages,
)
from app.queries.filters import Filters
from app.queries.listing import list_rows
from app.routes.params import request_filters
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
    county: Annotated[list[str], Query(description="figures only: county slug (the county or its villages)")] = [],  # noqa: B006
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


# A detail lists at most this many figures; ``figures_more`` links to the filtered list for the rest.
API_DETAIL_FIGURES = 200


@dataclass(frozen=True)
class DetailRoute:
    """One entity's detail endpoint: how to find the row, its figures, and the list with the rest."""

    entity: str
    export_name: str
    model: type[BaseModel]
    get: Callable
    figures: Callable  # (session, slug, limit) -> figures
    more: str | None = None  # the list filter that holds every figure of the entity


DETAIL_ROUTES = (
    DetailRoute("county", "counties", schemas.CountyOut, counties.get, figures.for_county, "county"),
    DetailRoute("village", "villages", schemas.VillageOut, villages.get,
                lambda s, slug, n: figures.for_link(s, "villages", slug, n)),
    DetailRoute("province", "provinces", schemas.ProvinceOut, provinces.get, figures.for_province, "province"),
    DetailRoute("project", "projects", schemas.ProjectOut, projects.get,
                lambda s, slug, n: figures.for_link(s, "projects", slug, n)),
    DetailRoute("organisation", "organisations", schemas.OrganisationOut, organisations.get,
                lambda s, slug, n: figures.for_link(s, "organisations", slug, n)),
    DetailRoute("programme", "programmes", schemas.ProgrammeOut, programmes.get,
                lambda s, slug, n: figures.for_link(s, "programmes", slug, n), "programme"),
    # No figure is tied to a person; their words are in ``quotes``.
    DetailRoute("person", "people", schemas.PersonOut, people.get, lambda s, slug, n: []),
)


def _kind_names() -> dict[str, str]:
    return {"county": _("county"), "village": _("village"), "province": _("province"), "project": _("project"),
            "organisation": _("organisation"), "programme": _("programme"), "source": _("source"),
            "person": _("person")}


def _detail_route(route: DetailRoute) -> None:
    detail_model = type(f"{route.model.__name__.removesuffix('Out')}Detail", (route.model, schemas.DetailOut), {})

    def handler(slug: Slug, session: SessionDep) -> dict:
        row = route.get(session, slug)
        if row is None:
            raise _missing(_kind_names()[route.entity], slug)
        rows = route.figures(session, slug, API_DETAIL_FIGURES + 1)
        more = None
        if len(rows) > API_DETAIL_FIGURES and route.more:
            more = f"/api/figures?{route.more}={slug}"
        return {
            **EXPORTS[route.export_name].rows_out(session, [row])[0].model_dump(),
            "mentions": [{"source": m.source_slug, "excerpt": m.excerpt}
                         for m in sources.mentions_of(session, route.entity, slug)],
            "figures": [figure_out(v).model_dump() for v in figure_views(session, rows[:API_DETAIL_FIGURES])],
            "figures_more": more,
        }

    handler.__name__ = f"{route.entity}_detail"
    handler.__doc__ = f"One {route.entity} with the passages that name it and its figures."
    router.add_api_route(f"/{route.export_name}/{{slug}}", handler, methods=["GET"], response_model=detail_model)


@router.get("/figures/{figure_id}", response_model=schemas.FigureOut)
def figure_detail(figure_id: Annotated[int, Path(ge=1, le=10**9)], session: SessionDep) -> schemas.FigureOut:
    figure = session.get(Figure, figure_id)
    if figure is None:
        raise _missing(_("figure"), figure_id)
    return figure_out(figure_views(session, [figure])[0])


for _route in DETAIL_ROUTES:
    _detail_route(_route)


@router.get("/sources/{slug}", response_model=schemas.SourceOut)
def source_detail(slug: Slug, session: SessionDep) -> BaseModel:
    row = sources.get(session, slug)
    if row is None:
        raise _missing(_("source"), slug)
    return EXPORTS["sources"].rows_out(session, [row])[0]
