"""Money by place from its rows (app/charts/investment_by_place.py): one dot a figure at its own
value, never split or added up, shaped by its qualifier, grouped by the kind of place, broadest
first."""

from __future__ import annotations

from sqlmodel import Session

from app.charts import investment_by_place as chart
from app.i18n import current_language
from app.queries.filters import Filters


def test_every_money_figure_is_one_dot_at_its_value_shaped_by_its_qualifier(app) -> None:
    current_language.set("en")
    with Session(app.state.engine) as session:
        found, views, total = chart.rows(session, Filters())
    assert len(views) == len(found) == total > 1
    dots = {
        figure_id: (x, symbol)
        for trace in chart.figure(views)["data"]
        for figure_id, x, symbol in zip(trace["customdata"], trace["x"], trace["marker"]["symbol"], strict=True)
    }
    assert dots == {v.figure.id: (v.figure.value, chart.QUALIFIER_MARKERS[v.figure.qualifier]) for v in views}
    # broadest place first: the rows follow SCOPE_ORDER
    order = [chart.SCOPE_ORDER.index(v.figure.scope) for v in views]
    assert order == sorted(order)


def test_the_text_alternative_names_the_smallest_and_largest_amounts(app) -> None:
    current_language.set("en")
    with Session(app.state.engine) as session:
        found, _views, _total = chart.rows(session, Filters())
    text = chart.alt_text(found)
    smallest = min(found, key=lambda f: f.value)
    largest = max(found, key=lambda f: f.value)
    assert f"{len(found)} money figures" in text
    assert chart.figure_value(smallest) in text and chart.figure_value(largest) in text
    assert chart.alt_text([]) == "No money figure matches these filters."
