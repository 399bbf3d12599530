"""Every list as CSV and JSON with the list's filters; the JSON API against its models."""

from __future__ import annotations

import csv
import io
import json

import pytest

from app import schemas
from app.entities import ENTITIES, READABLE_NAMES
from app.exports import FIGURE_CSV_COLUMNS, csv_lines


def parse_csv(response) -> list[dict[str, str]]:
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_names_beside_slugs_read_in_the_chosen_language(client, database, lang: str) -> None:
    """Each slug cell has its names beside it, in the order of the slugs, as the tables hold them;
    a figure's source title, readable period and address come with it."""
    names = {}
    for table in ("province", "county", "village", "programme", "organisation"):
        for slug, zh, en in database.execute(f"SELECT slug, name_zh, name_en FROM {table}"):
            names[(table, slug)] = zh if lang == "zh" else (en or zh)
    titles = dict(database.execute(f"SELECT slug, title_{lang} FROM source"))
    checked = 0
    for name, pairs in {
        "figures": {"province": "province", "county": "county", "village": "village", "programme": "programme"},
        "counties": {"province": "province", "programmes": "programme"},
        "villages": {"province": "province", "county": "county", "programmes": "programme"},
        "organisations": {"province": "province", "parent": "organisation"},
    }.items():
        for row in parse_csv(client.get(f"/{name}.csv", params={"lang": lang})):
            for column, table in pairs.items():
                beside = READABLE_NAMES[column][0]
                slugs = [s for s in row[column].split("|") if s]
                assert row[beside] == "|".join(names[(table, s)] for s in slugs), (name, column, row)
                checked += len(slugs)
            assert row["url"].startswith("http://testserver/")
    assert checked > 100
    figures = {r["id"]: r for r in parse_csv(client.get("/figures.csv", params={"lang": lang}))}
    assert figures["9"]["source_title"] == titles[figures["9"]["source"]]
    assert figures["9"]["period_label"] == ("2018年—2020年2月" if lang == "zh" else "2018 – Feb 2020")
    assert client.get(figures["9"]["url"].removeprefix("http://testserver")).status_code == 200


def test_figures_csv_has_the_promised_columns_and_every_row(client, database) -> None:
    response = client.get("/figures.csv")
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert tuple(header[:17]) == (
        *("id", "label_zh", "label_en", "value", "value_min", "value_max", "unit", "qualifier", "text"),
        *("period", "period_label", "scope", "province", "province_name", "county", "county_name", "village"),
    )
    assert set(header) == set(FIGURE_CSV_COLUMNS) | {
        *("period_label", "province_name", "county_name", "village_name", "programme_name", "source_title", "url")
    }
    rows = parse_csv(response)
    connection = database
    stored = {
        r[0]: r
        for r in connection.execute(
            "SELECT id, label_zh, value, unit, qualifier, text, excerpt, source_slug FROM figure"
        )
    }
    assert len(rows) == len(stored)
    for row in rows:
        _id, label_zh, value, unit, qualifier, text, excerpt, source = stored[int(row["id"])]
        assert (row["label_zh"], row["unit"], row["qualifier"], row["text"], row["excerpt"], row["source"]) == (
            label_zh,
            unit,
            qualifier,
            text,
            excerpt,
            source,
        )
        assert float(row["value"]) == value


def test_place_columns_hold_slugs_separated_by_pipes(client) -> None:
    rows = {r["id"]: r for r in parse_csv(client.get("/figures.csv"))}
    four_plus_two = rows["9"]
    assert set(four_plus_two["county"].split("|")) == {"yanyuan", "muli", "shufu", "tianlin", "jiuzhi", "bianba"}
    assert "sichuan" in four_plus_two["province"].split("|")
    assert "yanghe" in rows["35"]["village"].split("|") and rows["35"]["province"] == "anhui"


def test_csv_follows_the_filters(client) -> None:
    sichuan = parse_csv(client.get("/figures.csv?province=sichuan"))
    assert sichuan and all("sichuan" in r["province"].split("|") for r in sichuan)
    json_total = client.get("/figures.json?province=sichuan").json()["total"]
    assert len(sichuan) == json_total
    counties = parse_csv(client.get("/counties.csv?province=sichuan"))
    assert {"slug", "name_zh", "name_en", "province"} <= set(counties[0])
    assert all(r["province"] == "sichuan" for r in counties)


def test_exports_are_complete_not_paged(client) -> None:
    total = client.get("/api/figures?size=1").json()["total"]
    assert len(parse_csv(client.get("/figures.csv?province=&page=2"))) == total
    page = client.get("/figures?size=5&page=2&lang=en").text
    assert 'href="/figures.csv"' in page  # the list's download link drops its paging


