"""A chart page printed (or saved as PDF) as a report figure: the plot whole at the paper's width
and on one page, its source line, its data table and its address, and none of the screen-only
instructions.  (The whole page on one sheet is not promised: a long table runs on.)"""

from __future__ import annotations

import re

import pytest

# The tallest bar chart (1,390 px drawn in English), the timeline (1,046) and a map: the shapes a
# sheet has to fit.
CHARTS = ("investment-by-place", "timeline", "four-plus-two")
# A sheet of US Letter, the shorter of Letter and A4, at the 12 mm margins of site.css, in CSS px.
SHEET_PX = (int((216 - 24) / 25.4 * 96), int((279 - 24) / 25.4 * 96))


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chart_page_prints_on_one_page_with_its_table_source_and_address(page, live_server, chart, lang) -> None:
    page.set_viewport_size({"width": SHEET_PX[0], "height": SHEET_PX[1]})
    page.goto(f"{live_server}/charts/{chart}?lang={lang}")
    page.wait_for_selector(f"figure[data-chart='{chart}'] .chart-plot .main-svg")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what a browser does before printing
    page.emulate_media(media="print")
    page.wait_for_timeout(300)  # the plot takes the paper's width
    text = page.evaluate("document.body.innerText")
    assert re.search(r"CC\sBY\s4\.0", text)  # the source line (its spaces do not break)
    assert re.search(rf"http://127\.0\.0\.1:\d+/charts/{chart}", text)  # the address
    assert page.locator(".chart-data table").is_visible()
    assert not page.locator(".use-chart").is_visible() and not page.locator(".chart-toolbar").is_visible()
    plot = page.locator(".chart-plot").bounding_box()
    assert plot["width"] <= page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("getComputedStyle(document.querySelector('.chart-plot')).breakInside") == "avoid"
    bars = page.locator(".chart-plot .main-svg").first.bounding_box()
    assert bars["width"] <= plot["width"] + 1  # the plot drawn within its column, not cut
    # title, plot, notes and source line within one sheet's height
    figure = page.locator("figure.chart").bounding_box()
    footer = page.locator(".chart-footer").bounding_box()
    assert footer["y"] + footer["height"] - figure["y"] <= SHEET_PX[1], (figure, footer)
