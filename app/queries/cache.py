"""Results read once per process and database: the data only changes with a new build."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session

T = TypeVar("T")


def once_per_engine(build: Callable[[Session], T]) -> Callable[[Session], T]:
    """Cache ``build(session)`` by the session's engine: each app (and each test database) has its
    own, and a second call for the same engine returns the first result."""
    results: dict[int, T] = {}

    @functools.wraps(build)
    def cached(session: Session) -> T:
        key = id(session.get_bind())
        if key not in results:
            results[key] = build(session)
        return results[key]

    return cached
