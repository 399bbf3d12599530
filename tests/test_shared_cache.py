"""The response cache a server's workers share (app/shared_cache.py): what one worker rendered,
another serves without rendering; bounded; made per run and gone after; never fails a request."""

from __future__ import annotations

import os
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from app import shared_cache
from app.devserver import serve
from app.shared_cache import Answer, SharedCache, for_this_run, open_shared

KEY = ("127.0.0.1:8000", "/figures", b"province=sichuan", True, "2026-11-23", "zh", "", "", "")
ANSWER = Answer(
    headers=[(b"content-type", b"text/html; charset=utf-8"), (b"etag", b'"abc-gzip"'), (b"vary", b"Accept-Encoding")],
    body=b"\x1f\x8b compressed bytes \x00\r\n with every byte value",
    etag='"abc-gzip"',
)


@pytest.fixture()
def cache_path():
    with for_this_run() as path:
        yield path


def test_what_one_worker_stores_another_reads_byte_for_byte(cache_path: str) -> None:
    first, second = SharedCache(cache_path, 1 << 20), SharedCache(cache_path, 1 << 20)
    try:
        assert second.get(KEY) is None
        first.put(KEY, ANSWER)
        first.flush()
        assert second.get(KEY) == ANSWER
        assert second.get((*KEY[:5], "en", *KEY[6:])) is None  # another language is another answer
    finally:
        first.close()
        second.close()


def test_the_file_stays_within_its_bound(cache_path: str) -> None:
    bound = 64 * 1024
    cache = SharedCache(cache_path, bound)
    try:
        for number in range(400):
            cache.put(("/page", str(number).encode()), Answer([], bytes(2000), f'"{number}"'))
        cache.flush()
        (stored,) = cache.reader.execute("SELECT total(bytes) FROM answer").fetchone()
        # trimmed every WRITES_BETWEEN_TRIMS writes: at most that many answers past the bound
        assert stored <= bound + shared_cache.WRITES_BETWEEN_TRIMS * 2000
        assert cache.get(("/page", b"399")) is not None  # the newest are kept, the oldest dropped
        assert cache.get(("/page", b"0")) is None
    finally:
        cache.close()


def test_an_answer_larger_than_an_eighth_of_the_bound_is_not_shared(cache_path: str) -> None:
    cache = SharedCache(cache_path, 8000)
    try:
        cache.put(KEY, Answer([], bytes(1001), '"big"'))
        cache.flush()
        assert cache.get(KEY) is None
    finally:
        cache.close()


def test_a_busy_file_costs_one_write_and_the_tier_stays_on(cache_path: str, monkeypatch) -> None:
    """Another worker holding the write lock: this write is dropped, the next one lands."""
    import sqlite3

    monkeypatch.setattr(shared_cache, "BUSY_TIMEOUT_MS", 50)
    cache = SharedCache(cache_path, 1 << 20)
    other_worker = sqlite3.connect(cache_path, isolation_level=None)
    try:
        other_worker.execute("BEGIN IMMEDIATE")  # the write lock, held
        cache.put(KEY, ANSWER)
        cache.flush()
        assert cache.working and cache.get(KEY) is None  # dropped, and reading still works
        other_worker.execute("COMMIT")
        cache.put(KEY, ANSWER)
        cache.flush()
        assert cache.get(KEY) == ANSWER
    finally:
        other_worker.close()
        cache.close()


def test_each_run_gets_a_new_file_removed_when_it_stops() -> None:
    with for_this_run() as first, for_this_run() as second:
        assert first != second and os.path.exists(first) and os.path.exists(second)
    assert not os.path.exists(os.path.dirname(first)) and not os.path.exists(os.path.dirname(second))


def test_a_read_only_machine_serves_without_a_shared_file(monkeypatch) -> None:
    """A read-only container has no temporary directory to write: no shared cache, no failure."""

    def read_only(*_args, **_kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(shared_cache.tempfile, "mkdtemp", read_only)
    with for_this_run() as path:
        assert path is None


def test_no_file_no_shared_tier(tmp_path) -> None:
    assert open_shared("", 1 << 20) is None
    assert open_shared(str(tmp_path / "missing.sqlite"), 1 << 20) is None


def test_two_apps_on_one_file_render_a_page_once(settings, cache_path: str) -> None:
    """Two workers of one server: the second serves the first's answer, same bytes, same ETag."""
    from app.main import create_app

    shared_settings = settings.model_copy(update={"shared_cache_path": cache_path})
    first, second = create_app(shared_settings), create_app(shared_settings)
    with TestClient(first) as one, TestClient(second) as other:
        rendered = one.get("/provinces?lang=en")
        first.state.shared_cache.flush()
        served = other.get("/provinces?lang=en")
        assert rendered.headers["x-cache"] == "miss" and served.headers["x-cache"] == "hit"
        assert served.content == rendered.content and served.headers["etag"] == rendered.headers["etag"]
        assert other.get("/provinces?lang=zh").headers["x-cache"] == "miss"
        assert other.get("/provinces?lang=en", headers={"If-None-Match": rendered.headers["etag"]}).status_code == 304


def test_a_broken_file_turns_the_tier_off_and_requests_still_succeed(settings, tmp_path) -> None:
    from app.main import create_app

    broken = tmp_path / "answers.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    app = create_app(settings.model_copy(update={"shared_cache_path": str(broken)}))
    with TestClient(app) as client:
        assert client.get("/provinces").status_code == 200
        assert client.get("/provinces").headers["x-cache"] == "hit"  # the memory tier still works
        assert app.state.shared_cache is None or not app.state.shared_cache.working


@pytest.mark.slow
def test_a_server_with_two_workers_renders_each_page_once(settings) -> None:
    """Whichever worker each new connection reaches, one page is rendered once in all."""
    environment = {"SQLITE_PATH": str(settings.sqlite_path), "DATABASE_URL": settings.database_url}
    with serve(environment, "--no-access-log", workers=2) as (base, _process):
        caches = []
        for number in range(12):
            with httpx.Client() as fresh:  # a new connection each time: the workers share them out
                answer = fresh.get(f"{base}/villages?lang=en&size=7")
                assert answer.status_code == 200
                caches.append(answer.headers["x-cache"])
            if number == 0:
                time.sleep(0.3)  # the renderer's write is queued to its writer thread
        assert caches.count("miss") == 1, caches
