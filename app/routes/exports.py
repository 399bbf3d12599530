"""Every list page's data twin: ``/figures.csv``, ``/counties.json`` … with the same filters,
complete rather than paged (Datasette's habit)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from app.db import SessionDep
from app.exports import EXPORTS, to_csv
from app.queries.listing import list_rows
from app.routes.params import request_filters
from app.urls import url_with

router = APIRouter(include_in_schema=False)


def _export_route(name: str, fmt: str):
    export = EXPORTS[name]

    def handler(request: Request, session: SessionDep) -> Response:
        filters = request_filters(request, session, export.spec)
        # Complete by default; paged only when the address asks for a page size.
        paged = "size" in request.query_params
        page = list_rows(session, export.spec, filters, paged=paged)
        rows = export.rows_out(session, page.items)
        if fmt == "csv":
            return Response(
                to_csv(export, rows), media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="ct-rural-{name}.csv"'},
            )
        body = {"total": page.total, "items": [row.model_dump() for row in rows]}
        if paged:
            body.update(page=page.page, size=page.size)
            if page.page < page.pages:
                body["next"] = url_with(request, page=page.page + 1)
        return JSONResponse(body)

    handler.__name__ = f"{name}_{fmt}"
    return handler


for _name in EXPORTS:
    for _fmt in ("csv", "json"):
        router.add_api_route(f"/{_name}.{_fmt}", _export_route(_name, _fmt), methods=["GET"])
