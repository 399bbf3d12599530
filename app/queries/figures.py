"""Figures: the explorer's filters, the links of each figure, and figures for a detail page."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, func
from sqlmodel import Session, select

from app.i18n import current_language
from app.models import (
    FacetCombination,
    Figure,
    FigureArea,
    FigureCombination,
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
from app.queries.listing import (
    COUNT_CAP,
    COUNTS,
    Lead,
    LeadJoin,
    ListSpec,
    Plan,
    count_rows,
    plan,
    ranked,
    search_count,
    search_test,
    where_clauses,
)

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


def _link(table, column, values, narrow: bool):
    """A link filter of figures, listed when ``narrow``, else probed (relations.linked)."""
    return rel.linked(Figure.id, table.figure_id, column, values, listed=narrow)


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
    "county": lambda f: f.county,
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


@dataclass(frozen=True)
class Combination:
    """Two of the province, programme and year filters, as the build combined them
    (models.FacetCombination): ``id`` None when no figure has the combination."""

    covers: tuple[str, ...]
    id: int | None
    figures: int


@once_per_engine
def combinations(session: Session) -> dict[tuple[str | None, str | None, int | None], tuple[int, int]]:
    """(province, programme, year), one of them None → (combination id, figures), read once:
    some 500 rows at national scale."""
    rows = session.exec(select(FacetCombination)).all()
    return {(c.province_slug, c.programme_slug, c.year): (c.id, c.figures) for c in rows}


def combination(session: Session, filters: Filters) -> Combination | None:
    """The narrowest pair of the province, programme and year filters that are given one value
    each (the build combines pairs: a third filter is tested on the pair's few rows)."""
    single = {
        "province": filters.province[0] if len(filters.province) == 1 else None,
        "programme": filters.programme[0] if len(filters.programme) == 1 else None,
        "year": filters.year,
    }
    given = [name for name, value in single.items() if value is not None]
    found = []
    for pair in itertools.combinations(given, 2):
        key = tuple(single[name] if name in pair else None for name in single)
        id_and_count = combinations(session).get(key)
        if id_and_count is None:
            return Combination(pair, None, 0)  # no figure has the pair: the selection is empty
        found.append(Combination(pair, *id_and_count))
    return min(found, key=lambda c: c.figures, default=None)


def precounted(session: Session, filters: Filters) -> int | None:
    """The exact count of a selection by one value of one facet alone, by a combination alone, or
    of everything, precomputed at build time; None for any other selection."""
    if filters.group or filters.q:
        return None
    used = _facets_used(filters)
    combined = combination(session, filters)
    if combined is not None:
        if combined.id is None:
            return 0  # no figure has the combination: no other filter can add one
        return combined.figures if all(name in combined.covers for name, _values in used) else None
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
    "county": (FigureArea, FigureArea.county_slug),
    "programme": (FigureProgramme, FigureProgramme.programme_slug),
    "year": (FigureYear, FigureYear.year),
}


def _riding(table, filters: Filters) -> tuple[str, ...]:
    """The column filters whose values the lead's link table copies (FigureRegion: the figure's
    scope and qualifier), so that they are part of its index range rather than a test of every
    figure read."""
    return tuple(name for name in ("scope", "qualifier") if FACETS[name](filters) and hasattr(table, name))


