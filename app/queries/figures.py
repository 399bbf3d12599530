"""Figures: the explorer's filters, the links of each figure, and figures for a detail page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import exists, func
from sqlmodel import Session, select

from app.i18n import current_language
from app.models import (
    Figure,
    FigureCounty,
    FigureFacet,
    FigureOrganisation,
    FigurePart,
    FigureProgramme,
    FigureProject,
    FigureProvince,
    FigureRegion,
    FigureVillage,
    FigureYear,
    Milestone,
    Village,
)
from app.queries import relations as rel
from app.queries.cache import once_per_engine
from app.queries.filters import Filters
from app.queries.listing import COUNT_CAP, Lead, LeadJoin, ListSpec, Plan, count_rows, plan, where_clauses

LINK_TABLES = {
    "provinces": (FigureProvince, "province_slug"),
    "counties": (FigureCounty, "county_slug"),
    "villages": (FigureVillage, "village_slug"),
    "projects": (FigureProject, "project_slug"),
    "organisations": (FigureOrganisation, "organisation_slug"),
    "programmes": (FigureProgramme, "programme_slug"),
    # every province the figure concerns, derived at build time (models.FigureRegion)
    "regions": (FigureRegion, "province_slug"),
}


# Each link filter in two shapes (listing.where_clauses picks): EXISTS, tested row by row, so that
# a broad selection read in its sort's index order stops after its page; and IN, a list read from
# the filter's own index, the fast shape for a narrow selection.
def _link(table, column, values, narrow: bool):
    if narrow:
        return Figure.id.in_(select(table.figure_id).where(column.in_(values)))
    return exists().where(table.figure_id == Figure.id, column.in_(values))


def in_provinces(provinces: tuple[str, ...], narrow: bool = False):
    """A figure concerns a province when it is tied to it, or to a county or village in it
    (precomputed in FigureRegion when the database is built)."""
    return _link(FigureRegion, FigureRegion.province_slug, provinces, narrow)


def in_programmes(programmes: tuple[str, ...], narrow: bool = False):
    return _link(FigureProgramme, FigureProgramme.programme_slug, programmes, narrow)


def in_year(year: int, narrow: bool = False):
    """The years a figure covers are precomputed in FigureYear (2018/2020 covers 2019)."""
    return _link(FigureYear, FigureYear.year, (year,), narrow)


# Filters that a precomputed facet count answers: (filter, how its value reads in FigureFacet).
FACETS = {
    "province": lambda f: f.province,
    "programme": lambda f: f.programme,
    "year": lambda f: (str(f.year),) if f.year else (),
    "scope": lambda f: f.scope,
    "qualifier": lambda f: f.qualifier,
    "source": lambda f: f.source,
}


@once_per_engine
def facet_counts(session: Session) -> dict[tuple[str, str], int]:
    return {(f.facet, f.value): f.figures for f in session.exec(select(FigureFacet)).all()}


def _facets_used(filters: Filters) -> list[tuple[str, tuple[str, ...]]]:
    return [(name, values) for name, read in FACETS.items() if (values := read(filters))]


def precounted(session: Session, filters: Filters) -> int | None:
    """The exact count of a selection by one value of one facet alone (or of everything),
    precomputed at build time; None for any other selection."""
    if filters.county or filters.group or filters.q:
        return None
    used = _facets_used(filters)
    counts = facet_counts(session)
    if not used:
        return counts.get(("all", ""))
    if len(used) == 1 and len(used[0][1]) == 1:
        name, (value,) = used[0]
        return counts.get((name, value), 0)
    return None


# The filters a figure list can be read from first: their link table, the column their value is in.
LEADS = {
    "province": (FigureRegion, FigureRegion.province_slug),
    "programme": (FigureProgramme, FigureProgramme.programme_slug),
    "year": (FigureYear, FigureYear.year),
}


def driver(session: Session, filters: Filters) -> Lead | None:
    """The filter that holds the fewest figures, when it can be read first (one value of a link
    table: each figure once), joined to the figure table; None when a column filter is narrower,
    so that its own index leads."""
    if filters.county or filters.group or filters.q:
        # A county, the 4+2 group and a search hold far fewer figures than any facet, and are
        # already lists read from their own index (an IN subquery): they lead.
        return None
    counts = facet_counts(session)
    sizes = {name: sum(counts.get((name, v), 0) for v in values) for name, values in _facets_used(filters)}
    if not sizes:
        return None
    narrowest = min(sizes, key=sizes.get)
    values = FACETS[narrowest](filters)
    if narrowest not in LEADS or len(values) != 1:
        return None
    table, column = LEADS[narrowest]
    value = filters.year if narrowest == "year" else values[0]
    return Lead(narrowest, LeadJoin(table, Figure, table.figure_id == Figure.id), column == value)


def _label_sort():
    return Figure.label_zh if current_language.get() == "zh" else func.lower(Figure.label_en)


SPEC = ListSpec(
    model=Figure,
    key=Figure.id,
    sort_columns={
        "id": lambda: Figure.id,
        "value": lambda: Figure.value,
        "label": _label_sort,
        "year": lambda: Figure.year_from,
        "source": lambda: Figure.source_slug,
    },
    default_sort="id",
    search_columns=(Figure.label_zh, Figure.label_en, Figure.text, Figure.excerpt),
    clauses={
        "province": lambda f: in_provinces(f.province) if f.province else None,
        "programme": lambda f: in_programmes(f.programme) if f.programme else None,
        "group": lambda f: (
            Figure.id.in_(
                select(FigureCounty.figure_id).where(FigureCounty.county_slug.in_(rel.four_plus_two_counties()))
            )
            if f.group
            else None
        ),
        "county": lambda f: in_county(f.county) if f.county else None,
        "year": lambda f: in_year(f.year) if f.year else None,
        "source": lambda f: Figure.source_slug.in_(f.source) if f.source else None,
        "scope": lambda f: Figure.scope.in_(f.scope) if f.scope else None,
        "qualifier": lambda f: Figure.qualifier.in_(f.qualifier) if f.qualifier else None,
    },
    fast_count=precounted,
    driver=driver,
)


@dataclass
class FigureLinks:
    provinces: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


def links(session: Session, figure_ids: list[int]) -> dict[int, FigureLinks]:
    """The links of many figures in one query per link table."""
    result: dict[int, FigureLinks] = defaultdict(FigureLinks)
    if not figure_ids:
        return result
    for attribute, (model, column_name) in LINK_TABLES.items():
        column = getattr(model, column_name)
        statement = select(model.figure_id, column).where(model.figure_id.in_(figure_ids)).order_by(column)
        for figure_id, slug in session.exec(statement).all():
            getattr(result[figure_id], attribute).append(slug)
    return result


def _run(session: Session, *conditions, limit: int | None = None) -> list[Figure]:
    """Figures matching any of the conditions, in id order; ``limit`` caps a detail page's list
    (it asks for one more row than it shows, so the page knows whether there are more)."""
    statement = select(Figure).where(rel.any_of(*conditions)).order_by(Figure.id)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement).all())


def in_county(slugs: tuple[str, ...]):
    """Figures tied to a county, or to a village in it."""
    return rel.any_of(
        Figure.id.in_(select(FigureCounty.figure_id).where(FigureCounty.county_slug.in_(slugs))),
        Figure.id.in_(
            select(FigureVillage.figure_id).where(
                FigureVillage.village_slug.in_(select(Village.slug).where(Village.county_slug.in_(slugs)))
            )
        ),
    )


def for_county(session: Session, slug: str, limit: int | None = None) -> list[Figure]:
    return _run(session, in_county((slug,)), limit=limit)


def for_link(session: Session, attribute: str, slug: str, limit: int | None = None) -> list[Figure]:
    model, column_name = LINK_TABLES[attribute]
    return _run(session, Figure.id.in_(select(model.figure_id).where(getattr(model, column_name) == slug)), limit=limit)


def for_province(session: Session, slug: str, limit: int | None = None) -> list[Figure]:
    return _run(session, in_provinces((slug,)), limit=limit)


def for_source(session: Session, slug: str, limit: int | None = None) -> list[Figure]:
    return _run(session, Figure.source_slug == slug, limit=limit)


def largest(
    session: Session, filters: Filters, *conditions, limit: int, narrow_conditions: bool = False
) -> tuple[list[Figure], int]:
    """The ``limit`` largest figures matching the filters and conditions, and how many match in all,
    counted up to COUNT_CAP (charts plot at most so many bars, largest first, and say how many
    they leave out)."""
    if narrow_conditions:
        # The chart's own conditions hold fewer figures than any filter (kinds of money at group
        # scope): every filter as a test, so that the database starts from those conditions' index.
        clauses = where_clauses(SPEC, filters, session.get_bind().dialect.name)
        chosen = Plan(Figure, clauses, Figure, clauses)
    else:
        chosen = plan(session, SPEC, filters)
    counted, capped = count_rows(session, SPEC, chosen.source, [*chosen.driving, *conditions], COUNT_CAP)
    if not counted:
        return [], 0
    source, clauses = chosen.for_rows(counted)
    rows = session.exec(
        select(Figure)
        .select_from(source)
        .where(*clauses, *conditions)
        .order_by(Figure.value.desc(), Figure.id)
        .limit(limit)
    ).all()
    return list(rows), counted + 1 if capped else counted  # past the cap: COUNT_CAP + 1, "more than"


@once_per_engine
def years(session: Session) -> list[int]:
    """Every year some figure or milestone covers, for the year filter."""
    found: set[int] = set()
    spans = select(Figure.year_from, Figure.year_to).where(Figure.year_from.is_not(None)).distinct()
    for start, end in session.exec(spans):
        found.update(range(start, (end or start) + 1))
    found.update(session.exec(select(Milestone.year).distinct()).all())
    return sorted(found)


def wholes_of(session: Session, figure_ids: list[int]) -> dict[int, int]:
    """For each of these figures that counts part of another's total, that other figure's id."""
    if not figure_ids:
        return {}
    rows = session.exec(select(FigurePart.part_id, FigurePart.whole_id).where(FigurePart.part_id.in_(figure_ids)))
    return dict(rows.all())


def get(session: Session, figure_id: int) -> Figure | None:
    return session.get(Figure, figure_id)


def count(session: Session) -> int:
    """How many figures the database holds (the health check's proof that it answers)."""
    return session.exec(select(func.count()).select_from(Figure)).one()
