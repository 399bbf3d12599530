"""Every chart draws in the browser, changes with its filters, and embeds in another origin."""

from __future__ import annotations

import re

import pytest

from app.charts import CHARTS


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
    page.wait_for_function(f"document.querySelectorAll('.chart-plot .point, .chart-plot .scatterlayer .points path')"
                           f".length !== {before}")
    drawn(page)
    assert 0 < count_points(page) < before


def test_the_log_toggle_switches_the_axis(page, live_server: str) -> None:
    page.goto(f"{live_server}/charts/investment-by-place?lang=en")
    drawn(page)
    axis_type = "document.querySelector('.chart-plot').layout.xaxis.type"
    assert page.evaluate(axis_type) == "log"
    page.click("[data-action=log]")
    page.wait_for_function(f"{axis_type} === 'linear'")
    assert page.get_attribute("[data-action=log]", "aria-pressed") == "false"


def test_png_and_svg_downloads(page, live_server: str) -> None:
    page.goto(f"{live_server}/charts/money-by-kind?lang=en")
    drawn(page)
    for fmt in ("png", "svg"):
        with page.expect_download() as download:
            page.click(f"[data-action={fmt}]")
        assert download.value.suggested_filename == f"ct-rural-money-by-kind.{fmt}"


def test_an_embed_works_in_another_origin_and_a_normal_page_is_refused(page, live_server: str,
                                                                         other_origin: str) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{other_origin}/frames.html")
    embed = page.frame_locator("#embed")
    embed.locator("figure[data-drawn=true] svg.main-svg").first.wait_for(timeout=15000)
    page.wait_for_timeout(500)
    normal = page.frame(name="normal")  # Chromium names a frame after its id
    assert normal is not None and normal.url.startswith("chrome-error://"), normal and normal.url
    assert all(u.startswith((live_server, other_origin, "data:", "blob:", "chrome-error:")) for u in requests)
