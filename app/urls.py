"""Every address the app writes: an entity's page, the current page with other parameters, a
list's data twin, a chart's image.  Templates, view models and exports all call these, so an
address is spelt in one place."""

from __future__ import annotations

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
# Parameters that choose a view of a list rather than which rows it holds.
VIEW_PARAMS = ("page", "size", "sort", "order", "lang")


def entity_url(kind: str, slug: object) -> str:
    """ "/counties/yanyuan", "/figures/9": one entity's page."""
    return f"/{ENTITY_PATHS[kind]}/{slug}"


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


def with_params(url: str, params: dict[str, str]) -> str:
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
    return f"/charts/{chart_id}.{fmt}?{query}"


def export_url(request, name: str, fmt: str) -> str:
    """The .csv/.json twin of a list page: same filters, complete rather than paged."""
    return filtered_url(request, f"/{name}.{fmt}")
