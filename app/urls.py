"""The route table and the URL builder: every address the app serves is spelt here, once.

Routes are declared with the table (``@router.get(ROUTES["county"])``), and every address the app
writes (templates, view models, exports, the API) is built from the same entry, so an address is
read in one file and changed in one place (as Datasette's ``datasette.urls``)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from app import images
from app.i18n import current_language

# An entity's kind → the path its list and its pages live under.
ENTITY_PATHS = {
    "figure": "figures",
    "county": "counties",
    "village": "villages",
    "province": "provinces",
    "project": "projects",
    "organisation": "organisations",
    "person": "people",
    "programme": "programmes",
    "source": "sources",
    "milestone": "timeline",
}
# The pages that are neither a list nor an entity's.
PAGE_PATHS = {
    "overview": "/",
    "charts": "/charts",
    "about": "/about",
    "search": "/search",
    "dictionary": "/data/dictionary",
    "api-docs": "/docs",
    "openapi": "/openapi.json",
    "embed-script": "/embed.js",
}
API_PREFIX = "/api"
# An entity's page is addressed by its slug, a figure by its number; the timeline's events have
# no page of their own (their list links to their sources).
KEY_PARAMS = {"figure": "figure_id"}
WITHOUT_PAGES = ("milestone",)
PAGES = {
    kind: f"/{path}/{{{KEY_PARAMS.get(kind, 'slug')}}}"
    for kind, path in ENTITY_PATHS.items()
    if kind not in WITHOUT_PAGES
}
ROUTES: dict[str, str] = {
    **PAGE_PATHS,
    "favicon": "/favicon.ico",
    "healthz": "/healthz",
    "readyz": "/readyz",
    "asset": "/assets/{digest}/{name:path}",
    "chart": "/charts/{chart_id}",
    # a chart's plotted data and its images
    **{f"chart-{fmt}": f"/charts/{{chart_id}}.{fmt}" for fmt in ("json", "csv", "png", "svg")},
    "embed": "/embed/{chart_id}",
    "map": "/maps/{kind}/{slug}.svg",
    "source-text": "/sources/{slug}/text",
    # Each list: its page ("figure-list"), its downloads ("figure-export", fmt: csv, json, xlsx),
    # each entity's page ("figure"), and the same in the JSON API ("api-figure-list", "api-figure").
    **{f"{kind}-list": f"/{path}" for kind, path in ENTITY_PATHS.items()},
    **{f"{kind}-export": f"/{path}.{{fmt}}" for kind, path in ENTITY_PATHS.items()},
    **PAGES,
    **{f"api-{kind}-list": f"{API_PREFIX}/{path}" for kind, path in ENTITY_PATHS.items()},
    **{f"api-{kind}": API_PREFIX + page for kind, page in PAGES.items()},
}
# Parameters that choose a view of a list rather than which rows it holds.
VIEW_PARAMS = ("page", "size", "sort", "order", "lang")


def path(route: str, /, **params: object) -> str:
    """The address of a route by name with its parameters filled in: path("county", slug="muli")."""
    pattern = re.sub(r"\{(\w+):\w+\}", r"{\1}", ROUTES[route])  # {name:path} → {name}
    return pattern.format(**params)


def prefix(route: str) -> str:
    """The fixed start of a route's addresses, "/embed/" for "/embed/{chart_id}": for the
    middleware that treats a whole family of addresses alike."""
    return ROUTES[route].split("{")[0]


def page_url(name: str) -> str:
    """ "/", "/about": a page of its own (PAGE_PATHS)."""
    return path(name)


def search_url(q: str) -> str:
    """ "/search?q=扶贫": every list searched at once."""
    return with_params(path("search"), {"q": q})


def _key(kind: str, slug: object) -> dict[str, object]:
    return {KEY_PARAMS.get(kind, "slug"): slug}


def entity_url(kind: str, slug: object) -> str:
    """ "/counties/yanyuan", "/figures/9": one entity's page."""
    return path(kind, **_key(kind, slug))


