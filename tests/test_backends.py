"""With TEST_DATABASE_URL set, the app on PostgreSQL answers exactly as the app on SQLite does,
sorting of Chinese and English names included."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from app.build import build_database
from app.config import Settings
from app.main import create_app

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")

PATHS = [
    "/figures.json?sort=label",
    "/figures.json?sort=value&order=desc",
    "/figures.json?province=sichuan&sort=year",
    "/counties.json?sort=name",
    "/villages.json?sort=county",
    "/projects.json",
    "/organisations.json",
    "/programmes.json",
    "/provinces.json?sort=counties&order=desc",
    "/timeline.json",
    "/people.json?sort=name",
    "/api/figures?sort=label&size=7&page=3",
    "/charts/investment-by-place.json",
    "/charts/places-map.json",
    "/figures.csv?q=村",
    # Search: the same rows through FTS5 on SQLite and pg_trgm on PostgreSQL, ranked alike.
    "/figures.json?q=捐赠资金",
    "/figures.json?q=90%25",
    "/figures.json?q=Sichuan",
    "/counties.json?q=county",
    "/counties.json?q=盐源",
    "/villages.json?q=yang",
    "/programmes.json?q=poverty alleviation&order=desc",
    "/organisations.json?q=中国电信",
    "/people.json?q=书记",
    "/timeline.json?q=2019",
    "/api/projects?q=平台",
    "/sources.json?q=乡村振兴",
    # One- and two-character words (grams), other spellings and widths, place names.
    "/figures.json?q=扶贫",
    "/figures.json?q=贫",
    "/figures.json?q=fiber",
    "/figures.json?q=4＋2",
    "/projects.json?q=木里",
    "/villages.json?q=四川",
    # Filters combined, a county list, and a search with a filter.
    "/figures.json?province=sichuan&programme=designated&year=2019",
    "/figures.json?province=sichuan&year=2019&sort=year&order=desc",
    "/figures.json?programme=designated&year=2020&scope=county",
    "/figures.json?county=yanyuan&year=2019&sort=value",
    "/figures.json?province=sichuan&q=Sichuan",
    "/figures.json?province=sichuan&q=贫困人口",
]


@pytest.fixture(scope="module")
def sqlite_client(tmp_path_factory: pytest.TempPathFactory):
    settings = Settings(sqlite_path=tmp_path_factory.mktemp("compare") / "compare.sqlite")
    build_database(settings)
    app = create_app(settings)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_postgresql_and_sqlite_answer_the_same(client, sqlite_client, path: str, lang: str) -> None:
    separator = "&" if "?" in path else "?"
    on_postgres = client.get(f"{path}{separator}lang={lang}")
    on_sqlite = sqlite_client.get(f"{path}{separator}lang={lang}")
    assert on_postgres.status_code == on_sqlite.status_code == 200
    assert on_postgres.content == on_sqlite.content
