"""The request's filters, read once by the same code for pages, exports, the API and charts."""

from __future__ import annotations

from fastapi import Request
from sqlmodel import Session

from app.config import Settings
from app.queries.filters import Filters, parse_filters
from app.queries.listing import ListSpec


def request_filters(request: Request, session: Session, spec: ListSpec | None = None) -> Filters:
    """Parse and check the query string, with the page-size and search limits from the settings."""
    settings: Settings = request.app.state.settings
    return parse_filters(
        request.query_params, session, spec.sortable if spec else (),
        default_size=settings.default_page_size, max_size=settings.max_page_size,
        max_search=settings.max_search_length,
    )
