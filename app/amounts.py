"""Read a figure as the Chinese text writes it: "超5亿元", "1600余万元", "近千米", "三十多公里".

The integrity tests use this to prove that every figure's normalised ``value`` and its
``qualifier`` agree with its ``text``; the curation never relies on arithmetic done by hand.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from decimal import Decimal

# Words before the number. Longest first: "超过" must win over "超".
PREFIX_QUALIFIERS = (
    ("超过", "over"),
    ("接近", "nearly"),
    ("超", "over"),
    ("逾", "over"),
    ("近", "nearly"),
    ("约", "about"),
    ("达", "exact"),  # "reached": the number is stated as it is
)
# Words inside or after the number ("1600余万", "三十多", "70%以上").
INNER_OVER = ("余", "多")
SUFFIX_OVER = ("以上",)

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = set(DIGITS) | set(SMALL_UNITS) | set(BIG_UNITS)
# What may follow Arabic digits (万, 亿, 余 …) and what a number in characters is made of.
AFTER_DIGITS = frozenset({*INNER_OVER, *SMALL_UNITS, *BIG_UNITS})
NUMERAL_OR_OVER = frozenset({*NUMERAL_CHARS, *INNER_OVER})

_ARABIC = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class ParsedAmount:
    value: Decimal
    qualifier: str  # exact | over | about | nearly
    percent: bool


class AmountError(ValueError):
    pass


def chinese_numeral(text: str) -> int:
    """Value of a Chinese numeral: "四十" → 40, "千万" → 10000000, "一亿五千万" → 150000000."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        raise AmountError(f"not a Chinese numeral: {text!r}")
    total = section = number = 0
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (number or 1) * SMALL_UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number or 1) * BIG_UNITS[ch]
            section = number = 0
        else:  # 亿
            total = (total + section + number or 1) * BIG_UNITS[ch]
            section = number = 0
    return total + section + number


def _magnitude(text: str) -> int:
    """Product of trailing magnitude characters: "万" → 10^4, "千万" → 10^7."""
    factor = 1
    for ch in text:
        factor *= {**SMALL_UNITS, **BIG_UNITS}[ch]
    return factor


def _qualified(rest: str) -> tuple[str, str]:
    """The qualifier the words around the number give (约, 近, 超, …以上 …), and the text without them."""
    if rest.startswith("第"):  # an ordinal, "名列第二": the rank itself
        rest = rest[1:]
    qualifier = "exact"
    for word, meaning in PREFIX_QUALIFIERS:
        if rest.startswith(word):
            qualifier, rest = meaning, rest[len(word) :]
            break
    rest = rest.removeprefix("占")  # "约占50%": "about … make up 50%"
    for word in SUFFIX_OVER:
        if word in rest:
            qualifier, rest = "over", rest.replace(word, "")
    return qualifier, rest


def _leading(rest: str, characters: Container[str]) -> tuple[str, str]:
    """The characters at the start of ``rest`` that are among ``characters``, and what follows."""
    end = 0
    while end < len(rest) and rest[end] in characters:
        end += 1
    return rest[:end], rest[end:]


def parse_amount(text: str) -> ParsedAmount:
    """Parse one figure as written into its value (base unit) and qualifier.

    The unit word after the number (元, 人, 公里 …) is not converted: 公里 stays km and 米 stays m,
    because the figure's ``unit`` names the unit as written.  Money in 万/亿 becomes 元.
    """
    qualifier, rest = _qualified("".join(text.split()))
    arabic = _ARABIC.match(rest)
    if arabic:
        # the digits, then magnitudes (万, 亿) and "more than" marks (余, 多) after them
        head, rest = _leading(rest[arabic.end() :], AFTER_DIGITS)
    else:
        head, rest = _leading(rest, NUMERAL_OR_OVER)
        # "千米" is a thousand metres, not a magnitude of nothing: 米 follows and ends it.
        if not head.strip("".join(INNER_OVER)):
            raise AmountError(f"no number in {text!r}")
    if any(word in head for word in INNER_OVER):
        if qualifier not in ("exact", "over"):
            raise AmountError(f"two qualifiers in {text!r}")
        qualifier = "over"
        head = "".join(ch for ch in head if ch not in INNER_OVER)
    value = Decimal(arabic.group()) * _magnitude(head) if arabic else Decimal(chinese_numeral(head))
    return ParsedAmount(value=value, qualifier=qualifier, percent="%" in rest or "％" in rest)


