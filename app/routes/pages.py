"""HTML pages: the overview, every list with its filters, every detail, the timeline, about.

Each list route serves the whole page, or only the results block when htmx asks (see
``rendering.render``); its .csv/.json twin lives in ``exports.py`` and shares the same query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app import licence, reader
from app.charts import CHARTS
from app.citations import attribution, citations
from app.coverage import PAGE_FURNITURE
from app.deps import SessionDep, get_data_version, get_renderer, get_settings
from app.dictionary import DESCRIPTIONS
from app.entities import ENTITIES
from app.errors import not_found
from app.formatting import name, row_name
from app.i18n import current_language, in_each_language
from app.i18n import gettext as _
from app.queries import (
    counties,
    figures,
    milestones,
    organisations,
    overview,
    people,
    programmes,
    projects,
    provinces,
    sources,
    villages,
)
from app.queries.facets import option_counts
from app.queries.listing import list_rows
from app.queries.names import Names, names
from app.reader import Passage
from app.routes.params import NO_PARAMETERS, request_filters
from app.routes.rendering import render
from app.urls import ROUTES, absolute, entity_url, list_url
from app.views import active_filter_chips, facet_labels, figure_views, filter_options, milestone_views

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def list_page(request: Request, session, name: str, template: str, title: str, **extra) -> HTMLResponse:
    spec = ENTITIES[name].spec
    filters = request_filters(request, session, spec)
    page = list_rows(session, spec, filters, current_language.get())
    context = {
        "title": title,
        "page": page,
        "filters": filters,
        "filter_names": (*spec.filter_names, "q"),
        "options": filter_options(session),
        "chips": active_filter_chips(request, filters, session),
        "export_kind": ENTITIES[name].kind,
        "names": names(session),
        "default_sort": spec.default_sort,
        # Counts beside the filter options: figure counts, so only on the figures' list.
        "option_counts": (
            option_counts(session, filters, get_settings(request).facet_counts_max_figures)
            if name == "figures"
            else None
        ),
        **{key: build(session, page.items) for key, build in extra.items()},
    }
    return render(request, template, context)


# A detail page lists at most this many figures; the rest are a click away in the explorer.
DETAIL_FIGURE_LIMIT = 50


def figure_section(session, fetch, more_url: str | None = None) -> dict:
    """The figures of a detail page: ``fetch(limit)`` asks for one more than is shown, so the page
    knows whether to offer the rest."""
    rows = fetch(DETAIL_FIGURE_LIMIT + 1)
    return {
        "figures": figure_views(session, rows[:DETAIL_FIGURE_LIMIT]),
        "figures_truncated": len(rows) > DETAIL_FIGURE_LIMIT,
        "figures_more_url": more_url,
    }


# --- overview -------------------------------------------------------------------------------


HEADLINE_CHARTS = ("money-by-kind", "investment-by-place")


@router.get(ROUTES["overview"])
def overview_page(request: Request, session: SessionDep) -> HTMLResponse:
    filters = request_filters(request, session, figures.SPEC)
    data = overview.build(session, filters)
    context = {
        "title": _("Overview"),
        "filters": filters,
        "filter_names": ("province", "programme", "group", "year", "source", "q"),
        "option_counts": option_counts(session, filters, get_settings(request).facet_counts_max_figures),
        "options": filter_options(session),
        "chips": active_filter_chips(request, filters, session),
        "names": names(session),
        "headline": figure_views(session, data.headline),
        "reach": figure_views(session, data.reach),
        "headline_total": data.headline_total,
        "reach_total": data.reach_total,
        "four_plus_two": data.four_plus_two,
        "matching": figure_views(session, data.matching),
        "counts": data.counts,
        # Pictures, not plotly.js: the overview stays light (static/js is not loaded here).
        "headline_charts": [CHARTS[c] for c in HEADLINE_CHARTS] if get_renderer(request).available() else [],
    }
    return render(request, "overview.html", context)


# --- lists ----------------------------------------------------------------------------------


# Each list page: its title, and what the template needs of the page's rows besides themselves.
LIST_PAGES: dict[str, tuple[Callable[[], str], dict[str, Any]]] = {
    "figures": (lambda: _("Figures"), {"views": figure_views}),
    "counties": (
        lambda: _("Counties"),
        {"programme_map": lambda s, items: counties.programme_map(s, [c.slug for c in items])},
    ),
    "villages": (
        lambda: _("Villages"),
        {"programme_map": lambda s, items: villages.programme_map(s, [v.slug for v in items])},
    ),
    "projects": (lambda: _("Projects"), {}),
    "organisations": (lambda: _("Organisations"), {}),
    "people": (lambda: _("People"), {"places": lambda s, items: people.places(s, [p.slug for p in items])}),
    "programmes": (lambda: _("Programmes"), {}),
    "provinces": (lambda: _("Provinces"), {"county_counts": lambda s, _items: provinces.county_counts(s)}),
    "sources": (lambda: _("Sources"), {}),
    "timeline": (lambda: _("Timeline"), {"views": milestone_views}),
}


def add_list_page(name: str, title, extra: dict) -> None:
    def page(request: Request, session: SessionDep) -> HTMLResponse:
        return list_page(request, session, name, f"{name}.html", title(), **extra)

    page.__name__ = f"{name}_page"
    router.add_api_route(ROUTES[f"{ENTITIES[name].kind}-list"], page, methods=["GET"])


for _name, (_title, _extra) in LIST_PAGES.items():
    add_list_page(_name, _title, _extra)


# --- search across every list ---------------------------------------------------------------

# The search page shows this many of each list's matches; the list itself shows them all.
SEARCH_PREVIEW_ROWS = 3


@router.get(ROUTES["search"])
def search_page(request: Request, session: SessionDep) -> HTMLResponse:
    """Each list's count of rows containing the search text, its first few, and a link to the
    list with that search; in the lists' order in the menu."""
    filters = request_filters(request, session, accepted=("q",))
    language = current_language.get()
    results = []
    for list_name, (title, _extra) in LIST_PAGES.items() if filters.q else ():
        entity = ENTITIES[list_name]
        found = list_rows(session, entity.spec, replace(filters, page=1, size=SEARCH_PREVIEW_ROWS), language)
        listed = list_url(entity.kind, q=filters.q)
        results.append(
            {
                "title": title(),
                "total": found.total,
                "capped": found.capped,
                "url": listed,
                # A row with no page of its own (an event) links to the list that shows it.
                "rows": [
                    (row_name(row), entity_url(entity.kind, entity.spec.key_of(row)) if entity.has_page else listed)
                    for row in found.items
                ],
            }
        )
    context = {"title": _("Search"), "filters": filters, "results": results, "found": any(r["total"] for r in results)}
    return render(request, "search.html", context)


