"""Chart 2: the "4+2" counties on a map, with their role and province, and what the data holds."""

from __future__ import annotations

from sqlmodel import Session

from app.charts.base import PALETTE, Chart, Column
from app.charts.maps import label_positions, map_layout, province_labels
from app.formatting import name
from app.i18n import gettext as _
from app.queries import counties as county_queries
from app.queries import figures as figure_queries
from app.queries import overview, projects
from app.queries.filters import Filters
from app.queries.names import names

ROLE_COLOURS = {"designated": PALETTE[0], "paired": PALETTE[1]}


def naming_sources(session: Session, county_slugs: list[str]) -> list:
    """The sources that name these counties (the 2020 report, for the curated data)."""
    from app.queries.sources import mentions_of

    lookup = names(session)
    slugs = {m.source_slug for slug in county_slugs for m in mentions_of(session, "county", slug)}
    return sorted((lookup.sources[s] for s in slugs if s in lookup.sources), key=lambda s: s.published)


def build(session: Session, filters: Filters) -> Chart:
    lookup = names(session)
    items = [i for i in overview.four_plus_two(session)
             if not filters.province or i.county.province_slug in filters.province]
    rows = []
    for item in items:
        county = item.county
        figure_rows = figure_queries.for_county(session, county.slug)
        rows.append({
            "slug": county.slug,
            "name": name(county),
            "name_zh": county.name_zh,
            "name_en": county.name_en,
            "role": item.role,
            "role_label": name(lookup.programmes[item.role]),
            "province": county.province_slug,
            "province_name": name(lookup.provinces[county.province_slug]),
            "lat": county.lat,
            "lon": county.lon,
            "figures": len(figure_rows),
            "own_figures": sum(1 for f in figure_rows if f.scope == "county"),
            "villages": len(county_queries.villages(session, county.slug)),
            "projects": len(projects.for_place(session, county=county.slug)),
        })
    traces = [province_labels(lookup.provinces.values())]
    for role, colour in ROLE_COLOURS.items():
        members = [r for r in rows if r["role"] == role]
        if not members:
            continue
        traces.append({
            "type": "scatter", "mode": "markers+text", "name": name(lookup.programmes[role]),
            "x": [r["lon"] for r in members], "y": [r["lat"] for r in members],
            "text": [r["name"] for r in members], "textposition": label_positions([r["lat"] for r in members]),
            "marker": {"size": 16, "color": colour, "symbol": "circle" if role == "designated" else "diamond",
                       "line": {"color": "#fff", "width": 1.5}},
            "hovertext": [f"<b>{r['name']}</b><br>{r['role_label']} · {r['province_name']}<br>"
                          + _("%(n)s figures, %(p)s projects", n=r["figures"], p=r["projects"]) for r in members],
            "hoverinfo": "text",
        })
    return Chart(
        id="four-plus-two",
        title=_("The “4+2” counties"),
        subtitle=_("Four counties of designated assistance and two of paired assistance, as named in the 2020 report."),
        units=_("Positions are approximate county seats (longitude, latitude); no boundaries are drawn."),
        figure={"data": traces, "layout": map_layout()},
        columns=[Column("name", _("County")), Column("role_label", _("Role")), Column("province_name", _("Province")),
                 Column("figures", _("Figures"), True), Column("own_figures", _("Figures for this county alone"), True),
                 Column("projects", _("Projects"), True), Column("villages", _("Villages named"), True)],
        rows=rows,
        sources=naming_sources(session, [r["slug"] for r in rows]) or sorted(lookup.sources.values(),
                                                                               key=lambda s: s.published),
        alt_text=_("Map of the “4+2” counties: %(list)s.",
                   list="; ".join(f"{r['name']} ({r['role_label']}, {r['province_name']})" for r in rows))
        if rows else _("No “4+2” county matches these filters."),
    )