# --- finding every quantity in running text (the coverage check, app/coverage.py) ------------

# What turns Chinese numeral characters into a quantity: a measure word or unit after them (三个,
# 五级, 两年, 近百家, 三十多公里). Without one they are part of a word: 四川, 百姓, 千难万难, 二维码.
# 一 before a measure word is often the article "a" (一张“卡片”), but it can be a count, so it is
# found too and the curator says which it is.  Longest first: "个月" must win over "个".
MEASURE_WORDS = tuple(
    sorted(
        (
            "公里",
            "公斤",
            "平方米",
            "个月",
            "个",
            "家",
            "次",
            "年",
            "月",
            "日",
            "天",
            "周",
            "级",
            "名",
            "户",
            "人",
            "元",
            "亩",
            "米",
            "里",
            "盏",
            "台",
            "项",
            "条",
            "座",
            "张",
            "根",
            "组",
            "步",
            "大",
            "层",
            "号",
            "倍",
            "所",
            "位",
            "份",
            "批",
            "只",
            "头",
            "辆",
            "间",
            "处",
            "种",
            "样",
            "类",
            "支",
            "棵",
            "株",
            "吨",
            "斤",
            "成",
            "期",
            "届",
            "县",
            "乡",
            "镇",
            "村",
        ),
        key=len,
        reverse=True,
    )
)
# Qualifier words written before a number, as parse_amount reads them ("约占50%" too).
PREFIXES = tuple(sorted({word for word, _ in PREFIX_QUALIFIERS} | {"约占"}, key=len, reverse=True))
PERCENT_SIGNS = ("%", "％")

_NUMBER = re.compile(r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_CODE = re.compile(r"\d+(?:[-:]\d+)+")  # phone numbers, times, ranges: digits joined by - or :
_MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,2})月")
# 百分之九十五 (95 %) and 三分之二 (two thirds): a share written out in words.
_FRACTION = re.compile(r"([一二两三四五六七八九十百千万]+)分之([零〇一二两三四五六七八九十百千]+)")


@dataclass(frozen=True)
class Quantity:
    """One quantity as the text writes it: its qualifier, number, magnitude and measure word.

    ``start``/``end`` bound the whole written quantity, ``number_start``/``number_end`` the numeral
    alone; both are offsets in the text that was scanned.  ``kind`` is amount, percent, date
    (``year``, ``month``), duration (``value`` in ``unit`` years or months), ordinal (第二) or code
    (a telephone number, a time, a range: digits that are not an amount).
    """

    start: int
    end: int
    number_start: int
    number_end: int
    written: str
    kind: str
    value: Decimal | None = None
    unit: str | None = None
    year: int | None = None
    month: int | None = None


def _written_before(text: str, position: int, word: str) -> bool:
    """``word`` ends right at ``position`` (never wrapping round to the end of the text)."""
    return position >= len(word) and text.startswith(word, position - len(word))


def _prefix_before(text: str, position: int) -> str:
    for word in PREFIXES:
        if _written_before(text, position, word):
            return word
    return ""


def _measure_after(text: str, position: int) -> str:
    for word in MEASURE_WORDS:
        if text.startswith(word, position):
            return word
    return ""


def _tail(text: str, position: int) -> int:
    """End of what belongs to a number after its digits: 余/多 and magnitudes ("1600余万", "40多万")."""
    while position < len(text) and (
        text[position] in INNER_OVER or text[position] in SMALL_UNITS or text[position] in BIG_UNITS
    ):
        position += 1
    return position


