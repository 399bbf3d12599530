"""Chart 3: the group-wide money figures by kind (donations, network construction …)."""

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
    sources_of,
)
from app.i18n import gettext as _
from app.models import MONEY_KINDS, Figure
from app.queries import figures as figure_queries
from app.queries.filters import Filters
from app.queries.overview import HEADLINE_SCOPES
from app.views import figure_views


def kind_label(kind: str) -> str:
    return {
        "donation": _("Donations"),
        "network-construction": _("Network construction"),
        "industrial-investment": _("Industrial investment"),
        "free-aid": _("Free aid"),
        "staff-donations": _("Staff donations"),
        "purchasing": _("Purchasing"),
        "sales-help": _("Sales help"),
        "infrastructure-investment": _("Infrastructure investment"),
        "fee-discount": _("Fee discounts"),
        "procurement": _("Procurement"),
    }.get(kind, kind)


def build(session: Session, filters: Filters) -> Chart:
    rows, total = figure_queries.largest(session, filters, Figure.kind.in_(MONEY_KINDS),
                                         Figure.scope.in_(HEADLINE_SCOPES), limit=MAX_BARS)
    views = sorted(figure_views(session, rows), key=lambda v: -v.figure.value)
    by_kind: dict[str, list] = {}
    for view in views:
        by_kind.setdefault(view.figure.kind, []).append(view)
    traces = [
        {
            "type": "bar",
            "name": kind_label(kind),
            "x": [f"{kind_label(kind)}<br>#{v.figure.id}" for v in members],
            "y": [v.figure.value for v in members],
            "text": [bar_text(v) for v in members],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertext": [hover_text(v) for v in members],
            "hoverinfo": "text",
            "marker": {"color": PALETTE[MONEY_KINDS.index(kind) % len(PALETTE)]},
        }
        for kind, members in by_kind.items()
    ]
    layout = base_layout(height=480)
    layout["yaxis"] = {"title": {"text": _("Yuan (¥)")}, "type": "log", "automargin": True, "gridcolor": "#e3e7eb",
                       **log_range([v.figure.value for v in views])}
    layout["xaxis"] = {"automargin": True, "tickangle": 0}
    layout["showlegend"] = False
    return Chart(
        id="money-by-kind",
        title=_("Group-wide money, by kind"),
        subtitle=_("Totals for the whole group or several counties together, as stated; periods: %(periods)s. "
                   "Figures of different scopes are not added up.", periods=period_span(views)),
        units=_("Yuan (¥), logarithmic scale by default; “>” over, “≈” about, “<” nearly."),
        figure={"data": traces, "layout": layout},
        columns=figure_columns(),
        rows=[figure_row(v) for v in views],
        sources=sources_of(views),
        alt_text=_("Bar chart of %(count)s group-wide money figures in %(kinds)s kinds: %(list)s.",
                   count=len(views), kinds=len(by_kind),
                   list="; ".join(f"{kind_label(k)} {bar_text(m[0])}" for k, m in by_kind.items()))
        if views else _("No money figure matches these filters."),
        log_toggle=True,
        notes=left_out_note(len(rows), total),
    )
