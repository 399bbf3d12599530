"""Helpers every chart uses (app/charts/common.py)."""

from __future__ import annotations

from app.charts.common import wrap


def test_wrap_breaks_between_words_and_characters_never_at_a_no_break_space() -> None:
    assert wrap("Source: China Telecom · Rural Data · CC\u00a0BY\u00a04.0", 30).split("<br>") == [
        "Source: China Telecom · Rural",
        "Data · CC\u00a0BY\u00a04.0",
    ]
    chinese = wrap("中国电信乡村帮扶数据 · CC\u00a0BY\u00a04.0", 22).split("<br>")
    assert chinese == ["中国电信乡村帮扶数据", "· CC\u00a0BY\u00a04.0"]
    assert wrap("one two three", 8).split("<br>") == ["one two", "three"]
