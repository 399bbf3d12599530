"""The data dictionary: every column of every download and every field of the API is described,
in both languages, and the page and the OpenAPI schema say the same."""

from __future__ import annotations

import html
import re

import pytest

from app.entities import ENTITIES


def described(page: str) -> dict[str, dict[str, str]]:
    """{list: {column: description}} as the page shows them."""
    found: dict[str, dict[str, str]] = {}
    for section in re.findall(r'<section id="([a-z]+)">(.*?)</section>', page, re.S):
        rows = re.findall(r"<code>([a-z_]+)</code></th><td>(.*?)</td>", section[1], re.S)
        found[section[0]] = dict(rows)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_download_column_is_described_in_the_readers_language(client, lang: str) -> None:
    shown = described(client.get("/data/dictionary", params={"lang": lang}).text)
    for entity in ENTITIES.values():
        csv_header = client.get(f"/{entity.name}.csv", params={"lang": lang}).text.lstrip("\ufeff").splitlines()[0]
        assert list(shown[entity.name]) == csv_header.split(","), entity.name
        for column, text in shown[entity.name].items():
            assert len(text) > 4, (entity.name, column)
            if lang == "zh":
                assert re.search(r"[\u4e00-\u9fff]", text), (column, text)  # translated, not the English


def test_the_api_schema_describes_every_field_as_the_dictionary_does(client) -> None:
    english = described(client.get("/data/dictionary", params={"lang": "en"}).text)
    components = client.get("/openapi.json").json()["components"]["schemas"]
    for entity in ENTITIES.values():
        schema = components[entity.schema.__name__]
        for field, spec in schema["properties"].items():
            assert spec.get("description"), (entity.schema.__name__, field)
            if field in english[entity.name] and field != "name_en":  # a person's: pinyin, said apart
                assert spec["description"] == html.unescape(english[entity.name][field]), field


def test_a_workbook_points_to_its_lists_columns(client) -> None:
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(client.get("/counties.xlsx", params={"lang": "en"}).content))
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["Columns"].endswith("/data/dictionary#counties")
    assert client.get("/data/dictionary").status_code == 200
