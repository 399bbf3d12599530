"""The images most readers ask for, drawn once when a worker starts: each chart's thumbnails (the
chart list and the overview, on a screen and on a phone) and its default PNG and SVG (the chart
page's download buttons and the preview a shared link shows), in each language.  Without them
the first readers of /charts wait while six thumbnails are drawn one after another
(bench/RESULTS.md).

They are drawn in the background, one at a time, through the same path as a request
(app/charts/drawing.py), so a reader who asks for an image meanwhile waits for at most one of
them; until an image is drawn its address is drawn on request as any other."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlmodel import Session

from app import images
from app.charts import CHARTS
from app.charts.drawing import draw
from app.charts.render import ImagesUnavailable, Renderer, RendererBusy, RenderFailed
from app.i18n import LANGUAGES, current_language
from app.queries.filters import Filters

log = logging.getLogger("ct_rural")

DEFAULT_SIZES = (
    ("svg", images.ImageSize(images.THUMBNAIL_WIDTH_PX, None, 1)),
    ("svg", images.ImageSize(images.PHONE_THUMBNAIL_WIDTH_PX, None, 1)),
    ("png", images.ImageSize(images.DEFAULT_WIDTH_PX, None, 1)),
    ("svg", images.ImageSize(images.DEFAULT_WIDTH_PX, None, 1)),
)


class DefaultImages:
    """Each chart's default images by (chart, format, canonical query), once drawn."""

    def __init__(self) -> None:
        self.drawn: dict[tuple[str, str, str], bytes] = {}
        self.started = False
        self.finished = asyncio.Event()

    @property
    def state(self) -> str:
        """What /readyz says: "off" (not drawn here), "drawing" or "drawn"."""
        return "drawn" if self.finished.is_set() else "drawing" if self.started else "off"

    def get(self, chart_id: str, fmt: str, query: str) -> bytes | None:
        return self.drawn.get((chart_id, fmt, query))

    async def draw_all(self, renderer: Renderer, session: Callable[[], AbstractContextManager[Session]]) -> None:
        """Draw every default image not drawn yet; stop at the first sign that images cannot be
        drawn here (no Chromium) and skip one the renderer is too busy for."""
        self.started = True
        try:
            for definition in CHARTS.values():
                for lang in LANGUAGES:
                    current_language.set(lang)
                    for fmt, size in DEFAULT_SIZES:
                        key = (definition.id, fmt, images.canonical_query((), definition.filters, lang, size))
                        if key in self.drawn:
                            continue
                        try:
                            with session() as opened:
                                self.drawn[key] = await draw(renderer, opened, definition, Filters(), size, fmt)
                        except (RendererBusy, RenderFailed) as skipped:
                            log.warning("default image %s.%s not drawn: %s", definition.id, fmt, skipped)
        except ImagesUnavailable:
            log.info("default chart images not drawn: no Chromium here")
        finally:
            # Readers are now served what was drawn; Chromium, which holds about a gigabyte after
            # these renders (bench/RESULTS.md), starts again for the first image asked for that
            # is not among them.
            await asyncio.to_thread(renderer.stop_if_idle)
            self.finished.set()
