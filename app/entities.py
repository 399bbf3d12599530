"""The registry of entities: for each list the app serves, its query spec (filters, sorts,
search), how its rows become JSON and CSV, its address, and how its detail is found.

Pages, the .csv/.json twins, the API and the OpenAPI schema all read this one table, so a list
cannot support a filter in one place and not another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session

from app import schemas
from app.exports import FIGURE_CSV_COLUMNS, person_csv_row, plain_number
from app.formatting import date_label, entity_kind, name, period_label
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
from app.queries.listing import ListSpec, rows_by_key
from app.queries.names import LazyTable, names
from app.urls import ENTITY_PATHS, entity_url

# CSV cells written as plain numbers: 500000000, not 500000000.0 (exports.plain_number).
PLAIN_NUMBERS = ("value", "value_min", "value_max")
# A CSV column of slugs → the column of names written beside it, in the reader's language, for
# people who open the file in a spreadsheet: (its header, the names table, the name's field).
READABLE_NAMES = {
    "province": ("province_name", "provinces", "name"),
    "county": ("county_name", "counties", "name"),
    "village": ("village_name", "villages", "name"),
    "programme": ("programme_name", "programmes", "name"),
    "organisation": ("organisation_name", "organisations", "name"),
    "parent": ("parent_name", "organisations", "name"),
    "provinces": ("province_names", "provinces", "name"),
    "counties": ("county_names", "counties", "name"),
    "villages": ("village_names", "villages", "name"),
    "programmes": ("programme_names", "programmes", "name"),
    "projects": ("project_names", "projects", "name"),
    "organisations": ("organisation_names", "organisations", "name"),
    "source": ("source_title", "sources", "title"),
}
# ISO periods and dates → a readable one beside them ("2019-05" → 2019年5月 / May 2019).
READABLE_DATES = {"period": ("period_label", period_label), "date": ("date_label", date_label)}


def _no_figures(_session: Session, _slug: str, _limit: int) -> list:
    return []


@dataclass(frozen=True)
class Entity:
    kind: str  # "county": its detail's name in messages and addresses
    spec: ListSpec
    schema: type[BaseModel]
    # The CSV's columns: the schema's fields but its address, unless given (a different order,
    # a link written singular, people's quotes in three cells).
    csv_columns: tuple[str, ...] = ()
    key: str = "slug"  # the row's column its address is made of
    # A field of the JSON or a CSV column → the row's column it is, where the names differ
    # (province ← province_slug).  A link (ListSpec.links) is a list in JSON, "a|b" in a cell.
    renames: dict[str, str] = field(default_factory=dict)
    # Items and CSV rows made another way (people: their places and quotes come from queries).
    own_items: Callable[[Session, list], list[dict[str, Any]]] | None = None
    own_csv_row: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    has_detail: bool = False  # a page and an API answer of its own, by slug
    detail_figures: Callable[[Session, str, int], list] = _no_figures  # (session, slug, limit)
    figures_filter: str | None = None  # the figure-list filter that holds all of an entity's figures

    def __post_init__(self) -> None:
        if not self.csv_columns:
            object.__setattr__(self, "csv_columns", tuple(f for f in self.schema.model_fields if f != "url"))

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

    def items(self, session: Session, rows: list) -> list[dict[str, Any]]:
        """Rows (listing.list_rows, linked) as the schema's JSON items, in its field order, each
        link's slugs as a list, with the address.  Plain dicts, not validated models: a download
        of a million rows spent most of its time so; tests/routes/test_exports.py checks every
        list's items against its schema."""
        if self.own_items is not None:
            return self.own_items(session, rows)
        if not rows:
            return []
        # Where each field is in the row, found once per batch rather than by name in every row
        # ("url" is first the key, then the address made of it).
        position = _positions(rows[0]._fields)
        taken = [
            (name, position[self.key if name == "url" else self.renames.get(name, name)])
            for name in self.schema.model_fields
        ]
        links = tuple(self.spec.links)
        items = []
        for row in rows:
            item = {name: row[i] for name, i in taken}
            for link in links:
                item[link] = item[link].split("|") if item[link] else []
            if "url" in item:
                item["url"] = entity_url(self.kind, item["url"])
            items.append(item)
        return items

    @property
    def has_page(self) -> bool:
        """Whether each row has a page of its own (every figure, and the entities with a detail)."""
        return self.has_detail or self.kind == "figure"

    @property
    def csv_header(self) -> tuple[str, ...]:
        """The CSV's columns: each data column, a readable one beside each slug or ISO date
        column (READABLE_NAMES, READABLE_DATES), and the row's address last where it has a page."""
        header: list[str] = []
        for column in self.csv_columns:
            header.append(column)
            readable = READABLE_NAMES.get(column) or READABLE_DATES.get(column)
            if readable:
                header.append(readable[0])
        return (*header, "url") if self.has_page else tuple(header)

    def csv_cells(self, session: Session, rows: list, site: str = "") -> list[list[Any]]:
        """Rows (linked) as CSV cells, straight from the row: links are already "a|b" there, a
        figure's value and its range plain numbers (500000000, not 500000000.0), names beside
        slugs in the reader's language, and the address after ``site`` ("https://…")."""
        if not rows:
            return []
        if self.own_csv_row is not None:
            made = [self.own_csv_row(item) for item in self.items(session, rows)]
            columns = tuple(made[0])
            rows = [tuple(cells.get(column) for column in columns) for cells in made]
        else:
            columns = rows[0]._fields
        plan = self._csv_plan(session, rows, _positions(columns), site)
        return [
            [cell if how is None or cell is None else how(cell) for at, how in plan for cell in (row[at],)]
            for row in rows
        ]

    def _csv_plan(
        self, session: Session, rows: list, position: dict[str, int], site: str
    ) -> list[tuple[int, Callable[[Any], Any] | None]]:
        """For each CSV cell in turn: where its value is in the row, and how it is written (None:
        as it is)."""
        plan: list[tuple[int, Callable[[Any], Any] | None]] = []
        table = names(session)
        for column in self.csv_columns:
            at = position[self.renames.get(column, column)]
            plan.append((at, plain_number if column in PLAIN_NUMBERS else None))
            if column in READABLE_NAMES:
                _header, attribute, field_name = READABLE_NAMES[column]
                lookup = getattr(table, attribute)
                if isinstance(lookup, LazyTable):  # villages, projects: this batch's names, in one query
                    lookup = lookup.names([slug for row in rows for slug in (row[at] or "").split("|") if slug])
                plan.append((at, _names_of(lookup, field_name)))
            elif column in READABLE_DATES:
                plan.append((at, READABLE_DATES[column][1]))
        if self.has_page:
            plan.append((position[self.key], lambda key: site + entity_url(self.kind, key)))
        return plan

    def items_by_key(self, session: Session, keys: list) -> list[dict[str, Any]]:
        """These rows' JSON items, in key order (a detail; a detail's figures)."""
        return self.items(session, rows_by_key(session, self.spec, keys))


