"""Accessibility checks that need no browser: the focus ring's contrast on the backgrounds it is
drawn on, link texts that say where they go, and qualifiers said in words to screen readers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parent.parent / "static" / "css" / "site.css").read_text(encoding="utf-8")


def colour(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_focus_ring_stands_out_three_to_one_on_white_and_on_the_header() -> None:
    # WCAG 2.2 (1.4.11, 2.4.13): the ring's dark tone against the page, its light tone against the header.
    assert contrast(colour("focus-ink"), "#ffffff") >= 3
    assert contrast(colour("focus"), colour("accent")) >= 3
    assert contrast(colour("focus"), colour("focus-ink")) >= 3  # the two tones against each other
    assert "outline: 3px solid var(--focus-ink)" in CSS and "0 0 0 6px var(--focus)" in CSS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_links_on_the_overview_share_a_text_but_not_an_address(client, lang: str) -> None:
    page = client.get("/", params={"lang": lang}).text
    seen: dict[str, str] = {}
    for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, re.S):
        words = re.sub(r"\s+", " ", re.sub("<[^>]+>", "", text)).strip()
        if words:
            assert seen.setdefault(words, href) == href, (words, href, seen[words])


def test_a_qualifier_is_said_in_words_not_only_in_a_symbol_or_a_tooltip(client) -> None:
    page = client.get("/figures", params={"lang": "en"}).text
    badges = re.findall(r'<span class="qualifier"[^>]*>(.*?)</span></span>', page, re.S)
    assert badges
    for badge in badges:
        assert re.search(r'<span aria-hidden="true">[^<]+</span>', badge)
        assert re.search(r'<span class="visually-hidden">[^<]*\w[^<]*', badge)