@pytest.mark.parametrize("name", list(ENTITIES))
def test_every_list_has_csv_and_json_twins(client, name: str) -> None:
    rows = parse_csv(client.get(f"/{name}.csv"))
    data = client.get(f"/{name}.json").json()
    assert data["total"] == len(rows) == len(data["items"]) > 0
    schema = ENTITIES[name].schema
    for item in data["items"]:
        # Items are built as plain dicts (entities._items): each is exactly its schema, in its order.
        assert schema.model_validate(item).model_dump(mode="json") == item
        assert list(item) == list(schema.model_fields)


# Each list's links as the link tables hold them: (list, link, SQL of (key, slug)).
LINK_TABLES = [
    ("figures", "provinces", "SELECT figure_id, province_slug FROM figureregion"),
    ("figures", "counties", "SELECT figure_id, county_slug FROM figurecounty"),
    ("figures", "villages", "SELECT figure_id, village_slug FROM figurevillage"),
    ("figures", "projects", "SELECT figure_id, project_slug FROM figureproject"),
    ("figures", "organisations", "SELECT figure_id, organisation_slug FROM figureorganisation"),
    ("figures", "programmes", "SELECT figure_id, programme_slug FROM figureprogramme"),
    ("counties", "programmes", "SELECT county_slug, programme_slug FROM countyprogramme"),
    ("villages", "programmes", "SELECT village_slug, programme_slug FROM villageprogramme"),
    ("timeline", "counties", "SELECT milestone_id, county_slug FROM milestonecounty"),
    ("timeline", "programmes", "SELECT milestone_id, programme_slug FROM milestoneprogramme"),
]


@pytest.mark.parametrize("query", ["", "?programme=poverty-alleviation"])
@pytest.mark.parametrize(("name", "link", "sql"), LINK_TABLES)
def test_exports_list_every_link_in_order(client, database, name: str, link: str, sql: str, query: str) -> None:
    """Filtered by one programme too: that filter joins a link table into the statement, and a
    row must still list all its links, not only the one it was found by."""
    expected: dict[str, list[str]] = {}
    for key, slug in database.execute(sql):
        expected.setdefault(str(key), []).append(slug)
    key = "id" if name in ("figures", "timeline") else "slug"
    items = client.get(f"/{name}.json{query}").json()["items"]
    assert items and (query or any(item[link] for item in items))
    for item in items:
        assert item[link] == sorted(expected.get(str(item[key]), [])), (item[key], link)


def test_a_streamed_export_is_the_file_built_whole(client, monkeypatch) -> None:
    from app.routes import exports

    whole_csv, whole_json = (client.get(f"/figures.{fmt}?lang=en").content for fmt in ("csv", "json"))
    monkeypatch.setattr(exports, "BUILD_WHOLE_ROWS", 5)
    monkeypatch.setattr(exports, "BATCH_ROWS", 4)
    # (an address of its own: the response cache holds the whole one)
    streamed_csv, streamed_json = (client.get(f"/figures.{fmt}?lang=en&order=asc").content for fmt in ("csv", "json"))
    assert streamed_csv == whole_csv
    assert json.loads(streamed_json) == json.loads(whole_json)


def test_a_cell_may_hold_a_line_break() -> None:
    lines = csv_lines([["one\ntwo", None], [3, True]])
    assert lines == ['"one\ntwo",\r\n', "3,True\r\n"]


@pytest.mark.parametrize("name", list(ENTITIES))
def test_api_lists_are_paged_and_typed(client, name: str) -> None:
    data = client.get(f"/api/{name}", params={"size": 2}).json()
    assert data["size"] == 2 and data["page"] == 1 and len(data["items"]) <= 2
    for item in data["items"]:
        ENTITIES[name].schema.model_validate(item)


def test_api_details(client) -> None:
    county = client.get("/api/counties/yanyuan").json()
    assert county["name_zh"] == "盐源县" and county["province"] == "sichuan"
    assert "designated" in county["programmes"]
    assert any(f["id"] == 9 for f in county["figures"]) and county["mentions"]
    for figure in county["figures"]:
        schemas.FigureOut.model_validate(figure)
    figure = client.get("/api/figures/9").json()
    assert figure["text"] == "超5亿元" and figure["qualifier"] == "over" and figure["value"] == 500000000
    for path in (
        "/api/villages/yanghe",
        "/api/provinces/sichuan",
        "/api/organisations/china-telecom",
        "/api/programmes/designated",
        "/api/sources/rmydb-2023-party-building",
        "/api/people/wang-song",
    ):
        assert client.get(path).status_code == 200, path


def test_people_exports_carry_quotes_in_both_languages(client) -> None:
    person = client.get("/api/people/kang-jinghua").json()
    assert person["role_zh"] == "江西泰和县沿溪镇草坪村村书记" and person["villages"] == ["caoping"]
    assert [q["reported"] for q in person["quotes"]] == [False, True] and person["mentions"]
    assert person["figures"] == []
    rows = {r["slug"]: r for r in parse_csv(client.get("/people.csv"))}
    assert rows["kang-jinghua"]["quotes_reported"] == "no|yes"
    assert rows["kang-jinghua"]["quotes_zh"].split("|") == [q["text_zh"] for q in person["quotes"]]
    assert rows["gao-huaqiao"]["villages"] == "baijiaoci|junying" and rows["dian-xin"]["quotes_zh"] == ""


