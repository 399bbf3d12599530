"""The default chart images drawn when a worker starts: every address the pages write for them is
served from what was drawn, without Chromium, and what was drawn is the image a request draws."""

from __future__ import annotations

import html
import re
import time

import pytest
from fastapi.testclient import TestClient

from app.charts import CHARTS
from app.charts.defaults import DEFAULT_SIZES
from app.charts.render import Renderer, browser_path
from app.i18n import LANGUAGES
from app.images import png_size, svg_title

pytestmark = [
    pytest.mark.images,
    pytest.mark.slow,
    pytest.mark.skipif(browser_path() is None, reason="NO CHROMIUM: chart images are not drawn here"),
]


def image_addresses(client: TestClient) -> set[str]:
    """The chart images the gallery, the overview and each chart's page link to, as a reader's
    browser asks for them."""
    found = set()
    for lang in LANGUAGES:
        pages = [f"/charts?lang={lang}", f"/?lang={lang}", *(f"/charts/{c}?lang={lang}" for c in CHARTS)]
        for page in pages:
            text = client.get(page).text
            links = re.findall(r'(?:src|href|srcset)="(/charts/[\w-]+\.(?:png|svg)\?[^"]*)"', text)
            found |= {html.unescape(link) for link in links}
    return found


@pytest.fixture(scope="module")
def started(settings):
    """An app that drew its default images at start-up, and its client."""
    from app.main import create_app

    app = create_app(settings.model_copy(update={"draw_default_images": True}))
    with TestClient(app) as client:
        deadline = time.monotonic() + 180
        while client.get("/readyz").json()["default_images"] != "drawn":
            assert time.monotonic() < deadline, "the default images took over three minutes"
            time.sleep(0.5)
        yield app, client
    app.state.engine.dispose()


def test_every_default_image_is_drawn_at_start_and_chromium_then_closed(started) -> None:
    app, _client = started
    assert len(app.state.default_images.drawn) == len(CHARTS) * len(LANGUAGES) * len(DEFAULT_SIZES)
    # Readers are served what was drawn: Chromium (a gigabyte or so) does not wait for its idle
    # timeout, and starts again for the next image asked for (the tests below draw some).
    assert not app.state.renderer.started


def test_the_pages_images_are_served_from_what_was_drawn(started) -> None:
    app, client = started
    # The print presets are drawn when asked for: a download, rarer and larger than the pictures.
    addresses = {a for a in image_addresses(client) if "preset=" not in a}
    assert len(addresses) == len(app.state.default_images.drawn), sorted(addresses)
    drawing = app.state.renderer
    app.state.renderer = Renderer(drawing.plotly_js)
    app.state.renderer.browser = None  # any image drawn now would be a 503
    try:
        for address in addresses:
            response = client.get(address)
            assert response.status_code == 200, (address, response.text[:200])
            chart_id, lang = re.search(r"/charts/([\w-]+)\.", address).group(1), address.split("lang=")[1][:2]
            title = client.get(f"/charts/{chart_id}.json?lang={lang}").json()["title"]
            if ".svg" in address:
                assert svg_title(response.text) == re.sub(r"\s+", "", title), address
            else:
                assert png_size(response.content)[0] == 1200 and b"pHYs" in response.content[:80], address
    finally:
        app.state.renderer = drawing


def test_what_was_drawn_at_start_is_what_a_request_draws(started) -> None:
    app, client = started
    stored = dict(app.state.default_images.drawn)
    app.state.default_images.drawn.clear()
    try:
        for (chart_id, fmt, query), body in stored.items():
            if fmt == "png":
                assert client.get(f"/charts/{chart_id}.png?{query}").content == body, (chart_id, query)
    finally:
        app.state.default_images.drawn.update(stored)


def test_readiness_says_whether_the_default_images_are_drawn(started, client) -> None:
    _app, drawing_client = started
    assert drawing_client.get("/readyz").json()["default_images"] == "drawn"
    assert client.get("/readyz").json()["default_images"] == "off"  # the tests' app draws none
