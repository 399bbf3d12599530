"""Numbers, units, qualifiers, periods and names, per language.

Chinese shows a figure exactly as the source writes it ("超5亿元"); English states the same value
with its qualifier in words ("over ¥500 million").  Numbers the app computes (chart axes, sums)
are written with 万/亿 in Chinese and million/billion in English.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

from app.i18n import BABEL_LOCALE, current_language
from app.i18n import gettext as _

# unit → (Chinese word, English singular, English plural)
UNITS: dict[str, tuple[str, str, str]] = {
    "yuan": ("元", "yuan", "yuan"),
    "people": ("人", "person", "people"),
    "households": ("户", "household", "households"),
    "villages": ("个村", "village", "villages"),
    "counties": ("个县", "county", "counties"),
    "townships": ("个乡", "township", "townships"),
    "percent": ("%", "%", "%"),
    "km": ("公里", "km", "km"),
    "m": ("米", "m", "m"),
    "mu": ("亩", "mu", "mu"),
    "years": ("年", "year", "years"),
    "enterprises": ("家企业", "enterprise", "enterprises"),
    "organisations": ("个组织", "organisation", "organisations"),
    "jobs": ("个岗位", "job", "jobs"),
    "cameras": ("台摄像头", "camera", "cameras"),
    "lamps": ("盏路灯", "lamp", "lamps"),
    "greenhouses": ("个大棚", "greenhouse", "greenhouses"),
    "campuses": ("个校园", "campus", "campuses"),
    "systems": ("个系统", "system", "systems"),
    "projects": ("个项目", "project", "projects"),
    "drives": ("次", "drive", "drives"),
    "users": ("名用户", "user", "users"),
    "employees": ("名员工", "employee", "employees"),
    "rank": ("名", "rank", "rank"),
    "levels": ("级", "level", "levels"),
    "campaigns": ("项行动", "campaign", "campaigns"),
}
# Marks the written text must carry for a unit whose word is unambiguous (integrity tests).
UNIT_MARKS = {
    "yuan": ("元",),
    "percent": ("%", "％"),
    "km": ("公里",),
    "m": ("米",),
    "mu": ("亩",),
    "households": ("户",),
    "people": ("人", "名"),
    "villages": ("村",),
    "counties": ("县",),
    "townships": ("乡",),
    "years": ("年",),
}
QUALIFIER_SYMBOLS = {"exact": "", "over": ">", "about": "≈", "nearly": "<"}


def lang() -> str:
    return current_language.get()


def per_language(function):
    """Memoise a pure formatter by the page's language and its arguments: a list page formats the
    same amounts, periods and dates over and over, and each Babel call costs tens of microseconds."""

    @functools.lru_cache(maxsize=8192, typed=True)
    def cached(language: str, args: tuple, kwargs: tuple):
        return function(*args, **dict(kwargs))

    @functools.wraps(function)
    def formatted(*args, **kwargs):
        try:
            return cached(lang(), args, tuple(kwargs.items()))
        except TypeError:  # an unhashable argument: format it afresh
            return function(*args, **kwargs)

    return formatted


def qualifier_word(qualifier: str) -> str:
    return {
        "exact": "",
        "over": _("over"),
        "about": _("about"),
        "nearly": _("nearly"),
    }[qualifier]


def qualifier_label(qualifier: str) -> str:
    """For filters and legends: the qualifier as a phrase of its own."""
    return {
        "exact": _("exact"),
        "over": _("over (超/余/逾/多/以上)"),
        "about": _("about (约)"),
        "nearly": _("nearly (近/接近)"),
    }[qualifier]


@per_language
def number(value: float | int | Decimal, digits: int = 4) -> str:
    """A plain number in the page's language, trailing zeros dropped."""
    rounded = round(Decimal(str(value)), digits).normalize()
    # Chinese writes four-digit numbers before 万/亿 without a separator: 7000万, not 7,000万.
    pattern = "0.####" if lang() == "zh" and abs(rounded) < 10_000 else "#,##0.####"
    return format_decimal(rounded, format=pattern, locale=BABEL_LOCALE[lang()])


# From here up, numbers read better in 万/亿 (Chinese) or million/billion (English) than in digits.
COMPACT_FROM = {"zh": 10_000, "en": 1_000_000}