# --- the data dictionary ------------------------------------------------------------------


@router.get(ROUTES["dictionary"], dependencies=NO_PARAMETERS)
def dictionary_page(request: Request) -> HTMLResponse:
    """Every list's download columns, in the file's order, each with what it holds."""
    lists = [
        {
            "title": title(),
            "name": list_name,
            "csv": list_url(ENTITIES[list_name].kind, "csv"),
            "columns": [(column, _(DESCRIPTIONS[column])) for column in ENTITIES[list_name].csv_header],
        }
        for list_name, (title, _extra) in LIST_PAGES.items()
    ]
    return render(request, "dictionary.html", {"title": _("Data dictionary"), "lists": lists})


# --- details --------------------------------------------------------------------------------


@router.get(ROUTES["figure"], dependencies=NO_PARAMETERS)
def figure_detail(figure_id: int, request: Request, session: SessionDep) -> HTMLResponse:
    figure = figures.get(session, figure_id)
    if figure is None:
        raise not_found("figure", figure_id)
    view = figure_views(session, [figure])[0]
    titles = in_each_language(lambda: _("%(label)s (figure #%(id)s)", label=name(figure, "label"), id=figure.id))
    address = absolute(request, entity_url("figure", figure.id))
    context = {
        "view": view,
        "attribution_text": attribution(view),
        "citation": citations(
            titles,
            address,
            [view.source],
            dt.date.today(),
            f"ct-rural-figure-{figure.id}",
            get_data_version(request),
        ),
        "accessed": dt.date.today().isoformat(),
    }
    return render(request, "figure_detail.html", context)


