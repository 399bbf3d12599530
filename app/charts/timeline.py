"""Chart 5: the dated milestones, with the two reports' publication dates."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from app.charts.base import PALETTE, Chart, Column, base_layout
from app.charts.common import PHONE_COLUMNS, phone_rows, row_axis, rows_height, value_axis, wrap
from app.formatting import date_label, name
from app.i18n import current_language
from app.i18n import gettext as _
from app.queries import milestones as milestone_queries
from app.queries.filters import Filters
from app.queries.listing import list_rows
from app.queries.names import names

MAX_EVENTS = 60  # one row each: more would not fit a page or a report
WIDE_COLUMNS = 56


def plot_date(date: str) -> str:
    """A point on the time axis; a year or month alone sits in its middle (the hover keeps the
    date as precise as the source, no more)."""
    parts = date.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-07-01"
    if len(parts) == 2:
        return f"{date}-15"
    return date


def row_label(row: dict, columns: int) -> str:
    """The date (bold) and the event, wrapped together so the first line keeps its width too."""
    date = row["date_label"]
    return wrap(f"{date} {row['title']}", columns).replace(date, f"<b>{date}</b>", 1)


def build(session: Session, filters: Filters) -> Chart:
    lookup = names(session)
    page = list_rows(
        session, milestone_queries.SPEC, replace(filters.without_paging(), size=MAX_EVENTS), current_language.get()
    )
    milestones = page.items
    rows = [
        {
            "id": m.id,
            "date": m.date,
            "date_label": date_label(m.date),
            "title": name(m, "title"),
            "title_zh": m.title_zh,
            "title_en": m.title_en,
            "kind": "milestone",
            "source": m.source_slug,
            "excerpt": m.excerpt,
        }
        for m in milestones
    ]
    reports = [s for s in lookup.sources.values() if not filters.source or s.slug in filters.source]
    if not (filters.province or filters.programme or filters.group or filters.q or filters.year):
        rows += [
            {
                "id": None,
                "date": s.published,
                "date_label": date_label(s.published),
                "title": _("Report published: %(title)s", title=name(s, "title")),
                "title_zh": s.title_zh,
                "title_en": s.title_en,
                "kind": "report",
                "source": s.slug,
                "excerpt": "",
            }
            for s in reports
        ]
    rows.sort(key=lambda r: (r["date"], r["id"] or 0))
    # One row an event, oldest at the top: every title whole beside its own dot, none on another.
    for index, row in enumerate(rows):
        row["row"] = f"e{index}"
    categories = [r["row"] for r in rows]
    traces = []
    for kind, colour, symbol, label in (
        ("milestone", PALETTE[0], "circle", _("Milestone")),
        ("report", PALETTE[1], "square", _("Report published")),
    ):
        members = [r for r in rows if r["kind"] == kind]
        if not members:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": label,
                "x": [plot_date(r["date"]) for r in members],
                "y": [r["row"] for r in members],
                "marker": {"size": 12, "color": colour, "symbol": symbol},
                "hovertext": [f"<b>{r['date_label']}</b><br>{r['title']}" for r in members],
                "hoverinfo": "text",
            }
        )
    wide = [row_label(r, WIDE_COLUMNS) for r in rows]
    phone = [row_label(r, PHONE_COLUMNS) for r in rows]
    first_year = min([int(r["date"][:4]) for r in rows] or [2002])
    last_year = max([int(r["date"][:4]) for r in rows] or [2023])
    layout = base_layout(height=rows_height(wide, 110, 12, 1))
    layout["xaxis"] = value_axis(
        type="date", range=[f"{first_year - 1}-07-01", f"{last_year + 1}-06-30"], tickformat="%Y", side="top"
    )
    layout["yaxis"] = row_axis(categories, wide, grid="#f1f3f5")
    layout["hovermode"] = "closest"
    layout["legend"] = {"orientation": "h", "y": -0.04, "yanchor": "top", "x": 0}
    layout["margin"]["t"] = 40
    layout["meta"] = {"compact": phone_rows(categories, phone, 110)}
    return Chart(
        id="timeline",
        subtitle=_(
            "Dated events the reports give, %(first)s to %(last)s, and the dates the two reports were published.",
            first=first_year,
            last=last_year,
        )
        if rows
        else _("Dated events the reports give, and the dates the two reports were published."),
        units=_("A year or month alone is drawn at its middle; the label gives the date as the source does."),
        figure={"data": traces, "layout": layout},
        columns=[Column("date_label", _("Date")), Column("title", _("Event"))],
        rows=[{k: v for k, v in r.items() if k != "row"} for r in rows],
        sources=sorted(lookup.sources.values(), key=lambda s: s.published),
        alt_text=_(
            "Timeline of %(n)s dated events from %(first)s to %(last)s.",
            n=len(rows),
            first=rows[0]["date_label"],
            last=rows[-1]["date_label"],
        )
        if rows
        else _("No dated event matches these filters."),
        notes=[_("Showing the first %(shown)s of %(total)s dated events.", shown=len(milestones), total=page.total)]
        if page.total > len(milestones)
        else [],
    )
