"""A worker's life under its supervisor: it hears that the server is stopping, and it stops
itself when it can no longer answer, so that the supervisor starts a fresh one.

``python -m app serve`` runs every worker under uvicorn's supervisor (app/cli.py), which
replaces a worker that exits or stops answering its ping.  The ping is answered by a thread of
its own, so a worker whose event loop still turns while every thread that renders a page is stuck
would pass it; the watchdog here closes that gap: a heartbeat goes through the event loop *and*
the thread pool, and a worker whose heartbeat stops for ``WORKER_TIMEOUT_S`` exits.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable

import anyio
import anyio.to_thread

log = logging.getLogger("ct_rural")
# Set when the server is told to stop: a download still streaming ends with a line saying so.
stopping = threading.Event()
# The environment variable the supervisor sets for its workers (app/cli.py).
SUPERVISED = "CT_RURAL_SUPERVISED"
# An exit code of its own: uvicorn's supervisor stops altogether on its start-up failure code.
EXIT_WEDGED = 70
BEAT_S = 1.0


def hear_stop_signals() -> Callable[[], None]:
    """Chain a handler before the server's own for SIGTERM and SIGINT that sets ``stopping``;
    returns what puts the server's back.  Only in the main thread (where a server runs its
    loop); elsewhere (a test client) there is nothing to hear."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def heard(sig, frame) -> None:
        stopping.set()
        handler = previous[sig]
        if callable(handler):
            handler(sig, frame)

    for sig in previous:
        signal.signal(sig, heard)

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


class Watchdog:
    """Exits the process (``on_stale``) when no heartbeat has passed through the event loop and
    a worker thread for ``timeout_s``."""

    def __init__(self, timeout_s: float, on_stale: Callable[[], None] | None = None) -> None:
        self.timeout_s = timeout_s
        self.on_stale = on_stale or (lambda: os._exit(EXIT_WEDGED))
        self.last = time.monotonic()
        self.done = threading.Event()

    def _beat(self) -> None:
        self.last = time.monotonic()

    async def beat(self) -> None:
        """The heartbeat, a task on the worker's event loop, for as long as the worker runs."""
        while not self.done.is_set():
            await anyio.to_thread.run_sync(self._beat)
            await anyio.sleep(BEAT_S)

    def watch(self) -> None:
        """The watch, a thread of its own."""
        while not self.done.wait(BEAT_S):
            if time.monotonic() - self.last > self.timeout_s:
                log.error(
                    "no heartbeat for %s s: every thread is stuck; exiting so a fresh worker starts", self.timeout_s
                )
                self.on_stale()
                return

    def stop(self) -> None:
        self.done.set()
