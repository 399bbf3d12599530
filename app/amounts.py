"""Read a figure as the Chinese text writes it: "超5亿元", "1600余万元", "近千米", "三十多公里".

The integrity tests use this to prove that every figure's normalised ``value`` and its
``qualifier`` agree with its ``text``; the curation never relies on arithmetic done by hand.
"""

from __future__ import annotations

import re
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

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = set(DIGITS) | set(SMALL_UNITS) | set(BIG_UNITS)

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


def parse_amount(text: str) -> ParsedAmount:
    """Parse one figure as written into its value (base unit) and qualifier.

    The unit word after the number (元, 人, 公里 …) is not converted: 公里 stays km and 米 stays m,
    because the figure's ``unit`` names the unit as written.  Money in 万/亿 becomes 元.
    """
    rest = "".join(text.split())
    if rest.startswith("第"):  # an ordinal, "名列第二": the rank itself
        rest = rest[1:]
    qualifier = "exact"
    for word, meaning in PREFIX_QUALIFIERS:
        if rest.startswith(word):
            qualifier, rest = meaning, rest[len(word):]
            break
    rest = rest.removeprefix("占")  # "约占50%": "about … make up 50%"
    for word in SUFFIX_OVER:
        if word in rest:
            qualifier, rest = "over", rest.replace(word, "")

    arabic = _ARABIC.match(rest)
    if arabic:
        number = Decimal(arabic.group())
        rest = rest[arabic.end():]
        head = ""
        while rest and (rest[0] in INNER_OVER or rest[0] in SMALL_UNITS or rest[0] in BIG_UNITS):
            head += rest[0]
            rest = rest[1:]
    else:
        head = ""
        while rest and (rest[0] in NUMERAL_CHARS or rest[0] in INNER_OVER):
            head += rest[0]
            rest = rest[1:]
        # "千米" is a thousand metres, not a magnitude of nothing: 米 follows and ends it.
        if not head.strip("".join(INNER_OVER)):
            raise AmountError(f"no number in {text!r}")
    if any(word in head for word in INNER_OVER):
        if qualifier not in ("exact", "over"):
            raise AmountError(f"two qualifiers in {text!r}")
        qualifier = "over"
        head = "".join(ch for ch in head if ch not in INNER_OVER)
    value = number * _magnitude(head) if arabic else Decimal(chinese_numeral(head))
    return ParsedAmount(value=value, qualifier=qualifier, percent="%" in rest or "％" in rest)
