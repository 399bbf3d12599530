"""The "4+2" map from its rows (app/charts/four_plus_two.py): a county is its outline, or a dot
where only its seat is known, in its role's colour; the first county drawn of each role titles
the role's group in the legend."""

from __future__ import annotations

from app.charts import four_plus_two
from app.maps.geometry import point


def county(number: int, role: str) -> dict:
    return {
        "number": number,
        "name": f"县{number}",
        "role": role,
        "role_label": role,
        "province_name": "四川",
        "figures": 1,
        "projects": 0,
    }


SEAT = point(101.0, 28.0)  # a county seat in Sichuan, on the map's projection


def test_a_county_with_only_its_seat_is_a_dot_in_its_role_s_colour() -> None:
    figure = four_plus_two.figure([county(1, "designated"), county(2, "paired")], [(None, SEAT), (None, SEAT)])
    dots = [trace for trace in figure["data"] if trace.get("legendgroup")]
    assert [trace["marker"]["color"] for trace in dots] == [
        four_plus_two.ROLE_COLOURS["designated"],
        four_plus_two.ROLE_COLOURS["paired"],
    ]
    assert [trace["legendgrouptitle"]["text"] for trace in dots] == ["designated", "paired"]


def test_a_county_with_no_position_is_left_off_and_its_role_is_still_titled() -> None:
    counties = [county(1, "designated"), county(2, "designated"), county(3, "paired")]
    figure = four_plus_two.figure(counties, [(None, None), (None, SEAT), (None, SEAT)])
    drawn = [trace for trace in figure["data"] if trace.get("legendgroup")]
    assert [trace["name"].split(" ")[-1] for trace in drawn] == ["县2", "县3"]
    assert [trace.get("legendgrouptitle", {}).get("text") for trace in drawn] == ["designated", "paired"]
