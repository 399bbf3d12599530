from decimal import Decimal

import pytest

from app.amounts import AmountError, chinese_numeral, find_quantities, parse_amount


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
    [
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("四十", 40),
        ("一百零五", 105),
        ("千", 1000),
        ("千万", 10_000_000),
        ("一亿五千万", 150_000_000),
        ("两万", 20_000),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert chinese_numeral(numeral) == value


@pytest.mark.parametrize("text", ["", "元", "超元", "约多5元", "abc"])
def test_rejects_text_without_a_number(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


# --- finding quantities in running text ----------------------------------------------------


def found(text: str) -> list[tuple[str, str]]:
    return [(q.written, q.kind) for q in find_quantities(text)]


def test_finds_amounts_with_their_qualifiers_and_units() -> None:
    text = "投入扶贫专项捐赠资金超5亿元,无偿帮扶资金1600余万元;解决约350户800人(贫困户约占50%),建成智慧校园200余个"
    assert found(text) == [
        ("超5亿元", "amount"),
        ("1600余万元", "amount"),
        ("约350户", "amount"),
        ("800人", "amount"),
        ("约占50%", "percent"),
        ("200余个", "amount"),
    ]
    assert found("实现70%以上光纤到户,员工参与面接近100%") == [("70%以上", "percent"), ("接近100%", "percent")]
    assert found("40多万员工,2.5亿星级用户") == [("40多万", "amount"), ("2.5亿", "amount")]


def test_finds_chinese_numerals_only_with_a_measure_word() -> None:
    text = "距离逾四十公里,海拔近千米,远的有三十多公里,支撑十余个系统,引入近百家企业,超千万元,五级穿透"
    assert [w for w, _ in found(text)] == ["逾四十公里", "近千米", "三十多公里", "十余个", "近百家", "超千万元", "五级"]
    # Words that hold numeral characters are not numbers: 四川, 百姓, 千难万难, 二维码, 两委, 三区三州.
    assert found("四川的百姓千难万难,扫二维码,村两委,“三区三州”,五预防三助力") == []


def test_finds_dates_durations_ordinals_and_codes() -> None:
    text = "2019年5月发布;2018年年底脱贫;17年来;近两年来;9个月采购;名列第二;电话:010-68061617;2020-02-27"
    quantities = find_quantities(text)
    assert [(q.written, q.kind) for q in quantities] == [
        ("2019年5月", "date"),
        ("2018年", "date"),
        ("17年", "duration"),
        ("近两年", "duration"),
        ("9个月", "duration"),
        ("第二", "ordinal"),
        ("010-68061617", "code"),
        ("2020-02-27", "date"),
    ]
    may, end_2018, years, nearly_two, months, second = quantities[:6]
    assert (may.year, may.month, end_2018.year, end_2018.month) == (2019, 5, 2018, None)
    assert (years.value, years.unit, nearly_two.value, months.value, months.unit) == (17, "years", 2, 9, "months")
    assert second.value == 2


def test_positions_bound_the_written_quantity_and_its_numeral() -> None:
    text = "资金达943.31万元,"
    (quantity,) = find_quantities(text)
    assert text[quantity.start : quantity.end] == "达943.31万元"
    assert text[quantity.number_start : quantity.number_end] == "943.31"
    assert quantity.value == Decimal("9433100")


def test_numbers_split_by_whitespace_stay_apart() -> None:
    assert found("2020-02-27 21:37:35") == [("2020-02-27", "date"), ("21:37:35", "code")]


def test_a_word_at_the_end_of_the_text_is_not_read_before_its_start() -> None:
    assert found("5亿元,超") == [("5亿元", "amount")]
    assert found("三个第") == [("三个", "amount")]


def test_chinese_numerals_without_a_measure_word_are_found_words_are_not() -> None:
    found = {
        q.written: (q.kind, q.value)
        for t in ("惠及二十万群众", "百分之九十五", "三分之二", "达数万")
        for q in find_quantities(t)
    }
    assert found == {
        "二十万": ("amount", 200000),
        "百分之九十五": ("percent", 95),
        "三分之二": ("fraction", None),
        "数万": ("amount", None),
    }
    for words in ("四川百姓", "千难万难", "万众一心"):
        assert find_quantities(words) == [], words
