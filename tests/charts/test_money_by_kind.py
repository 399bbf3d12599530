"""Money by kind's figure from its rows (app/charts/money_by_kind.py): bar length is the amount on
a linear axis, and one amount far beyond the rest is drawn to the axis's end, marked as cut."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from app.charts import money_by_kind
from app.i18n import current_language
from app.queries.filters import Filters


def seed_views(app) -> list:
    current_language.set("en")
    with Session(app.state.engine) as session:
        views, _total = money_by_kind.rows(session, Filters())
    assert len(views) >= 3, "the reports state several group-wide money figures"
    return views


def with_value(view, value: float):
    return replace(view, figure=view.figure.model_copy(update={"value": value}))


def bars(figure: dict) -> dict[str, float]:
    """Each bar's drawn length by its row."""
    return {
        y: x for trace in figure["data"] if trace["type"] == "bar" for y, x in zip(trace["y"], trace["x"], strict=True)
    }


def test_bars_of_comparable_amounts_are_drawn_to_scale_and_none_is_cut(app) -> None:
    views = [with_value(view, 100 + 10 * n) for n, view in enumerate(seed_views(app))]
    figure = money_by_kind.figure(views)
    assert bars(figure) == {f"#{v.figure.id}": v.figure.value for v in views}
    assert not [trace for trace in figure["data"] if trace["type"] == "scatter"]


def test_an_outsized_amount_is_cut_at_the_axis_end_and_marked_with_a_break(app) -> None:
    views = [with_value(view, 100 + 10 * n) for n, view in enumerate(seed_views(app))]
    views[0] = with_value(views[0], 1_000_000)
    axis = money_by_kind.Axis(views)
    assert axis.is_cut(views[0]) and not any(axis.is_cut(v) for v in views[1:])
    figure = money_by_kind.figure(views)
    drawn = bars(figure)
    assert drawn[f"#{views[0].figure.id}"] == axis.top  # at the axis's end, not 1,000,000
    assert all(drawn[f"#{v.figure.id}"] == v.figure.value for v in views[1:])
    (breaks,) = [trace for trace in figure["data"] if trace["type"] == "scatter"]
    assert breaks["y"] == [f"#{views[0].figure.id}"]
    assert figure["layout"]["xaxis"]["range"][1] <= axis.top * 1.01
