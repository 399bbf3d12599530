from decimal import Decimal

import pytest

from app.amounts import AmountError, chinese_numeral, parse_amount


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("超5亿元", "500000000", "over"),
        ("超过20亿元", "2000000000", "over"),
        ("1600余万元", "16000000", "over"),
        ("5600余万元", "56000000", "over"),
        ("超千万元", "10000000", "over"),
        ("1.13亿元", "113000000", "exact"),
        ("达943.31万元", "9433100", "exact"),
        ("达270万元", "2700000", "exact"),
        ("2.5亿", "250000000", "exact"),
        ("40多万", "400000", "over"),
        ("50多个", "50", "over"),
        ("三十多公里", "30", "over"),
        ("逾四十公里", "40", "over"),
        ("近千米", "1000", "nearly"),
        ("近百家", "100", "nearly"),
        ("十余个", "10", "over"),
        ("接近100%", "100", "nearly"),
        ("近90%", "90", "nearly"),
        ("70%以上", "70", "over"),
        ("约6.7公里", "6.7", "about"),
        ("约350户", "350", "about"),
        ("约占50%", "50", "about"),
        ("34681名", "34681", "exact"),
        ("三次", "3", "exact"),
        ("第二", "2", "exact"),
        ("五级", "5", "exact"),
    ],
)
def test_parses_amounts_as_written(text: str, value: str, qualifier: str) -> None:
    parsed = parse_amount(text)
    assert parsed.value == Decimal(value)
    assert parsed.qualifier == qualifier


def test_percent_is_recognised() -> None:
    assert parse_amount("近90%").percent
    assert not parse_amount("近90个").percent


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三", 3), ("十", 10), ("十二", 12), ("四十", 40), ("一百零五", 105), ("千", 1000),
     ("千万", 10_000_000), ("一亿五千万", 150_000_000), ("两万", 20_000)],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert chinese_numeral(numeral) == value


@pytest.mark.parametrize("text", ["", "元", "超元", "约多5元", "abc"])
def test_rejects_text_without_a_number(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)
