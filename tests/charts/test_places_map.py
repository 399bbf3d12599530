"""The places map from its rows (app/charts/places_map.py): a place takes the first category whose
programme it has, the "4+2" roles first, and each category and kind of place is one trace."""

from __future__ import annotations

import pytest

from app.charts import places_map


@pytest.mark.parametrize(
    ("programmes", "category"),
    [
        (["poverty-alleviation", "designated"], "designated"),
        (["paired", "rural-revitalisation"], "paired"),
        (["designated", "paired"], "designated"),
        (["poverty-alleviation", "rural-revitalisation"], "both"),
        (["rural-revitalisation"], "rural-revitalisation"),
        ([], "none"),
    ],
)
def test_a_place_takes_the_first_category_whose_programme_it_has(programmes: list[str], category: str) -> None:
    assert places_map.categorise(programmes) == category


def place(slug: str, kind: str, category: str, lon: float = 100.0, lat: float = 30.0) -> dict:
    return {
        "slug": slug,
        "kind": kind,
        "name": slug,
        "province_name": "四川",
        "category": category,
        "category_label": category,
        "lon": lon,
        "lat": lat,
    }


def test_each_category_and_kind_of_place_is_one_trace_counties_round_villages_diamond() -> None:
    places = [
        place("a", "county", "designated"),
        place("b", "village", "designated"),
        place("c", "village", "designated", lon=101),
        place("d", "county", "none"),
    ]
    traces = [trace for trace in places_map.figure(places)["data"] if trace.get("mode") == "markers"]
    shapes = [(trace["marker"]["symbol"], len(trace["x"])) for trace in traces]
    assert shapes == [("circle", 1), ("diamond", 2), ("circle", 1)]
    # the same category keeps its colour whatever the kind of place
    assert traces[0]["marker"]["color"] == traces[1]["marker"]["color"] != traces[2]["marker"]["color"]
