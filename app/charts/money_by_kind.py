"""Chart 3: the group-wide money figures by kind (donations, network construction …)."""

from __future__ import annotations

from sqlmodel import Session, col

from app.charts.base import PALETTE, Chart, base_layout
from app.charts.common import (
    MAX_BARS,
    PHONE_COLUMNS,
    bar_text,
    figure_columns,
    figure_row,
    hover_text,
    ink_on,
    left_out_note,
    linear_ticks,
    outlier_cut,
    period_span,
    phone_rows,
    row_axis,
    rows_height,
    sources_of,
    value_axis,
    wrap,
)
from app.formatting import kind_label
from app.i18n import gettext as _
from app.i18n import ngettext
from app.models import MONEY_KINDS, Figure
from app.queries import figures as figure_queries
from app.queries.filters import Filters
from app.queries.overview import HEADLINE_SCOPES
from app.views import figure_views


def cut_note(view, views) -> str:
    next_longest = sorted((w.figure.value for w in views), reverse=True)[1]
    return _(
        "▸▸ The bar for %(value)s (#%(id)s) is broken and cut at the axis's end: drawn to scale it would be "
        "about %(times)s times as long as the next longest.",
        value=bar_text(view),
        id=view.figure.id,
        times=round(view.figure.value / next_longest),
    )


WIDE_COLUMNS = 40


def row_label(view, columns: int) -> str:
    """The kind of money, then whose total it is, whole and wrapped; the figure's number last."""
    return f"<b>{kind_label(view.figure.kind)}</b><br>{wrap(view.scope_label + f' #{view.figure.id}', columns)}"


def rows(session: Session, filters: Filters) -> tuple[list, int]:
    """The largest group-wide money figures the filters select (at most MAX_BARS), largest
    first, as views; with how many matched."""
    found, total = figure_queries.largest(
        session,
        filters,
        col(Figure.kind).in_(MONEY_KINDS),
        col(Figure.scope).in_(HEADLINE_SCOPES),
        limit=MAX_BARS,
    )
    return sorted(figure_views(session, found), key=lambda v: -v.figure.value), total


def by_kind(views: list) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for view in views:
        grouped.setdefault(view.figure.kind or "", []).append(view)
    return grouped


class Axis:
    """A linear axis, so that bar length means amount; one value far beyond the rest is drawn to
    the axis's end, marked as cut and labelled with its value, rather than squashing the others."""

    def __init__(self, views: list) -> None:
        self.cut = outlier_cut([v.figure.value for v in views])
        self.top = (self.cut or max((v.figure.value for v in views), default=1)) * 1.3

    def is_cut(self, view) -> bool:
        return bool(self.cut) and view.figure.value > self.cut


def _bars(kind: str, members: list, axis: Axis) -> dict:
    colour = PALETTE[MONEY_KINDS.index(kind) % len(PALETTE)]
    return {
        "type": "bar",
        "orientation": "h",
        "name": kind_label(kind),
        "y": [f"#{v.figure.id}" for v in members],
        "x": [axis.top if axis.is_cut(v) else v.figure.value for v in members],
        "text": [f"{bar_text(v)} ▸▸" if axis.is_cut(v) else bar_text(v) for v in members],
        # A long bar carries its value inside, so that it never runs off a narrow chart.
        "textposition": [
            "inside" if axis.is_cut(v) or v.figure.value > 0.55 * axis.top else "outside" for v in members
        ],
        "insidetextanchor": "end",
        "cliponaxis": False,
        "textfont": {"size": 12},
        "insidetextfont": {"size": 12, "color": ink_on(colour)},
        "hovertext": [hover_text(v) for v in members],
        "hoverinfo": "text",
        "marker": {"color": colour},
    }


def _breaks(cut_views: list, axis: Axis) -> list[dict]:
    """A break drawn across each cut bar, as on a paper chart."""
    if not cut_views:
        return []
    return [
        {
            "type": "scatter",
            "mode": "markers",
            "showlegend": False,
            "hoverinfo": "skip",
            "x": [axis.top * 0.6] * len(cut_views),
            "y": [f"#{v.figure.id}" for v in cut_views],
            "marker": {"symbol": "line-ne", "size": 22, "line": {"color": "#ffffff", "width": 4}},
        }
    ]


def figure(views: list) -> dict:
    axis = Axis(views)
    categories = [f"#{v.figure.id}" for v in views]
    traces = [_bars(kind, members, axis) for kind, members in by_kind(views).items()]
    traces += _breaks([v for v in views if axis.is_cut(v)], axis)
    wide = [row_label(v, WIDE_COLUMNS) for v in views]
    layout = base_layout(height=rows_height(wide, 100, 14, 2))
    layout["xaxis"] = value_axis(_("Yuan (¥)"), **linear_ticks(axis.top))
    layout["yaxis"] = row_axis(categories, wide)
    layout["showlegend"] = False
    layout["bargap"] = 0.3
    phone = [wrap(f"{kind_label(v.figure.kind)} · {v.scope_label} #{v.figure.id}", PHONE_COLUMNS) for v in views]
    layout["meta"] = {"compact": phone_rows(categories, phone, 110, bars=True)}
    return {"data": traces, "layout": layout}


def build(session: Session, filters: Filters) -> Chart:
    views, total = rows(session, filters)
    axis = Axis(views)
    kinds = by_kind(views)
    return Chart(
        id="money-by-kind",
        subtitle=_(
            "Totals for the whole group or several counties together, as stated; periods: %(periods)s. "
            "Figures of different scopes are not added up.",
            periods=period_span(views),
        ),
        units=_("Yuan (¥), linear scale: bar length is the amount."),
        figure=figure(views),
        columns=figure_columns(),
        rows=[figure_row(v) for v in views],
        sources=sources_of(views),
        alt_text=_(
            "Bar chart of %(figures)s in %(kinds)s: %(list)s.",
            figures=ngettext("%(count)s group-wide money figure", "%(count)s group-wide money figures", len(views)),
            kinds=ngettext("%(count)s kind", "%(count)s kinds", len(kinds)),
            list=_("; ").join(f"{kind_label(k)} {bar_text(m[0])}" for k, m in kinds.items()),
        )
        if views
        else _("No money figure matches these filters."),
        notes=[*(cut_note(v, views) for v in views if axis.is_cut(v)), *left_out_note(len(views), total)],
    )
