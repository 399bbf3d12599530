"""Faults: a query past the time limit answers 503 and the server stays responsive; PostgreSQL
going away mid-run gives 503 with Retry-After, and the app recovers by itself when it returns."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT, Settings
from app.main import create_app
from app.queries.listing import batches

pytestmark = pytest.mark.slow


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite's own time limit: it ran in make test")
def test_a_query_over_the_time_limit_answers_503_and_the_server_stays_up(synthetic_national) -> None:
    # A limit of 2 ms: the slow query below takes ten times that, however fast the machine.
    app = create_app(Settings(sqlite_path=synthetic_national, sql_time_limit_ms=2, response_cache_mb=0))
    with TestClient(app) as client:
        started = time.monotonic()
        # A search matching every synthetic figure ("…（合成）"), sorted by label: every match is
        # read and sorted, tens of milliseconds (in the index's own order it takes one or two).
        slow = client.get("/figures?q=合成）&sort=label&lang=en")
        assert slow.status_code == 503 and slow.headers["retry-after"]
        assert "took too long" in slow.text
        assert time.monotonic() - started < 2, "the guard stops the query, not the client"
        api = client.get("/api/figures?q=合成）&sort=label")
        assert api.status_code == 503 and api.json()["error"]["status"] == 503
        for _ in range(3):  # quick requests still answer, before and after slow ones
            assert client.get("/healthz").status_code == 200
            assert client.get("/figures?q=合成）&sort=label&lang=en").status_code == 503
    app.state.engine.dispose()


PG_DIR = os.environ.get("PG_TEST_SERVER_DIR")


@pytest.mark.skipif(
    not (os.environ.get("TEST_DATABASE_URL") and PG_DIR),
    reason="needs the throwaway PostgreSQL of `make test-postgres` (PG_TEST_SERVER_DIR)",
)
def test_postgresql_going_away_gives_503_and_the_app_recovers(settings: Settings) -> None:
    script = str(PROJECT_ROOT / "scripts" / "pg-test-server")
    app = create_app(settings.model_copy(update={"response_cache_mb": 0}))
    with TestClient(app) as client:
        assert client.get("/counties").status_code == 200
        subprocess.run([script, "halt", PG_DIR], check=True, timeout=60)
        try:
            down = client.get("/counties?lang=en")
            assert down.status_code == 503 and int(down.headers["retry-after"]) > 0
            assert "unavailable" in down.text
            assert client.get("/api/counties").json()["error"]["status"] == 503
        finally:
            subprocess.run([script, "resume", PG_DIR], check=True, timeout=60)
        deadline = time.monotonic() + 30
        while client.get("/counties").status_code != 200:
            assert time.monotonic() < deadline, "the app did not recover after PostgreSQL came back"
            time.sleep(0.5)
        assert client.get("/api/counties").status_code == 200
    app.state.engine.dispose()


def test_a_streamed_export_that_runs_out_of_time_ends_saying_so(client, monkeypatch) -> None:
    """Once an answer has begun it cannot become a 503: a long export whose next batch is stopped
    by the query guard ends with a line that says why, and the server stays up."""
    from sqlalchemy.exc import OperationalError

    from app.routes import exports

    monkeypatch.setattr(exports, "BUILD_WHOLE_ROWS", 5)
    monkeypatch.setattr(exports, "BATCH_ROWS", 4)

    def guarded(*args, **kwargs):
        for number, batch in enumerate(batches(*args, **kwargs)):
            if number == 1:  # the stream's second batch: the guard interrupts it
                raise OperationalError("SELECT …", {}, Exception("interrupted"))
            yield batch

    monkeypatch.setattr(exports, "batches", guarded)
    response = client.get("/figures.csv?lang=en&order=desc")  # an address no other test put in the cache
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").rstrip().splitlines()
    assert lines[-1].startswith("# Export stopped because the database took too long: 4 of 53 rows"), lines[-1]
    assert len(lines) == 1 + 4 + 1  # the header, the first batch, the line that says why
    assert client.get("/healthz").status_code == 200
