"""View models: what a template or an export needs, built from query results.

Routes call these; templates only read them.  Names come in both languages so every template
can show the page's language with the other beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlmodel import Session

from app.formatting import joined, kind_label, lang, name, qualifier_label, unit_label
from app.i18n import gettext as _
from app.maps.locator import Place
from app.models import FIGURE_KINDS, QUALIFIERS, Figure, Milestone, Source
from app.queries import counties as county_queries
from app.queries import figures as figure_queries
from app.queries import milestones as milestone_queries
from app.queries import programmes as programme_queries
from app.queries import provinces as province_queries
from app.queries import villages as village_queries
from app.queries.figures import years
from app.queries.filters import vocabulary
from app.queries.names import Names, names
from app.urls import url_with


@dataclass
class FigureView:
    figure: Figure
    source: Source
    provinces: list = field(default_factory=list)
    counties: list = field(default_factory=list)
    villages: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    programmes: list = field(default_factory=list)

    @property
    def scope_label(self) -> str:
        return scope_label(self)

    def places(self) -> list[tuple[str, object]]:
        """(kind, entity) for every place the figure is tied to, broadest first."""
        return (
            [("province", p) for p in self.provinces]
            + [("county", c) for c in self.counties]
            + [("village", v) for v in self.villages]
        )


def scope_label(view: FigureView) -> str:
    scope = view.figure.scope
    fixed = {
        "group": _("China Telecom group-wide"),
        "4+2-counties": _("the six “4+2” counties combined"),
        "designated-counties": _("the four designated counties combined"),
        "three-regions-provinces": _("provinces of the “three regions and three prefectures” combined"),
    }
    if scope in fixed:
        return fixed[scope]
    entities = {
        "province": view.provinces,
        "county": view.counties,
        "village": view.villages,
        "project": view.projects,
        "organisation": view.organisations,
    }.get(scope, [])
    return joined(name(e) for e in entities) if entities else scope


def prefetch(lookup: Names, links: Iterable[Mapping[str, list[str]]]) -> None:
    """Read every village and project a page's rows name in one query each, not one per name."""
    for attribute in ("villages", "projects"):
        slugs = [slug for link in links for slug in link[attribute]]
        if slugs:
            getattr(lookup, attribute).fetch(slugs)


def figure_views(session: Session, figures: list[Figure]) -> list[FigureView]:
    lookup: Names = names(session)
    links = figure_queries.links(session, [f.id for f in figures])
    prefetch(lookup, [vars(link) for link in links.values()])
    views = []
    for figure in figures:
        link = links.get(figure.id) or figure_queries.FigureLinks()
        views.append(
            FigureView(
                figure=figure,
                source=lookup.sources[figure.source_slug],
                provinces=lookup.of("provinces", link.provinces),
                counties=lookup.of("counties", link.counties),
                villages=lookup.of("villages", link.villages),
                projects=lookup.of("projects", link.projects),
                organisations=lookup.of("organisations", link.organisations),
                programmes=lookup.of("programmes", link.programmes),
            )
        )
    return views


@dataclass
class MilestoneView:
    milestone: Milestone
    source: Source
    counties: list = field(default_factory=list)
    villages: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    organisations: list = field(default_factory=list)
    programmes: list = field(default_factory=list)


def milestone_views(session: Session, milestones: list[Milestone]) -> list[MilestoneView]:
    lookup = names(session)
    links = milestone_queries.links(session, [m.id for m in milestones])
    prefetch(lookup, links.values())
    return [
        MilestoneView(
            milestone=m,
            source=lookup.sources[m.source_slug],
            **{attribute: lookup.of(attribute, slugs) for attribute, slugs in links[m.id].items()},
        )
        for m in milestones
    ]


def facet_labels() -> dict[str, str]:
    return {"strategy": _("Strategy"), "assignment": _("Assignment"), "theme": _("Theme")}


