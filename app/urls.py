"""Every address the app writes: an entity's page, the current page with other parameters, a
list's data twin, a chart's image.  Templates, view models and exports all call these, so an
address is spelt in one place."""

from __future__ import annotations

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
# Parameters that choose a view of a list rather than which rows it holds.
VIEW_PARAMS = ("page", "size", "sort", "order", "lang")


def page_url(name: str) -> str:
    """ "/", "/about": a page of its own (PAGE_PATHS)."""
    return PAGE_PATHS[name]


def search_url(q: str) -> str:
    """ "/search?q=扶贫": every list searched at once."""
    return with_params(PAGE_PATHS["search"], {"q": q})


def entity_url(kind: str, slug: object) -> str:
    """ "/counties/yanyuan", "/figures/9": one entity's page."""
    return f"/{ENTITY_PATHS[kind]}/{slug}"


def source_text_url(slug: str, anchor: str | None = None) -> str:
    """ "/sources/…/text#figure-9": a report's full text, at a passage."""
    return f"/sources/{slug}/text" + (f"#{anchor}" if anchor else "")


def api_url(kind: str, slug: object | None = None, **filters: Any) -> str:
    """ "/api/figures/9", "/api/figures?county=muli": an entity, or a list, in the JSON API."""
    return "/api" + (list_url(kind, **filters) if slug is None else entity_url(kind, slug))


def list_url(kind: str, fmt: str = "", **filters: Any) -> str:
    """ "/figures", "/figures.csv?source=…": a list page, or its .csv/.json twin, with filters."""
    path = f"/{ENTITY_PATHS[kind]}" + (f".{fmt}" if fmt else "")
    return with_params(path, filters) if filters else path


def chart_url(chart_id: str) -> str:
    """ "/charts/timeline": a chart's page."""
    return f"/charts/{chart_id}"


def embed_url(chart_id: str) -> str:
    """ "/embed/timeline": a chart to put in another site's page (an iframe)."""
    return f"/embed/{chart_id}"


def map_url(kind: str, slug: str) -> str:
    """ "/maps/county/muli.svg": the small map that shows where a place lies (its language added by
    the caller)."""
    return f"/maps/{kind}/{slug}.svg"


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
    return with_params(filtered_url(request, f"{chart_url(chart_id)}.{fmt}"), {"lang": current_language.get()})


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
    return f"{chart_url(chart_id)}.{fmt}?{query}"


def export_url(request, kind: str, fmt: str) -> str:
    """The .csv/.json twin of a list page: same filters, complete rather than paged."""
    return filtered_url(request, list_url(kind, fmt))