@router.get(ROUTES["source-text"], dependencies=NO_PARAMETERS)
def source_text(slug: str, request: Request, session: SessionDep) -> HTMLResponse:
    """The report's full text with every figure, event and listed quantity marked where it stands."""
    source = sources.get(session, slug)
    if source is None:
        raise not_found("source", slug)
    text = sources.full_text(session, slug)
    events, listed = sources.events_and_listed(session, slug)
    marked = [
        *(
            Passage(f.excerpt, "figure", f"figure-{f.id}", f"#{f.id}", entity_url("figure", f.id))
            for f in figures.for_source(session, slug)
        ),
        *(Passage(m.excerpt, "milestone", f"milestone-{m.id}", m.date, list_url("milestone")) for m in events),
        *(
            Passage(
                n.passage,
                "furniture" if n.reason.startswith(PAGE_FURNITURE) else "not-figure",
                f"listed-{n.id}",
                n.reason,
            )
            for n in listed
        ),
    ]
    lines, missing = reader.paragraphs(text, marked) if text else ([], marked)
    context = {"source": source, "lines": lines, "missing": missing, "has_text": text is not None}
    return render(request, "source_text.html", context, status_code=200 if text is not None else 404)


# An entity's page: the entity, the parts its page shows (each kind its own), the passages that
# name it and the reports' titles.  The parts of each kind, from (session, slug, the entity,
# the names of everything):
Parts = Callable[[Session, str, Any, Names], dict[str, Any]]


def county_parts(session: Session, slug: str, county, lookup: Names) -> dict[str, Any]:
    return {
        "province": lookup.provinces[county.province_slug],
        "programmes": lookup.of("programmes", counties.programme_map(session, [slug])[slug]),
        "villages": counties.villages(session, slug),
        "projects": projects.for_place(session, county=slug),
        "organisations": counties.organisations(session, slug),
        "people": people.for_place(session, county=slug),
        **figure_section(session, lambda n: figures.for_county(session, slug, n), list_url("figure", county=slug)),
        "milestones": milestone_views(session, milestones.for_county(session, slug)),
    }


def village_parts(session: Session, slug: str, village, lookup: Names) -> dict[str, Any]:
    return {
        "province": lookup.provinces[village.province_slug],
        "county": lookup.counties.get(village.county_slug) if village.county_slug else None,
        "programmes": lookup.of("programmes", villages.programme_map(session, [slug])[slug]),
        "projects": projects.for_place(session, village=slug),
        "people": people.for_place(session, village=slug),
        **figure_section(session, lambda n: figures.for_link(session, "villages", slug, n)),
        "milestones": milestone_views(session, milestones.for_link(session, "villages", slug)),
    }


def province_parts(session: Session, slug: str, _province, lookup: Names) -> dict[str, Any]:
    return {
        "counties": provinces.counties(session, slug),
        "villages": provinces.villages(session, slug),
        "projects": projects.for_place(session, province=slug),
        "organisations": [o for o in lookup.organisations.values() if o.province_slug == slug],
        "people": people.for_place(session, province=slug),
        **figure_section(session, lambda n: figures.for_province(session, slug, n), list_url("figure", province=slug)),
    }