def driver(session: Session, filters: Filters) -> Lead | None:
    """How to read a figure list: from the filter that holds the fewest figures, when it can be
    read first (one value of a link table, or a combination: each figure once), joined to the
    figure table; else from a column filter's own index.  A combination stands for the filters it
    covers either way (one probe of its index instead of one per filter), and a year bounds the
    years the figures can begin in (an index range on year_from)."""
    if filters.group:
        return None  # the six counties' figures are a short list read from its own index
    counts = facet_counts(session)
    sizes = {name: sum(counts.get((name, v), 0) for v in values) for name, values in _facets_used(filters)}
    covers, tests, hints = (), [], ()
    combined = combination(session, filters)
    if combined is not None:
        covers = combined.covers
        sizes = {name: size for name, size in sizes.items() if name not in covers}
        sizes["combination"] = combined.figures
        combination_test = exists().where(
            FigureCombination.figure_id == Figure.id, FigureCombination.combination_id == combined.id
        )
    if filters.year and filters.sort == "year":
        # A figure covering the year began at most the longest span before it: sorted by year,
        # the scan starts where the matches are, not at the earliest figure.  (Under any other
        # sort, or when the lead's index is read, the range would only lure the database away.)
        hints = (Figure.year_from.between(filters.year - longest_span(session), filters.year),)
    if filters.q:
        sizes["q"] = search_matches(session, filters.q, min(sizes.values(), default=COUNT_CAP))
    whole = ranked(filters)  # exact-first: every match is sorted
    if not sizes:
        return None
    narrowest = min(sizes, key=sizes.get)
    if filters.q and narrowest != "q":
        # A search wider than the filter read first is tested on that filter's rows, not built
        # into a list of every match first.
        covers = (*covers, "q")
        tests.append(search_test(SPEC, filters.q))
    if narrowest == "combination":
        source = LeadJoin(FigureCombination, Figure, FigureCombination.figure_id == Figure.id)
        condition = FigureCombination.combination_id == combined.id
        key = FigureCombination.figure_id
        return Lead(covers, source, condition, combination_test, tuple(tests), whole, key, in_order=True, hints=hints)
    if combined is not None:
        tests.append(combination_test)
    values = FACETS.get(narrowest, lambda _f: ())(filters)
    if narrowest in LEADS and len(values) == 1:
        table, column = LEADS[narrowest]
        value = filters.year if narrowest == "year" else values[0]
        source = LeadJoin(table, Figure, table.figure_id == Figure.id)
        led = (narrowest, *_riding(table, filters))
        condition = and_(column == value, *(getattr(table, name).in_(FACETS[name](filters)) for name in led[1:]))
        own_test = and_(*(SPEC.clauses[name](filters) for name in led))
        # Each lead table's index is (value, [one riding value,] figure): in id order when every
        # column of the range has one value.
        in_order = all(len(FACETS[name](filters)) == 1 for name in led[1:])
        lead_key = table.figure_id
        return Lead((*covers, *led), source, condition, own_test, tuple(tests), whole, lead_key, in_order, hints)
    return Lead(covers, tests=tuple(tests), whole=whole, hints=hints) if tests or whole or hints else None


def search_matches(session: Session, q: str, cap: int) -> int:
    """How many figures a search matches, counted up to ``cap`` + 1 (enough to tell whether it or
    a filter is narrower), kept per process."""
    key = ("figure search", q, cap)
    found = COUNTS.get(session, key)
    if found is None:
        found = search_count(session, SPEC, q, cap)
        COUNTS.put(session, key, found)
    return found


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
    table_rows=lambda session: facet_counts(session).get(("all", "")),
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
    """The links of many figures, in one query."""
    result: dict[int, FigureLinks] = defaultdict(FigureLinks)
    for attribute, figure_id, slug in rel.links_of(session, LINK_TABLES, "figure_id", figure_ids):
        getattr(result[figure_id], attribute).append(slug)
    return result


def _run(session: Session, *conditions, limit: int | None = None) -> list[Figure]:
    """Figures matching any of the conditions, in id order; ``limit`` caps a detail page's list
    (it asks for one more row than it shows, so the page knows whether there are more)."""
    statement = rel.rows_of(Figure).where(rel.any_of(*conditions)).order_by(Figure.id)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement).all())


def in_county(slugs: tuple[str, ...], narrow: bool = False):
    """Figures tied to a county, or to a village in it (precomputed in FigureArea)."""
    return _link(FigureArea, FigureArea.county_slug, slugs, narrow)


def for_county(session: Session, slug: str, limit: int | None = None) -> list[Figure]:
    # A county holds a thousandth of the figures: read its own list, not every figure in id order.
    return _run(session, in_county((slug,), narrow=True), limit=limit)


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
    counted, capped = count_rows(session, SPEC, chosen.counting(*conditions), COUNT_CAP)
    if not counted:
        return [], 0
    reading = chosen.for_rows(counted)
    rows = session.exec(
        select(Figure)
        .select_from(reading.source)
        .where(*reading.clauses, *conditions)
        .order_by(Figure.value.desc(), Figure.id)
        .limit(limit)
    ).all()
    return list(rows), counted + 1 if capped else counted  # past the cap: COUNT_CAP + 1, "more than"


@once_per_engine
def spans(session: Session) -> list[tuple[int, int]]:
    """Every (first year, last year) some figure covers, read once per process."""
    distinct = select(Figure.year_from, Figure.year_to).where(Figure.year_from.is_not(None)).distinct()
    return [(start, end or start) for start, end in session.exec(distinct)]


@once_per_engine
def longest_span(session: Session) -> int:
    """The most years after its first that any figure covers (2018/2020: 2)."""
    return max((end - start for start, end in spans(session)), default=0)


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
