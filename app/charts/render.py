"""Figures to PNG and SVG with Plotly's own exporter, kaleido, which drives a headless Chromium.

Why it is built this way (each point was a failure in real use):

- **Each request gets its own answer.** kaleido's *sync* server hands results back through one
  shared queue, so two threads rendering at once could each receive the other's image (plotly/
  Kaleido#444).  Here every render is a task on kaleido's *async* API, and the caller awaits that
  task's own future: an answer cannot reach another request.
- **Images never hold the threads pages use.** Chromium runs on an event loop in a thread of its
  own (:class:`Engine`); a request awaits its image without holding a thread.  At most ``tabs``
  renders run at once and at most ``queue`` more wait; past that the caller is told to come back
  (:class:`RendererBusy`, a 503 with ``Retry-After``).
- **Images never take the cores pages use.** Chromium drawing at full tilt took both cores of a
  small machine, and ``/healthz`` waited for one (p99 50-110 ms).  It may run on the last ``cpus``
  of the machine only (half of them by default: :func:`image_cpus`), so the app's workers always
  have a core: ``/healthz`` p99 fell to 15-23 ms, at a third fewer images per second
  (bench/RESULTS.md).
- **A dead or stuck Chromium never wedges the server.** Every render has a deadline; a renderer
  crash (what the OOM killer picks) or the browser's exit fails the renders in flight at once.
  Either way the engine is thrown away (its process group killed) and the next image starts a
  fresh one.

One engine per process, started by the first image and stopped after ``idle_s`` seconds without
one (Chromium holds a few hundred MB while it runs).  It draws with the very plotly.js bundle the
pages use and with MathJax off, so rendering fetches nothing.  Where no Chromium is installed,
:class:`ImagesUnavailable` says what to install.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import shutil
import signal
import threading
from pathlib import Path

import kaleido

from app.i18n import gettext as _

log = logging.getLogger("ct_rural")

FORMATS = ("png", "svg")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Starting Chromium takes about two seconds; a machine that needs ten is in trouble.
START_DEADLINE_S = 20
# Closing politely first; then the process group is killed.
CLOSE_DEADLINE_S = 3


class ImagesUnavailable(RuntimeError):
    """Static images cannot be made on this machine; the message says what is missing."""


class RendererBusy(RuntimeError):
    """As many images are being drawn and waiting as this process takes; try again shortly."""


class RenderFailed(RuntimeError):
    """Chromium died or missed the deadline; it is being restarted."""


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


class Engine:
    """One Chromium driven by kaleido, on an event loop in a thread of its own.

    ``died`` resolves (with the reason) when the browser exits, a renderer crashes, or the engine
    is closed: every render still in flight on it is then failed by its caller at once."""

    def __init__(self, plotly_js: Path, browser: str, tabs: int, cpus: frozenset[int] = frozenset()) -> None:
        self.tabs = tabs
        self.cpus = cpus
        self.died: concurrent.futures.Future[str] = concurrent.futures.Future()
        self.pid: int | None = None
        self._kaleido: kaleido.Kaleido | None = None
        self._jobs: set[asyncio.Task] = set()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="chromium-images", daemon=True)
        self._thread.start()
        self._opened = asyncio.run_coroutine_threadsafe(self._open(plotly_js, browser), self._loop)

    def _run(self) -> None:
        if self.cpus:
            # Pinned before anything starts: the threads this one starts (kaleido launches Chromium
            # from one) and every process and thread Chromium makes inherit the mask from birth.
            # (Pinning Chromium's threads after the start raced with the ones still being born.)
            try:
                os.sched_setaffinity(0, self.cpus)
            except OSError as refused:  # the CPUs allowed changed since start-up: draw anywhere
                log.warning("chart images not kept to CPUs %s: %s", sorted(self.cpus), refused)
        self._loop.run_forever()

    async def _open(self, plotly_js: Path, browser: str) -> None:
        engine = kaleido.Kaleido(n=self.tabs, timeout=None, plotlyjs=str(plotly_js), mathjax=False, path=browser)
        await engine.open()
        self._kaleido = engine
        self.pid = engine.subprocess.pid
        self._slots = asyncio.Semaphore(self.tabs)
        for tab in engine.tabs.values():
            tab.subscribe("Inspector.targetCrashed", self._renderer_crashed, repeating=True)
        self._watch = asyncio.create_task(self._watch_browser())

    async def _renderer_crashed(self, _event: object) -> None:
        self._die("a Chromium renderer crashed")

    async def _watch_browser(self) -> None:
        assert self._kaleido is not None
        while self._kaleido.subprocess.poll() is None:
            await asyncio.sleep(0.2)
        self._die("Chromium exited")

    def _die(self, reason: str) -> None:
        """Called on the engine's loop: the renders in flight fail now, not at their deadline."""
        with contextlib.suppress(concurrent.futures.InvalidStateError):
            self.died.set_result(reason)
        for job in self._jobs:
            job.cancel()

    def submit(self, figure: dict, opts: dict, wait_s: float, deadline_s: float) -> concurrent.futures.Future[bytes]:
        """Schedule one render; the future holds this render's bytes and nothing else's."""
        return asyncio.run_coroutine_threadsafe(self._render(figure, opts, wait_s, deadline_s), self._loop)

    async def _render(self, figure: dict, opts: dict, wait_s: float, deadline_s: float) -> bytes:
        job = asyncio.current_task()
        assert job is not None
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)
        if self.died.done():
            raise RenderFailed(self.died.result())
        await asyncio.wait_for(asyncio.wrap_future(self._opened), START_DEADLINE_S)
        try:
            await asyncio.wait_for(self._slots.acquire(), wait_s)
        except TimeoutError as waited:
            raise RendererBusy() from waited
        try:
            assert self._kaleido is not None
            return await asyncio.wait_for(self._kaleido.calc_fig(figure, opts=opts), deadline_s)
        finally:
            self._slots.release()

    def close(self) -> None:
        """Stop Chromium, politely for a few seconds, then by killing its process group (which
        takes its renderers with it).  Safe from any thread, at any stage, more than once."""
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._die, "closed")
            closing = asyncio.run_coroutine_threadsafe(self._close(), self._loop)
            with contextlib.suppress(Exception):
                closing.result(CLOSE_DEADLINE_S)
        if self.pid is not None:  # Chromium starts a session of its own: its group is its pid
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _close(self) -> None:
        if self._kaleido is not None:
            await self._kaleido.close()
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()


