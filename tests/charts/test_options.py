"""A chart page offers the filter options that give the chart something to plot, and only those."""

from __future__ import annotations

import re

import pytest

from app.charts import CHARTS

SELECTS = {"province": "f-province", "programme": "f-programme", "year": "f-year", "source": "f-source"}


def offered(page: str, select_id: str) -> list[str]:
    block = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]+)"', block)


def every(client, parameter: str) -> list[str]:
    if parameter == "year":
        return [str(y) for y in range(2002, 2024)]
    listed = {"province": "/provinces.json", "programme": "/programmes.json", "source": "/sources.json"}
    return [item["slug"] for item in client.get(listed[parameter], params={"size": 500}).json()["items"]]


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_an_option_is_offered_when_and_only_when_it_changes_what_the_chart_plots(client, chart_id) -> None:
    page = client.get(f"/charts/{chart_id}", params={"lang": "en"}).text
    for parameter in CHARTS[chart_id].filters:
        if parameter not in SELECTS:
            continue
        shown = offered(page, SELECTS[parameter])
        plotted = {}
        for value in every(client, parameter):
            answer = client.get(f"/charts/{chart_id}.json", params={parameter: value})
            if answer.status_code == 200:  # (a year no figure or milestone covers is not a known value)
                plotted[value] = answer.json()["rows"]
        left_out = [v for v in plotted if v not in shown]
        assert set(shown) <= set(plotted) and shown, (chart_id, parameter)
        if left_out:  # every option left out plots the same: nothing of its own
            assert all(plotted[v] == plotted[left_out[0]] for v in left_out), (chart_id, parameter)
            assert all(plotted[v] != plotted[left_out[0]] for v in shown), (chart_id, parameter)


def test_the_four_plus_two_chart_does_not_offer_anhui(client) -> None:
    page = client.get("/charts/four-plus-two", params={"lang": "en"}).text
    assert "anhui" not in offered(page, "f-province") and "sichuan" in offered(page, "f-province")
    assert "anhui" in offered(client.get("/charts/places-map", params={"lang": "en"}).text, "f-province")


def test_a_cold_worker_asked_for_chart_pages_many_at_once_offers_the_same_options(settings, monkeypatch) -> None:
    """The options are found once per process, on a chart's first page: twelve readers arriving
    together at a fresh worker all get a page, and the same options, found once."""
    from concurrent.futures import ThreadPoolExecutor

    from fastapi.testclient import TestClient

    from app.charts import options
    from app.main import create_app

    found = []
    finding = options._options
    monkeypatch.setattr(
        options, "_options", lambda session, definition: found.append(1) or finding(session, definition)
    )
    kept = options.once_per_engine(
        lambda session: options._options(session, definition=options.CHARTS["four-plus-two"])
    )
    monkeypatch.setitem(options._KEPT, "four-plus-two", kept)
    app = create_app(settings.model_copy(update={"response_cache_mb": 0}))
    with TestClient(app) as client, ThreadPoolExecutor(12) as pool:
        pages = list(pool.map(lambda _: client.get("/charts/four-plus-two", params={"lang": "en"}), range(12)))
    app.state.engine.dispose()
    assert all(page.status_code == 200 for page in pages)
    assert len(found) == 1, f"the options were found {len(found)} times"
    assert len({tuple(offered(page.text, "f-province")) for page in pages}) == 1
    assert "anhui" not in offered(pages[0].text, "f-province")
