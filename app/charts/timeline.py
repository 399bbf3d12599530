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


def _event(kind: str, key: int | None, date: str, title: str, record, source: str, excerpt: str) -> dict:
    return {
        "id": key,
        "date": date,
        "date_label": date_label(date),
        "title": title,
        "title_zh": record.title_zh,
        "title_en": record.title_en,
        "kind": kind,
        "source": source,
        "excerpt": excerpt,
    }


def rows(session: Session, filters: Filters) -> tuple[list[dict], int]:
    """The events oldest first, each on a row of its own: the milestones the filters select (at
    most MAX_EVENTS) and, unless a filter narrows them, the reports' publication dates; with how
    many milestones matched."""
    lookup = names(session)
    wanted = replace(filters.without_paging(), size=MAX_EVENTS)
    page = list_rows(session, milestone_queries.SPEC, wanted, current_language.get())
    events = [_event("milestone", m.id, m.date, name(m, "title"), m, m.source_slug, m.excerpt) for m in page.items]
    if not (filters.province or filters.programme or filters.group or filters.q or filters.year):
        reports = [s for s in lookup.sources.values() if not filters.source or s.slug in filters.source]
        events += [
            _event("report", None, s.published, _("Report published: %(title)s", title=name(s, "title")), s, s.slug, "")
            for s in reports
        ]
    events.sort(key=lambda r: (r["date"], r["id"] or 0))
    for index, event in enumerate(events):
        event["row"] = f"e{index}"
    return events, page.total


def _markers(events: list[dict]) -> list[dict]:
    """One trace per kind of event: milestones as circles, publications as squares."""
    traces = []
    for kind, colour, symbol, label in (
        ("milestone", PALETTE[0], "circle", _("Milestone")),
        ("report", PALETTE[1], "square", _("Report published")),
    ):
        members = [r for r in events if r["kind"] == kind]
        if members:
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
    return traces


def span(events: list[dict]) -> tuple[int, int]:
    """The first and last year the events cover (the reports' span when there are none)."""
    years = [int(r["date"][:4]) for r in events]
    return min(years or [2002]), max(years or [2023])


# Below this many years Plotly ticks a date axis more often than yearly; the labels are years.
SHORT_SPAN_YEARS = 6


def figure(events: list[dict]) -> dict:
    """One row an event, oldest at the top: every title whole beside its own dot, none on another."""
    categories = [r["row"] for r in events]
    wide = [row_label(r, WIDE_COLUMNS) for r in events]
    phone = [row_label(r, PHONE_COLUMNS) for r in events]
    first_year, last_year = span(events)
    layout = base_layout(height=rows_height(wide, 110, 12, 1))
    layout["xaxis"] = value_axis(
        type="date", range=[f"{first_year - 1}-07-01", f"{last_year + 1}-06-30"], tickformat="%Y", side="top"
    )
    if last_year - first_year < SHORT_SPAN_YEARS:  # Plotly would tick every half year: 2019, 2019
        layout["xaxis"]["dtick"] = "M12"
    layout["yaxis"] = row_axis(categories, wide, grid="#f1f3f5")
    layout["hovermode"] = "closest"
    layout["legend"] = {"orientation": "h", "y": -0.04, "yanchor": "top", "x": 0}
    layout["margin"]["t"] = 40
    layout["meta"] = {"compact": phone_rows(categories, phone, 110)}
    return {"data": _markers(events), "layout": layout}


def _subtitle(events: list[dict]) -> str:
    """What the timeline plots: its years, and the reports' publication dates only where the
    filters leave them on it."""
    if not events:
        return _("Dated events the reports give.")
    first, last = span(events)
    years = _("in %(year)s", year=first) if first == last else _("%(first)s to %(last)s", first=first, last=last)
    if any(r["kind"] == "report" for r in events):
        return _("Dated events the reports give, %(years)s, and the dates the two reports were published.", years=years)
    return _("Dated events the reports give, %(years)s.", years=years)


def build(session: Session, filters: Filters) -> Chart:
    events, matched = rows(session, filters)
    reports = names(session).sources_by_date()
    milestones = sum(r["kind"] == "milestone" for r in events)
    return Chart(
        id="timeline",
        subtitle=_subtitle(events),
        units=_("A year or month alone is drawn at its middle; the label gives the date as the source does."),
        figure=figure(events),
        columns=[Column("date_label", _("Date")), Column("title", _("Event"))],
        rows=[{k: v for k, v in r.items() if k != "row"} for r in events],
        # the reports its events come from (every report when it plots none, as the 4+2 map does)
        sources=[s for s in reports if s.slug in {r["source"] for r in events}] or reports,
        alt_text=_(
            "Timeline of %(n)s dated events from %(first)s to %(last)s.",
            n=len(events),
            first=events[0]["date_label"],
            last=events[-1]["date_label"],
        )
        if events
        else _("No dated event matches these filters."),
        notes=[_("Showing the first %(shown)s of %(total)s dated events.", shown=milestones, total=matched)]
        if matched > milestones
        else [],
    )
