"""Every page in a real browser, both languages: no request to another host, no console error,
no horizontal scrolling at phone and desktop widths, and no serious accessibility violation."""

from __future__ import annotations

import pytest

from app.charts import CHARTS
from app.config import PROJECT_ROOT
from tests.pages import LIST_PAGES

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    *LIST_PAGES,
    "/figures?province=sichuan&qualifier=over",
    "/charts",
    "/counties/tianlin",
    "/villages/yanghe",
    "/provinces/sichuan",
    "/projects/tianlin-agaricus",
    "/organisations/china-telecom",
    "/people/kang-jinghua",
    "/programmes/designated",
    "/sources/rmydb-2023-party-building",
    "/sources/tong-xing-2020-poverty-alleviation/text",
    "/figures/9",
    "/counties/atlantis",
    "/figures?province=shanghai",
    "/search?q=扶贫",
    "/search?q=nothing-matches-this",
    "/data/dictionary",
    *(f"/charts/{c}" for c in CHARTS),
    *(f"/embed/{c}" for c in CHARTS),
]
WIDTHS = (1280, 375)


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def serious_violations(page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated over CDP, so the page's CSP does not apply
    # Every WCAG 2.2 A and AA rule axe has, whatever its impact.
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    result = page.evaluate(f"axe.run(document, {{resultTypes: ['violations'], runOnly: {tags}}})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_is_self_contained_clean_responsive_and_accessible(
    page, recorder, live_server: str, path: str, lang: str
) -> None:
    separator = "&" if "?" in path else "?"
    response = page.goto(f"{live_server}{path}{separator}lang={lang}")
    assert response is not None and response.status in (200, 404)
    assert "server" not in response.headers, "no server banner"
    if path.startswith(("/charts/", "/embed/")):
        page.wait_for_selector("figure[data-drawn=true] svg.main-svg", timeout=15000)
    has_chart = page.locator("figure[data-chart]").count() > 0
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if has_chart:  # Plotly redraws a moment after a resize; a page without a chart lays out at once
            page.wait_for_timeout(150)
        assert horizontal_overflow(page) <= 0, f"the page scrolls sideways at {width}px"
    assert recorder.foreign_requests() == []
    expected_errors = ["404"] if response.status == 404 else []
    assert [e for e in recorder.errors if not any(x in e for x in expected_errors)] == []
    assert serious_violations(page) == []
    for chart in page.locator("figure[data-chart]").all():
        # The drawn plot is hidden from screen readers, so nothing in it may take the focus.
        assert chart.locator(".chart-plot").get_attribute("aria-hidden") == "true"
        focusable = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"
        assert chart.locator(f".chart-plot :is({focusable})").count() == 0, "a focusable control in a hidden plot"
        described_by = chart.get_attribute("aria-describedby")
        assert described_by and page.locator(f"#{described_by}").inner_text().strip(), "a chart without alt text"
        if not path.startswith("/embed/"):  # an embed links to its data (CSV) rather than carrying a table
            assert chart.locator("table caption").count() == 1, "a chart without its data table"
