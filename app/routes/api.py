"""The JSON API: every entity of the registry (app/entities.py) as a filtered, paged list and as
a detail with its figures and the passages that name it.  Documented by FastAPI at /docs.

The router is built by the app factory from the settings and the data's vocabulary, so that the
OpenAPI schema says exactly what each list accepts: only its own filters, slugs as enums, and
the page-size and search limits the settings give.  The values are then checked by the same code
as the pages (routes/params.py).

(No ``from __future__ import annotations`` here: FastAPI reads the query models from the
dependencies' annotations, which must be the classes made at run time, not their names.)
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field, create_model
from sqlmodel import Session

from app import schemas
from app.config import Settings
from app.deps import SessionDep
from app.entities import ENTITIES, Entity
from app.errors import not_found
from app.exports import list_body
from app.i18n import LANGUAGES, current_language
from app.models import FIGURE_KINDS, FIGURE_SCOPES, QUALIFIERS
from app.queries import sources
from app.queries.filters import GROUPS, MAX_PAGE, MAX_VALUES_PER_FILTER, MAX_YEAR, MIN_YEAR, ORDERS, Filters, Vocabulary
from app.queries.listing import list_rows
from app.routes.params import NO_PARAMETERS, request_filters
from app.urls import ROUTES, api_url

# A detail lists at most this many figures; ``figures_more`` links to the filtered list for the rest.
API_DETAIL_FIGURES = 200
SLUG_PATTERN = r"^[a-z0-9+-]+$"
Slug = Annotated[str, Path(max_length=80, pattern=SLUG_PATTERN, description="the entity's slug")]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.ErrorOut, "description": "A parameter the data cannot use (the message says which)"},
    404: {"model": schemas.ErrorOut, "description": "No such entity, or a page past the last"},
    414: {"model": schemas.ErrorOut, "description": "A query string longer than MAX_QUERY_BYTES"},
    503: {"model": schemas.ErrorOut, "description": "The query took too long, or the database is briefly away"},
}


def one_of(values) -> Any:
    """A closed vocabulary as a type, so the schema lists it (``Literal`` of the values)."""
    ordered = tuple(sorted(values))
    return Literal[ordered] if ordered else str


def query_model(entity: Entity, settings: Settings, vocabulary: Vocabulary) -> type[BaseModel]:
    """The query parameters one list takes, as a Pydantic model FastAPI reads the query string
    into (``Annotated[Model, Query()]``) and documents field by field: only the list's own
    filters, slugs as enums, the limits the settings give.  A parameter it does not name is left
    to the pages' parser, which refuses it in the reader's language (filters.refuse_unknown)."""

    def many(values, description: str) -> tuple[Any, Any]:
        listed: Any = list[one_of(values)]  # type: ignore[misc]  # a type made at run time
        return (listed, Field([], max_length=MAX_VALUES_PER_FILTER, description=description))

    every: dict[str, tuple[Any, Any]] = {
        "province": many(vocabulary.provinces, "province slug; repeat for several"),
        "programme": many(vocabulary.programmes, "programme slug (designated, paired, …)"),
        "county": many(vocabulary.counties, "county slug (the county or its villages)"),
        "source": many(vocabulary.sources, "source slug"),
        "scope": many(FIGURE_SCOPES, "what a figure covers: group, county, …"),
        "qualifier": many(QUALIFIERS, "exact, over, about or nearly"),
        "kind": many(FIGURE_KINDS, "what a figure counts: donation, network-coverage, …"),
        "unit": many(vocabulary.units, "the unit a figure is counted in: yuan, people, households, …"),
        "group": (one_of(GROUPS) | None, Field(None, description="only the “4+2” counties")),
        "year": (int | None, Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="a year covered")),
        "q": (str, Field("", max_length=settings.max_search_length, description="text search")),
    }
    paging: dict[str, tuple[Any, Any]] = {
        "sort": (
            one_of(entity.spec.sortable) | None,
            Field(None, description="the column to sort by (figures' value: within each unit, units in turn)"),
        ),
        "order": (one_of(ORDERS), Field("asc")),
        "page": (int, Field(1, ge=1, le=MAX_PAGE)),
        "size": (int, Field(settings.default_page_size, ge=1, le=settings.max_page_size)),
        "lang": (one_of(LANGUAGES) | None, Field(None, description="the language of names and messages")),
    }
    fields = {name: every[name] for name in entity.filter_names} | paging
    name = f"{entity.kind.title()}Query"
    return create_model(name, **fields)  # type: ignore[call-overload]


def filters_dependency(entity: Entity, settings: Settings, vocabulary: Vocabulary):
    """A dependency that takes the list's query model (so FastAPI checks and documents it) and
    then parses the query string with the pages' code, whose messages are translated."""
    model = query_model(entity, settings, vocabulary)

    def dependency(request: Request, session: SessionDep, _query: Annotated[model, Query()]) -> Filters:  # type: ignore[valid-type]
        return request_filters(request, session, entity.spec)

    return dependency


