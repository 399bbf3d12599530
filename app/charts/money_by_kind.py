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


def build(session: Session, filters: Filters) -> Chart:
    rows, total = figure_queries.largest(
        session,
        filters,
        col(Figure.kind).in_(MONEY_KINDS),
        col(Figure.scope).in_(HEADLINE_SCOPES),
        limit=MAX_BARS,
    )
    views = sorted(figure_views(session, rows), key=lambda v: -v.figure.value)
    by_kind: dict[str, list] = {}
    for view in views:
        by_kind.setdefault(view.figure.kind or "", []).append(view)
    # A linear axis, so that bar length means amount; one value far beyond the rest is drawn to
    # the axis's end, marked as cut and labelled with its value, rather than squashing the others.
    cut = outlier_cut([v.figure.value for v in views])
    axis_top = (cut or max((v.figure.value for v in views), default=1)) * 1.3
    categories = [f"#{v.figure.id}" for v in views]

    def is_cut(view) -> bool:
        return bool(cut) and view.figure.value > cut

    traces = []
    for kind, members in by_kind.items():
        colour = PALETTE[MONEY_KINDS.index(kind) % len(PALETTE)]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": kind_label(kind),
                "y": [f"#{v.figure.id}" for v in members],
                "x": [axis_top if is_cut(v) else v.figure.value for v in members],
                "text": [f"{bar_text(v)} ▸▸" if is_cut(v) else bar_text(v) for v in members],
                # A long bar carries its value inside, so that it never runs off a narrow chart.
                "textposition": [
                    "inside" if is_cut(v) or v.figure.value > 0.55 * axis_top else "outside" for v in members
                ],
                "insidetextanchor": "end",
                "cliponaxis": False,
                "textfont": {"size": 12},
                "insidetextfont": {"size": 12, "color": ink_on(colour)},
                "hovertext": [hover_text(v) for v in members],
                "hoverinfo": "text",
                "marker": {"color": colour},
            }
        )
    cut_views = [v for v in views if is_cut(v)]
    if cut_views:
        # A break drawn across each cut bar, as on a paper chart.
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "showlegend": False,
                "hoverinfo": "skip",
                "x": [axis_top * 0.6] * len(cut_views),
                "y": [f"#{v.figure.id}" for v in cut_views],
                "marker": {"symbol": "line-ne", "size": 22, "line": {"color": "#ffffff", "width": 4}},
            }
        )
    wide = [row_label(v, WIDE_COLUMNS) for v in views]
    layout = base_layout(height=rows_height(wide, 100, 14, 2))
    layout["xaxis"] = value_axis(_("Yuan (¥)"), **linear_ticks(axis_top))
    layout["yaxis"] = row_axis(categories, wide)
    layout["showlegend"] = False
    layout["bargap"] = 0.3
    phone = [wrap(f"{kind_label(v.figure.kind)} · {v.scope_label} #{v.figure.id}", PHONE_COLUMNS) for v in views]
    layout["meta"] = {"compact": phone_rows(categories, phone, 110, bars=True)}
    return Chart(
        id="money-by-kind",
        subtitle=_(
            "Totals for the whole group or several counties together, as stated; periods: %(periods)s. "
            "Figures of different scopes are not added up.",
            periods=period_span(views),
        ),
        units=_("Yuan (¥), linear scale: bar length is the amount."),
        figure={"data": traces, "layout": layout},
        columns=figure_columns(),
        rows=[figure_row(v) for v in views],
        sources=sources_of(views),
        alt_text=_(
            "Bar chart of %(figures)s in %(kinds)s: %(list)s.",
            figures=ngettext("%(count)s group-wide money figure", "%(count)s group-wide money figures", len(views)),
            kinds=ngettext("%(count)s kind", "%(count)s kinds", len(by_kind)),
            list="; ".join(f"{kind_label(k)} {bar_text(m[0])}" for k, m in by_kind.items()),
        )
        if views
        else _("No money figure matches these filters."),
        notes=[*(cut_note(v, views) for v in cut_views), *left_out_note(len(rows), total)],
    )
