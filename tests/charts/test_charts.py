"""The charts: every one builds in both languages, plots what the database holds, follows its
filters, and comes with its data, its embed and its citation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import plotly.graph_objects as go
import pytest

from app.charts import CHARTS

CHART_IDS = list(CHARTS)


def spec_of(html: str) -> dict:
    found = re.search(r'<script type="application/json" class="chart-spec">(.*?)</script>', html, re.S)
    assert found, "no chart spec in the page"
    return json.loads(found.group(1))


@pytest.mark.parametrize("chart_id", CHART_IDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_page_has_a_valid_plotly_spec(client, chart_id: str, lang: str) -> None:
    response = client.get(f"/charts/{chart_id}", params={"lang": lang})
    assert response.status_code == 200
    spec = spec_of(response.text)
    go.Figure(spec)  # plotly's own validators reject unknown or misspelt properties
    assert spec["data"], chart_id
    page = response.text
    assert 'aria-describedby="chart-alt-' in page and 'class="chart-source"' in page and "<table>" in page
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in page


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_chart_csv_and_json_hold_the_same_rows(client, chart_id: str) -> None:
    data = client.get(f"/charts/{chart_id}.json").json()
    response = client.get(f"/charts/{chart_id}.csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert data["total"] == len(rows) == len(data["rows"]) > 0
    assert data["sources"]


def test_investment_chart_plots_exactly_the_money_figures(client, database) -> None:
    stored = {r[0]: r[1:] for r in database.execute("SELECT id, value, qualifier, text FROM figure WHERE unit='yuan'")}
    rows = list(csv.DictReader(io.StringIO(client.get("/charts/investment-by-place.csv").content.decode("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == set(stored)
    for row in rows:
        value, qualifier, text = stored[int(row["id"])]
        assert float(row["value"]) == value and row["qualifier"] == qualifier and row["text"].endswith(text)
    plotted = spec_of(client.get("/charts/investment-by-place").text)
    bars = sorted(v for trace in plotted["data"] for v in trace["x"])
    assert bars == sorted(v for v, _q, _t in stored.values())


def test_a_combined_figure_is_one_bar_never_split(client) -> None:
    spec = spec_of(client.get("/charts/investment-by-place", params={"lang": "en"}).text)
    labels = [y for trace in spec["data"] for y in trace["y"]]
    combined = [y for y in labels if "(#9)" in y]
    assert len(combined) == 1 and "“4+2” counties combined" in combined[0]


def test_qualifiers_are_marked_on_the_bars(client) -> None:
    spec = spec_of(client.get("/charts/investment-by-place", params={"lang": "en"}).text)
    texts = [t for trace in spec["data"] for t in trace["text"]]
    assert "> ¥500 million" in texts and "> ¥10 billion" in texts and "¥110 million" in texts


@pytest.mark.parametrize(
    ("chart_id", "query"),
    [("investment-by-place", "province=sichuan"), ("four-plus-two", "province=sichuan"),
     ("timeline", "year=2019"), ("places-map", "province=fujian"), ("money-by-kind", "year=2030")],
)
def test_filters_change_what_is_plotted(client, chart_id: str, query: str) -> None:
    everything = client.get(f"/charts/{chart_id}.json").json()["rows"]
    filtered = client.get(f"/charts/{chart_id}.json?{query}").json()["rows"]
    assert len(filtered) < len(everything)
    assert all(row in everything for row in filtered) or chart_id == "timeline"


def test_four_plus_two_map_has_the_six_counties(client) -> None:
    rows = client.get("/charts/four-plus-two.json").json()["rows"]
    assert {r["slug"]: r["role"] for r in rows} == {
        "yanyuan": "designated", "muli": "designated", "shufu": "designated", "tianlin": "designated",
        "jiuzhi": "paired", "bianba": "paired"}


def test_sichuan_chart_compares_assistance_with_results(client) -> None:
    rows = client.get("/charts/sichuan-assistance.json").json()["rows"]
    by_text = {r["text"]: r["value"] for r in rows}
    assert by_text["34681名"] == 34681 and by_text["28247名"] == 28247 and by_text["8078户"] == 8078


def test_the_use_panel_offers_embed_downloads_and_citations(client) -> None:
    page = client.get("/charts/investment-by-place?province=sichuan&lang=en").text
    assert "/embed/investment-by-place?province=sichuan" in page
    assert "/charts/investment-by-place.csv?province=sichuan" in page
    assert 'data-action="png"' in page and 'data-action="svg"' in page
    today = dt.date.today().isoformat()
    assert f"[{today}]" in page  # GB/T 7714 access date
    assert "[Data set]" in page and "Tong, X. (2020, February 27)" in page  # APA


def test_embeds_may_be_framed_and_other_pages_may_not(client) -> None:
    embed = client.get("/embed/four-plus-two?lang=en&title=0&height=400")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed.headers["content-security-policy"]
    assert "x-frame-options" not in embed.headers
    assert '<nav class="main-nav"' not in embed.text and '"height": 400' in embed.text
    assert 'class="chart-title"' not in embed.text
    for path in ("/charts/four-plus-two", "/", "/figures"):
        headers = client.get(path).headers
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "SAMEORIGIN"


def test_no_page_refers_to_another_host(client) -> None:
    for path in ("/", "/figures", "/charts/places-map", "/embed/timeline", "/docs"):
        html = client.get(path).text
        external = re.findall(r'<[^>]+\s(?:src|href|action)="(https?://[^"]+)"', html)
        assert external == [], (path, external)


@pytest.mark.parametrize("query", ["height=5", "height=99999", "title=2", "province=nowhere"])
def test_bad_embed_parameters_are_400(client, query: str) -> None:
    assert client.get(f"/embed/timeline?{query}").status_code == 400


def test_an_unknown_chart_is_404(client) -> None:
    assert client.get("/charts/pie-in-the-sky").status_code == 404
    assert client.get("/charts/pie-in-the-sky.json").json()["error"]["status"] == 404
