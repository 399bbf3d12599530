"""Chart 1: money figures by the place they describe, one bar each, never split."""

from __future__ import annotations

from sqlmodel import Session

from app.charts.base import PALETTE, Chart, base_layout
from app.charts.common import (
    MAX_BARS,
    bar_text,
    figure_columns,
    figure_row,
    hover_text,
    left_out_note,
    log_range,
    period_span,
    short,
    sources_of,
)
from app.formatting import figure_value, name
from app.i18n import gettext as _
from app.models import Figure
from app.queries import figures as figure_queries
from app.queries.filters import Filters
from app.views import figure_views

# Broadest first, so bars read from the whole group down to one village.
SCOPE_ORDER = ("group", "three-regions-provinces", "4+2-counties", "designated-counties", "province",
               "county", "village", "project", "organisation")


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


def build(session: Session, filters: Filters) -> Chart:
    rows, total = figure_queries.largest(session, filters, Figure.unit == "yuan", limit=MAX_BARS)
    views = figure_views(session, rows)
    views.sort(key=lambda v: (SCOPE_ORDER.index(v.figure.scope), -v.figure.value))
    groups: dict[str, list] = {}
    for view in views:
        groups.setdefault(scope_group_label(view.figure.scope), []).append(view)
    traces = []
    for index, (group, members) in enumerate(groups.items()):
        traces.append({
            "type": "bar",
            "orientation": "h",
            "name": group,
            "y": [f"{short(v.scope_label, 40)}<br>{short(name(v.figure, 'label'), 40)} (#{v.figure.id})"
                  for v in members],
            "x": [v.figure.value for v in members],
            "text": [bar_text(v) for v in members],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": [hover_text(v) for v in members],
            "hoverinfo": "text",
            "marker": {"color": PALETTE[index % len(PALETTE)]},
            "customdata": [v.figure.id for v in members],
        })
    layout = base_layout(height=max(320, 70 + 58 * len(views)))
    layout["margin"]["l"] = 10
    layout["xaxis"] = {"title": {"text": _("Yuan (¥)")}, "type": "log", "automargin": True, "gridcolor": "#e3e7eb",
                       **log_range([v.figure.value for v in views])}
    layout["yaxis"] = {"autorange": "reversed", "automargin": True, "tickfont": {"size": 11}}
    layout["bargap"] = 0.35
    # On a phone the long labels would leave no room for the bars: charts.js swaps in these.
    categories = [y for trace in traces for y in trace["y"]]
    layout["meta"] = {"compact": {
        "yaxis.tickvals": categories,
        "yaxis.ticktext": [f"#{v.figure.id} {short(v.scope_label, 12)}" for v in views],
        "legend.orientation": "v", "legend.y": -0.12,
    }}
    return Chart(
        id="investment-by-place",
        title=_("Money by the place it went to"),
        subtitle=_("%(count)s money figures as the reports state them; periods: %(periods)s. A figure for "
                   "several counties or the whole group is shown as exactly that, never split.",
                   count=len(views), periods=period_span(views)),
        units=_("Yuan (¥), logarithmic scale by default; “>” over, “≈” about, “<” nearly."),
        figure={"data": traces, "layout": layout},
        columns=figure_columns(),
        rows=[figure_row(v) for v in views],
        sources=sources_of(views),
        alt_text=_("Horizontal bar chart of %(count)s money figures, from %(low)s to %(high)s, each labelled "
                   "with the place it describes and its qualifier.", count=len(views),
                   low=figure_value(min(rows, key=lambda f: f.value)),
                   high=figure_value(max(rows, key=lambda f: f.value)))
        if views else _("No money figure matches these filters."),
        log_toggle=True,
        notes=left_out_note(len(rows), total),
    )