def find_quantities(text: str) -> list[Quantity]:
    """Every number in ``text`` with its qualifier and unit, in order.

    Arabic digits are always a quantity (a telephone number or "4G" too: the curator says what is
    not a figure); Chinese numerals are one when a measure word or unit follows, or 第 precedes.
    """
    found: list[Quantity] = []
    position = 0
    while True:
        match = _NUMBER.search(text, position)
        if not match:
            return found
        start, end = match.span()
        position = end
        arabic = match.group()[0].isdigit()
        if arabic and start and (text[start - 1].isdigit() or text[start - 1] == "."):
            continue
        quantity = _arabic_quantity(text, start) if arabic else _chinese_quantity(text, start, end)
        if quantity is not None:
            found.append(quantity)
            position = max(position, quantity.end)


def _arabic_quantity(text: str, start: int) -> Quantity:
    iso = _ISO_DATE.match(text, start)
    if iso:
        return Quantity(
            start, iso.end(), start, iso.end(), iso.group(), "date", year=int(iso.group(1)), month=int(iso.group(2))
        )
    code = _CODE.match(text, start)
    if code:
        return Quantity(start, code.end(), start, code.end(), code.group(), "code")
    digits_found = _ARABIC.match(text, start)
    assert digits_found is not None  # find_quantities calls this where a digit starts
    number_end = digits_found.end()
    digits = text[start:number_end]
    if len(digits) == 4 and text.startswith("年", number_end) and 1900 <= int(digits) <= 2099:
        end = number_end + 1
        month = _MONTH.match(text, end)
        value_month = None
        if month:
            end = month.end()
            value_month = int(month.group(1)) if month.group(1).isdigit() else chinese_numeral(month.group(1))
        return Quantity(start, end, start, number_end, text[start:end], "date", year=int(digits), month=value_month)
    return _quantity(text, start, number_end, _tail(text, number_end))


def _chinese_quantity(text: str, start: int, end: int) -> Quantity | None:
    """A Chinese numeral that is a quantity: with 第 before it or a measure word after it (三个,
    近百家); a digit with its own magnitude (二十万群众, 五万, 八千余) or 数 with one (达数万), which
    no word holds; or a share in words (百分之九十五, 三分之二)."""
    fraction = _FRACTION.match(text, start)
    if fraction:
        whole, part = fraction.groups()
        percent = whole == "百"
        value = Decimal(chinese_numeral(part)) if percent else None
        kind = "percent" if percent else "fraction"
        return Quantity(start, fraction.end(), start, fraction.end(), fraction.group(), kind, value=value)
    numeral = text[start:end]
    inner = _tail(text, end)  # 余/多 after the numeral ("十余个", "三十多公里")
    if _written_before(text, start, "第") or _measure_after(text, inner):
        return _quantity(text, start, end, inner)
    has_digit = any(ch in DIGITS for ch in numeral)
    has_magnitude = any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in numeral)
    if has_digit and has_magnitude:
        return _quantity(text, start, end, inner)
    if _written_before(text, start, "数") and not has_digit:  # 数万: some tens of thousands
        written = text[start - 1 : inner]
        return Quantity(start - 1, inner, start, end, written, "amount")
    return None


def _quantity(text: str, number_start: int, number_end: int, tail_end: int) -> Quantity:
    """The written quantity around a numeral: qualifier before, measure word, 以上 and % after."""
    if _written_before(text, number_start, "第"):
        written_start, kind = number_start - 1, "ordinal"
    else:
        written_start, kind = number_start - len(_prefix_before(text, number_start)), "amount"
    end = tail_end
    measure = "" if kind == "ordinal" else _measure_after(text, end)
    end += len(measure)
    unit = None
    if measure in ("年", "个月") and kind == "amount":
        kind, unit = "duration", "years" if measure == "年" else "months"
    if text.startswith(PERCENT_SIGNS, end):
        kind, end = "percent", end + 1
    for word in SUFFIX_OVER:
        if text.startswith(word, end):
            end += len(word)
    written = text[written_start:end]
    try:
        value = parse_amount(written).value
    except AmountError:
        value = None
    return Quantity(written_start, end, number_start, number_end, written, kind, value=value, unit=unit)
