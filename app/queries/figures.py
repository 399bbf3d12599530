"""Figures: the explorer's filters, the links of each figure, and figures for a detail page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, Numeric, case, cast, func
from sqlmodel import Session, select

from app.models import (
    Figure,
    FigureArea,
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
)
from app.queries import relations as rel
from app.queries.cache import once_per_engine
from app.queries.filters import Filters
from app.queries.listing import COUNT_CAP, ByLanguage, ListSpec, WithinGroups, count_matching, where_clauses

LINK_TABLES: dict[str, tuple[Any, str]] = {
    "provinces": (FigureProvince, "province_slug"),
    "counties": (FigureCounty, "county_slug"),
    "villages": (FigureVillage, "village_slug"),
    "projects": (FigureProject, "project_slug"),
    "organisations": (FigureOrganisation, "organisation_slug"),
    "programmes": (FigureProgramme, "programme_slug"),
}


def _link(table, column, values):
    return rel.Linked(Figure.id, table.figure_id, column, values)


def in_provinces(provinces: tuple[str, ...]):
    """A figure concerns a province when it is tied to it, or to a county or village in it
    (precomputed in FigureRegion when the database is built)."""
    return _link(FigureRegion, FigureRegion.province_slug, provinces)


def in_programmes(programmes: tuple[str, ...]):
    return _link(FigureProgramme, FigureProgramme.programme_slug, programmes)


def in_year(year: int):
    """The years a figure covers are precomputed in FigureYear (2018/2020 covers 2019)."""
    return _link(FigureYear, FigureYear.year, (year,))


def in_county(slugs: tuple[str, ...]):
    """Figures tied to a county, or to a village in it (precomputed in FigureArea)."""
    return _link(FigureArea, FigureArea.county_slug, slugs)


# Filters that a precomputed facet count answers: (filter, how its value reads in FigureFacet).
FACETS = {
    "province": lambda f: f.province,
    "county": lambda f: f.county,
    "programme": lambda f: f.programme,
    "year": lambda f: (str(f.year),) if f.year else (),
    "scope": lambda f: f.scope,
    "qualifier": lambda f: f.qualifier,
    "source": lambda f: f.source,
    "kind": lambda f: f.kind,
    "unit": lambda f: f.unit,
}


@once_per_engine
def facet_counts(session: Session) -> dict[tuple[str, str], int]:
    return {(f.facet, f.value): f.figures for f in session.exec(select(FigureFacet)).all()}


def precounted(session: Session, filters: Filters) -> int | None:
    """The exact count of everything, or of one value of one filter alone, precomputed at build
    time (models.FigureFacet); None for any other selection."""
    if filters.group or filters.q:
        return None
    used = [(name, values) for name, read in FACETS.items() if (values := read(filters))]
    counts = facet_counts(session)
    if not used:
        return counts.get(("all", ""))
    if len(used) == 1 and len(used[0][1]) == 1:
        name, (value,) = used[0]
        return counts.get((name, value), 0)
    return None


# 约 (about) read as within this fraction either way: our convention, not the reports' (README).
ABOUT_TOLERANCE = 0.1


# The range a figure's value stands for, from its qualifier: 超/余 (over) a lower bound, 近
# (nearly) an upper bound, 约 (about) ABOUT_TOLERANCE either way, an exact figure itself.
def _scaled(factor: float):
    """The value times ``factor``, rounded to millionths: 6.7 × 1.1 is 7.37, not 7.370000000000001."""
    return cast(func.round(cast(Figure.value * factor, Numeric), 6), Float)


VALUE_RANGE = {
    "value_min": case(
        (Figure.qualifier.in_(("exact", "over")), Figure.value),
        (Figure.qualifier == "about", _scaled(1 - ABOUT_TOLERANCE)),
        else_=None,
    ),
    "value_max": case(
        (Figure.qualifier.in_(("exact", "nearly")), Figure.value),
        (Figure.qualifier == "about", _scaled(1 + ABOUT_TOLERANCE)),
        else_=None,
    ),
}

SPEC = ListSpec(
    found_by_linked_places=True,
    model=Figure,
    key=Figure.id,
    sort_columns={
        "id": Figure.id,
        "value": WithinGroups(group=Figure.unit, column=Figure.value),
        "label": ByLanguage(zh=Figure.label_zh, en=func.lower(Figure.label_en)),
        "year": Figure.year_from,
        "source": Figure.source_slug,
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
        "kind": lambda f: Figure.kind.in_(f.kind) if f.kind else None,
        "unit": lambda f: Figure.unit.in_(f.unit) if f.unit else None,
    },
    fast_count=precounted,
    # "provinces" in an export: every province the figure concerns, tied directly or through one of
    # its counties or villages (FigureRegion), so that the province filter and the column agree.
    links={
        "provinces": (FigureRegion.figure_id, FigureRegion.province_slug),
        **{
            name: (model.figure_id, getattr(model, column))
            for name, (model, column) in LINK_TABLES.items()
            if name != "provinces"
        },
    },
    computed=VALUE_RANGE,
)


@dataclass
class FigureLinks:
    provinces: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)


def links(session: Session, figure_ids: list[int]) -> dict[int, FigureLinks]:
    """The links of many figures, in one query."""
    result: dict[int, FigureLinks] = defaultdict(FigureLinks)
    for attribute, figure_id, slug in rel.links_of(session, LINK_TABLES, "figure_id", figure_ids):
        getattr(result[figure_id], attribute).append(slug)
    return result


def _run(session: Session, *conditions, limit: int | None = None) -> list[Figure]:
    """Figures matching any of the conditions, in id order; ``limit`` caps a detail page's list
    (it asks for one more row than it shows, so the page knows whether there are more)."""
    statement = rel.filtered(rel.rows_of(Figure).select_from(Figure), [rel.any_of(*conditions)]).order_by(Figure.id)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement).all())


def for_county(session: Session, slug: str, limit: int | None = None) -> list[Figure]:
    return _run(session, in_county((slug,)), limit=limit)


def for_link(session: Session, attribute: str, slug: str, limit: int | None = None) -> list[Figure]:
    model, column_name = LINK_TABLES[attribute]
    return _run(session, Figure.id.in_(select(model.figure_id).where(getattr(model, column_name) == slug)), limit=limit)


def for_province(session: Session, slug: str, limit: int | None = None) -> list[Figure]:
    return _run(session, in_provinces((slug,)), limit=limit)


def of_scope(session: Session, scope: str, unit: str) -> list[Figure]:
    """Figures stated for one scope as a whole ("4+2-counties": the six together), in one unit."""
    return list(session.exec(select(Figure).where(Figure.scope == scope, Figure.unit == unit).order_by(Figure.id)))


def for_source(session: Session, slug: str, limit: int | None = None) -> list[Figure]:
    return _run(session, Figure.source_slug == slug, limit=limit)


def largest(session: Session, filters: Filters, *conditions, limit: int) -> tuple[list[Figure], int]:
    """The ``limit`` largest figures matching the filters and conditions, and how many match in all,
    counted up to COUNT_CAP (charts plot at most so many bars, largest first, and say how many
    they leave out: past the cap, COUNT_CAP + 1 stands for "more than")."""
    clauses = [*where_clauses(SPEC, filters, session), *conditions]
    total, capped = count_matching(session, SPEC, clauses, COUNT_CAP)
    if not total:
        return [], 0
    statement = rel.filtered(select(Figure), clauses).order_by(Figure.value.desc(), Figure.id).limit(limit)
    return list(session.exec(statement).all()), total + 1 if capped else total


@once_per_engine
def spans(session: Session) -> list[tuple[int, int]]:
    """Every (first year, last year) some figure covers, read once per process."""
    distinct = select(Figure.year_from, Figure.year_to).where(Figure.year_from.is_not(None)).distinct()
    return [(start, end or start) for start, end in session.exec(distinct)]


@once_per_engine
def years(session: Session) -> list[int]:
    """Every year some figure or milestone covers, for the year filter."""
    found: set[int] = set()
    for start, end in spans(session):
        found.update(range(start, end + 1))
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
