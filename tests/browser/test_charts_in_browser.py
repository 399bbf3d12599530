"""Every chart draws in the browser, changes with its filters, and embeds in another origin."""

from __future__ import annotations

import re

import pytest

from app.charts import CHARTS
from app.maps.geometry import china_map


def drawn(page) -> None:
    page.wait_for_selector("figure[data-chart][data-drawn=true] .chart-plot svg.main-svg", timeout=15000)


@pytest.mark.parametrize("chart_id", list(CHARTS))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_draws_cleanly(page, recorder, live_server: str, chart_id: str, lang: str) -> None:
    page.goto(f"{live_server}/charts/{chart_id}?lang={lang}")
    drawn(page)
    alt = page.locator("figure[data-chart]").get_attribute("aria-describedby")
    assert page.locator(f"#{alt}").inner_text().strip()
    assert recorder.errors == []
    assert recorder.foreign_requests() == []


def count_points(page) -> int:
    return page.locator(".chart-plot .point, .chart-plot .scatterlayer .points path").count()


@pytest.mark.parametrize("chart_id", ["investment-by-place", "places-map", "timeline"])
def test_a_filter_changes_the_chart(page, live_server: str, chart_id: str) -> None:
    page.goto(f"{live_server}/charts/{chart_id}?lang=en")
    drawn(page)
    before = count_points(page)
    page.select_option("#f-province", "sichuan")
    page.wait_for_url(re.compile(r"province=sichuan"))
    page.wait_for_function(
        f"document.querySelectorAll('.chart-plot .point, .chart-plot .scatterlayer .points path').length !== {before}"
    )
    drawn(page)
    assert 0 < count_points(page) < before


def test_png_and_svg_downloads_come_from_the_server(page, live_server: str) -> None:
    page.goto(f"{live_server}/charts/money-by-kind?lang=en&year=2019")
    drawn(page)
    for fmt in ("PNG", "SVG"):
        with page.expect_download() as download:
            page.click(f"text=Download {fmt}")
        assert download.value.suggested_filename == f"ct-rural-money-by-kind.{fmt.lower()}"
        assert f"/charts/money-by-kind.{fmt.lower()}?year=2019&lang=en" in download.value.url