@per_language
def compact(value: float, max_fraction_digits: int = 2) -> str | None:
    """The value in Babel's compact form (1.13亿, 943.31万; 113 million), or None when that
    form would round it: a stated figure is never shown as less exact than the source gives it."""
    if abs(value) < COMPACT_FROM[lang()]:
        return None
    for digits in range(max_fraction_digits + 1):
        shown = format_compact_decimal(
            value,
            format_type="short" if lang() == "zh" else "long",
            locale=BABEL_LOCALE[lang()],
            fraction_digits=digits,
        )
        if _compact_value(shown) == Decimal(str(value)):
            return shown
    return None


def _compact_value(shown: str) -> Decimal | None:
    """What a compact form stands for ("1.13亿" → 113000000), to check it rounds nothing."""
    scales = {
        "万亿": 10**12,
        "亿": 10**8,
        "万": 10**4,
        " trillion": 10**12,
        " billion": 10**9,
        " million": 10**6,
        " thousand": 10**3,
    }
    for word, size in scales.items():
        if shown.endswith(word):
            return Decimal(shown[: -len(word)].replace(",", "")) * size
    return None


@per_language
def axis_number(value: float) -> str:
    """A tick on a chart's axis: 1000万, 1亿, 10亿 / 10 million, 1 billion (rounding is fine here:
    ticks are round numbers, and every plotted value is also labelled exactly)."""
    if abs(value) < COMPACT_FROM[lang()]:
        return number(value)
    return format_compact_decimal(
        value, format_type="short" if lang() == "zh" else "long", locale=BABEL_LOCALE[lang()], fraction_digits=2
    )


@per_language
def amount(value: float, unit: str) -> str:
    """A value with its unit: 5亿元 / ¥500 million; 34681人 / 34,681 people."""
    shown = compact(value) or number(value)
    zh_word, singular, plural = UNITS.get(unit, ("", unit, unit))
    if lang() == "zh":
        return f"{shown}{zh_word}"
    if unit == "yuan":
        return f"¥{shown}"
    if unit == "percent":
        return f"{shown}%"
    word = singular if value == 1 else plural
    return f"{shown} {word}"


def figure_value(figure) -> str:
    """A figure for display: as written in Chinese, in words with its qualifier in English."""
    if lang() == "zh":
        return f"{figure.qualifier_text or ''}{figure.text}"
    word = qualifier_word(figure.qualifier)
    shown = amount(figure.value, figure.unit)
    if figure.unit == "rank":
        shown = _("no. %(rank)s", rank=number(figure.value))
    return f"{word} {shown}".strip()


@per_language
def period_label(period: str | None) -> str:
    """ "2018/2020-02" → 2018年—2020年2月 / 2018 – Feb 2020; "P9M" → 9个月 / 9 months."""
    if not period:
        return ""
    if period.startswith("P") and period.endswith("M"):
        months = int(period[1:-1])
        return f"{months}个月" if lang() == "zh" else f"{months} months"
    if period.startswith("P") and period.endswith("Y"):
        years = int(period[1:-1])
        return f"{years}年" if lang() == "zh" else f"{years} years"
    parts = [date_label(part) for part in period.split("/")]
    return "—".join(parts) if lang() == "zh" else " – ".join(parts)


@per_language
def date_label(value: str | None) -> str:
    """A partial ISO date ("2019", "2019-05", "2019-05-01") as precise as it is, no more."""
    if not value:
        return ""
    pieces = value.split("-")
    locale = BABEL_LOCALE[lang()]
    if len(pieces) == 1:
        return f"{pieces[0]}年" if lang() == "zh" else pieces[0]
    if len(pieces) == 2:
        day = dt.date(int(pieces[0]), int(pieces[1]), 1)
        return format_date(day, "y年M月" if lang() == "zh" else "MMM y", locale=locale)
    day = dt.date.fromisoformat(value)
    return format_date(day, "long", locale=locale)


def name(entity, field: str = "name") -> str:
    """The entity's name in the page's language."""
    return getattr(entity, f"{field}_{lang()}") or getattr(entity, f"{field}_zh")


def joined(items, english: str = ", ") -> str:
    """Items listed as the reader's language lists them: 甲、乙 in Chinese, "A, B" in English."""
    return ("、" if lang() == "zh" else english).join(items)


def labelled(text: str) -> str:
    """A translated label before its value, with the space English puts after its colon; a
    full-width colon carries its own (Source: A, 来源：A)."""
    return text if text.endswith("：") else f"{text} "


