"""The API's contract: limits from the settings, closed vocabularies as enums, only a list's own
filters in its schema; and long exports streamed and capped."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.routes import exports


@pytest.fixture(scope="module")
def roomy(settings):
    """The app with other limits than the defaults."""
    app = create_app(
        settings.model_copy(update={"max_page_size": 800, "max_search_length": 30, "max_export_mb": 0.004})
    )
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def parameters(client, path: str) -> dict[str, dict]:
    spec = client.get("/openapi.json").json()
    return {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"]}


def test_every_limit_comes_from_the_settings(roomy) -> None:
    assert roomy.get("/api/figures?size=800").status_code == 200
    assert roomy.get("/figures.json?size=800").status_code == 200
    assert roomy.get("/api/figures?size=801").status_code == 400
    assert parameters(roomy, "/api/figures")["size"]["maximum"] == 800
    assert parameters(roomy, "/api/figures")["q"]["maxLength"] == 30
    assert roomy.get("/api/figures", params={"q": "x" * 31}).status_code == 400
    assert roomy.get("/figures", params={"q": "x" * 31}).status_code == 400


def enum_of(schema: dict) -> list:
    """The enum of a parameter, through the array and optional wrappers OpenAPI puts around it."""
    for option in schema.get("anyOf", [schema]):
        inner = option.get("items", option)
        if "enum" in inner:
            return inner["enum"]
    return []


def test_closed_vocabularies_are_enums_and_a_list_documents_only_its_filters(client) -> None:
    figures = parameters(client, "/api/figures")
    assert enum_of(figures["sort"]) == sorted(("id", "value", "label", "year", "source"))
    assert "sichuan" in enum_of(figures["province"]) and "yanyuan" in enum_of(figures["county"])
    assert set(enum_of(figures["qualifier"])) == {"exact", "over", "about", "nearly"}
    counties = parameters(client, "/api/counties")
    assert "qualifier" not in counties and "year" not in counties and "county" not in counties
    assert enum_of(counties["sort"]) == ["name", "province"]


def test_api_messages_follow_the_language(client) -> None:
    zh = client.get("/api/figures?size=0&lang=zh").json()["error"]["message"]
    en = client.get("/api/figures?size=0&lang=en").json()["error"]["message"]
    assert en == "size: must be at least 1" and zh != en and "1" in zh


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_long_export_is_streamed_and_stops_at_its_cap_saying_so(roomy, monkeypatch, fmt: str) -> None:
    monkeypatch.setattr(exports, "BUILD_WHOLE_ROWS", 5)
    monkeypatch.setattr(exports, "BATCH_ROWS", 4)
    response = roomy.get(f"/figures.{fmt}", params={"lang": "en"})
    assert response.status_code == 200 and "etag" not in response.headers  # streamed, so not cached
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines(keepends=True)
        assert lines[-1].startswith("# Export stopped at 0.004 MB:") and "of 53 rows" in lines[-1]
        rows = list(csv.DictReader(io.StringIO("".join(lines[:-1]))))
        assert 0 < len(rows) < 53 and rows[0]["id"] == "1"
        assert f": {len(rows)} of 53 rows" in lines[-1]  # the rows it says it sent
        # within the cap, and the next row would not have been
        assert len(response.content) - len(lines[-1].encode()) <= 0.004 * 1024 * 1024
    else:
        body = response.json()
        assert body["truncated"] is True and 0 < body["returned"] == len(body["items"]) < body["total"] == 53
        assert len(response.content.split(b'], "truncated"')[0]) <= 0.004 * 1024 * 1024


def test_an_export_within_its_cap_streams_every_row(client, monkeypatch) -> None:
    monkeypatch.setattr(exports, "BUILD_WHOLE_ROWS", 5)
    monkeypatch.setattr(exports, "BATCH_ROWS", 4)
    body = client.get("/figures.json", params={"province": "sichuan"}).json()
    assert body["total"] == len(body["items"]) > 5 and "truncated" not in body
    assert [r["id"] for r in body["items"]] == sorted(r["id"] for r in body["items"])
