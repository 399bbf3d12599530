"""The timeline's figure from its rows alone (app/charts/timeline.py): one row an event, in the
order given, a year or month alone at its middle, the axis half a year beyond the events."""

from __future__ import annotations

from app.charts import timeline


def event(row: int, date: str, kind: str = "milestone", title: str = "事件") -> dict:
    return {"row": f"e{row}", "date": date, "date_label": date, "title": title, "kind": kind, "id": row}


def test_a_year_or_a_month_alone_is_drawn_at_its_middle() -> None:
    assert timeline.plot_date("2019") == "2019-07-01"
    assert timeline.plot_date("2019-05") == "2019-05-15"
    assert timeline.plot_date("2019-05-03") == "2019-05-03"


def test_the_axis_spans_the_events_years_and_the_reports_years_when_there_are_none() -> None:
    events = [event(0, "2005-03"), event(1, "2012"), event(2, "2020-02-01", kind="report")]
    assert timeline.span(events) == (2005, 2020)
    assert timeline.span([]) == (2002, 2023)
    axis = timeline.figure(events)["layout"]["xaxis"]
    assert axis["range"] == ["2004-07-01", "2021-06-30"]


def test_each_event_has_its_own_row_and_each_kind_its_own_marker() -> None:
    events = [event(0, "2005-03"), event(1, "2012"), event(2, "2020-02-01", kind="report")]
    figure = timeline.figure(events)
    milestones, reports = figure["data"]
    assert milestones["y"] == ["e0", "e1"] and milestones["x"] == ["2005-03-15", "2012-07-01"]
    assert reports["y"] == ["e2"] and reports["marker"]["symbol"] == "square"
    assert figure["layout"]["yaxis"]["tickvals"] == ["e0", "e1", "e2"]


def test_a_timeline_without_reports_draws_no_empty_trace() -> None:
    figure = timeline.figure([event(0, "2015")])
    assert [trace["marker"]["symbol"] for trace in figure["data"]] == ["circle"]


def test_the_subtitle_names_the_reports_dates_only_when_the_chart_plots_them(client) -> None:
    """A filter that leaves the reports' publication dates off the timeline leaves them out of
    its subtitle too; a span of one year is said once."""
    import re

    def subtitle_and_kinds(params: dict) -> tuple[str, set]:
        data = client.get("/charts/timeline.json", params={**params, "lang": "en"}).json()
        page = client.get("/charts/timeline", params={**params, "lang": "en"}).text
        subtitle = re.search(r'class="chart-subtitle"[^>]*>([^<]+)<', page).group(1)
        return subtitle, {row["kind"] for row in data["rows"]}

    everything, kinds = subtitle_and_kinds({})
    assert "report" in kinds and "the dates the two reports were published" in everything
    narrowed, kinds = subtitle_and_kinds({"province": "sichuan"})
    assert kinds == {"milestone"} and "reports were published" not in narrowed
    years = re.search(r"give, (.+?)\.", narrowed).group(1)
    assert not re.fullmatch(r"(\d{4}) to \1", years), years


def test_a_short_timeline_ticks_once_a_year() -> None:
    """Its tick labels are years: a span of a year or two ticked every half year read 2019, 2019."""
    assert timeline.figure([event(0, "2019-05")])["layout"]["xaxis"]["dtick"] == "M12"
    assert "dtick" not in timeline.figure([event(0, "2002"), event(1, "2023")])["layout"]["xaxis"]


def test_a_filtered_timeline_cites_the_reports_its_events_come_from(client) -> None:
    everything = client.get("/charts/timeline.json", params={"lang": "en"}).json()
    sichuan = client.get("/charts/timeline.json", params={"lang": "en", "province": "sichuan"}).json()
    plotted = {row["source"] for row in sichuan["rows"]}
    assert plotted and len(plotted) < len(everything["sources"])
    assert set(sichuan["sources"]) == plotted
