"""Chart images ready to print: in every chart, language and preset (and filtered), no text runs
over other text or out of the picture, and no text is smaller than 11 CSS px (8.25 pt at the
image's own DPI).  Measured on the SVG as a browser lays it out, not estimated."""

from __future__ import annotations

import pytest

from app.charts import CHARTS
from app.images import MIN_FONT_PX, PRESETS

# Every text element's box in the SVG, in the SVG's own pixels, with its font size.
MEASURE = """() => {
  const svg = document.querySelector('svg');
  const origin = svg.getBoundingClientRect();
  return Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent.trim(), size: parseFloat(getComputedStyle(t).fontSize),
            x0: r.left - origin.left, y0: r.top - origin.top, x1: r.right - origin.left, y1: r.bottom - origin.top};
  });
}"""
pytestmark = pytest.mark.images
TOLERANCE_PX = 1.0
FILTERED = {"investment-by-place": "province=sichuan", "places-map": "province=sichuan", "timeline": "year=2019"}


def overlaps(a: dict, b: dict) -> bool:
    return (
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > TOLERANCE_PX
        and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > TOLERANCE_PX
    )


def cases() -> list[tuple[str, str, str, str]]:
    found = [(c, lang, preset, "") for c in CHARTS for lang in ("zh", "en") for preset in PRESETS]
    found += [(c, lang, "word", query) for c, query in FILTERED.items() for lang in ("zh", "en")]
    return found


@pytest.mark.parametrize(("chart_id", "lang", "preset", "query"), cases())
def test_no_text_overlaps_is_cut_or_prints_below_8_pt(page, live_server, chart_id, lang, preset, query) -> None:
    url = f"{live_server}/charts/{chart_id}.svg?{query + '&' if query else ''}lang={lang}&preset={preset}"
    response = page.goto(url)
    assert response.status == 200, url
    size = page.evaluate(
        "() => [document.querySelector('svg').width.baseVal.value, document.querySelector('svg').height.baseVal.value]"
    )
    boxes = page.evaluate(MEASURE)
    assert boxes
    small = [(b["text"], b["size"]) for b in boxes if b["size"] < MIN_FONT_PX]
    assert not small, f"text under {MIN_FONT_PX} px: {small[:5]}"
    cut = [
        b["text"]
        for b in boxes
        if b["x0"] < -TOLERANCE_PX
        or b["y0"] < -TOLERANCE_PX
        or b["x1"] > size[0] + TOLERANCE_PX
        or b["y1"] > size[1] + TOLERANCE_PX
    ]
    assert not cut, f"text outside the picture: {cut[:5]}"
    clashes = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if overlaps(a, b)]
    assert not clashes, f"overlapping text: {clashes[:5]}"
