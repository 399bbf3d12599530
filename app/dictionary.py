"""The data dictionary: what every column of every download and field of the API holds.

One description per column name, written once: the page ``/data/dictionary`` shows them in the
reader's language, and the API schema (app/schemas.py) takes the English as each field's
OpenAPI description.  A column means the same in every list it appears in; where a word such
as ``kind`` names a different set of values per list, the description says each.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 (the name babel looks for)
    """Marks a message for translation (babel extracts it) without translating it yet."""
    return message


DESCRIPTIONS = {
    "id": N_("Number of the row (a figure or an event); its page is at its url."),
    "slug": N_("Short unchanging name of the row, used in addresses and filters (e.g. muli)."),
    "url": N_("Address of the row's page on this site."),
    "name_zh": N_("Name in Chinese, as the reports write it."),
    "name_en": N_("Name in English: the official English name where there is one, else ours."),
    "label_zh": N_("What the figure counts, in Chinese (our wording, from the source passage)."),
    "label_en": N_("What the figure counts, in English (our translation)."),
    "title_zh": N_("Title in Chinese."),
    "title_en": N_("Title in English (our translation unless the source gives one)."),
    "value": N_("The number, in the base unit (yuan for money: 超5亿元 is 500000000)."),
    "value_min": N_(
        "The least the value can be, from its qualifier: the value when exact or over (超, 余), 10% "
        "below it when about (约, our convention), empty when nearly (近)."
    ),
    "value_max": N_(
        "The most the value can be: the value when exact or nearly (近), 10% above it when about "
        "(约, our convention), empty when over (超, 余)."
    ),
    "unit": N_("Unit of the value: yuan, people, households, villages, km, percent, rank …"),
    "qualifier": N_(
        "How exact the source says the number is: exact; over (超, 余: at least); about (约); nearly (近: at most)."
    ),
    "qualifier_text": N_("A qualifier the source writes apart from the number, which governs it."),
    "text": N_("The figure exactly as the source writes it (超5亿元)."),
    "excerpt": N_("The source's own sentence that states the figure or names the row, verbatim."),
    "period": N_(
        "Time the figure covers, in ISO 8601: a year (2019), a month (2019-05), a span "
        "(2018/2020-02) or a duration (P9M: nine months); empty when the source gives none."
    ),
    "period_label": N_("The period written for people (2018 – Feb 2020), in the chosen language."),
    "year_from": N_("First year the figure covers."),
    "year_to": N_("Last year the figure covers."),
    "scope": N_(
        "What the figure is about: the whole group, a province, the 4+2 counties, the designated "
        "counties, a county, a village, a project, an organisation, or the provinces where the “three regions "
        "and three prefectures” (三区三州) lie."
    ),
    "kind": N_(
        "Sort of row. Figures: what is counted (donation, industrial-investment, network-coverage …). "
        "Counties: county, autonomous-county, district or banner. Organisations: their part (group body, "
        "provincial company, partner, government, beneficiary …). People: China Telecom staff, village "
        "official or journalist."
    ),
    "facet": N_("Sort of programme: a strategy, an assignment or a theme."),
    "province": N_("Province slug(s); several are separated by |."),
    "provinces": N_("Province slugs, separated by | (in JSON, a list): directly or through a county or village."),
    "county": N_("County slug(s); several are separated by |."),
    "counties": N_("County slugs, separated by | (in JSON, a list)."),
    "village": N_("Village slug(s); several are separated by |."),
    "villages": N_("Village slugs, separated by | (in JSON, a list)."),
    "programme": N_("Programme slug(s) (poverty alleviation, designated assistance …), separated by |."),
    "programmes": N_("Programme slugs, separated by | (in JSON, a list)."),
    "projects": N_("Project slugs, separated by | (in JSON, a list)."),
    "organisation": N_("Slug of the person's organisation."),
    "organisations": N_("Organisation slugs, separated by | (in JSON, a list)."),
    "parent": N_("Slug of the organisation this one belongs to."),
    "province_name": N_("Names of the provinces in the column before, in the chosen language, in the same order."),
    "province_names": N_("Names of the provinces in the column before, in the chosen language, in the same order."),
    "county_name": N_("Names of the counties in the column before, in the chosen language, in the same order."),
    "county_names": N_("Names of the counties in the column before, in the chosen language, in the same order."),
    "village_name": N_("Names of the villages in the column before, in the chosen language, in the same order."),
    "village_names": N_("Names of the villages in the column before, in the chosen language, in the same order."),
    "programme_name": N_("Names of the programmes in the column before, in the chosen language."),
    "programme_names": N_("Names of the programmes in the column before, in the chosen language."),
    "project_names": N_("Names of the projects in the column before, in the chosen language."),
    "organisation_name": N_("Name of the organisation in the column before, in the chosen language."),
    "organisation_names": N_("Names of the organisations in the column before, in the chosen language."),
    "parent_name": N_("Name of the parent organisation, in the chosen language."),
    "source": N_("Slug of the report the row comes from (see /sources)."),
    "source_title": N_("Title of that report, in the chosen language."),
    "note_zh": N_("Our note on reading the figure, in Chinese."),
    "note_en": N_("Our note on reading the figure, in English."),
    "lat": N_("Latitude in degrees (WGS 84), from public gazetteers, not from the reports."),
    "lon": N_("Longitude in degrees (WGS 84), from public gazetteers, not from the reports."),
    "coords_approximate": N_(
        "True when lat/lon are approximate: a province's capital, a county's seat, a village's neighbourhood "
        "(from public gazetteers)."
    ),
    "prefecture_zh": N_("Prefecture-level city or prefecture, in Chinese (from public gazetteers)."),
    "prefecture_en": N_("Prefecture-level city or prefecture, in English."),
    "township_zh": N_("Township, in Chinese."),
    "township_en": N_("Township, in English."),
    "summary_zh": N_("Our summary in Chinese of what the sources say."),
    "summary_en": N_("Our summary in English of what the sources say."),
    "year_start": N_("Year the project began, where the source gives it."),
    "date": N_("Date of the event in ISO 8601, as precise as the source: 2019, 2019-05 or 2019-05-01."),
    "date_label": N_("The date written for people, in the chosen language."),
    "year": N_("Year of the event."),
    "role_zh": N_("The person's role, in Chinese, as the source gives it."),
    "role_en": N_("The person's role, in English."),
    "quotes": N_("The person's words in the sources (in JSON, a list with the source of each)."),
    "quotes_zh": N_("The person's words as the sources give them, separated by |."),
    "quotes_en": N_("Our English translation of each quote, in the same order."),
    "quotes_reported": N_("For each quote, yes when it is reported speech rather than the person's own words."),
    "author_zh": N_("Author(s), in Chinese."),
    "author_en": N_("Author(s), in English."),
    "outlet_zh": N_("Where the report was published, in Chinese."),
    "outlet_en": N_("Where the report was published, in English."),
    "published": N_("Date of publication (ISO 8601)."),
}
