"""One chart image, from the database to checked bytes: the chart built for its filters, its
report figure at the size asked for, drawn by the renderer, checked to be the chart asked for,
and a PNG given its print size.  Requests and the default images (app/charts/defaults.py) both
draw through here, so a stored image is made exactly as a requested one."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session

from app import images
from app.charts.base import ChartDef
from app.charts.render import Renderer, RenderFailed
from app.charts.report import report_figure
from app.i18n import gettext as _
from app.queries.filters import Filters

log = logging.getLogger("ct_rural")

# Images are built (database, then the figure) on a thread of their own and drawn in Chromium
# without holding any thread: a burst of images never takes the threads that pages use.
IMAGE_FIGURES = ThreadPoolExecutor(max_workers=1, thread_name_prefix="image-figures")


def image_figure(session: Session, definition: ChartDef, filters: Filters, size: images.ImageSize) -> tuple[str, dict]:
    """(the chart's title, its figure at this size); over the pixel budget, ImageParamError."""
    chart = definition.built(session, filters)
    figure = report_figure(chart, size.width, size.height)
    size.check_budget(figure["layout"]["height"])
    return chart.title, figure


async def draw(
    renderer: Renderer, session: Session, definition: ChartDef, filters: Filters, size: images.ImageSize, fmt: str
) -> bytes:
    """The image's bytes, in the caller's language; RenderFailed when they are not the chart
    asked for (never served, never kept)."""
    work = contextvars.copy_context().run
    title, figure = await asyncio.get_running_loop().run_in_executor(
        IMAGE_FIGURES, work, image_figure, session, definition, filters, size
    )
    height = figure["layout"]["height"]
    body = await renderer.render(figure, fmt, size.width, height, size.scale)
    if not images.is_the_image_asked_for(body, fmt, title, size.width, height, size.scale):
        log.error("chart image %s.%s: the drawn bytes are not the chart asked for; not served", definition.id, fmt)
        raise RenderFailed(_("The image could not be drawn this time. Please try again."))
    if fmt == "png":
        body = images.with_dpi(body, images.CSS_PX_PER_INCH * size.scale)
    return body
