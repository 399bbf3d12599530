"""Bad input gets a 4xx a person understands: JSON under /api and for .json/.csv exports,
an HTML page in the reader's language everywhere else.  Never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.formatting import entity_kind, number
from app.i18n import gettext as _
from app.queries.filters import FilterError
from app.queries.listing import COUNT_CAP, PageOutOfRange
from app.routes.params import CanonicalAddress
from app.templating import templates
from app.urls import API_PREFIX, filtered_url, list_url, url_with

log = logging.getLogger("ct_rural")


RETRY_AFTER_S = 10


def is_timeout(exc: DBAPIError) -> bool:
    """SQLite's progress handler interrupted it, or PostgreSQL's statement_timeout cancelled it."""
    text = str(exc.orig).lower()
    return "interrupted" in text or "statement timeout" in text or "canceling statement" in text


def wants_json(request: Request) -> bool:
    path = request.url.path
    accept = request.headers.get("accept", "")
    if path.endswith((".png", ".svg")):
        # An image address: a browser showing it gets a page, a program or an <img> a short JSON.
        return "text/html" not in accept
    return (
        path.startswith(API_PREFIX)
        or path.endswith((".json", ".csv"))
        or ("application/json" in accept and "text/html" not in accept)
    )


def _titles() -> dict[int, str]:
    return {
        400: _("This address has a parameter we cannot use"),
        404: _("Not found"),
        405: _("Method not allowed"),
        422: _("This address has a parameter we cannot use"),
        500: _("Something went wrong on our side"),
        503: _("The data is unavailable for a moment"),
    }


def not_found(kind: str, slug: object) -> HTTPException:
    """404 for an entity of this kind ("county") that the data does not hold."""
    return HTTPException(
        404, _("There is no %(kind)s “%(slug)s” in the data.", kind=entity_kind(kind), slug=str(slug)[:80])
    )


def error_response(
    request: Request, status: int, message: str, headers: dict | None = None, link: tuple[str, str] | None = None
) -> Response:
    """``link``: (label, URL) of the page that would work, when there is one."""
    if wants_json(request):
        body = {"status": status, "message": message}
        if link:
            body["next"] = link[1]
        return JSONResponse({"error": body}, status, headers=headers)
    title = _titles().get(status, _("Error"))
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "title": title, "message": message, "link": link},
        status_code=status,
        headers=headers,
    )


def _problem(error: dict) -> str:
    """Pydantic's complaint in the reader's language (its own messages are English only)."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "literal_error":
        expected = str(context.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return _("must be one of: %(values)s", values=expected)
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("must be a whole number")
    if kind in ("float_parsing", "float_type"):
        return _("must be a number")
    if kind in ("greater_than_equal", "greater_than"):
        return _("must be at least %(limit)s", limit=context.get("ge", context.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return _("must be at most %(limit)s", limit=context.get("le", context.get("lt")))
    if kind == "string_too_long":
        return _("must be at most %(limit)s characters", limit=context.get("max_length"))
    if kind == "too_long":
        return _("takes at most %(limit)s values", limit=context.get("max_length"))
    if kind == "string_pattern_mismatch":
        return _("has characters an address of this kind cannot have")
    if kind == "missing":
        return _("is required")
    return error.get("msg", "")


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path") and not isinstance(p, int))
        parts.append(_("%(name)s: %(problem)s", name=where or "?", problem=_problem(error)))
    return _("; ").join(dict.fromkeys(parts))


async def another_spelling(_request: Request, exc: Exception) -> Response:
    """A page asked for by another spelling of its address (?province=四川, ?q=&year=): 301 to its own."""
    assert isinstance(exc, CanonicalAddress)
    return RedirectResponse(exc.url, status_code=301)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CanonicalAddress, another_spelling)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = _("There is no page at this address.")
        if exc.status_code == 405:
            message = _("This site only answers GET and HEAD requests.")
        return error_response(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, exc: FilterError) -> Response:
        return error_response(request, 400, str(exc))

    @app.exception_handler(PageOutOfRange)
    async def past_the_last_page(request: Request, exc: PageOutOfRange) -> Response:
        last = url_with(request, page=exc.last)
        if exc.too_deep:
            return error_response(
                request,
                404,
                _(
                    "Pages reach the first %(rows)s rows of a list; page %(page)s is deeper. The CSV "
                    "and JSON downloads hold every row: %(export)s",
                    rows=number(COUNT_CAP),
                    page=request.query_params.get("page"),
                    export=filtered_url(request, list_url(exc.table, "csv")),
                ),
                link=(_("Go to the last page"), last),
            )
        return error_response(
            request,
            404,
            _(
                "There is no page %(page)s: the last page is %(last)s.",
                page=request.query_params.get("page"),
                last=exc.last,
            ),
            link=(_("Go to the last page"), last),
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 400, _describe_validation(exc))

    @app.exception_handler(PoolTimeout)
    async def overloaded(request: Request, exc: PoolTimeout) -> Response:
        log.warning("no free database connection for %s: overloaded", request.url.path)
        return error_response(
            request, 503, _("The server is busy. Please try again in a moment."), {"Retry-After": "2"}
        )

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> Response:
        if is_timeout(exc):
            log.warning("query stopped by the time limit on %s", request.url.path)
            return error_response(
                request,
                503,
                _("This request took too long to answer and was stopped. Try narrower filters."),
                {"Retry-After": "5"},
            )
        # The database went away (restart, network): say so, and let the pool reconnect by itself.
        log.warning("database unavailable on %s: %s", request.url.path, str(exc.orig).splitlines()[0][:200])
        return error_response(
            request,
            503,
            _("The database is unavailable for a moment. Please try again shortly."),
            {"Retry-After": str(RETRY_AFTER_S)},
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, _("The error has been logged. Please try again later."))