def annotation_boxes(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.chart-plot g.annotation-text-g'))
        .map(g => { const r = g.getBoundingClientRect();
                    return {text: g.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })""")


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
    ]


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_4_plus_2_map_draws_chinas_outline_and_labels_that_never_overlap(
    page, recorder, live_server: str, width: int, lang: str
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/charts/four-plus-two?lang={lang}")
    drawn(page)
    # The outline (land, borders, boundary, maritime line, the inset and its frame) under six counties.
    assert page.locator(".chart-plot .scatterlayer .trace").count() >= 10 + 6
    inset = "南海诸岛" if lang == "zh" else "South China"
    assert page.locator(f".chart-plot text:has-text('{inset}')").count() == 1
    boxes = annotation_boxes(page)
    assert len(boxes) == 6 and overlapping(boxes) == []
    plot = page.locator(".chart-plot .main-svg").first.bounding_box()
    for box in boxes:
        assert plot["x"] - 1 <= box["x0"] and box["x1"] <= plot["x"] + plot["width"] + 1, box
    full_names = width == 1280
    assert any(len(b["text"]) > 2 for b in boxes) == full_names  # numbers on a phone, names on a desktop
    assert recorder.foreign_requests() == [] and recorder.errors == []


@pytest.mark.parametrize("chart_id", ["investment-by-place", "money-by-kind"])
def test_chinese_axes_read_in_wan_and_yi(page, live_server: str, chart_id: str) -> None:
    page.goto(f"{live_server}/charts/{chart_id}?lang=zh")
    drawn(page)
    ticks = page.locator(".chart-plot .xtick text").all_text_contents()
    assert ticks and any("亿" in t for t in ticks)
    assert not [t for t in ticks if re.search(r"\d\s*[kKMBG]$", t)], ticks


MAPS = ("four-plus-two", "places-map")


@pytest.mark.parametrize("chart_id", [c for c in CHARTS if c not in MAPS])
@pytest.mark.parametrize("width", [400, 640, 1000])
def test_an_embed_at_560_pixels_shows_everything_above_the_fold(
    page, live_server: str, chart_id: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 560})
    page.goto(f"{live_server}/embed/{chart_id}?lang=zh")
    drawn(page)
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollHeight") <= 560
    for selector in (".chart-title", ".chart-source", ".embed-link"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 560, (selector, box)
    plot = page.locator(".chart-plot").bounding_box()
    legend = page.locator(".chart-plot .legend")
    if legend.count():
        box = legend.first.bounding_box()
        assert plot["y"] - 1 <= box["y"] and box["y"] + box["height"] <= plot["y"] + plot["height"] + 1
        # nor over an axis's labels (the timeline's years run along its top)
        for tick in page.locator(".chart-plot .xtick text").all():
            label = tick.bounding_box()
            if label and label["width"]:
                apart = label["y"] >= box["y"] + box["height"] or label["y"] + label["height"] <= box["y"]
                outside = label["x"] >= box["x"] + box["width"] or label["x"] + label["width"] <= box["x"]
                assert apart or outside, (label, box)
    elif page.locator(".chart-plot .barlayer .point").count():  # bars and no legend: no band kept for one
        first_bar = page.locator(".chart-plot .barlayer .point").first.bounding_box()
        assert first_bar["y"] - plot["y"] < 60, (first_bar, plot)


@pytest.mark.parametrize("chart_id", MAPS)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [400, 760, 1000])
def test_a_map_embed_keeps_its_shape_in_any_frame(page, live_server: str, chart_id: str, lang: str, width: int) -> None:
    """A map is never shrunk into a corner of a short frame: it is as wide as the frame and as tall
    as its shape makes it, its legend whole below it (no scroll box, no empty band); the frame
    scrolls, or /embed.js makes it tall enough."""
    page.set_viewport_size({"width": width, "height": 560})
    page.goto(f"{live_server}/embed/{chart_id}?lang={lang}")
    drawn(page)
    page.wait_for_timeout(200)
    plot = page.locator(".chart-plot").bounding_box()
    land = page.locator(".chart-plot .scatterlayer").first.bounding_box()
    assert land["width"] >= 0.85 * (plot["width"] - 8), (land, plot)  # the map spans the frame
    assert not page.locator(".chart-plot .legend .scrollbar[height]").count() or (
        page.evaluate("document.querySelector('.chart-plot .legend .scrollbar').getBoundingClientRect().height") == 0
    )
    legend = page.locator(".chart-plot .legend").first.bounding_box()
    assert legend["y"] - (land["y"] + land["height"]) < 40, "an empty band between the map and its legend"
    assert legend["y"] + legend["height"] <= plot["y"] + plot["height"] + 1
    for selector in (".chart-title", ".chart-source", ".embed-link"):
        assert page.locator(selector).first.is_visible()
    # The inset's name stays inside the inset's frame, however narrow the map is drawn.
    frame_left = page.evaluate(
        "(x0) => { const p = document.querySelector('.chart-plot'), f = p._fullLayout;"
        " return p.getBoundingClientRect().left + f._size.l + f.xaxis.l2p(x0); }",
        china_map().inset_frame[0],
    )
    name = page.locator(".chart-plot .scatterlayer text", has_text=re.compile("South China|南海诸岛")).first
    assert name.bounding_box()["x"] >= frame_left + 4, (name.bounding_box(), frame_left)  # clear of its line


def test_the_snippets_script_makes_the_frame_as_tall_as_the_chart(page, live_server: str, other_origin: str) -> None:
    page.goto(f"{other_origin}/autoheight.html")
    frame = page.frame_locator("#auto")
    frame.locator("figure[data-drawn=true] svg.main-svg").first.wait_for(timeout=15000)
    page.wait_for_function("document.getElementById('auto').getBoundingClientRect().height > 600", timeout=10000)
    page.wait_for_timeout(300)
    outer = page.evaluate("document.getElementById('auto').getBoundingClientRect().height")
    inner = page.frame(url=re.compile(r"/embed/")).evaluate("document.documentElement.scrollHeight")
    assert abs(outer - inner) <= 2, (outer, inner)


def test_an_embed_works_in_another_origin_and_a_normal_page_is_refused(
    page, live_server: str, other_origin: str
) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{other_origin}/frames.html")
    embed = page.frame_locator("#embed")
    embed.locator("figure[data-drawn=true] svg.main-svg").first.wait_for(timeout=15000)
    page.wait_for_timeout(500)
    normal = page.frame(name="normal")  # Chromium names a frame after its id
    assert normal is not None and normal.url.startswith("chrome-error://"), normal and normal.url
    assert all(u.startswith((live_server, other_origin, "data:", "blob:", "chrome-error:")) for u in requests)
