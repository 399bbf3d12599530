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
    FigureOrganisation,
    FigurePart,
    FigureProgramme,
    FigureProject,
    FigureProvince,
    FigureRegion,
    FigureVillage,
    Milestone,
    Village,
)
from app.queries import relations as rel
from app.queries.cache import once_per_engine
from app.queries.filters import Filters
from app.queries.listing import ListSpec, where_clauses

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


def in_provinces(provinces: tuple[str, ...]):
    """A figure concerns a province when it is tied to it, or to a county or village in it
    (precomputed in FigureRegion when the database is built).

    EXISTS, so that a page in id order stops after its rows; counting uses ``in_provinces_list``."""
    return exists().where(FigureRegion.figure_id == Figure.id, FigureRegion.province_slug.in_(provinces))


def in_provinces_list(provinces: tuple[str, ...]):
    """The same filter as an IN list: the faster shape when every match must be counted."""
    return Figure.id.in_(select(FigureRegion.figure_id).where(FigureRegion.province_slug.in_(provinces)))


def count_by_province_only(filters: Filters):
    """With no filter but the province, the count comes from FigureRegion's index alone."""
    others = (
        filters.programme,
        filters.county,
        filters.group,
        filters.year,
        filters.source,
        filters.q,
        filters.scope,
        filters.qualifier,
    )
    if not filters.province or any(others):
        return None
    return select(func.count(FigureRegion.figure_id.distinct())).where(FigureRegion.province_slug.in_(filters.province))


def in_year(year: int):
    return (Figure.year_from <= year) & (func.coalesce(Figure.year_to, Figure.year_from) >= year)


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
        "programme": lambda f: (
            Figure.id.in_(select(FigureProgramme.figure_id).where(FigureProgramme.programme_slug.in_(f.programme)))
            if f.programme
            else None
        ),
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
    count_clauses={"province": lambda f: in_provinces_list(f.province) if f.province else None},
    fast_count=count_by_province_only,
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


def largest(session: Session, filters: Filters, *conditions, limit: int) -> tuple[list[Figure], int]:
    """The ``limit`` largest figures matching the filters and conditions, and how many match in all
    (charts plot at most so many bars, largest first, and say how many they leave out)."""
    clauses = [*where_clauses(SPEC, filters), *conditions]
    rows = session.exec(select(Figure).where(*clauses).order_by(Figure.value.desc(), Figure.id).limit(limit)).all()
    if len(rows) < limit:
        return list(rows), len(rows)
    counting = [*where_clauses(SPEC, filters, for_count=True), *conditions]
    return list(rows), session.exec(select(func.count()).select_from(Figure).where(*counting)).one()


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
