"""The registry of entities: for each list the app serves, its query spec (filters, sorts,
search), how its rows become JSON and CSV, its address, and how its detail is found.

Pages, the .csv/.json twins, the API and the OpenAPI schema all read this one table, so a list
cannot support a filter in one place and not another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from app import schemas
from app.exports import FIGURE_CSV_COLUMNS, figure_csv_row, figure_out, joined_row, person_csv_row
from app.formatting import entity_kind
from app.queries import (
    counties,
    figures,
    milestones,
    organisations,
    people,
    programmes,
    projects,
    provinces,
    sources,
    villages,
)
from app.queries.listing import ListSpec
from app.urls import ENTITY_PATHS, entity_url
from app.views import figure_views, milestone_views


def _no_figures(_session: Session, _slug: str, _limit: int) -> list:
    return []


@dataclass(frozen=True)
class Entity:
    kind: str  # "county": its detail's name in messages and addresses
    spec: ListSpec
    schema: type[BaseModel]
    rows_out: Callable[[Session, list], list[BaseModel]]
    csv_columns: tuple[str, ...]
    csv_row: Callable[[BaseModel], dict[str, str]] = joined_row
    get: Callable[[Session, str], Any] | None = None  # the detail by slug; None: no slug detail
    detail_figures: Callable[[Session, str, int], list] = _no_figures  # (session, slug, limit)
    figures_filter: str | None = None  # the figure-list filter that holds all of an entity's figures

    @property
    def name(self) -> str:
        """Its list's path: "counties", and the twins /counties.csv and /counties.json."""
        return ENTITY_PATHS[self.kind]

    @property
    def filter_names(self) -> tuple[str, ...]:
        return (*self.spec.filter_names, "q")

    def label(self) -> str:
        """The kind in the reader's language, for messages."""
        return entity_kind(self.kind)


