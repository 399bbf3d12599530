"""Chart 2: the "4+2" counties on a map, with their role and province, and what the data holds."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.charts.base import PALETTE, Chart, Column
from app.charts.basemap import ring_lines
from app.charts.maps import fit_height, inset_name, label_layers, map_credit, map_layout, number_label
from app.formatting import figure_value, name, period_label, sentences
from app.i18n import gettext as _
from app.maps.geometry import centroid, china_map, point
from app.queries import counties as county_queries
from app.queries import figures as figure_queries
from app.queries import overview, projects
from app.queries.filters import Filters
from app.queries.names import names
from app.queries.sources import mentions_of

ROLE_COLOURS = {"designated": PALETTE[0], "paired": PALETTE[1]}


def naming_sources(session: Session, county_slugs: list[str]) -> list:
    """The sources that name these counties (the 2020 report, for the curated data)."""
    lookup = names(session)
    slugs = {m.source_slug for slug in county_slugs for m in mentions_of(session, "county", slug)}
    return sorted((lookup.sources[s] for s in slugs if s in lookup.sources), key=lambda s: s.published)


def county_shape(county, province) -> tuple[list, tuple[float, float] | None]:
    """The county's outline from the map asset, and where its label points; a county the asset
    lacks (a synthetic one) is a dot at its seat."""
    rings = china_map().county_rings(province.name_zh, county.name_zh)
    anchor = centroid(rings) if rings else None
    if anchor is None and county.lat is not None:
        anchor = point(county.lon, county.lat)
    return rings, anchor


def six_together(figure) -> str:
    """The money the reports state for the six counties as one whole (never split among them)."""
    return _(
        "All six counties together: %(value)s, %(label)s (%(period)s; figure #%(id)s).",
        value=figure_value(figure),
        label=name(figure, "label"),
        period=period_label(figure.period),
        id=figure.id,
    )


def _county_row(session: Session, lookup, number: int, item) -> dict[str, Any]:
    county = item.county
    figure_rows = figure_queries.for_county(session, county.slug)
    return {
        "number": number,
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
        "money": None,  # the reports state money for the six together only (the last row)
        "figure": None,
    }


def rows(session: Session, filters: Filters) -> tuple[list[dict], list, list]:
    """The counties the filters leave, each with its outline (rings, anchor), and the money
    figures stated for the six together."""
    lookup = names(session)
    # Numbered in one fixed order (designated, then paired), so a county keeps its number whatever
    # the filters leave on the map.
    everyone = sorted(
        overview.four_plus_two(session),
        key=lambda i: (list(ROLE_COLOURS).index(i.role) if i.role in ROLE_COLOURS else 9, i.county.slug),
    )
    chosen = [
        (n, i) for n, i in enumerate(everyone) if not filters.province or i.county.province_slug in filters.province
    ]
    counties = [_county_row(session, lookup, n + 1, item) for n, item in chosen]
    shapes = [county_shape(i.county, lookup.provinces[i.county.province_slug]) for _n, i in chosen]
    return counties, shapes, figure_queries.of_scope(session, "4+2-counties", "yuan")


def _county_trace(row: dict, rings, anchor, titled: set) -> dict | None:
    """A county's outline filled in its role's colour (a dot where only its seat is known), the
    first of each role titling its legend group; None if neither is known."""
    if not rings and not anchor:
        return None
    colour = ROLE_COLOURS.get(row["role"], PALETTE[3])
    hover = f"<b>{row['name']}</b><br>{row['role_label']} · {row['province_name']}<br>" + _(
        "%(n)s figures, %(p)s projects", n=row["figures"], p=row["projects"]
    )
    trace = {
        "name": f"{number_label(row['number'] - 1)} {row['name']}",
        "legendgroup": row["role"],
        "hovertext": hover,
        "hoverinfo": "text",
        "hoveron": "fills+points",
    }
    if row["role"] not in titled:
        trace["legendgrouptitle"] = {"text": row["role_label"]}
        titled.add(row["role"])
    if rings:
        trace.update(ring_lines(rings, {"color": "#1d2530", "width": 0.8}, fill=colour))
    else:
        marker = {"size": 10, "color": colour, "line": {"color": "#1d2530", "width": 1}}
        trace.update({"type": "scatter", "mode": "markers", "x": [anchor[0]], "y": [anchor[1]], "marker": marker})
    return trace


def figure(counties: list[dict], shapes: list) -> dict:
    titled: set[str] = set()
    traces = [_county_trace(row, rings, anchor, titled) for row, (rings, anchor) in zip(counties, shapes, strict=True)]
    located = [(row, anchor) for row, (_rings, anchor) in zip(counties, shapes, strict=True) if anchor]
    labels = label_layers(
        [anchor for _row, anchor in located],
        [f"{number_label(row['number'] - 1)} {row['name']}" for row, _a in located],
        [number_label(row["number"] - 1) for row, _a in located],
    )
    layout = map_layout()
    layout["annotations"] = labels.pop("annotations")
    layout["meta"]["labels"] = labels
    layout["legend"]["groupclick"] = "toggleitem"
    fit_height(layout, legend_rows=len(counties) + len(titled))
    return {"data": [t for t in traces if t] + [inset_name()], "layout": layout}


def build(session: Session, filters: Filters) -> Chart:
    counties, shapes, together = rows(session, filters)
    notes = [six_together(stated) for stated in together]
    # The money the reports state for the six as one whole: a row of its own, never split.
    blank = dict.fromkeys(counties[0]) if counties else {}
    totals = [
        {**blank, "name": _("All six counties together"), "money": figure_value(f), "figure": f.id} for f in together
    ]
    return Chart(
        id="four-plus-two",
        subtitle=_("Four counties of designated assistance and two of paired assistance, as named in the 2020 report."),
        units=_("County outlines as they stand today; the numbers match the legend."),
        figure=figure(counties, shapes),
        columns=[
            Column("number", "#", True),
            Column("name", _("County")),
            Column("role_label", _("Role")),
            Column("province_name", _("Province")),
            Column("figures", _("Figures"), True),
            Column("own_figures", _("Figures for this county alone"), True),
            Column("projects", _("Projects"), True),
            Column("villages", _("Villages named"), True),
            Column("money", _("Money stated for the six together")),
        ],
        rows=counties + totals,
        notes=notes,
        sources=naming_sources(session, [r["slug"] for r in counties]) or names(session).sources_by_date(),
        alt_text=sentences(
            [
                _(
                    "Map of the “4+2” counties: %(list)s.",
                    list=_("; ").join(
                        _(
                            "%(name)s (%(role)s, %(province)s)",
                            name=r["name"],
                            role=r["role_label"],
                            province=r["province_name"],
                        )
                        for r in counties
                    ),
                ),
                *notes,
            ]
        )
        if counties
        else _("No “4+2” county matches these filters."),
        credits=[map_credit()],
    )
