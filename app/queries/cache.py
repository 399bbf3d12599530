"""Results read once per process and database: the data only changes with a new build."""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session

T = TypeVar("T")


def once_per_engine(build: Callable[[Session], T]) -> Callable[[Session], T]:
    """Cache ``build(session)`` by the session's engine: each app (and each test database) has its
    own, and a second call for the same engine returns the first result.  Keyed weakly on the
    engine itself, so a disposed engine's results go with it (an ``id`` could be reused).  Built
    once even when a cold worker's first requests all ask at once: the others wait for it."""
    results: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
    building = threading.RLock()

    @functools.wraps(build)
    def cached(session: Session) -> T:
        engine = session.get_bind()
        if engine not in results:
            with building:
                if engine not in results:
                    results[engine] = build(session)
        return results[engine]

    return cached