def scope_choices() -> list[tuple[str, str]]:
    return [
        ("group", _("Group-wide")),
        ("4+2-counties", _("The six “4+2” counties combined")),
        ("designated-counties", _("The four designated counties combined")),
        ("three-regions-provinces", _("“Three regions and three prefectures” provinces")),
        ("province", _("One province")),
        ("county", _("One county")),
        ("village", _("One or two villages")),
        ("project", _("A project")),
        ("organisation", _("An organisation")),
    ]


def filter_options(session: Session) -> dict:
    """Everything the filter form offers, in the page's language."""
    lookup = names(session)
    return {
        "provinces": sorted(lookup.provinces.values(), key=lambda p: p.slug if lang() == "zh" else p.name_en),
        "programmes": programme_queries.all_by_facet(session),
        "facet_labels": facet_labels(),
        "sources": lookup.sources_by_date(),
        "years": years(session),
        "scopes": scope_choices(),
        "qualifiers": [(q, qualifier_label(q)) for q in QUALIFIERS],
        "kinds": sorted(((k, kind_label(k)) for k in FIGURE_KINDS), key=lambda pair: pair[1]),
        "units": sorted(((u, unit_label(u)) for u in vocabulary(session).units), key=lambda pair: pair[1]),
    }


def active_filter_chips(request, filters, session: Session) -> list[tuple[str, str]]:
    """(label, URL without that one value) for every active filter, so each can be removed."""
    lookup = names(session)
    scopes = dict(scope_choices())
    chips = []

    def chip(title: str, value: str) -> str:  # 省份：四川省 / Province: Sichuan Province
        return title + _(": ") + value

    def without(key: str, value: object) -> str:
        remaining = [v for v in request.query_params.getlist(key) if v != str(value)]
        return url_with(request, **{key: remaining or None, "page": None})

    for slug in filters.province:
        chips.append((chip(_("Province"), name(lookup.provinces[slug])), without("province", slug)))
    for slug in filters.programme:
        chips.append((chip(_("Programme"), name(lookup.programmes[slug])), without("programme", slug)))
    for slug in filters.county:
        county = lookup.counties.get(slug)
        chips.append((chip(_("County"), name(county) if county else slug), without("county", slug)))
    if filters.group:
        chips.append((_("“4+2” counties only"), without("group", filters.group)))
    if filters.year:
        chips.append((chip(_("Year"), str(filters.year)), without("year", filters.year)))
    for slug in filters.source:
        source = lookup.sources[slug]
        chips.append((chip(_("Source"), f"{source.published[:4]} {name(source, 'outlet')}"), without("source", slug)))
    # The closed vocabularies: (filter, its name, a value's words).
    worded = (
        ("scope", _("Scope"), scopes.get),
        ("qualifier", _("Qualifier"), qualifier_label),
        ("kind", _("Kind"), kind_label),
        ("unit", _("Unit"), unit_label),
    )
    for parameter, title, words in worded:
        for key in getattr(filters, parameter):
            chips.append((chip(title, words(key) or key), without(parameter, key)))
    if filters.q:
        chips.append((chip(_("Search"), f"“{filters.q}”"), without("q", filters.q)))
    return chips


def locator_place(session: Session, kind: str, slug: str) -> Place | None:
    """What a province's, county's or village's locator map shows, or None for an unknown place."""
    lookup = names(session)
    if kind == "province":
        found = province_queries.get(session, slug)
        return Place(label=name(found), province_zh=found.name_zh) if found else None
    if kind == "county":
        county = county_queries.get(session, slug)
        if county is None:
            return None
        province = lookup.provinces[county.province_slug]
        return Place(
            label=f"{name(county)}, {name(province)}",
            province_zh=province.name_zh,
            county_zh=county.name_zh,
            lon=county.lon,
            lat=county.lat,
        )
    if kind == "village":
        village = village_queries.get(session, slug)
        if village is None:
            return None
        province = lookup.provinces[village.province_slug]
        return Place(
            label=f"{name(village)}, {name(province)}", province_zh=province.name_zh, lon=village.lon, lat=village.lat
        )
    return None
