"""The app factory's start-up: what it reads once is kept out of the garbage collector's way,
and the collector is left as found when the app stops."""

from __future__ import annotations

import gc

from fastapi.testclient import TestClient

from app.main import GC_THRESHOLDS, create_app


def test_start_up_freezes_what_it_read_and_collects_less_often(settings) -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        gc.unfreeze()
        app = create_app(settings)
        with TestClient(app) as client:
            assert client.get("/healthz").status_code == 200
            assert gc.get_threshold() == GC_THRESHOLDS
            assert gc.get_freeze_count() > 10_000  # the names, vocabulary and counts read at start-up
        assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0  # as found, after
        app.state.engine.dispose()
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
