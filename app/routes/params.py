"""The request's filters, read once by the same code for pages, exports, the API and charts."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings
from app.deps import get_settings
from app.queries.filters import Filters, Limits, parse_filters, refuse_unknown
from app.queries.listing import ListSpec
from app.urls import API_PREFIX


def limits(settings: Settings) -> Limits:
    return Limits(
        default_size=settings.default_page_size, max_size=settings.max_page_size, max_search=settings.max_search_length
    )


def request_filters(
    request: Request,
    session: Session,
    spec: ListSpec | None = None,
    accepted: tuple[str, ...] | None = None,
    also: tuple[str, ...] = (),
) -> Filters:
    """Parse and check the query string: a list takes its spec's filters and sorts; a chart, the
    filters it names (``accepted``), and an image its size (``also``)."""
    if accepted is None:
        accepted = (*spec.filter_names, "q") if spec else ()
    settings = get_settings(request)
    filters = parse_filters(
        request.query_params, session, accepted, spec.sortable if spec else (), limits(settings), also
    )
    if _is_page(request):
        canonical = canonical_query(request.query_params.multi_items(), filters.renamed)
        if canonical != str(request.query_params):
            raise CanonicalAddress(request.url.path + (f"?{canonical}" if canonical else ""))
    return filters


class CanonicalAddress(Exception):
    """A page asked for by another spelling of its address: the web layer redirects (301)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _is_page(request: Request) -> bool:
    """An HTML page a person reaches from a form or a link (not the API, a download or an image,
    whose clients ask exactly what they mean)."""
    last = request.url.path.rsplit("/", 1)[-1]
    return not request.url.path.startswith(API_PREFIX + "/") and "." not in last


def canonical_query(items: list[tuple[str, str]], renamed: tuple[tuple[str, str, str], ...]) -> str:
    """The query string with no empty parameters (a form's "all" choices) and with slugs where
    the address named a place (?province=四川 → ?province=sichuan)."""
    slugs = {(name, given): slug for name, given, slug in renamed}
    kept = []
    for name, value in items:
        if value.strip() == "":
            continue
        if any(renamed_name == name for renamed_name, _given in slugs):
            value = ",".join(slugs.get((name, part.strip()), part.strip()) for part in value.split(","))
        kept.append((name, value))
    return urlencode(kept)


def only_language(request: Request) -> None:
    """For an address that takes no parameter but the language: any other is a 400."""
    refuse_unknown(request.query_params, ())


# The dependency of every such route: `@router.get(path, dependencies=NO_PARAMETERS)`.
NO_PARAMETERS = [Depends(only_language)]
