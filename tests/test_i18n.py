import re
import tempfile
from pathlib import Path

import pytest

from app.i18n import choose_language, current_language, gettext, in_each_language, parse_accept_language


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("fr-FR,en;q=0.5,zh;q=0.9", "zh"),
        ("fr", None),
        ("en;q=0", None),
        ("de, EN-gb;q=0.3", "en"),
    ],
)
def test_accept_language(header, expected) -> None:
    assert parse_accept_language(header) == expected


def test_precedence_query_then_cookie_then_header_then_chinese() -> None:
    assert choose_language("en", "zh", "zh") == "en"
    assert choose_language(None, "en", "zh") == "en"
    assert choose_language(None, None, "en") == "en"
    assert choose_language(None, None, None) == "zh"
    assert choose_language("xx", "yy", "fr") == "zh"


def test_the_switcher_sets_a_cookie_that_later_pages_follow(client) -> None:
    client.cookies.clear()
    assert '<html lang="zh-CN">' in client.get("/counties").text
    response = client.get("/counties", params={"lang": "en"})
    assert response.cookies.get("lang") == "en"
    assert '<html lang="en">' in client.get("/counties").text
    assert '<html lang="zh-CN">' in client.get("/counties", params={"lang": "zh"}).text
    client.cookies.clear()
    assert '<html lang="en">' in client.get("/counties", headers={"Accept-Language": "en-GB"}).text


def test_chinese_pages_are_translated(client) -> None:
    client.cookies.clear()
    zh = client.get("/figures", params={"lang": "zh"}).text
    en = client.get("/figures", params={"lang": "en"}).text
    assert "Figures" in en and "Apply filters" in en
    assert "Apply filters" not in zh and "Rows per page" not in zh


def test_every_message_in_the_code_is_in_the_catalogue() -> None:
    """A message added to the code but never extracted would show in English on a Chinese page."""
    from babel.messages.frontend import CommandLineInterface
    from babel.messages.pofile import read_po

    from app.config import PROJECT_ROOT
    from app.i18n import LOCALES_DIR

    with tempfile.TemporaryDirectory() as scratch:
        pot = Path(scratch) / "messages.pot"
        CommandLineInterface().run(
            ["pybabel", "-q", "extract", "-F", str(PROJECT_ROOT / "babel.cfg"), "-o", str(pot), str(PROJECT_ROOT)]
        )
        with pot.open("rb") as handle:
            in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with open(LOCALES_DIR / "zh" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        in_catalogue = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert sorted(in_code - in_catalogue) == [], "run `make extract-messages` and translate these"


def test_every_message_is_translated_with_its_placeholders() -> None:
    import re

    from babel.messages.pofile import read_po

    from app.i18n import LOCALES_DIR

    with open(LOCALES_DIR / "zh" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    placeholder = re.compile(r"%\((\w+)\)s")
    untranslated = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            untranslated.append(ids[0])
            continue
        for string in strings:
            assert set(placeholder.findall(string)) <= set(placeholder.findall(ids[-1])) | {"num"}, ids[0]
    assert untranslated == [], "run `make extract-messages` and translate these"


def test_a_message_in_each_language_leaves_the_readers_language_as_it_was() -> None:
    token = current_language.set("zh")
    try:
        made = in_each_language(lambda: gettext("Copy"))
        assert made == {"zh": "复制", "en": "Copy"} and current_language.get() == "zh"
    finally:
        current_language.reset(token)


@pytest.mark.parametrize("chart", ["four-plus-two", "money-by-kind", "sichuan-assistance", "investment-by-place"])
def test_a_chinese_chart_description_uses_chinese_punctuation(client, chart: str) -> None:
    """The text alternative a screen reader reads: its lists are joined by 、，； and （）, not by
    the English marks (which the English description keeps)."""
    described = {
        lang: re.search(rf'id="chart-alt-{chart}">([^<]+)<', client.get(f"/charts/{chart}", params={"lang": lang}).text)
        for lang in ("zh", "en")
    }
    assert described["zh"] and described["en"], "the chart page holds its text alternative"
    chinese = described["zh"].group(1)
    assert not re.search(r"[\u4e00-\u9fff][)\]]?\s?[;,(]|\(\s?[\u4e00-\u9fff]", chinese), chinese
    assert not re.search(r"[：。；，]\s", chinese), "Chinese puts no space after its punctuation"
    assert not re.search("[；，（）：]", described["en"].group(1))


def test_lists_and_source_lines_are_punctuated_in_the_reader_s_language(client) -> None:
    """Places a figure names, and a report's title, outlet and date, separated as each language
    separates them: 、 and ，in Chinese, ", " in English."""
    pages = {lang: client.get("/figures", params={"lang": lang}).text for lang in ("zh", "en")}
    place_links = r'<a href="/(?:counties|villages)/[^"]+">[^<]+</a>(.{1,2})<a href="/(?:counties|villages)/'
    assert set(re.findall(place_links, pages["zh"])) == {"、"}
    assert set(re.findall(place_links, pages["en"])) == {", "}
    assert re.search(r"</a>，人民邮电报，\d{4}年", pages["zh"])
    # a full-width colon carries its own space; an English one is followed by one
    assert "来源：<a " in pages["zh"] and "来源： " not in pages["zh"] and "Source: <a " in pages["en"]
    assert re.search(r"</a>, People&#39;s Posts and Telecommunications News, [A-Z]", pages["en"])


def test_a_chart_s_source_line_reads_as_its_language_writes(client) -> None:
    """The line every copy of a chart carries (page, embed, image): 来源：A；B in Chinese."""
    chinese = client.get("/embed/timeline", params={"lang": "zh"}).text
    english = client.get("/embed/timeline", params={"lang": "en"}).text
    assert re.search(r"来源：[^ <；;]+[^<;]*；", chinese), "titles after 来源： with no space, joined by ；"
    assert re.search(r"Source: [^<；]+; ", english)


def test_a_chart_s_hover_text_is_punctuated_in_the_reader_s_language(client) -> None:
    """What a point says on hover (in the page's Plotly spec): 来源：outlet，date in Chinese."""
    chinese = client.get("/charts/investment-by-place", params={"lang": "zh"}).text
    english = client.get("/charts/investment-by-place", params={"lang": "en"}).text
    assert "范围：" in chinese and "范围： " not in chinese and "来源： " not in chinese
    assert re.search(r"来源：[^<\"]+，\d{4}-\d\d-\d\d", chinese)
    assert "Scope: " in english and re.search(r"Source: [^<\"]+, \d{4}-\d\d-\d\d", english)


def test_an_active_filter_s_chip_is_punctuated_in_the_reader_s_language(client) -> None:
    chinese = client.get("/figures", params={"province": "sichuan", "lang": "zh"}).text
    english = client.get("/figures", params={"province": "sichuan", "lang": "en"}).text
    assert "省份：四川省" in chinese and "省份: " not in chinese
    assert "Province: Sichuan Province" in english