def test_openapi_documents_the_api(client) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/figures" in spec["paths"] and "/api/counties/{slug}" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/figures"]["get"]["parameters"]}
    assert {"province", "programme", "group", "year", "source", "q", "page", "size"} <= params
    docs = client.get("/docs").text
    assert "swagger-ui" in docs and "cdn" not in docs.lower()


def test_exports_page_only_when_asked(client) -> None:
    total = client.get("/figures.json").json()["total"]
    first = client.get("/figures.json?size=10").json()
    assert first["total"] == total and len(first["items"]) == 10 and first["page"] == 1
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    assert len(parse_csv(client.get("/figures.csv?size=5"))) == 5


def test_the_api_and_the_exports_answer_in_one_shape(client, monkeypatch) -> None:
    """A list's JSON is the same whether it is an API page, an export's page, the whole export or a
    streamed one: its count, which page, the next page's address, the items."""
    from app.routes import exports

    shapes = {
        path: client.get(path).json()
        for path in ("/api/figures?size=5", "/figures.json?size=5", "/figures.json?lang=en")
    }
    monkeypatch.setattr(exports, "BUILD_WHOLE_ROWS", 5)
    shapes["streamed"] = client.get("/figures.json?lang=zh").json()
    keys = {path: list(body) for path, body in shapes.items()}
    assert len({tuple(k) for k in keys.values()}) == 1, keys
    assert keys["streamed"] == ["total", "total_exact", "page", "size", "next", "items"]
    for whole in (shapes["/figures.json?lang=en"], shapes["streamed"]):
        assert whole["next"] is None and whole["page"] == 1 and whole["size"] == whole["total"] == len(whole["items"])
    first = shapes["/api/figures?size=5"]
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and second["items"][0]["id"] == first["items"][-1]["id"] + 1


def test_each_figure_says_the_range_its_qualifier_allows(client) -> None:
    """超/余: the value is a lower bound; 近: an upper bound; 约: 10% either way (our convention)."""
    items = {item["id"]: item for item in client.get("/figures.json").json()["items"]}
    expected = {
        "exact": lambda v: (v, v),
        "over": lambda v: (v, None),
        "nearly": lambda v: (None, v),
        "about": lambda v: (pytest.approx(0.9 * v), pytest.approx(1.1 * v)),
    }
    for item in items.values():
        assert (item["value_min"], item["value_max"]) == expected[item["qualifier"]](item["value"]), item["id"]
    assert {item["qualifier"] for item in items.values()} >= {"exact", "over", "nearly"}
    headline = items[9]  # 超5亿元
    assert (headline["value_min"], headline["value_max"]) == (500000000, None)
    rows = {r["id"]: r for r in parse_csv(client.get("/figures.csv"))}
    assert (rows["9"]["value_min"], rows["9"]["value_max"]) == ("500000000", "")
    # 约6.7公里: the bounds as a person writes them, with no binary-float tail (7.370000000000001).
    about = next(item for item in items.values() if item["qualifier"] == "about" and item["value"] == 6.7)
    assert (rows[str(about["id"])]["value_min"], rows[str(about["id"])]["value_max"]) == ("6.03", "7.37")


def test_a_spreadsheet_too_long_for_excel_is_a_400_that_points_to_the_csv(client, monkeypatch) -> None:
    from app import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 10)
    refused = client.get("/figures.xlsx", params={"lang": "en"})
    assert refused.status_code == 400 and "download the CSV" in refused.text  # the error page a click shows
    assert client.get("/figures.xlsx", params={"county": "muli"}).status_code == 200  # 7 rows


def test_many_downloads_at_once_each_equal_one_made_alone(client) -> None:
    """Sixteen readers download at once: the names table filled batch by batch (names.LazyTable),
    the workbooks' temporary files and the connection pool are shared; every file is the one
    a lone reader gets."""
    import io
    from concurrent.futures import ThreadPoolExecutor

    import openpyxl

    def rows_of(answer) -> list:
        if answer.headers["content-type"].startswith("text/csv"):
            return answer.text.splitlines()
        return list(openpyxl.load_workbook(io.BytesIO(answer.content))["data"].iter_rows(values_only=True))

    addresses = [
        f"/{name}.{fmt}?lang={lang}"
        for name in ("figures", "villages", "people")
        for fmt in ("csv", "xlsx")
        for lang in ("zh", "en")
    ]
    alone = {address: rows_of(client.get(address)) for address in addresses}
    with ThreadPoolExecutor(max_workers=16) as pool:
        together = list(pool.map(lambda address: (address, client.get(address)), addresses * 3))
    for address, answer in together:
        assert answer.status_code == 200, address
        assert rows_of(answer) == alone[address], address
