"""Which filter options give a chart something to plot: a chart page offers only those (the
"4+2" chart has no county in Anhui, so it does not offer Anhui).

An option is offered when the chart it gives, chosen alone, differs from the chart of a choice
that matches nothing (a chart may plot something whatever is chosen: the six counties' joint
total, the reports' own dates).  Found by building the chart once per option, quick on the
reports' data, once per process and chart (the data only changes with a build, and finding them
on every page made a chart page several times slower: bench/RESULTS.md); in a database of more
than ``max_figures`` figures every option is offered.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlmodel import Session

from app.charts import CHARTS
from app.charts.base import ChartDef
from app.queries.cache import once_per_engine
from app.queries.facets import small_enough
from app.queries.figures import years
from app.queries.filters import Filters, vocabulary

# A choice of each filter that matches nothing, to build "the chart of nothing" from.
NOTHING = {"province": ("-",), "programme": ("-",), "year": -1, "source": ("-",)}


def _candidates(session: Session) -> dict[str, list]:
    known = vocabulary(session)
    return {
        "province": [(slug,) for slug in sorted(known.provinces)],
        "programme": [(slug,) for slug in sorted(known.programmes)],
        "year": list(years(session)),
        "source": [(slug,) for slug in sorted(known.sources)],
    }


def _alone(name: str, value: Any) -> Filters:
    """The filters with one of them chosen."""
    choice: dict[str, Any] = {name: value}
    return Filters(**choice)


def _options(session: Session, definition: ChartDef) -> dict[tuple[str, str], int]:
    offered = {}
    for name, values in _candidates(session).items():
        if name not in definition.filters:
            continue
        nothing = definition.build(session, _alone(name, NOTHING[name])).rows
        for value in values:
            if definition.build(session, _alone(name, value)).rows != nothing:
                offered[(name, str(value[0] if isinstance(value, tuple) else value))] = 1
    return offered


# Each chart's options, found once per process (per engine) on its first page.
_KEPT = {chart_id: once_per_engine(functools.partial(_options, definition=chart)) for chart_id, chart in CHARTS.items()}


def offered(session: Session, definition: ChartDef, max_figures: int) -> dict[tuple[str, str], int] | None:
    """(filter, value) → 1 for each option that gives the chart something to plot; None (offer
    every option) in a database too large to try each."""
    if not small_enough(session, max_figures):
        return None
    return _KEPT[definition.id](session)