def fields(item: Any, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A row's columns by name: a list's row (listing.list_rows) or a model object."""
    data = item._asdict() if hasattr(item, "_asdict") else item.model_dump()
    return {name: value for name, value in data.items() if name not in exclude}


def _figures_out(session: Session, items: list) -> list[BaseModel]:
    return [figure_out(v) for v in figure_views(session, items)]


def _counties_out(session: Session, items: list) -> list[BaseModel]:
    programme_map = counties.programme_map(session, [c.slug for c in items])
    return [
        schemas.CountyOut(
            **fields(c),
            province=c.province_slug,
            programmes=programme_map[c.slug],
            url=entity_url("county", c.slug),
        )
        for c in items
    ]


def _villages_out(session: Session, items: list) -> list[BaseModel]:
    programme_map = villages.programme_map(session, [v.slug for v in items])
    return [
        schemas.VillageOut(
            **fields(v),
            province=v.province_slug,
            county=v.county_slug,
            programmes=programme_map[v.slug],
            url=entity_url("village", v.slug),
        )
        for v in items
    ]


def _simple(model: type[BaseModel], kind: str, **renames: str):
    """Rows whose columns are the schema's, some renamed (province ← province_slug)."""

    def convert(_session: Session, items: list) -> list[BaseModel]:
        out = []
        for item in items:
            data = fields(item)
            for new, old in renames.items():
                data[new] = data.pop(old)
            out.append(model(**data, url=entity_url(kind, item.slug)))
        return out

    return convert


def _milestones_out(session: Session, items: list) -> list[BaseModel]:
    return [
        schemas.MilestoneOut(
            **fields(v.milestone, exclude=frozenset({"source_slug"})),
            source=v.milestone.source_slug,
            **{
                k: [e.slug for e in getattr(v, k)]
                for k in ("counties", "villages", "projects", "organisations", "programmes")
            },
        )
        for v in milestone_views(session, items)
    ]


def _people_out(session: Session, items: list) -> list[BaseModel]:
    slugs = [p.slug for p in items]
    places, quotes = people.places(session, slugs), people.quotes(session, slugs)
    return [
        schemas.PersonOut(
            **fields(p, exclude=frozenset({"organisation_slug", "summary_zh", "summary_en"})),
            organisation=p.organisation_slug,
            villages=[v.slug for v in places[p.slug]["villages"]],
            counties=[c.slug for c in places[p.slug]["counties"]],
            quotes=[
                schemas.QuoteOut(source=q.source_slug, text_zh=q.text_zh, text_en=q.text_en, reported=q.reported)
                for q in quotes[p.slug]
            ],
            url=entity_url("person", p.slug),
        )
        for p in items
    ]


def _figures_of(link: str):
    return lambda session, slug, limit: figures.for_link(session, link, slug, limit)


_REGISTRY = (
    Entity("figure", figures.SPEC, schemas.FigureOut, _figures_out, FIGURE_CSV_COLUMNS, figure_csv_row),
    Entity(
        "county",
        counties.SPEC,
        schemas.CountyOut,
        _counties_out,
        (
            "slug",
            "name_zh",
            "name_en",
            "province",
            "kind",
            "prefecture_zh",
            "prefecture_en",
            "programmes",
            "lat",
            "lon",
            "coords_approximate",
        ),
        get=counties.get,
        detail_figures=figures.for_county,
        figures_filter="county",
    ),
    Entity(
        "village",
        villages.SPEC,
        schemas.VillageOut,
        _villages_out,
        (
            "slug",
            "name_zh",
            "name_en",
            "province",
            "county",
            "prefecture_zh",
            "prefecture_en",
            "township_zh",
            "township_en",
            "programmes",
            "lat",
            "lon",
            "coords_approximate",
        ),
        get=villages.get,
        detail_figures=_figures_of("villages"),
    ),
    Entity(
        "project",
        projects.SPEC,
        schemas.ProjectOut,
        _simple(schemas.ProjectOut, "project"),
        ("slug", "name_zh", "name_en", "year_start", "summary_zh", "summary_en"),
        get=projects.get,
        detail_figures=_figures_of("projects"),
    ),
    Entity(
        "organisation",
        organisations.SPEC,
        schemas.OrganisationOut,
        _simple(schemas.OrganisationOut, "organisation", province="province_slug", parent="parent_slug"),
        ("slug", "name_zh", "name_en", "kind", "province", "parent"),
        get=organisations.get,
        detail_figures=_figures_of("organisations"),
    ),
    Entity(
        "person",
        people.SPEC,
        schemas.PersonOut,
        _people_out,
        (
            "slug",
            "name_zh",
            "name_en",
            "kind",
            "role_zh",
            "role_en",
            "organisation",
            "villages",
            "counties",
            "quotes_zh",
            "quotes_en",
            "quotes_reported",
        ),
        person_csv_row,
        get=people.get,
    ),
    Entity(
        "programme",
        programmes.SPEC,
        schemas.ProgrammeOut,
        _simple(schemas.ProgrammeOut, "programme"),
        ("slug", "name_zh", "name_en", "facet"),
        get=programmes.get,
        detail_figures=_figures_of("programmes"),
        figures_filter="programme",
    ),
    Entity(
        "province",
        provinces.SPEC,
        schemas.ProvinceOut,
        _simple(schemas.ProvinceOut, "province"),
        ("slug", "name_zh", "name_en", "lat", "lon", "coords_approximate"),
        get=provinces.get,
        detail_figures=figures.for_province,
        figures_filter="province",
    ),
    Entity(
        "source",
        sources.SPEC,
        schemas.SourceOut,
        _simple(schemas.SourceOut, "source"),
        ("slug", "title_zh", "title_en", "outlet_zh", "outlet_en", "author_zh", "author_en", "published"),
        get=sources.get,
    ),
    Entity(
        "milestone",
        milestones.SPEC,
        schemas.MilestoneOut,
        _milestones_out,
        (
            "id",
            "date",
            "year",
            "title_zh",
            "title_en",
            "source",
            "excerpt",
            "counties",
            "villages",
            "projects",
            "organisations",
            "programmes",
        ),
    ),
)
# By list name, in the order the API documents them.
ENTITIES: dict[str, Entity] = {entity.name: entity for entity in _REGISTRY}
