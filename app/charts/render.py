"""Figures to PNG and SVG with Plotly's own exporter, kaleido, which drives a headless Chromium.

One Chromium per process, started on the first image and kept while images are asked for (a
first image takes about two seconds, later ones a fifth of a second).  It draws with the very plotly.js bundle the
pages use (node_modules, not a CDN) and with MathJax off, so rendering fetches nothing.  Where no
Chromium is installed, :class:`ImagesUnavailable` says what to install; the web layer turns it
into a 503.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path

import kaleido

from app.i18n import gettext as _

log = logging.getLogger("ct_rural")

FORMATS = ("png", "svg")
RENDER_TIMEOUT_S = 30
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class ImagesUnavailable(RuntimeError):
    """Static images cannot be made on this machine; the message says what is missing."""


def install_hint() -> str:
    return _(
        "Images are made with Chromium, which is not installed on this server. Install it (Debian or "
        "Ubuntu: apt-get install chromium fonts-noto-cjk) or set BROWSER_PATH to a Chrome or Chromium "
        "program, then restart the app. The chart itself, its data and its embed work without it."
    )


def browser_path() -> str | None:
    """The Chromium kaleido will drive: $BROWSER_PATH, or the first on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


class Renderer:
    """Chromium for kaleido: started by the first image, stopped after ``idle_s`` seconds without
    one (it holds some 500 MB while it runs, and most images are answered from the response cache
    after their first render), started again by the next.

    kaleido's server is one per process, so there is one Renderer per process (the app's)."""

    def __init__(self, plotly_js: Path, idle_s: float = 120, tabs: int = 2) -> None:
        self.plotly_js = plotly_js
        self.idle_s = idle_s
        self.tabs = tabs
        self.lock = threading.Lock()
        self.started = False
        self.rendering = 0
        self.idle_timer: threading.Timer | None = None
        self.browser = browser_path()

    def available(self) -> bool:
        """Whether images can be drawn here (read once: pages ask on every render)."""
        return self.browser is not None

    def _start(self) -> None:
        """Called with the lock held."""
        if self.started:
            return
        path = self.browser
        if path is None:
            raise ImagesUnavailable(install_hint())
        try:
            kaleido.start_sync_server(
                n=self.tabs,
                timeout=RENDER_TIMEOUT_S,
                plotlyjs=str(self.plotly_js),
                mathjax=False,
                path=path,
                silence_warnings=True,
            )
        except Exception as error:  # kaleido raises its own ChromeNotFoundError and OSErrors
            log.warning("kaleido could not start Chromium at %s: %s", path, error)
            raise ImagesUnavailable(install_hint()) from error
        self.started = True

    def render(self, figure: dict, fmt: str, width: int, height: int, scale: float) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(fmt)
        with self.lock:
            self._start()
            self.rendering += 1
            if self.idle_timer:
                self.idle_timer.cancel()
        try:
            return kaleido.calc_fig_sync(figure, opts={"format": fmt, "width": width, "height": height, "scale": scale})
        finally:
            with self.lock:
                self.rendering -= 1
                if self.rendering == 0 and self.idle_s > 0:
                    self.idle_timer = threading.Timer(self.idle_s, self._stop_if_idle)
                    self.idle_timer.daemon = True
                    self.idle_timer.start()

    def _stop_if_idle(self) -> None:
        with self.lock:
            if self.rendering == 0:
                self._stop()

    def _stop(self) -> None:
        """Called with the lock held."""
        if self.started:
            kaleido.stop_sync_server(silence_warnings=True)
            self.started = False

    def stop(self) -> None:
        with self.lock:
            if self.idle_timer:
                self.idle_timer.cancel()
            self._stop()