def project_parts(session: Session, slug: str, _project, lookup: Names) -> dict[str, Any]:
    return {
        "places": projects.places(session, slug),
        "organisations": projects.organisations(session, slug),
        "programmes": projects.programmes(session, slug),
        **figure_section(session, lambda n: figures.for_link(session, "projects", slug, n)),
        "milestones": milestone_views(session, milestones.for_link(session, "projects", slug)),
        "names": lookup,
    }


def organisation_parts(session: Session, slug: str, organisation, lookup: Names) -> dict[str, Any]:
    return {
        "parent": lookup.organisations.get(organisation.parent_slug) if organisation.parent_slug else None,
        "province": lookup.provinces.get(organisation.province_slug) if organisation.province_slug else None,
        "children": organisations.children(session, slug),
        "counties": organisations.counties(session, slug),
        "projects": projects.for_organisation(session, slug),
        "people": people.for_organisation(session, slug),
        **figure_section(session, lambda n: figures.for_link(session, "organisations", slug, n)),
        "milestones": milestone_views(session, milestones.for_link(session, "organisations", slug)),
    }


def person_parts(session: Session, slug: str, person, lookup: Names) -> dict[str, Any]:
    places = people.places(session, [slug])[slug]
    return {
        "organisation": lookup.organisations.get(person.organisation_slug) if person.organisation_slug else None,
        "villages": places["villages"],
        "counties": places["counties"],
        "quotes": people.quotes(session, [slug])[slug],
    }


def programme_parts(session: Session, slug: str, programme, _lookup: Names) -> dict[str, Any]:
    return {
        "facet_label": facet_labels()[programme.facet],
        "counties": programmes.counties(session, slug),
        "villages": programmes.villages(session, slug),
        "projects": projects.for_programme(session, slug),
        **figure_section(
            session, lambda n: figures.for_link(session, "programmes", slug, n), list_url("figure", programme=slug)
        ),
        "milestones": milestone_views(session, milestones.for_link(session, "programmes", slug)),
    }


def source_parts(session: Session, slug: str, _source, lookup: Names) -> dict[str, Any]:
    return {
        **figure_section(session, lambda n: figures.for_source(session, slug, n), list_url("figure", source=slug)),
        "mentioned": [(m, lookup.entity(m.entity, m.slug)) for m in sources.mentions_in(session, slug)],
    }


# kind → (how one is read by its slug, the parts of its page)
DETAILS: dict[str, tuple[Callable[[Session, str], Any], Parts]] = {
    "county": (counties.get, county_parts),
    "village": (villages.get, village_parts),
    "province": (provinces.get, province_parts),
    "project": (projects.get, project_parts),
    "organisation": (organisations.get, organisation_parts),
    "person": (people.get, person_parts),
    "programme": (programmes.get, programme_parts),
    "source": (sources.get, source_parts),
}


def add_detail_page(kind: str, get: Callable[[Session, str], Any], parts: Parts) -> None:
    def page(slug: str, request: Request, session: SessionDep) -> HTMLResponse:
        found = get(session, slug)
        if found is None:
            raise not_found(kind, slug)
        lookup = names(session)
        context = {kind: found, **parts(session, slug, found, lookup)}
        if kind != "source":  # where the reports mention it (a report's page lists what it mentions)
            context |= {"mentions": sources.mentions_of(session, kind, slug), "sources": lookup.sources}
        return render(request, f"{kind}_detail.html", context)

    page.__name__ = f"{kind}_detail"
    router.add_api_route(ROUTES[kind], page, methods=["GET"], dependencies=NO_PARAMETERS)


for _kind, (_get, _parts) in DETAILS.items():
    add_detail_page(_kind, _get, _parts)


@router.get(ROUTES["about"], dependencies=NO_PARAMETERS)
def about_page(request: Request, session: SessionDep) -> HTMLResponse:
    context = {
        "counts": overview.counts(session),
        "sources": names(session).sources,
        "changes": overview.data_changes(session),
        "licence": licence,
    }
    return render(request, "about.html", context)
