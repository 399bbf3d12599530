"""Results read once per process and database: the data only changes with a new build."""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlmodel import Session

T = TypeVar("T")


def once_per_engine(build: Callable[[Session], T]) -> Callable[[Session], T]:
    """Cache ``build(session)`` by the session's engine: each app (and each test database) has its
    own, and a second call for the same engine returns the first result.  Keyed weakly on the
    engine itself, so a disposed engine's results go with it (an ``id`` could be reused)."""
    results: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @functools.wraps(build)
    def cached(session: Session) -> T:
        engine = session.get_bind()
        if engine not in results:
            results[engine] = build(session)
        return results[engine]

    return cached


class EngineCache:
    """Results already made (counts of a selection, built charts), per engine and key, the least
    recently used dropped first: the data only changes with a new build, so the same selection
    is counted once however many pages, sorts and languages readers ask for it in.  ``size`` is
    the total weight kept per engine: each entry weighs 1 unless its ``put`` says more."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.by_engine: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.weights: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.lock = threading.Lock()

    def get(self, session: Session, key: Hashable) -> Any:
        with self.lock:
            entries = self.by_engine.get(session.get_bind())
            if entries is None or key not in entries:
                return None
            entries.move_to_end(key)
            return entries[key][0]

    def put(self, session: Session, key: Hashable, value: Any, weight: int = 1) -> None:
        engine = session.get_bind()
        with self.lock:
            entries = self.by_engine.setdefault(engine, OrderedDict())
            if key in entries:
                self.weights[engine] -= entries.pop(key)[1]
            entries[key] = (value, weight)
            self.weights[engine] = self.weights.get(engine, 0) + weight
            while self.weights[engine] > self.size and len(entries) > 1:
                self.weights[engine] -= entries.popitem(last=False)[1][1]
