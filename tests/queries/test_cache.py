"""The per-process result cache: least recently used out first, by the weight each entry declares."""

from __future__ import annotations

from types import SimpleNamespace

from app.queries.cache import EngineCache


class FakeEngine:
    """Stands for an engine: the cache keys weakly on it."""


def session_of(engine: FakeEngine) -> SimpleNamespace:
    return SimpleNamespace(get_bind=lambda: engine)


def test_entries_go_least_recently_used_first_by_weight() -> None:
    cache, session = EngineCache(size=10), session_of(FakeEngine())
    cache.put(session, "a", 1, weight=4)
    cache.put(session, "b", 2, weight=4)
    assert cache.get(session, "a") == 1  # a is now the most recently used
    cache.put(session, "c", 3, weight=4)  # 12 > 10: b, the least recently used, goes
    assert (cache.get(session, "a"), cache.get(session, "b"), cache.get(session, "c")) == (1, None, 3)


def test_a_replaced_entry_gives_back_its_weight() -> None:
    cache, session = EngineCache(size=10), session_of(FakeEngine())
    cache.put(session, "a", 1, weight=6)
    cache.put(session, "a", 2, weight=6)  # replaces, does not add up to 12
    cache.put(session, "b", 3, weight=4)
    assert (cache.get(session, "a"), cache.get(session, "b")) == (2, 3)


def test_each_engine_has_its_own_entries() -> None:
    cache = EngineCache(size=10)
    first, second = session_of(FakeEngine()), session_of(FakeEngine())
    cache.put(first, "a", 1)
    assert cache.get(second, "a") is None and cache.get(first, "a") == 1


def test_an_entry_heavier_than_the_whole_cache_is_still_kept_alone() -> None:
    cache, session = EngineCache(size=3), session_of(FakeEngine())
    cache.put(session, "small", 1)
    cache.put(session, "big", 2, weight=5)
    assert (cache.get(session, "small"), cache.get(session, "big")) == (None, 2)
