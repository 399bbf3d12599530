"""Charts: the list, one chart with its filters and "use this chart" panel, its plotted data as
CSV/JSON, and the chrome-less embed that any site may frame."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from app.charts import CHARTS
from app.charts.base import Chart, ChartDef, source_line
from app.charts.citation import citations
from app.charts.render import ImagesUnavailable
from app.charts.report import report_figure
from app.db import SessionDep
from app.i18n import current_language
from app.i18n import gettext as _
from app.routes.params import request_filters
from app.routes.rendering import render
from app.urls import chart_image_url, filtered_url, with_params
from app.views import active_filter_chips, filter_options

router = APIRouter(include_in_schema=False)

EMBED_HEIGHT_PX = (200, 1600)
# Static images: bounded so that one request cannot ask for a poster-sized render.
IMAGE_WIDTH_PX = (400, 2400)
IMAGE_HEIGHT_PX = (300, 4000)
IMAGE_SCALE = (1, 4)
DEFAULT_IMAGE_WIDTH_PX = 1200
IMAGE_MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def chart_def(chart_id: str) -> ChartDef:
    found = CHARTS.get(chart_id)
    if found is None:
        raise HTTPException(
            404, _("There is no chart “%(id)s”. Charts: %(known)s.", id=chart_id[:60], known=", ".join(CHARTS))
        )
    return found


def build_chart(request: Request, session, definition: ChartDef) -> tuple[Chart, object]:
    filters = request_filters(request, session, accepted=definition.filters)
    return definition.built(session, filters), filters


def absolute(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


def chart_context(request: Request, session, definition: ChartDef) -> dict:
    chart, filters = build_chart(request, session, definition)
    page_url = absolute(request, filtered_url(request, f"/charts/{definition.id}"))
    # The embed and the images keep the language the page is read in, whatever the reader's browser.
    embed_url = absolute(
        request, with_params(filtered_url(request, f"/embed/{definition.id}"), {"lang": current_language.get()})
    )
    return {
        "chart": chart,
        "definition": definition,
        "spec": chart.spec,
        "filters": filters,
        "source_line": source_line(chart),
        "citation": citations(chart.title, page_url, chart.sources, dt.date.today()),
        "page_url": page_url,
        "embed_url": embed_url,
        # Links on the page stay relative; the snippets a report pastes elsewhere need the host.
        "images": {fmt: chart_image_url(request, definition.id, fmt) for fmt in IMAGE_MEDIA_TYPES},
        "image_urls": {
            fmt: absolute(request, chart_image_url(request, definition.id, fmt)) for fmt in IMAGE_MEDIA_TYPES
        },
        "embed_script_url": absolute(request, "/embed.js"),
        "accessed": dt.date.today().isoformat(),
    }


@router.get("/charts", response_class=HTMLResponse)
def charts_index(request: Request) -> HTMLResponse:
    return render(
        request, "charts.html", {"charts": list(CHARTS.values()), "images": request.app.state.renderer.available()}
    )


@router.get("/charts/{chart_id}.json")
def chart_json(chart_id: str, request: Request, session: SessionDep) -> JSONResponse:
    chart, _filters = build_chart(request, session, chart_def(chart_id))
    return JSONResponse(
        {
            "chart": chart.id,
            "title": chart.title,
            "subtitle": chart.subtitle,
            "units": chart.units,
            "sources": [s.slug for s in chart.sources],
            "total": len(chart.rows),
            "rows": chart.rows,
        }
    )


@router.get("/charts/{chart_id}.csv")
def chart_csv(chart_id: str, request: Request, session: SessionDep) -> Response:
    chart, _filters = build_chart(request, session, chart_def(chart_id))
    buffer = io.StringIO()
    buffer.write("\ufeff")
    columns = list(chart.rows[0]) if chart.rows else [c.key for c in chart.columns]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(chart.rows)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ct-rural-chart-{chart.id}.csv"'},
    )


def chart_image(
    request: Request, session, chart_id: str, fmt: str, width: int, height: int | None, scale: float
) -> Response:
    chart, _filters = build_chart(request, session, chart_def(chart_id))
    figure = report_figure(chart, width, height)
    try:
        body = request.app.state.renderer.render(figure, fmt, width, figure["layout"]["height"], scale)
    except ImagesUnavailable as missing:
        raise HTTPException(503, str(missing)) from missing
    return Response(
        body,
        media_type=IMAGE_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'inline; filename="ct-rural-{chart.id}.{fmt}"'},
    )


ImageWidth = Annotated[int, Query(ge=IMAGE_WIDTH_PX[0], le=IMAGE_WIDTH_PX[1], description="image width in px")]
ImageHeight = Annotated[
    int | None,
    Query(
        ge=IMAGE_HEIGHT_PX[0], le=IMAGE_HEIGHT_PX[1], description="image height in px (default: what the chart needs)"
    ),
]
ImageScale = Annotated[float, Query(ge=IMAGE_SCALE[0], le=IMAGE_SCALE[1], description="pixel density (PNG)")]


@router.get("/charts/{chart_id}.png")
def chart_png(
    chart_id: str,
    request: Request,
    session: SessionDep,
    width: ImageWidth = DEFAULT_IMAGE_WIDTH_PX,
    height: ImageHeight = None,
    scale: ImageScale = 1,
) -> Response:
    return chart_image(request, session, chart_id, "png", width, height, scale)


@router.get("/charts/{chart_id}.svg")
def chart_svg(
    chart_id: str,
    request: Request,
    session: SessionDep,
    width: ImageWidth = DEFAULT_IMAGE_WIDTH_PX,
    height: ImageHeight = None,
    scale: ImageScale = 1,
) -> Response:
    return chart_image(request, session, chart_id, "svg", width, height, scale)


@router.get("/charts/{chart_id}", response_class=HTMLResponse)
def chart_page(chart_id: str, request: Request, session: SessionDep) -> HTMLResponse:
    definition = chart_def(chart_id)
    context = chart_context(request, session, definition)
    context.update(
        {
            "title": context["chart"].title,
            "filter_names": definition.filters,
            "options": filter_options(session),
            "chips": active_filter_chips(request, context["filters"], session),
        }
    )
    return render(request, "chart.html", context)


@router.get("/embed/{chart_id}", response_class=HTMLResponse)
def chart_embed(
    chart_id: str,
    request: Request,
    session: SessionDep,
    title: int = Query(1, ge=0, le=1, description="0 hides the title"),
    height: int = Query(
        480,
        ge=EMBED_HEIGHT_PX[0],
        le=EMBED_HEIGHT_PX[1],
        description="plot height in px; without it the plot fills the frame",
    ),
) -> HTMLResponse:
    definition = chart_def(chart_id)
    context = chart_context(request, session, definition)
    if height_given := "height" in request.query_params:
        chart = context["chart"]  # shared (ChartDef.built): change a copy
        layout = {**chart.figure["layout"], "height": height}
        context["chart"] = replace(chart, figure={**chart.figure, "layout": layout})
        context["spec"] = context["chart"].spec
    context.update({"show_title": bool(title), "fixed_height": height_given})
    response = render(request, "embed.html", context)
    return response
