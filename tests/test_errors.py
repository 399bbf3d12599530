"""What a reader is told when a request cannot be answered (app/errors.py): here, a page deeper
than the pages reach, which points to the download of the same selection."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.queries.listing import COUNT_CAP

# Only the synthetic national database has more rows than the pages reach.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="an SQLite database of its own"),
]


@pytest.fixture(scope="module")
def national(synthetic_national):
    app = create_app(Settings(sqlite_path=synthetic_national, response_cache_mb=0))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.mark.parametrize(
    ("path", "export"),
    [
        ("/figures?programme=rural-revitalisation", "/figures.csv?programme=rural-revitalisation"),
        ("/figures.json?programme=rural-revitalisation", "/figures.csv?programme=rural-revitalisation"),
        ("/api/figures?programme=rural-revitalisation", "/figures.csv?programme=rural-revitalisation"),
        ("/villages", "/villages.csv"),
    ],
)
def test_a_page_deeper_than_pages_reach_points_to_the_download_of_the_same_rows(national, path, export) -> None:
    size = 50
    deep = national.get(f"{path}{'&' if '?' in path else '?'}size={size}&page={COUNT_CAP // size + 1}&lang=en")
    assert deep.status_code == 404
    said = deep.json()["error"]["message"] if deep.headers["content-type"].startswith("application/json") else deep.text
    assert f"The CSV and JSON downloads hold every row: {export}" in said
    assert national.get(export).status_code == 200
