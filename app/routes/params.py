"""The request's filters, read once by the same code for pages, exports, the API and charts."""

from __future__ import annotations

from fastapi import Depends, Request
from sqlmodel import Session

from app.config import Settings
from app.queries.filters import Filters, Limits, parse_filters, refuse_unknown
from app.queries.listing import ListSpec


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
    settings = request.app.state.settings
    return parse_filters(request.query_params, session, accepted, spec.sortable if spec else (), limits(settings), also)


def only_language(request: Request) -> None:
    """For an address that takes no parameter but the language: any other is a 400."""
    refuse_unknown(request.query_params, ())


# The dependency of every such route: `@router.get(path, dependencies=NO_PARAMETERS)`.
NO_PARAMETERS = [Depends(only_language)]
