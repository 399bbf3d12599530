"""On the open internet, behind a proxy: the links a page writes, what one request may ask, what
the answers say to caches and other sites, and a worker's life under its supervisor."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from app import lifecycle
from app.config import PROJECT_ROOT
from app.main import create_app
from bench.devserver import free_port, running, wait_until_up

# --- links -------------------------------------------------------------------------------------


def test_a_host_the_site_does_not_answer_to_is_refused(client) -> None:
    assert client.get("/charts/timeline", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/charts/timeline", headers={"Host": "localhost:8000"}).status_code == 200


def test_links_come_from_the_public_url_whatever_the_host(settings) -> None:
    public = settings.model_copy(update={"public_url": "https://data.example.org", "allowed_hosts": "*"})
    app = create_app(public)
    with TestClient(app) as test_client:
        page = test_client.get("/charts/timeline?lang=en", headers={"Host": "evil.example"}).text
    app.state.engine.dispose()
    assert "https://data.example.org/embed.js" in page and "https://data.example.org/embed/timeline" in page
    assert "evil.example" not in page


# --- bounded requests --------------------------------------------------------------------------


@pytest.mark.parametrize("size", [5_000, 60_000])
def test_a_long_query_string_is_414(client, size: int) -> None:
    response = client.get("/figures?q=" + "a" * size)
    assert response.status_code == 414 and len(response.content) < 20_000  # the query is not echoed


@pytest.mark.parametrize(
    "path",
    [
        "/figures",
        "/figures.csv",
        "/figures.json",
        "/api/figures",
        "/api/counties/yanyuan",
        "/counties/yanyuan",
        "/charts/timeline",
        "/charts/timeline.json",
        "/embed/timeline",
        "/charts/timeline.svg",
        "/maps/county/yanyuan.svg",
        "/about",
        "/",
    ],
)
def test_an_unknown_parameter_is_a_400_that_names_it(client, path: str) -> None:
    response = client.get(path + "?lang=en&bogus=1")
    assert response.status_code == 400, path
    assert "bogus" in response.text
    assert client.get(path + "?lang=en").status_code in (200, 301), path  # the language is always taken


def test_past_its_requests_in_flight_a_worker_answers_503_but_stays_healthy(settings) -> None:
    app = create_app(settings.model_copy(update={"max_requests_in_flight": 0}))
    with TestClient(app) as test_client:
        busy = test_client.get("/figures?lang=en")
        assert busy.status_code == 503 and busy.headers["retry-after"]
        assert test_client.get("/healthz").status_code == 200
        assert test_client.get("/readyz").json()["status"] == "ok"
    app.state.engine.dispose()


def test_readiness_says_the_database_answers(client) -> None:
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["figures"] > 0
    assert ready.json()["renderer"] in ("idle", "running", "unavailable")
    assert client.get("/healthz").json() == {"status": "ok"}


# --- caches and other sites --------------------------------------------------------------------


def test_vary_names_every_header_a_page_depends_on(client) -> None:
    vary = {v.strip() for v in client.get("/figures?lang=en").headers["vary"].split(",")}
    assert {"HX-Request", "HX-Target", "HX-History-Restore-Request", "Accept-Encoding"} <= vary


def test_a_client_that_refuses_gzip_gets_the_identity(client) -> None:
    refused = client.get("/figures?lang=en", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers
    taken = client.get("/figures?lang=en", headers={"Accept-Encoding": "gzip;q=0.5"})
    assert taken.headers["content-encoding"] == "gzip"


@pytest.mark.parametrize("path", ["/api/figures?size=1", "/figures.csv", "/figures.json", "/charts/timeline.json"])
def test_open_data_may_be_fetched_by_any_site(client, path: str) -> None:
    assert client.get(path).headers["access-control-allow-origin"] == "*"  # with or without Origin


def test_pages_are_not_opened_to_other_sites(client) -> None:
    assert "access-control-allow-origin" not in client.get("/figures").headers


# --- exports and shutdown ----------------------------------------------------------------------


def test_an_export_streaming_when_the_server_stops_ends_saying_so(client, monkeypatch) -> None:
    from app.routes import exports

    monkeypatch.setattr(exports, "BUILD_WHOLE_ROWS", 5)
    monkeypatch.setattr(exports, "BATCH_ROWS", 4)
    stopped = threading.Event()
    stopped.set()
    monkeypatch.setattr(lifecycle, "stopping", stopped)
    # (an address of its own: the response cache may hold the whole export from another test)
    lines = client.get("/figures.csv?lang=en&order=asc").content.decode("utf-8-sig").rstrip().splitlines()
    assert lines[-1].startswith("# Export stopped because the server is restarting: 4 of 53 rows")
    assert len(lines) == 1 + 4 + 1  # the header, one batch, the line that says why
    body = client.get("/figures.json?lang=en&order=asc").json()  # still valid JSON
    assert body["truncated"] is True and body["returned"] == 4


def test_a_stop_signal_is_heard_before_the_server_handles_it() -> None:
    heard = []
    original = signal.signal(signal.SIGTERM, lambda *_: heard.append("server"))
    restore = lifecycle.hear_stop_signals()
    try:
        lifecycle.stopping.clear()
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.1)
        assert lifecycle.stopping.is_set() and heard == ["server"]
    finally:
        restore()
        signal.signal(signal.SIGTERM, original)
        lifecycle.stopping.clear()


# --- supervision -------------------------------------------------------------------------------

# A worker is supervised the same way whichever database it reads: these ran in `make test`.
SAME_ON_EITHER_DATABASE = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="supervision does not depend on the database: it ran in make test"
)


@SAME_ON_EITHER_DATABASE
def test_the_watchdog_fires_when_no_thread_is_free() -> None:
    fired = threading.Event()

    async def wedged() -> None:
        import anyio.to_thread

        watchdog = lifecycle.Watchdog(timeout_s=1.5, on_stale=fired.set)
        threading.Thread(target=watchdog.watch, daemon=True).start()
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = 1
        beat = asyncio.get_running_loop().create_task(watchdog.beat())
        await asyncio.sleep(0.5)
        assert not fired.is_set()  # beating while a thread is free
        stuck = asyncio.get_running_loop().create_task(anyio.to_thread.run_sync(time.sleep, 4))
        await asyncio.sleep(3.5)  # the only thread is stuck: no heartbeat gets through
        watchdog.stop()
        beat.cancel()
        await stuck

    with ThreadPoolExecutor(1) as pool:  # its own event loop, away from any test's
        pool.submit(asyncio.run, wedged()).result()
    assert fired.is_set()


def worker_pids(supervisor: int) -> set[int]:
    found = subprocess.run(["pgrep", "-P", str(supervisor)], capture_output=True, text=True).stdout.split()
    # uvicorn's workers are spawned by multiprocessing; its resource tracker is not a worker.
    return {int(pid) for pid in found if "spawn_main" in open(f"/proc/{pid}/cmdline").read()}


@pytest.mark.slow
@SAME_ON_EITHER_DATABASE
def test_a_wedged_worker_is_replaced(settings) -> None:
    """`python -m app serve` as deployed: a worker that stops answering is killed and a fresh one
    serves; a forwarded https from the allowed proxy gives https links."""
    port = free_port()
    environment = {
        **os.environ,
        "SQLITE_PATH": str(settings.sqlite_path),
        "DATABASE_URL": settings.database_url,
        "PORT": str(port),
        "WORKERS": "1",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "app", "serve"]
    with running(command, f"{base}/healthz", cwd=PROJECT_ROOT, env=environment) as server:
        page = httpx.get(f"{base}/charts/timeline?lang=en", headers={"X-Forwarded-Proto": "https"}).text
        assert re.search(rf"https://127\.0\.0\.1:{port}/embed\.js", page)
        deadline = time.monotonic() + 20
        while not (before := worker_pids(server.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        (wedged,) = before
        os.kill(wedged, signal.SIGSTOP)  # neither its loop nor any thread runs: it answers nothing
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            after = worker_pids(server.pid)
            if after and wedged not in after:
                break
            time.sleep(0.5)
        assert after and wedged not in after, "the wedged worker was not replaced"
        wait_until_up(f"{base}/healthz", server)


def test_readiness_says_unavailable_without_the_database_s_words(settings, tmp_path) -> None:
    import shutil

    if settings.database_url:
        pytest.skip("a SQLite file made bad under the app")
    copy = tmp_path / "copy.sqlite"
    shutil.copy(settings.sqlite_path, copy)
    app = create_app(settings.model_copy(update={"sqlite_path": copy, "database_url": ""}))
    with TestClient(app) as test_client:
        copy.write_bytes(b"not a database")  # the file goes bad under a running app
        app.state.engine.dispose()
        ready = test_client.get("/readyz")
        assert test_client.get("/healthz").status_code == 200  # alive, not ready
    app.state.engine.dispose()
    assert ready.status_code == 503 and ready.headers["retry-after"]
    said = ready.json()
    assert said == {
        "status": "unavailable",
        "database": "unavailable",
        "renderer": said["renderer"],
        "default_images": said["default_images"],
    }


def test_the_in_flight_bound_holds_under_many_requests_at_once_and_frees_its_places() -> None:
    """Ten requests at once against three places: three are answered, seven are told 503 at once,
    and every place is given back, by an answer that failed too."""
    from starlette.responses import Response

    from app.http import BoundsMiddleware

    release = asyncio.Event()

    async def slow(scope, receive, send) -> None:
        if scope["path"] == "/fails":
            raise RuntimeError("boom")
        await release.wait()
        await Response("ok")(scope, receive, send)

    def busy_answer(_request, status, message, headers=None):
        return Response(message, status_code=status, headers=headers)

    bounds = BoundsMiddleware(slow, max_query_bytes=4096, max_in_flight=3, error_response=busy_answer)

    async def one(path: str = "/x") -> int:
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
        try:
            await bounds(scope, None, send)
        except RuntimeError:
            return 500
        return sent[0]["status"]

    async def main() -> tuple[list[int], int, int]:
        tasks = [asyncio.create_task(one()) for _ in range(10)]
        await asyncio.sleep(0.05)
        waiting = bounds.in_flight
        release.set()
        statuses = await asyncio.gather(*tasks)
        failed = await one("/fails")
        return [*statuses, failed], waiting, bounds.in_flight

    with ThreadPoolExecutor(1) as pool:
        statuses, waiting, after = pool.submit(asyncio.run, main()).result()
    assert waiting == 3 and sorted(statuses[:10]) == [200] * 3 + [503] * 7
    assert statuses[10] == 500 and after == 0


def test_readiness_answers_while_every_page_thread_is_busy(settings, monkeypatch) -> None:
    """/readyz reads the database on a thread of its own (app.state.ready_thread): with all of
    anyio's page threads held by pages that wait, it still answers at once."""
    from app.routes import pages

    release = threading.Event()
    real_list_rows = pages.list_rows

    def waiting(*args, **kwargs):
        release.wait(20)
        return real_list_rows(*args, **kwargs)

    monkeypatch.setattr(pages, "list_rows", waiting)
    app = create_app(settings)
    with TestClient(app) as client, ThreadPoolExecutor(44) as pool:
        pages_asked = [pool.submit(client.get, f"/counties?lang=en&size={10 + n}") for n in range(44)]
        time.sleep(1.0)  # the pages have taken the 40 threads and wait in them
        try:
            started = time.perf_counter()
            ready = client.get("/readyz")
            took = time.perf_counter() - started
        finally:
            release.set()
        assert ready.status_code == 200 and ready.json()["status"] == "ok"
        assert took < 2, f"/readyz waited {took:.1f} s behind the pages"
        assert all(asked.result(timeout=30).status_code == 200 for asked in pages_asked)
    app.state.engine.dispose()
