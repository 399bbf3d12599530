"""Every list page's data twin: ``/figures.csv``, ``/counties.json`` … with the same filters,
complete rather than paged (Datasette's habit).

A small answer is built whole, so the response cache keeps it; a long one is streamed in batches
from its own session, and stops at ``MAX_EXPORT_MB`` with a last line (CSV) or field (JSON) that
says so and how to get the rest (narrower filters).
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app import licence, lifecycle, spreadsheet
from app.deps import SessionDep, get_data_version, get_engine, get_settings
from app.entities import ENTITIES, Entity
from app.exports import csv_head, csv_lines, list_body
from app.i18n import current_language
from app.i18n import gettext as _
from app.queries.filters import FilterError, Filters
from app.queries.listing import Page, batches, count_matching, list_rows, where_clauses
from app.routes.params import request_filters
from app.urls import absolute, filtered_url, list_url, page_url, path, url_with

router = APIRouter(include_in_schema=False)

# Up to this many rows an export is built in memory (and cached); beyond, it is streamed.
BUILD_WHOLE_ROWS = 2_000
BATCH_ROWS = 1_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _spreadsheet(request: Request, session, entity: Entity, filters: Filters) -> Response:
    """The selection as an Excel workbook, its rows read and written a batch at a time
    (spreadsheet.MAX_ROWS at most: past it, a 400 that points to the CSV)."""
    clauses = where_clauses(entity.spec, filters, session)
    total, more = count_matching(session, entity.spec, clauses, spreadsheet.MAX_ROWS)
    if more:
        raise FilterError(
            _(
                "A spreadsheet download holds at most %(max)s rows and this selection has more. Narrow the "
                "filters, or download the CSV, which holds every row.",
                max=f"{spreadsheet.MAX_ROWS:,}",
            )
        )
    site = absolute(request, "")
    rows = batches(session, entity.spec, filters, current_language.get(), BATCH_ROWS)
    about = [
        (_("Rows"), str(total)),
        (_("Selection"), site + filtered_url(request, list_url(entity.kind))),
        (
            _("Source"),
            _("China Telecom Rural Data, curated from two published reports: %(url)s", url=site + list_url("source")),
        ),
        (_("Licence"), f"{licence.NAME} {licence.URL}"),
        (_("Data version"), get_data_version(request)),
        (_("Columns"), _("Described at %(url)s", url=site + page_url("dictionary") + "#" + entity.name)),
    ]
    body = spreadsheet.workbook(entity.csv_header, (entity.csv_cells(session, batch, site) for batch in rows), about)
    return Response(
        body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="ct-rural-{entity.name}.xlsx"'}
    )


def _export_route(entity: Entity, fmt: str):
    def handler(request: Request, session: SessionDep) -> Response:
        filters = request_filters(request, session, entity.spec)
        language = current_language.get()
        if fmt == "xlsx":
            return _spreadsheet(request, session, entity, filters)
        if "size" in request.query_params:  # a page, when the address asks for one
            page = list_rows(session, entity.spec, filters, language, linked=True)
            return _whole(request, session, entity, fmt, page)
        # Counted once, exactly: it decides between whole and streamed and heads the JSON.
        clauses = where_clauses(entity.spec, filters, session)
        total = count_matching(session, entity.spec, clauses, None)[0]
        if total <= BUILD_WHOLE_ROWS:
            page = list_rows(session, entity.spec, filters, language, paged=False, linked=True)
            return _whole(request, session, entity, fmt, page)
        cap_bytes = int(get_settings(request).max_export_mb * 1024 * 1024)
        chunks = _stream(request, entity, fmt, filters, language, total, cap_bytes)
        media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
        return StreamingResponse(chunks, media_type=media, headers=_disposition(entity, fmt))

    handler.__name__ = f"{entity.name}_{fmt}"
    return handler


def _disposition(entity: Entity, fmt: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="ct-rural-{entity.name}.csv"'} if fmt == "csv" else {}


def _whole(request: Request, session, entity: Entity, fmt: str, page: Page) -> Response:
    if fmt == "csv":
        return Response(
            csv_head(entity.csv_header)
            + "".join(csv_lines(entity.csv_cells(session, page.items, absolute(request, "")))),
            media_type="text/csv; charset=utf-8",
            headers=_disposition(entity, fmt),
        )
    return JSONResponse(list_body(request, page, entity.items(session, page.items)))


def _lines(session, entity: Entity, fmt: str, batch: list, site: str, first: bool) -> list[str]:
    """A batch of rows as CSV lines, or as JSON items each after a comma but the very first."""
    if fmt == "csv":
        return csv_lines(entity.csv_cells(session, batch, site))
    items = entity.items(session, batch)
    return [("" if first and i == 0 else ", ") + json.dumps(x, ensure_ascii=False) for i, x in enumerate(items)]


def _stream(
    request: Request, entity: Entity, fmt: str, filters: Filters, language: str, total: int, cap_bytes: int
) -> Iterator[bytes]:
    """The export as one statement read in batches, on its own session (the request's closes when
    the handler returns), each batch sent as one chunk (and so compressed and flushed once),
    until every row is out, ``cap_bytes`` is reached or the server is stopping."""
    # The JSON's opening: the list's fields for one page of everything, up to its items' "[".
    everything = list_body(request, Page(items=[], total=total, page=1, size=total), [])
    opening = json.dumps(everything, ensure_ascii=False).removesuffix("]}")
    head = (csv_head(entity.csv_header) if fmt == "csv" else opening).encode()
    site = absolute(request, "")
    yield head
    sent, rows_sent = len(head), 0  # bytes, rows
    try:
        with Session(get_engine(request)) as session:
            for batch in batches(session, entity.spec, filters, language, BATCH_ROWS):
                encoded = [line.encode() for line in _lines(session, entity, fmt, batch, site, rows_sent == 0)]
                # The bytes sent once each line is: where the cap falls, if it falls in this batch.
                ends = list(itertools.accumulate(map(len, encoded), initial=sent))[1:]
                if cap_bytes and ends and ends[-1] > cap_bytes:
                    fits = bisect.bisect_right(ends, cap_bytes)
                    yield b"".join(encoded[:fits]) + _truncated(request, fmt, rows_sent + fits, total).encode()
                    return
                yield b"".join(encoded)
                sent, rows_sent = ends[-1] if ends else sent, rows_sent + len(encoded)
                if lifecycle.stopping.is_set() and rows_sent < total:
                    yield _truncated(request, fmt, rows_sent, total, stopping=True).encode()
                    return
    except DBAPIError:
        # The answer has begun: it can no longer become a 503, so it ends saying why it stopped.
        yield _truncated(request, fmt, rows_sent, total, too_slow=True).encode()
        return
    yield ("" if fmt == "csv" else "]}").encode()


def _truncated(
    request: Request, fmt: str, rows_sent: int, total: int, too_slow: bool = False, stopping: bool = False
) -> str:
    """The end of an export that stopped early: a last CSV line, or the JSON's closing fields."""
    # Not "page by page": pages reach the first COUNT_CAP rows only (listing.list_rows).
    words = {"sent": rows_sent, "total": total}
    if stopping:
        message = _(
            "Export stopped because the server is restarting: %(sent)s of %(total)s rows. Download it "
            "again in a moment: %(url)s",
            url=url_with(request),
            **words,
        )
    elif too_slow:
        message = _(
            "Export stopped because the database took too long: %(sent)s of %(total)s rows. Narrow the "
            "filters (by province or year, for instance) to download the rest.",
            **words,
        )
    else:
        message = _(
            "Export stopped at %(mb)s MB: %(sent)s of %(total)s rows. Narrow the filters (by province or "
            "year, for instance) to download the rest.",
            mb=get_settings(request).max_export_mb,
            **words,
        )
    if fmt == "csv":
        return f"# {message}\r\n"
    return f'], "truncated": true, "returned": {rows_sent}, "message": {json.dumps(message, ensure_ascii=False)}}}'


for _entity in ENTITIES.values():
    for _fmt in ("csv", "json", "xlsx"):
        router.add_api_route(path(f"{_entity.kind}-export", fmt=_fmt), _export_route(_entity, _fmt), methods=["GET"])
