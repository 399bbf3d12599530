"""Charts: the list, one chart with its filters and "use this chart" panel, its plotted data as
CSV/JSON, and the chrome-less embed that any site may frame."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from app import images, urls
from app.charts import CHARTS
from app.charts.base import Chart, ChartDef, source_line
from app.charts.drawing import draw
from app.charts.options import offered
from app.charts.render import ImagesUnavailable, RendererBusy, RenderFailed
from app.citations import citations
from app.deps import RendererDep, SessionDep, get_data_version, get_default_images, get_renderer, get_settings
from app.errors import RETRY_AFTER_S
from app.exports import csv_head, csv_lines, plain_number
from app.i18n import current_language, in_each_language
from app.i18n import gettext as _
from app.queries.filters import Filters
from app.routes.params import NO_PARAMETERS, request_filters
from app.routes.rendering import render
from app.urls import ROUTES, absolute, chart_image_url, chart_url, filtered_url, with_params
from app.views import active_filter_chips, filter_options

router = APIRouter(include_in_schema=False)

EMBED_HEIGHT_PX = (200, 1600)
log = logging.getLogger("ct_rural")


def chart_def(chart_id: str) -> ChartDef:
    found = CHARTS.get(chart_id)
    if found is None:
        raise HTTPException(
            404, _("There is no chart “%(id)s”. Charts: %(known)s.", id=chart_id[:60], known=", ".join(CHARTS))
        )
    return found


def build_chart(request: Request, session, definition: ChartDef, also: tuple[str, ...] = ()) -> tuple[Chart, object]:
    filters = request_filters(request, session, accepted=definition.filters, also=also)
    return definition.built(session, filters), filters


def chart_context(request: Request, session, definition: ChartDef, also: tuple[str, ...] = ()) -> dict:
    chart, filters = build_chart(request, session, definition, also)
    page_url = absolute(request, filtered_url(request, chart_url(definition.id)))
    # The embed and the images keep the language the page is read in, whatever the reader's browser.
    embed_url = absolute(
        request, with_params(filtered_url(request, urls.embed_url(definition.id)), {"lang": current_language.get()})
    )
    return {
        "chart": chart,
        "definition": definition,
        "spec": chart.spec,
        "filters": filters,
        "source_line": source_line(chart),
        "citation": citations(
            in_each_language(definition.title),
            page_url,
            chart.sources,
            dt.date.today(),
            f"ct-rural-chart-{definition.id}",
            get_data_version(request),
        ),
        "chart_address": page_url,  # absolute, for the snippets
        # The preview a shared link shows (WeChat, Weibo, Slack …: the Open Graph tags).
        "share_image": absolute(request, chart_image_url(request, definition.id, "png", definition.filters)),
        "embed_url": embed_url,
        # Links on the page stay relative; the snippets a report pastes elsewhere need the host.
        "images": {fmt: chart_image_url(request, definition.id, fmt, definition.filters) for fmt in images.MEDIA_TYPES},
        "image_urls": {
            fmt: absolute(request, chart_image_url(request, definition.id, fmt, definition.filters))
            for fmt in images.MEDIA_TYPES
        },
        "presets": {
            name: chart_image_url(request, definition.id, "png", definition.filters, preset=name)
            for name in images.PRESETS
        },
        "embed_script_url": absolute(request, urls.page_url("embed-script")),
        "accessed": dt.date.today().isoformat(),
    }


@router.get(ROUTES["charts"], response_class=HTMLResponse, dependencies=NO_PARAMETERS)
def charts_index(request: Request, renderer: RendererDep) -> HTMLResponse:
    return render(request, "charts.html", {"charts": list(CHARTS.values()), "images": renderer.available()})


@router.get(ROUTES["chart-json"])
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


@router.get(ROUTES["chart-csv"])
def chart_csv(chart_id: str, request: Request, session: SessionDep) -> Response:
    chart, _filters = build_chart(request, session, chart_def(chart_id))
    columns = tuple(chart.rows[0]) if chart.rows else tuple(c.key for c in chart.columns)
    # The lists' writer: 70000000, not 70000000.0, as in /figures.csv.
    cells = [[plain_number(v) if isinstance(v, float) else v for v in row.values()] for row in chart.rows]
    return Response(
        csv_head(columns) + "".join(csv_lines(cells)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="ct-rural-chart-{chart.id}.csv"'},
    )


IMAGE_PARAMS = ("lang", *images.SIZE_PARAMS)


def image_request(
    request: Request, session, definition: ChartDef, fmt: str
) -> tuple[Filters, images.ImageSize, str | None]:
    """The filters and size asked for, and the canonical address when this one is spelt another
    way.  The filters are checked first (an unknown parameter or value is a 400), so that the address
    redirected to is one of known slugs, which need no escaping."""
    unknown = [name for name in request.query_params if name not in (*definition.filters, *IMAGE_PARAMS)]
    if unknown:
        raise images.ImageParamError(
            _(
                "A chart image takes %(known)s; not %(unknown)s.",
                known=", ".join((*definition.filters, *IMAGE_PARAMS)),
                unknown=", ".join(name[:40] for name in unknown[:5]),
            )
        )
    filters = request_filters(request, session, accepted=definition.filters, also=images.SIZE_PARAMS)
    size = images.parse_size(request.query_params)
    query = images.canonical_query(request.query_params.multi_items(), definition.filters, current_language.get(), size)
    return filters, size, None if query == request.url.query else f"{chart_url(definition.id)}.{fmt}?{query}"


async def chart_image(request: Request, session, chart_id: str, fmt: str) -> Response:
    definition = chart_def(chart_id)
    try:
        filters, size, canonical = image_request(request, session, definition, fmt)
        if canonical:
            return RedirectResponse(canonical, status_code=301)
        body = get_default_images(request).get(chart_id, fmt, request.url.query)
        if body is None:
            body = await draw(get_renderer(request), session, definition, filters, size, fmt)
    except images.ImageParamError as bad:
        raise HTTPException(400, str(bad)) from bad
    except ImagesUnavailable as missing:
        raise HTTPException(503, str(missing)) from missing
    except RendererBusy as busy:
        message = _("Many images are being drawn right now. Please try again in a few seconds.")
        raise HTTPException(503, message, headers={"Retry-After": str(RETRY_AFTER_S)}) from busy
    except RenderFailed as failed:
        raise HTTPException(503, str(failed), headers={"Retry-After": str(RETRY_AFTER_S)}) from failed
    return Response(
        body,
        media_type=images.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'inline; filename="{image_filename(chart_id, fmt, size)}"'},
    )


def image_filename(chart_id: str, fmt: str, size: images.ImageSize) -> str:
    return f"ct-rural-{chart_id}{'-' + size.preset if size.preset else ''}.{fmt}"


@router.get(ROUTES["chart-png"])
async def chart_png(chart_id: str, request: Request, session: SessionDep) -> Response:
    return await chart_image(request, session, chart_id, "png")


@router.get(ROUTES["chart-svg"])
async def chart_svg(chart_id: str, request: Request, session: SessionDep) -> Response:
    return await chart_image(request, session, chart_id, "svg")


@router.get(ROUTES["chart"], response_class=HTMLResponse)
def chart_page(chart_id: str, request: Request, session: SessionDep) -> HTMLResponse:
    definition = chart_def(chart_id)
    context = chart_context(request, session, definition)
    context.update(
        {
            "title": context["chart"].title,
            "filter_names": definition.filters,
            "options": filter_options(session),
            # Only the options that give this chart something to plot, without counts: a chart's
            # points are not figures.
            "option_counts": offered(session, definition, get_settings(request).facet_counts_max_figures),
            "show_counts": False,
            "chips": active_filter_chips(request, context["filters"], session),
        }
    )
    return render(request, "chart.html", context)


# What an embed takes besides the chart's filters (its query parameters below).
EMBED_PARAMS = ("title", "height")


@router.get(ROUTES["embed"], response_class=HTMLResponse)
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
    context = chart_context(request, session, definition, also=EMBED_PARAMS)
    if height_given := "height" in request.query_params:
        chart = context["chart"]  # shared (ChartDef.built): change a copy
        layout = {**chart.figure["layout"], "height": height}
        context["chart"] = replace(chart, figure={**chart.figure, "layout": layout})
        context["spec"] = context["chart"].spec
    context.update({"show_title": bool(title), "fixed_height": height_given})
    response = render(request, "embed.html", context)
    return response
