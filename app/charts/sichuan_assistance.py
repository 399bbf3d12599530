"""Chart 4: the Sichuan company's paired assistance, under assistance against out of poverty."""

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
    short,
    sources_of,
)
from app.formatting import name, unit_label
from app.i18n import gettext as _
from app.models import Figure
from app.queries import figures as figure_queries
from app.queries.filters import Filters
from app.views import figure_views

PANEL_UNITS = ("townships", "villages", "households", "people")
STATUS_COLOURS = {"assistance-task": PALETTE[0], "lifted-out-of-poverty": PALETTE[2]}


def status_label(kind: str) -> str:
    return {"assistance-task": _("Under assistance"), "lifted-out-of-poverty": _("Lifted out of poverty")}[kind]


def build(session: Session, filters: Filters) -> Chart:
    only_sichuan = Filters(province=("sichuan",), source=filters.source)
    rows, total = figure_queries.largest(session, only_sichuan, Figure.scope == "province",
                                         Figure.kind.in_(tuple(STATUS_COLOURS)), Figure.unit.in_(PANEL_UNITS),
                                         limit=MAX_BARS)
    rows.sort(key=lambda f: f.id)
    views = figure_views(session, rows)
    units = [u for u in PANEL_UNITS if any(v.figure.unit == u for v in views)]
    traces, layout = [], base_layout(height=140 + 120 * max(1, len(units)))
    gap = 0.08
    height = (1 - gap * (len(units) - 1)) / max(1, len(units))
    shown_status = set()
    for index, unit in enumerate(units):
        axis = "" if index == 0 else str(index + 1)
        top = 1 - index * (height + gap)
        domain = [round(max(0.0, top - height), 4), round(min(1.0, top), 4)]
        layout[f"yaxis{axis}"] = {"domain": domain, "automargin": True, "autorange": "reversed",
                                  "title": {"text": unit_label(unit)}}
        largest = max(v.figure.value for v in views if v.figure.unit == unit)
        # Room after the longest bar for its label.
        layout[f"xaxis{axis}"] = {"anchor": f"y{axis}", "automargin": True, "gridcolor": "#e3e7eb",
                                  "range": [0, largest * 1.3]}
        for kind, colour in STATUS_COLOURS.items():
            members = [v for v in views if v.figure.unit == unit and v.figure.kind == kind]
            if not members:
                continue
            traces.append({
                "type": "bar", "orientation": "h", "name": status_label(kind),
                "legendgroup": kind, "showlegend": kind not in shown_status,
                "xaxis": f"x{axis}", "yaxis": f"y{axis}",
                "y": [f"{short(name(v.figure, 'label'), 30)} (#{v.figure.id})" for v in members],
                "x": [v.figure.value for v in members],
                "text": [bar_text(v) for v in members], "textposition": "outside", "cliponaxis": False,
                "hovertext": [hover_text(v) for v in members], "hoverinfo": "text",
                "marker": {"color": colour},
            })
            shown_status.add(kind)
    compact = {}
    for index in range(len(units)):
        axis = "" if index == 0 else str(index + 1)
        labels = [y for t in traces if t["yaxis"] == f"y{axis}" for y in t["y"]]
        compact[f"yaxis{axis}.tickvals"] = labels
        compact[f"yaxis{axis}.ticktext"] = [label.rsplit(" ", 1)[-1] for label in labels]  # the "(#id)"
    layout["meta"] = {"compact": compact}
    return Chart(
        id="sichuan-assistance",
        title=_("Sichuan: under assistance and lifted out of poverty"),
        subtitle=_("The Sichuan company’s paired-assistance tasks and the part already lifted out of poverty "
                   "(“目前”, as of the February 2020 report)."),
        units=_("Counts of townships, villages, households and people, each on its own axis."),
        figure={"data": traces, "layout": layout},
        columns=figure_columns(),
        rows=[figure_row(v) for v in views],
        sources=sources_of(views),
        alt_text=_("Bar chart comparing the Sichuan company’s assistance tasks with those lifted out of poverty: "
                   "%(list)s.",
                   list="; ".join(f"{name(v.figure, 'label')} {bar_text(v)}" for v in views))
        if views else _("No figure matches these filters."),
        notes=left_out_note(len(rows), total),
    )