def source_text_url(slug: str, anchor: str | None = None) -> str:
    """ "/sources/…/text#figure-9": a report's full text, at a passage."""
    return path("source-text", slug=slug) + (f"#{anchor}" if anchor else "")


def api_url(kind: str, slug: object | None = None, **filters: Any) -> str:
    """ "/api/figures/9", "/api/figures?county=muli": an entity, or a list, in the JSON API."""
    if slug is not None:
        return path(f"api-{kind}", **_key(kind, slug))
    address = path(f"api-{kind}-list")
    return with_params(address, filters) if filters else address


def list_url(kind: str, fmt: str = "", **filters: Any) -> str:
    """ "/figures", "/figures.csv?source=…": a list page, or its .csv/.json twin, with filters."""
    address = path(f"{kind}-export", fmt=fmt) if fmt else path(f"{kind}-list")
    return with_params(address, filters) if filters else address


def chart_url(chart_id: str) -> str:
    """ "/charts/timeline": a chart's page."""
    return path("chart", chart_id=chart_id)


def embed_url(chart_id: str) -> str:
    """ "/embed/timeline": a chart to put in another site's page (an iframe)."""
    return path("embed", chart_id=chart_id)


def map_url(kind: str, slug: str) -> str:
    """ "/maps/county/muli.svg": the small map that shows where a place lies (its language added by
    the caller)."""
    return path("map", kind=kind, slug=slug)


def absolute(request, path: str) -> str:
    """An address to paste elsewhere: PUBLIC_URL's, else the request's own (its host checked
    against ALLOWED_HOSTS, its scheme the proxy's X-Forwarded-Proto from FORWARDED_ALLOW_IPS)."""
    base = request.app.state.settings.public_url or str(request.base_url)
    return base.rstrip("/") + path


def url_with(request, **changes: object) -> str:
    """The current URL with some query parameters replaced (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            params.extend((key, str(v)) for v in value)
        else:
            params.append((key, str(value)))
    query = urlencode(params)
    return f"{request.url.path}?{query}" if query else request.url.path


def filtered_url(request, path: str, only: tuple[str, ...] | None = None) -> str:
    """Another page with this page's filters (paging, sorting and language left out), or only
    those of them that page takes."""
    query = urlencode(
        [(k, v) for k, v in request.query_params.multi_items() if k not in VIEW_PARAMS and (only is None or k in only)]
    )
    return path + (f"?{query}" if query else "")


def chart_data_url(request, chart_id: str, fmt: str) -> str:
    """A chart's plotted rows as .csv/.json with this page's filters, in the page's language (its
    labels, periods and source titles are written in it)."""
    address = path(f"chart-{fmt}", chart_id=chart_id)
    return with_params(filtered_url(request, address), {"lang": current_language.get()})


def with_params(url: str, params: dict[str, object]) -> str:
    """A URL with more query parameters."""
    return url + ("&" if "?" in url else "?") + urlencode(params)


def chart_image_url(
    request, chart_id: str, fmt: str, filters: tuple[str, ...], preset: str | None = None, **size: int
) -> str:
    """A chart's server-rendered image at its one canonical address (app/images.py): this
    page's values of the chart's ``filters``, the page's language, and a preset or a size."""
    if preset:
        wanted = images.ImageSize.of_preset(preset)
    else:
        wanted = images.ImageSize(size.get("width", images.DEFAULT_WIDTH_PX), size.get("height"), size.get("scale", 1))
    query = images.canonical_query(request.query_params.multi_items(), filters, current_language.get(), wanted)
    return f"{path(f'chart-{fmt}', chart_id=chart_id)}?{query}"


def export_url(request, kind: str, fmt: str) -> str:
    """The .csv/.json twin of a list page: same filters, complete rather than paged."""
    return filtered_url(request, list_url(kind, fmt))
