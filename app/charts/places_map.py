"""Chart 6: every county and village the reports name, on one map, coloured by programme."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from app.charts.base import PALETTE, Chart, Column
from app.charts.maps import fit_height, inset_name, map_credit, map_layout
from app.formatting import name
from app.i18n import current_language
from app.i18n import gettext as _
from app.maps.geometry import point
from app.queries import counties as county_queries
from app.queries import villages as village_queries
from app.queries.filters import Filters
from app.queries.listing import list_rows
from app.queries.names import names

MAX_VILLAGE_POINTS = 2000

# A place takes the first category whose programme it has; the order puts the "4+2" roles first.
CATEGORIES = ("designated", "paired", "both", "poverty-alleviation", "rural-revitalisation")


def category_label(category: str) -> str:
    return {
        "designated": _("Designated assistance (定点扶贫)"),
        "paired": _("Paired assistance (对口支援)"),
        "both": _("Named in both reports’ strategies"),
        "poverty-alleviation": _("Poverty alleviation"),
        "rural-revitalisation": _("Rural revitalisation"),
        "none": _("No programme given"),
    }[category]


def categorise(programmes: list[str]) -> str:
    for key in ("designated", "paired"):
        if key in programmes:
            return key
    strategies = {"poverty-alleviation", "rural-revitalisation"} & set(programmes)
    if len(strategies) == 2:
        return "both"
    return strategies.pop() if strategies else "none"


def build(session: Session, filters: Filters) -> Chart:
    lookup = names(session)
    everything = filters.without_paging()
    counties = list_rows(session, county_queries.SPEC, everything, current_language.get(), paged=False).items
    # A map of every village in the country would be a blot: plot a readable number, say how many.
    village_page = list_rows(
        session, village_queries.SPEC, replace(everything, size=MAX_VILLAGE_POINTS), current_language.get()
    )
    villages = village_page.items
    county_programmes = county_queries.programme_map(session, [c.slug for c in counties])
    village_programmes = village_queries.programme_map(session, [v.slug for v in villages])
    # Each label once per chart, not once per place (thousands of places, a handful of labels).
    labels = {category: category_label(category) for category in (*CATEGORIES, "none")}
    province_names = {slug: name(province) for slug, province in lookup.provinces.items()}
    rows = []
    for kind, places, programme_map in (
        ("county", counties, county_programmes),
        ("village", villages, village_programmes),
    ):
        for place in places:
            if place.lat is None:
                continue
            category = categorise(programme_map[place.slug])
            rows.append(
                {
                    "slug": place.slug,
                    "kind": kind,
                    "name": name(place),
                    "name_zh": place.name_zh,
                    "name_en": place.name_en,
                    "province": place.province_slug,
                    "province_name": province_names[place.province_slug],
                    "lat": place.lat,
                    "lon": place.lon,
                    "category": category,
                    "category_label": labels[category],
                    "programmes": "|".join(programme_map[place.slug]),
                }
            )
    traces = []
    for index, category in enumerate((*CATEGORIES, "none")):
        for kind, symbol in (("county", "circle"), ("village", "diamond")):
            members = [r for r in rows if r["category"] == category and r["kind"] == kind]
            if not members:
                continue
            at = [point(r["lon"], r["lat"]) for r in members]
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": f"{labels[category]} · {_('County') if kind == 'county' else _('Village')}",
                    "x": [x for x, _y in at],
                    "y": [y for _x, y in at],
                    "marker": {
                        "size": 11 if kind == "county" else 8,
                        "color": PALETTE[index % len(PALETTE)],
                        "symbol": symbol,
                        "line": {"color": "#fff", "width": 1},
                        "opacity": 0.9,
                    },
                    "hovertext": [
                        f"<b>{r['name']}</b><br>{r['province_name']}<br>{r['category_label']}" for r in members
                    ],
                    "hoverinfo": "text",
                }
            )
    traces.append(inset_name())
    layout = map_layout(height=600)
    fit_height(layout, legend_rows=len(traces) - 1)
    return Chart(
        id="places-map",
        subtitle=_(
            "%(counties)s counties and %(villages)s villages, coloured by programme; circles are counties, "
            "diamonds villages.",
            counties=len(counties),
            villages=len(villages),
        ),
        units=_(
            "Approximate positions (from public gazetteers, not from the reports); a village whose county the "
            "report does not give sits at its prefecture seat."
        ),
        credits=[map_credit()],
        figure={"data": traces, "layout": layout},
        columns=[
            Column("name", _("Place")),
            Column("kind", _("Kind")),
            Column("province_name", _("Province")),
            Column("category_label", _("Programme")),
            Column("lat", _("Latitude"), True),
            Column("lon", _("Longitude"), True),
        ],
        rows=rows,
        sources=sorted(lookup.sources.values(), key=lambda s: s.published),
        alt_text=_(
            "Map of %(n)s places in %(p)s provinces, coloured by programme.",
            n=len(rows),
            p=len({r["province"] for r in rows}),
        )
        if rows
        else _("No place matches these filters."),
        notes=[
            _(
                "Showing %(shown)s of %(total)s villages (the first by name); filter by province to see others.",
                shown=len(villages),
                total=village_page.total,
            )
        ]
        if village_page.total > len(villages)
        else [],
    )