def _names_of(table: Any, field_name: str) -> Callable[[str], str]:
    """A cell of slugs "a|b" → their names "A|B" (a slug with no row stays a slug).  Each cell is
    written once per batch: a download repeats the same provinces and programmes in every row
    (bench/RESULTS.md)."""
    written: dict[str, str] = {}

    def one(slug: str) -> str:
        row = table.get(slug)
        return name(row, field_name) if row is not None else slug

    def cell(slugs: str) -> str:
        if slugs not in written:
            written[slugs] = "|".join(one(slug) for slug in slugs.split("|") if slug)
        return written[slugs]

    return cell


def _positions(columns: tuple[str, ...]) -> dict[str, int]:
    """Where each column stands in a batch's rows (found once per batch, not by name in every row)."""
    return {column: i for i, column in enumerate(columns)}


def fields(row: Any, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A list's row (listing.list_rows) as its columns by name."""
    return {name: value for name, value in row._asdict().items() if name not in exclude}


def _people_items(session: Session, rows: list) -> list[dict[str, Any]]:
    slugs = [p.slug for p in rows]
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
        ).model_dump()
        for p in rows
    ]


def _figures_of(link: str):
    return lambda session, slug, limit: figures.for_link(session, link, slug, limit)


_REGISTRY = (
    Entity(
        "figure",
        figures.SPEC,
        schemas.FigureOut,
        FIGURE_CSV_COLUMNS,
        key="id",
        renames={
            "source": "source_slug",
            "province": "provinces",
            "county": "counties",
            "village": "villages",
            "programme": "programmes",
        },
    ),
    Entity(
        "county",
        counties.SPEC,
        schemas.CountyOut,
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
        renames={"province": "province_slug"},
        has_detail=True,
        detail_figures=figures.for_county,
        figures_filter="county",
    ),
    Entity(
        "village",
        villages.SPEC,
        schemas.VillageOut,
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
        renames={"province": "province_slug", "county": "county_slug"},
        has_detail=True,
        detail_figures=_figures_of("villages"),
    ),
    Entity(
        "project",
        projects.SPEC,
        schemas.ProjectOut,
        has_detail=True,
        detail_figures=_figures_of("projects"),
    ),
    Entity(
        "organisation",
        organisations.SPEC,
        schemas.OrganisationOut,
        renames={"province": "province_slug", "parent": "parent_slug"},
        has_detail=True,
        detail_figures=_figures_of("organisations"),
    ),
    Entity(
        "person",
        people.SPEC,
        schemas.PersonOut,
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
        own_items=_people_items,
        own_csv_row=person_csv_row,
        has_detail=True,
    ),
    Entity(
        "programme",
        programmes.SPEC,
        schemas.ProgrammeOut,
        has_detail=True,
        detail_figures=_figures_of("programmes"),
        figures_filter="programme",
    ),
    Entity(
        "province",
        provinces.SPEC,
        schemas.ProvinceOut,
        has_detail=True,
        detail_figures=figures.for_province,
        figures_filter="province",
    ),
    Entity(
        "source",
        sources.SPEC,
        schemas.SourceOut,
        has_detail=True,
    ),
    Entity(
        "milestone",
        milestones.SPEC,
        schemas.MilestoneOut,
        key="id",
        renames={"source": "source_slug"},
    ),
)
# By list name, in the order the API documents them.
ENTITIES: dict[str, Entity] = {entity.name: entity for entity in _REGISTRY}
