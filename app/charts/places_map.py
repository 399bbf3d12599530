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


def _place_row(kind: str, place, programmes: list[str], province_names: dict, labels: dict) -> dict:
    category = categorise(programmes)
    return {
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
        "programmes": "|".join(programmes),
    }


def rows(session: Session, filters: Filters) -> tuple[list[dict], int, int, int]:
    """The counties and villages the filters select that have a position, each with its
    category; with how many counties and villages were plotted and how many villages matched
    (at most MAX_VILLAGE_POINTS are plotted)."""
    everything = filters.without_paging()
    counties = list_rows(session, county_queries.SPEC, everything, current_language.get(), paged=False).items
    # A map of every village in the country would be a blot: plot a readable number, say how many.
    wanted = replace(everything, size=MAX_VILLAGE_POINTS)
    village_page = list_rows(session, village_queries.SPEC, wanted, current_language.get())
    # Each label once per chart, not once per place (thousands of places, a handful of labels).
    labels = {category: category_label(category) for category in (*CATEGORIES, "none")}
    province_names = {slug: name(province) for slug, province in names(session).provinces.items()}
    places = []
    for kind, found, queries in (
        ("county", counties, county_queries),
        ("village", village_page.items, village_queries),
    ):
        programmes = queries.programme_map(session, [place.slug for place in found])
        places += [
            _place_row(kind, place, programmes[place.slug], province_names, labels)
            for place in found
            if place.lat is not None
        ]
    return places, len(counties), len(village_page.items), village_page.total


def _markers(members: list[dict], label: str, kind: str, colour: str) -> dict:
    at = [point(r["lon"], r["lat"]) for r in members]
    return {
        "type": "scatter",
        "mode": "markers",
        "name": f"{label} · {_('County') if kind == 'county' else _('Village')}",
        "x": [x for x, _y in at],
        "y": [y for _x, y in at],
        "marker": {
            "size": 11 if kind == "county" else 8,
            "color": colour,
            "symbol": "circle" if kind == "county" else "diamond",
            "line": {"color": "#fff", "width": 1},
            "opacity": 0.9,
        },
        "hovertext": [f"<b>{r['name']}</b><br>{r['province_name']}<br>{r['category_label']}" for r in members],
        "hoverinfo": "text",
    }


def figure(places: list[dict]) -> dict:
    """A trace per category and kind of place (circles counties, diamonds villages)."""
    traces = []
    for index, category in enumerate((*CATEGORIES, "none")):
        for kind in ("county", "village"):
            members = [r for r in places if r["category"] == category and r["kind"] == kind]
            if members:
                traces.append(_markers(members, members[0]["category_label"], kind, PALETTE[index % len(PALETTE)]))
    layout = map_layout(height=600)
    fit_height(layout, legend_rows=len(traces))
    return {"data": [*traces, inset_name()], "layout": layout}


def columns() -> list[Column]:
    return [
        Column("name", _("Place")),
        Column("kind", _("Kind")),
        Column("province_name", _("Province")),
        Column("category_label", _("Programme")),
        Column("lat", _("Latitude"), True),
        Column("lon", _("Longitude"), True),
    ]


def build(session: Session, filters: Filters) -> Chart:
    places, counties, villages, villages_matched = rows(session, filters)
    return Chart(
        id="places-map",
        subtitle=_(
            "%(counties)s counties and %(villages)s villages, coloured by programme; circles are counties, "
            "diamonds villages.",
            counties=counties,
            villages=villages,
        ),
        units=_(
            "Approximate positions (from public gazetteers, not from the reports); a village whose county the "
            "report does not give sits at its prefecture seat."
        ),
        credits=[map_credit()],
        figure=figure(places),
        columns=columns(),
        rows=places,
        sources=names(session).sources_by_date(),
        alt_text=_(
            "Map of %(n)s places in %(p)s provinces, coloured by programme.",
            n=len(places),
            p=len({r["province"] for r in places}),
        )
        if places
        else _("No place matches these filters."),
        notes=[
            _(
                "Showing %(shown)s of %(total)s villages (the first by name); filter by province to see others.",
                shown=villages,
                total=villages_matched,
            )
        ]
        if villages_matched > villages
        else [],
    )
