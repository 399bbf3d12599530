"""Charts: the list, one chart with its filters and "use this chart" panel, its plotted data as
CSV/JSON, and the chrome-less embed that any site may frame."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from app.charts import CHARTS
from app.charts.base import Chart, ChartDef
from app.charts.citation import citations
from app.db import SessionDep
from app.i18n import gettext as _
from app.routes.params import request_filters
from app.routes.rendering import render
from app.templating import filtered_url
from app.views import active_filter_chips, filter_options

router = APIRouter(include_in_schema=False)

EMBED_HEIGHT_PX = (200, 1600)


def chart_def(chart_id: str) -> ChartDef:
    found = CHARTS.get(chart_id)
    if found is None:
        raise HTTPException(404, _("There is no chart “%(id)s”. Charts: %(known)s.", id=chart_id[:60],
                                   known=", ".join(CHARTS)))
    return found


def build_chart(request: Request, session, definition: ChartDef) -> tuple[Chart, object]:
    filters = request_filters(request, session)
    return definition.build(session, filters), filters


def spec_json(chart: Chart) -> str:
    """The Plotly spec for a <script type="application/json"> block; "</" is escaped so no text
    in the data can close the script element."""
    return json.dumps(chart.figure, ensure_ascii=False).replace("</", "<\\/")


def chart_context(request: Request, session, definition: ChartDef) -> dict:
    chart, filters = build_chart(request, session, definition)
    page_url = str(request.base_url).rstrip("/") + filtered_url(request, f"/charts/{definition.id}")
    embed_url = str(request.base_url).rstrip("/") + filtered_url(request, f"/embed/{definition.id}")
    return {
        "chart": chart,
        "definition": definition,
        "spec": spec_json(chart),
        "filters": filters,
        "citation": citations(chart.title, page_url, chart.sources, dt.date.today()),
        "page_url": page_url,
        "embed_url": embed_url,
        "accessed": dt.date.today().isoformat(),
    }


@router.get("/charts", response_class=HTMLResponse)
def charts_index(request: Request) -> HTMLResponse:
    return render(request, "charts.html", {"charts": list(CHARTS.values())})


@router.get("/charts/{chart_id}.json")
def chart_json(chart_id: str, request: Request, session: SessionDep) -> JSONResponse:
    chart, _filters = build_chart(request, session, chart_def(chart_id))
    return JSONResponse({
        "chart": chart.id, "title": chart.title, "subtitle": chart.subtitle, "units": chart.units,
        "sources": [s.slug for s in chart.sources], "total": len(chart.rows), "rows": chart.rows,
    })


@router.get("/charts/{chart_id}.csv")
def chart_csv(chart_id: str, request: Request, session: SessionDep) -> Response:
    chart, _filters = build_chart(request, session, chart_def(chart_id))
    buffer = io.StringIO()
    buffer.write("\ufeff")
    columns = list(chart.rows[0]) if chart.rows else [c.key for c in chart.columns]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(chart.rows)
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="ct-rural-chart-{chart.id}.csv"'})


@router.get("/charts/{chart_id}", response_class=HTMLResponse)
def chart_page(chart_id: str, request: Request, session: SessionDep) -> HTMLResponse:
    definition = chart_def(chart_id)
    context = chart_context(request, session, definition)
    context.update({
        "title": context["chart"].title,
        "filter_names": definition.filters,
        "options": filter_options(session),
        "chips": active_filter_chips(request, context["filters"], session),
    })
    return render(request, "chart.html", context)


@router.get("/embed/{chart_id}", response_class=HTMLResponse)
def chart_embed(
    chart_id: str,
    request: Request,
    session: SessionDep,
    title: int = Query(1, ge=0, le=1, description="0 hides the title"),
    height: int = Query(480, ge=EMBED_HEIGHT_PX[0], le=EMBED_HEIGHT_PX[1], description="plot height in px"),
) -> HTMLResponse:
    definition = chart_def(chart_id)
    context = chart_context(request, session, definition)
    context["chart"].figure["layout"]["height"] = height
    context.update({"spec": spec_json(context["chart"]), "show_title": bool(title), "height": height})
    response = render(request, "embed.html", context)
    return response
