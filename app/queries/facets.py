"""Counts beside the figure filters' options, for the selection being read (Datasette's facets).

Each filter's options are counted among the figures the *other* filters select: an option says
how many figures choosing it would show, options that would show none are not offered, and the
chosen one can be swapped for another without clearing it first.  With no filter chosen the
counts come from the build (models.FigureFacet).  Counting a selection reads it once per filter:
quick for the reports' figures, seconds a page for a million (bench/RESULTS.md), so a database
larger than ``max_figures`` shows counts with no filter chosen only, and offers every option
otherwise.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import distinct, func, select
from sqlmodel import Session

from app.models import Figure, FigureProgramme, FigureRegion, FigureYear
from app.queries.figures import SPEC, facet_counts
from app.queries.filters import Filters
from app.queries.listing import where_clauses
from app.queries.relations import filtered

# facet → (the value counted, the link table's figure column it is read through, if any)
COUNTED = {
    "province": (FigureRegion.province_slug, FigureRegion.figure_id),
    "programme": (FigureProgramme.programme_slug, FigureProgramme.figure_id),
    "year": (FigureYear.year, FigureYear.figure_id),
    "source": (Figure.source_slug, None),
    "scope": (Figure.scope, None),
    "qualifier": (Figure.qualifier, None),
    "kind": (Figure.kind, None),
    "unit": (Figure.unit, None),
}
NOTHING_CHOSEN = Filters()


def small_enough(session: Session, max_figures: int) -> bool:
    """Whether the database is small enough to count a selection's options on every page."""
    return facet_counts(session).get(("all", ""), 0) <= max_figures


def option_counts(session: Session, filters: Filters, max_figures: int) -> dict[tuple[str, str], int] | None:
    """(facet, value) → figures, each facet counted without its own filter; None where the
    database is too large to count a selection's options on every page."""
    if not filters.active:
        return facet_counts(session)
    if not small_enough(session, max_figures):
        return None
    counts: dict[tuple[str, str], int] = {}
    for facet, (value, link) in COUNTED.items():
        unchosen: dict[str, Any] = {facet: getattr(NOTHING_CHOSEN, facet)}
        others = replace(filters, **unchosen)
        statement = select(value, func.count(distinct(Figure.id))).select_from(Figure)
        if link is not None:
            statement = statement.join(link.table, link == Figure.id)
        statement = filtered(statement, where_clauses(SPEC, others, session)).group_by(value)
        counts.update(((facet, str(found)), n) for found, n in session.exec(statement) if found is not None)
    return counts
