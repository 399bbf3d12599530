"""The overview: headline figures, the "4+2" counties at a glance, and counts of everything."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import (
    MONEY_KINDS,
    REACH_KINDS,
    County,
    CountyProgramme,
    DataChange,
    Figure,
    FigureCounty,
    Milestone,
    Organisation,
    Person,
    Project,
    Village,
)
from app.queries import figures as figure_queries
from app.queries.cache import once_per_engine
from app.queries.filters import Filters
from app.queries.listing import COUNT_CAP, count_matching, where_clauses
from app.queries.relations import filtered

# Money for the work as a whole or several counties together: what the overview leads with.
HEADLINE_SCOPES = ("group", "4+2-counties", "designated-counties", "three-regions-provinces")
MATCHING_LIMIT = 24
SECTION_LIMIT = 16  # figures per overview section; the explorer has the rest


@dataclass
class FourPlusTwoCounty:
    county: County
    role: str  # designated | paired
    figure_count: int


@dataclass
class Overview:
    headline: list[Figure]
    headline_total: int
    reach: list[Figure]
    reach_total: int
    four_plus_two: list[FourPlusTwoCounty]
    matching: list[Figure]
    counts: dict[str, int]


@once_per_engine
def counts(session: Session) -> dict[str, int]:
    """How many of each there are (the overview's and the about page's numbers)."""

    def count(model) -> int:
        return session.exec(select(func.count()).select_from(model)).one()

    return {
        "figures": count(Figure),
        "counties": count(County),
        "villages": count(Village),
        "projects": count(Project),
        "organisations": count(Organisation),
        "milestones": count(Milestone),
        "people": count(Person),
    }


def four_plus_two(session: Session) -> list[FourPlusTwoCounty]:
    figure_count = (
        select(func.count()).where(FigureCounty.county_slug == County.slug).correlate(County).scalar_subquery()
    )
    statement = (
        select(County, CountyProgramme.programme_slug, figure_count)
        .join(CountyProgramme, CountyProgramme.county_slug == County.slug)
        .where(CountyProgramme.programme_slug.in_(("designated", "paired")))
        .order_by(CountyProgramme.programme_slug, County.slug)
    )
    return [FourPlusTwoCounty(c, role, n) for c, role, n in session.exec(statement).all()]


def build(session: Session, filters: Filters) -> Overview:
    conditions = where_clauses(figure_queries.SPEC, filters, session)
    headline_clause = Figure.scope.in_(HEADLINE_SCOPES) & Figure.kind.in_(MONEY_KINDS)
    reach_clause = Figure.kind.in_(REACH_KINDS)

    def section(clause) -> tuple[list[Figure], int]:
        statement = filtered(select(Figure).where(clause), conditions)
        rows = session.exec(statement.order_by(Figure.id).limit(SECTION_LIMIT)).all()
        if len(rows) < SECTION_LIMIT:
            return list(rows), len(rows)
        # Counting every match can take long at national scale; past COUNT_CAP the page says "more than".
        found, capped = count_matching(session, figure_queries.SPEC, [clause, *conditions], COUNT_CAP)
        return list(rows), found + capped

    headline, headline_total = section(headline_clause)
    reach, reach_total = section(reach_clause)
    matching = []
    if filters.active:
        matching = session.exec(
            filtered(select(Figure).where(~headline_clause, ~reach_clause), conditions)
            .order_by(Figure.id)
            .limit(MATCHING_LIMIT)
        ).all()
    return Overview(
        headline=headline,
        headline_total=headline_total,
        reach=reach,
        reach_total=reach_total,
        four_plus_two=four_plus_two(session),
        matching=list(matching),
        counts=counts(session),
    )


def data_changes(session: Session) -> list[DataChange]:
    """The data's changelog, newest first."""
    return list(session.exec(select(DataChange).order_by(DataChange.version.desc(), DataChange.id.desc())).all())