def sentences(parts) -> str:
    """Sentences one after another: Chinese runs them together, English puts a space between."""
    return ("" if lang() == "zh" else " ").join(parts)


def list_separator() -> str:
    """What a template writes between the items of a list (links, which joined would escape):
    joined's 、 in Chinese, ", " in English."""
    return "、" if lang() == "zh" else ", "


def row_name(row) -> str:
    """What any row is called: its name, its label (a figure) or its title (a source, an event)."""
    field = next(f for f in ("name", "label", "title") if hasattr(row, f"{f}_zh"))
    return name(row, field)


def other_name(entity, field: str = "name") -> str:
    """The name in the other language, shown beside it so readers can match the sources."""
    other = "en" if lang() == "zh" else "zh"
    return getattr(entity, f"{field}_{other}") or ""


def kind_label(kind: str | None) -> str:
    """What a figure counts, in words (app.models.FIGURE_KINDS)."""
    return {
        "donation": _("Donations"),
        "network-construction": _("Network construction"),
        "industrial-investment": _("Industrial investment"),
        "free-aid": _("Free aid"),
        "charity-donations": _("Charity donation drives"),
        "purchasing": _("Purchasing"),
        "sales-help": _("Sales help"),
        "infrastructure-investment": _("Infrastructure investment"),
        "fee-discount": _("Fee discounts"),
        "procurement": _("Procurement"),
        "assistance-task": _("Assistance tasks"),
        "lifted-out-of-poverty": _("Lifted out of poverty"),
        "network-coverage": _("Network coverage"),
    }.get(kind or "", kind or "")


def unit_label(unit: str) -> str:
    zh_word, _singular, plural = UNITS.get(unit, ("", unit, unit))
    if lang() == "en":
        return plural
    # "个村" reads 村 alone; a measure word with nothing after it (名 for a rank) stays.
    return zh_word.lstrip("个名台盏家") or zh_word


def entity_kind(kind: str) -> str:
    """An entity's kind in the reader's language, for messages ("There is no county …")."""
    return {
        "figure": _("figure"),
        "county": _("county"),
        "village": _("village"),
        "province": _("province"),
        "project": _("project"),
        "organisation": _("organisation"),
        "person": _("person"),
        "programme": _("programme"),
        "source": _("source"),
        "milestone": _("dated event"),
    }[kind]


def organisation_kind(kind: str) -> str:
    return {
        "group": _("The group"),
        "group-body": _("Group body"),
        "group-department": _("Group department"),
        "provincial-company": _("Provincial company"),
        "city-company": _("City company"),
        "partner": _("Partner"),
        "government": _("Government body"),
        "beneficiary": _("Beneficiary"),
    }.get(kind, kind)


def person_kind(kind: str) -> str:
    return {
        "china-telecom": _("China Telecom"),
        "village-official": _("Village official"),
        "journalist": _("Journalist"),
    }.get(kind, kind)


def role_label(role: str) -> str:
    """How an organisation is tied to a county or a project, as the sources describe it."""
    return {
        "lead": _("leads it"),
        "partner": _("partner"),
        "promoter": _("promotes it"),
        "beneficiary": _("beneficiary"),
        "recogniser": _("recognised it"),
        "designated": _("designated assistance"),
        "paired": _("paired assistance"),
        "pairing": _("“1+3” pairing group"),
        "recruitment": _("seeks investors and partners for it"),
        "village-assistance": _("assists villages there"),
        "first-secretary": _("sent a village first secretary"),
        "acceptance-check": _("checked its exit from poverty"),
        "mobilised": _("mobilised or brought in by the “1+3” pairing groups"),
    }.get(role, role)


def jinja_filters() -> dict:
    return {
        "figure_value": figure_value,
        "period_label": period_label,
        "date_label": date_label,
        "number": number,
        "name": name,
        "other_name": other_name,
        "unit_label": unit_label,
    }


def jinja_globals() -> dict:
    return {
        "qualifier_word": qualifier_word,
        "qualifier_label": qualifier_label,
        "QUALIFIER_SYMBOLS": QUALIFIER_SYMBOLS,
        "amount": amount,
        "organisation_kind": organisation_kind,
        "person_kind": person_kind,
        "role_label": role_label,
        "list_separator": list_separator,
        "labelled": labelled,
    }
