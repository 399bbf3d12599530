"""Numbers as readers count them: 万/亿 in Chinese, million/billion in English, never rounded
where a figure is shown, and round ticks on axes."""

from __future__ import annotations

import pytest

from app.formatting import amount, axis_number, compact
from app.i18n import current_language


@pytest.fixture(params=["zh", "en"])
def lang(request):
    token = current_language.set(request.param)
    yield request.param
    current_language.reset(token)


CASES = {
    # value, unit: (Chinese, English)
    (500_000_000, "yuan"): ("5亿元", "¥500 million"),
    (113_000_000, "yuan"): ("1.13亿元", "¥113 million"),
    (9_433_100, "yuan"): ("943.31万元", "¥9,433,100"),
    (2_700_000, "yuan"): ("270万元", "¥2.7 million"),
    (34_681, "people"): ("34,681人", "34,681 people"),
    (119, "villages"): ("119个村", "119 villages"),
    (1, "villages"): ("1个村", "1 village"),
}


@pytest.mark.parametrize(("value", "unit"), list(CASES))
def test_amounts_in_each_language(lang: str, value: float, unit: str) -> None:
    zh, en = CASES[(value, unit)]
    assert amount(value, unit) == (zh if lang == "zh" else en)


def test_compact_never_rounds_a_figure(lang: str) -> None:
    assert compact(34_681) is None  # 3.47万 would lose digits the source states
    assert compact(10_000_000_000) == ("100亿" if lang == "zh" else "10 billion")


@pytest.mark.parametrize("value", [1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10])
def test_axis_ticks_use_the_readers_units(lang: str, value: float) -> None:
    tick = axis_number(value)
    if lang == "zh":
        assert tick[-1] in "万亿" and not any(c in tick for c in "kMB")
    else:
        assert not tick.endswith(("K", "M", "B")) and (value < 1e6 or tick.split()[-1] in ("million", "billion"))


def test_a_list_is_written_as_each_language_writes_one() -> None:
    from app.formatting import joined
    from app.i18n import in_language

    with in_language("zh"):
        assert joined(["四川省", "福建省"]) == "四川省、福建省"
    with in_language("en"):
        assert joined(["Sichuan Province", "Fujian Province"]) == "Sichuan Province, Fujian Province"
        assert joined(["2018 – Feb 2020", "2019"], "; ") == "2018 – Feb 2020; 2019"


def test_an_english_chart_subtitle_has_no_chinese_list_comma(client) -> None:
    for chart in ("investment-by-place", "money-by-kind"):
        subtitle = client.get(f"/charts/{chart}.json", params={"lang": "en"}).json()["subtitle"]
        assert "、" not in subtitle, subtitle
