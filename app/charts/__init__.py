"""The chart registry: one figure builder per chart, in the order /charts lists them."""

from __future__ import annotations

from app.charts import (
    four_plus_two,
    investment_by_place,
    money_by_kind,
    places_map,
    sichuan_assistance,
    timeline,
)
from app.charts.base import ChartDef
from app.i18n import gettext as _

CHARTS: dict[str, ChartDef] = {
    chart.id: chart
    for chart in (
        ChartDef(
            "investment-by-place",
            lambda: _("Money by the place it went to"),
            lambda: _("Every money figure, one point each, grouped by the place or scope it describes."),
            ("province", "programme", "group", "year", "source"),
            investment_by_place.build,
        ),
        ChartDef(
            "four-plus-two",
            lambda: _("The “4+2” counties"),
            lambda: _("The four designated and two paired counties on a map, with what the data holds for each."),
            ("province",),
            four_plus_two.build,
        ),
        ChartDef(
            "money-by-kind",
            lambda: _("Group-wide money, by kind"),
            lambda: _(
                "Donations, network construction, industrial investment, purchasing, sales help, staff "
                "donations and free aid."
            ),
            ("year", "source"),
            money_by_kind.build,
        ),
        ChartDef(
            "sichuan-assistance",
            lambda: _("Sichuan: under assistance and lifted out of poverty"),
            lambda: _(
                "Villages, households and people under the Sichuan company’s assistance against those "
                "lifted out of poverty."
            ),
            ("source",),
            sichuan_assistance.build,
        ),
        ChartDef(
            "timeline",
            lambda: _("Timeline"),
            lambda: _("The milestones the reports date, and the reports themselves."),
            ("province", "programme", "group", "year", "source"),
            timeline.build,
        ),
        ChartDef(
            "places-map",
            lambda: _("Every place the reports name"),
            lambda: _("All counties and villages on one map, coloured by programme."),
            ("province", "programme", "group", "source"),
            places_map.build,
        ),
    )
}
