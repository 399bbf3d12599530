"""Chart 1: money figures by the place they describe, one point each, never split."""

from __future__ import annotations

import math
from collections.abc import Callable

from sqlmodel import Session

from app.charts.base import PALETTE, Chart, base_layout
from app.charts.common import (
    MAX_BARS,
    PHONE_COLUMNS,
    bar_text,
    figure_columns,
    figure_row,
    hover_text,
    left_out_note,
    log_ticks,
    period_span,
    phone_rows,
    row_axis,
    rows_height,
    sources_of,
    text_side,
    value_axis,
    wrap,
)
from app.formatting import figure_value, name
from app.i18n import gettext as _
from app.i18n import ngettext
from app.models import Figure
from app.queries import figures as figure_queries
from app.queries.filters import Filters
from app.views import figure_views

# Broadest first, so bars read from the whole group down to one village.
SCOPE_ORDER = (
    "group",
    "three-regions-provinces",
    "4+2-counties",
    "designated-counties",
    "province",
    "county",
    "village",
    "project",
    "organisation",
)


def scope_colour(scope: str) -> str:
    """One colour per kind of place, the same in every view and filter (its place in the legend's
    fixed order, not among the kinds a filter happens to leave)."""
    labels = list(dict.fromkeys(scope_group_label(s) for s in SCOPE_ORDER))
    return PALETTE[labels.index(scope_group_label(scope)) % len(PALETTE)]


def scope_group_label(scope: str) -> str:
    return {
        "group": _("Group-wide"),
        "three-regions-provinces": _("Several provinces combined"),
        "4+2-counties": _("Several counties combined"),
        "designated-counties": _("Several counties combined"),
        "province": _("One province"),
        "county": _("One county"),
        "village": _("One or two villages"),
        "project": _("A project"),
        "organisation": _("An organisation"),
    }[scope]


# A figure's qualifier as the dot's shape: a lower bound points right (the value is more), an
# upper bound points left (it is less), an approximation is hollow.
QUALIFIER_MARKERS = {"exact": "circle", "over": "triangle-right", "about": "circle-open", "nearly": "triangle-left"}
WIDE_COLUMNS = 44  # label width beside the plot; a phone puts labels above their rows instead


def row_label(view, columns: int) -> str:
    """Where the money went, then what it was, whole and wrapped; the figure's number last."""
    what = wrap(f"{name(view.figure, 'label')} #{view.figure.id}", columns)
    return f"<b>{wrap(view.scope_label, columns)}</b><br>{what}"


def phone_label(view) -> str:
    return wrap(f"{view.scope_label} · {name(view.figure, 'label')} #{view.figure.id}", PHONE_COLUMNS)


def rows(session: Session, filters: Filters) -> tuple[list, list, int]:
    """The largest money figures the filters select (at most MAX_BARS), largest first, and as
    views broadest place first; with how many matched."""
    found, total = figure_queries.largest(session, filters, Figure.unit == "yuan", limit=MAX_BARS)
    views = figure_views(session, found)
    return found, sorted(views, key=lambda v: (SCOPE_ORDER.index(v.figure.scope), -v.figure.value)), total


def _dots(group: str, members: list, side: Callable[[float], str]) -> dict:
    colour = scope_colour(members[0].figure.scope)
    return {
        "type": "scatter",
        "mode": "markers+text",
        "name": group,
        "y": [f"#{v.figure.id}" for v in members],
        "x": [v.figure.value for v in members],
        "text": [bar_text(v) for v in members],
        "textposition": [side(v.figure.value) for v in members],
        "textfont": {"size": 12},
        "cliponaxis": False,
        "marker": {
            "size": 13,
            "color": colour,
            "symbol": [QUALIFIER_MARKERS[v.figure.qualifier] for v in members],
            "line": {"color": colour, "width": 2},
        },
        "hovertext": [hover_text(v) for v in members],
        "hoverinfo": "text",
        "customdata": [v.figure.id for v in members],
    }


def figure(views: list) -> dict:
    """A dot a figure on a log axis, a trace per kind of place, its value beside it."""
    groups: dict[str, list] = {}
    for view in views:
        groups.setdefault(scope_group_label(view.figure.scope), []).append(view)
    # One row a figure: the category is its id, the tick text its label (so two figures with the
    # same label stay two rows).
    categories = [f"#{v.figure.id}" for v in views]
    x_axis = log_ticks([v.figure.value for v in views], room_after_decades=0.3)
    low, high = x_axis.get("range", (0, 1))

    def side(value: float) -> str:
        return text_side((math.log10(value) - low) / ((high - low) or 1)) if value > 0 else "middle right"

    wide = [row_label(v, WIDE_COLUMNS) for v in views]
    layout = base_layout(height=rows_height(wide, 90, 10, 2))
    layout["xaxis"] = value_axis(_("Yuan (¥), logarithmic scale"), zeroline=False, **x_axis)
    layout["yaxis"] = row_axis(categories, wide, grid="#eef1f4")
    layout["legend"] = {"orientation": "h", "y": -0.06, "yanchor": "top", "x": 0, "font": {"size": 12}}
    layout["meta"] = {"compact": phone_rows(categories, [phone_label(v) for v in views], 110)}
    return {"data": [_dots(group, members, side) for group, members in groups.items()], "layout": layout}


def alt_text(figures: list) -> str:
    """The chart in a sentence: its range (of equal values, the first the query gave)."""
    if not figures:
        return _("No money figure matches these filters.")
    if len(figures) == 1:
        return _(
            "Dot chart of one money figure, %(value)s, labelled with the place it describes and its qualifier.",
            value=figure_value(figures[0]),
        )
    return _(
        "Dot chart of %(count)s money figures, from %(low)s to %(high)s, each labelled "
        "with the place it describes and its qualifier.",
        count=len(figures),
        low=figure_value(min(figures, key=lambda f: f.value)),
        high=figure_value(max(figures, key=lambda f: f.value)),
    )


def build(session: Session, filters: Filters) -> Chart:
    found, views, total = rows(session, filters)
    return Chart(
        id="investment-by-place",
        subtitle=ngettext(
            "%(count)s money figure as the reports state it; period: %(periods)s. A figure for "
            "several counties or the whole group is shown as exactly that, never split.",
            "%(count)s money figures as the reports state them; periods: %(periods)s. A figure for "
            "several counties or the whole group is shown as exactly that, never split.",
            len(views),
            periods=period_span(views),
        ),
        units=_(
            "Yuan (¥) on a logarithmic scale, so that ¥10 million and ¥10 billion both show: equal steps "
            "are tenfold. ● exact, ▶ over (超/余), ○ about (约), ◀ nearly (近)."
        ),
        figure=figure(views),
        columns=figure_columns(),
        rows=[figure_row(v) for v in views],
        sources=sources_of(views),
        alt_text=alt_text(found),
        notes=left_out_note(len(views), total),
    )