def add_list_route(router: APIRouter, entity: Entity, settings: Settings, vocabulary: Vocabulary) -> None:
    envelope = schemas.list_model(entity.schema)
    parsed = Depends(filters_dependency(entity, settings, vocabulary))

    def handler(request: Request, session: SessionDep, filters: Filters = parsed) -> dict:
        page = list_rows(session, entity.spec, filters, current_language.get(), linked=True)
        return list_body(request, page, entity.items(session, page.items))

    handler.__name__ = f"list_{entity.name}"
    handler.__doc__ = f"The {entity.name}, filtered and paged."
    router.add_api_route(ROUTES[f"api-{entity.kind}-list"], handler, methods=["GET"], response_model=envelope)


def add_detail_route(router: APIRouter, entity: Entity) -> None:
    """One entity with the passages that name it and its first figures (a source: itself)."""
    if entity.kind == "source":

        def source(slug: Slug, session: SessionDep) -> dict:
            found = entity.items_by_key(session, [slug])
            if not found:
                raise not_found(entity.kind, slug)
            return found[0]

        router.add_api_route(
            ROUTES[f"api-{entity.kind}"],
            source,
            methods=["GET"],
            response_model=entity.schema,
            name="source_detail",
            dependencies=NO_PARAMETERS,
        )
        return
    detail_model = type(f"{entity.schema.__name__.removesuffix('Out')}Detail", (entity.schema, schemas.DetailOut), {})

    def handler(slug: Slug, session: SessionDep) -> dict:
        return detail(session, entity, slug)

    handler.__name__ = f"{entity.kind}_detail"
    handler.__doc__ = f"One {entity.kind} with the passages that name it and its figures."
    router.add_api_route(
        ROUTES[f"api-{entity.kind}"], handler, methods=["GET"], response_model=detail_model, dependencies=NO_PARAMETERS
    )


def detail(session: Session, entity: Entity, slug: str) -> dict:
    found = entity.items_by_key(session, [slug])
    if not found:
        raise not_found(entity.kind, slug)
    rows = entity.detail_figures(session, slug, API_DETAIL_FIGURES + 1)
    more = None
    if len(rows) > API_DETAIL_FIGURES and entity.figures_filter:
        more = api_url("figure", **{entity.figures_filter: slug})
    return {
        **found[0],
        "mentions": [
            {"source": m.source_slug, "excerpt": m.excerpt} for m in sources.mentions_of(session, entity.kind, slug)
        ],
        "figures": ENTITIES["figures"].items_by_key(session, [f.id for f in rows[:API_DETAIL_FIGURES]]),
        "figures_more": more,
    }


def figure_detail(figure_id: Annotated[int, Path(ge=1, le=10**9)], session: SessionDep) -> dict:
    found = ENTITIES["figures"].items_by_key(session, [figure_id])
    if not found:
        raise not_found("figure", figure_id)
    return found[0]


def build_router(settings: Settings, vocabulary: Vocabulary) -> APIRouter:
    router = APIRouter(tags=["data"], responses=ERRORS)
    for entity in ENTITIES.values():
        add_list_route(router, entity, settings, vocabulary)
    router.add_api_route(
        ROUTES["api-figure"],
        figure_detail,
        methods=["GET"],
        response_model=schemas.FigureOut,
        dependencies=NO_PARAMETERS,
    )
    for entity in ENTITIES.values():
        if entity.has_detail:
            add_detail_route(router, entity)
    return router
