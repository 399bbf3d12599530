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