def image_cpus(count: int = 0) -> frozenset[int]:
    """The CPUs Chromium may draw on: the last ``count`` this process may use (0: half of them, at
    least one).  Empty when that is all of them, or where CPU affinity cannot be set."""
    if not hasattr(os, "sched_getaffinity"):
        return frozenset()
    usable = sorted(os.sched_getaffinity(0))
    chosen = frozenset(usable[-(count or max(1, len(usable) // 2)) :])
    return frozenset() if chosen == set(usable) else chosen


class Renderer:
    """The process's images: admission, deadlines, and an :class:`Engine` replaced when it fails.

    ``render`` is a coroutine: a request awaits its image without holding a thread."""

    def __init__(
        self,
        plotly_js: Path,
        *,
        tabs: int = 1,
        queue: int = 7,
        wait_s: float = 20,
        deadline_s: float = 20,
        idle_s: float = 120,
        cpus: frozenset[int] = frozenset(),
    ) -> None:
        self.plotly_js = plotly_js
        self.tabs, self.queue, self.cpus = tabs, queue, cpus
        self.wait_s, self.deadline_s, self.idle_s = wait_s, deadline_s, idle_s
        self.browser = browser_path()
        self.admitted = 0
        self.restarts = 0
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self._idle_timer: threading.Timer | None = None

    def available(self) -> bool:
        """Whether images can be drawn here (read once: pages ask on every render)."""
        return self.browser is not None

    @property
    def started(self) -> bool:
        return self._engine is not None

    def _admit(self) -> Engine:
        with self._lock:
            if self.browser is None:
                raise ImagesUnavailable(install_hint())
            if self.admitted >= self.tabs + self.queue:
                raise RendererBusy()
            if self._engine is None or self._engine.died.done():
                self._engine = Engine(self.plotly_js, self.browser, self.tabs, self.cpus)
            if self._idle_timer:
                self._idle_timer.cancel()
            self.admitted += 1
            return self._engine

    def _release(self) -> None:
        with self._lock:
            self.admitted -= 1
            if self.admitted == 0 and self.idle_s > 0:
                self._idle_timer = threading.Timer(self.idle_s, self.stop_if_idle)
                self._idle_timer.daemon = True
                self._idle_timer.start()

    def _failed(self, engine: Engine, error: BaseException) -> RenderFailed | ImagesUnavailable:
        """Throw the engine away (in the background: the caller answers now) and say why."""
        reason = engine.died.result() if engine.died.done() else f"{type(error).__name__}: {error}"
        log.warning("chart image failed (%s); restarting Chromium", reason)
        with self._lock:
            if self._engine is engine:
                self._engine = None
                self.restarts += 1
        threading.Thread(target=engine.close, name="chromium-close", daemon=True).start()
        if engine.pid is None and not isinstance(error, TimeoutError | RenderFailed):
            return ImagesUnavailable(install_hint())  # Chromium never started
        return RenderFailed(_("The image could not be drawn this time (%(reason)s). Please try again.", reason=reason))

    @staticmethod
    def _opts(fmt: str, width: int, height: int, scale: float) -> dict:
        if fmt not in FORMATS:
            raise ValueError(fmt)
        return {"format": fmt, "width": width, "height": height, "scale": scale}

    async def render(self, figure: dict, fmt: str, width: int, height: int, scale: float) -> bytes:
        opts = self._opts(fmt, width, height, scale)
        engine = self._admit()
        try:
            job = engine.submit(figure, opts, self.wait_s, self.deadline_s)
            try:
                await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(job)), self._patience())
            except asyncio.CancelledError:
                if not job.cancelled():  # the reader went away: so does the render
                    job.cancel()
                    raise
            except Exception:
                pass
            return self._outcome(engine, job)
        finally:
            self._release()

    def _patience(self) -> float:
        """The engine keeps every deadline itself; this is the backstop if its loop is stuck."""
        return START_DEADLINE_S + self.wait_s + self.deadline_s + CLOSE_DEADLINE_S

    def _outcome(self, engine: Engine, job: concurrent.futures.Future[bytes]) -> bytes:
        """The render's bytes; or, if it failed or its engine died, why."""
        if not job.done() or job.cancelled():
            job.cancel()
            raise self._failed(engine, RenderFailed("stopped"))
        error = job.exception()
        if error is None:
            return job.result()
        if isinstance(error, RendererBusy):
            raise error
        raise self._failed(engine, error) from error

    def stop_if_idle(self) -> None:
        """Close Chromium now unless an image is being drawn (the next image starts a fresh one):
        it holds hundreds of megabytes while it runs.  Blocks for up to CLOSE_DEADLINE_S."""
        with self._lock:
            if self.admitted:
                return
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()

    def stop(self) -> None:
        with self._lock:
            if self._idle_timer:
                self._idle_timer.cancel()
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()

    @property
    def engine(self) -> Engine | None:
        """The engine now running, if any (the fault tests kill its Chromium)."""
        return self._engine
