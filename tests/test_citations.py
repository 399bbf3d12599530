"""Citing a figure or a chart (app/citations.py): an attribution sentence in the page's language
and five formats that reference managers read."""

from __future__ import annotations

import html
import json
import re

import bibtexparser
import pytest
import rispy


def citation_blocks(page: str) -> dict[str, str]:
    return {
        key: html.unescape(text)
        for key, text in re.findall(r'<pre class="citation" id="cite-([a-z0-9_]+)">(.*?)</pre>', page, re.S)
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_figure_can_be_cited_in_five_formats(client, lang: str) -> None:
    page = client.get("/figures/9", params={"lang": lang}).text
    blocks = citation_blocks(page)
    assert set(blocks) == {"gbt7714", "apa", "bibtex", "ris", "csl_json"}
    address = "http://testserver/figures/9"

    library = bibtexparser.parse_string(blocks["bibtex"])
    assert not library.failed_blocks and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.key == "ct-rural-figure-9" and entry["url"] == address
    assert "#9" in entry["title"] or "9" in entry["title"]

    (record,) = rispy.loads(blocks["ris"])
    assert record["type_of_reference"] == "DATA" and record["urls"] == [address]

    (item,) = json.loads(blocks["csl_json"])
    assert item["type"] == "dataset" and item["URL"] == address and item["id"] == "ct-rural-figure-9"

    for key in ("gbt7714", "apa"):
        assert address in blocks[key] and "2020" in blocks[key]  # the report it comes from


def test_a_figure_is_attributed_as_a_news_report_would(client) -> None:
    """据…2020年2月27日报道 / According to …, reported on …: with the Chinese text it stands in."""
    zh = html.unescape(client.get("/figures/9", params={"lang": "zh"}).text)
    assert "据记者佟醒2020年2月27日报道，" in zh
    assert "为超5亿元（原文：“中国电信累计在“4﹢2”" in zh
    en = html.unescape(client.get("/figures/9", params={"lang": "en"}).text)
    assert "According to a report by Tong Xing on February 27, 2020, " in en
    assert "over ¥500 million (the Chinese text: “中国电信累计在" in en
    named = html.unescape(client.get("/figures/1", params={"lang": "zh"}).text)
    assert "据《人民邮电报》2023年1月13日报道，" in named


def test_a_chart_can_be_cited_in_five_formats(client) -> None:
    blocks = citation_blocks(client.get("/charts/timeline", params={"lang": "en"}).text)
    assert set(blocks) == {"gbt7714", "apa", "bibtex", "ris", "csl_json"}
    assert bibtexparser.parse_string(blocks["bibtex"]).entries[0].key == "ct-rural-chart-timeline"


def test_every_citation_names_the_data_version_and_the_licence(client, database) -> None:
    (version,) = database.execute("SELECT value FROM datasetinfo WHERE key = 'version'")[0]
    for path in ("/figures/9?lang=en", "/figures/9?lang=zh", "/charts/timeline?lang=en"):
        blocks = citation_blocks(client.get(path).text)
        assert bibtexparser.parse_string(blocks["bibtex"]).entries[0]["version"] == version
        assert rispy.loads(blocks["ris"])[0]["edition"] == version
        assert json.loads(blocks["csl_json"])[0]["version"] == version
        for key in ("gbt7714", "apa"):
            assert version in blocks[key] and "CC BY 4.0" in blocks[key], (path, key)


@pytest.mark.parametrize("path", ["/api/figures?size=1", "/figures.csv", "/counties.json", "/charts/timeline.json"])
def test_open_data_answers_name_their_licence(client, path: str) -> None:
    assert client.get(path).headers["link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'


def test_every_chart_says_its_licence(client) -> None:
    for lang in ("zh", "en"):
        page = client.get("/charts/money-by-kind", params={"lang": lang}).text.replace("\u00a0", " ")
        assert "China Telecom Rural Data · CC BY 4.0" in page or "中国电信乡村帮扶数据 · CC BY 4.0" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_about_page_gives_the_licence_the_version_and_the_changes(client, database, lang: str) -> None:
    (version,) = database.execute("SELECT value FROM datasetinfo WHERE key = 'version'")[0]
    changes = database.execute(f"SELECT summary_{lang} FROM datachange")
    raw = client.get("/about", params={"lang": lang}).text
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in raw
    page = html.unescape(raw)
    assert version in page
    assert changes and all(summary in page for (summary,) in changes)


def test_source_titles_are_balanced_so_every_citation_is(database) -> None:
    """The 2020 title as published lacks its closing ”: supplied (and said so), or every source
    line and citation would carry the open quotation."""
    for slug, zh, en in database.execute("SELECT slug, title_zh, title_en FROM source"):
        assert zh.count("“") == zh.count("”") and en.count('"') % 2 == 0, slug
    (summary,) = database.execute("SELECT summary_en FROM source WHERE slug = 'tong-xing-2020-poverty-alleviation'")[0]
    assert "lacks its closing quotation mark; we supply it" in summary


def test_the_apa_citation_is_english_on_a_chinese_page(client) -> None:
    apa = citation_blocks(client.get("/figures/9", params={"lang": "zh"}).text)["apa"]
    assert not re.search(r"[\u4e00-\u9fff]", apa), apa
    assert apa.startswith("China Telecom Rural Data. (") and "Special poverty-alleviation donations" in apa


@pytest.mark.parametrize("path", ["/counties/muli", "/figures?county=muli"])
def test_every_figure_card_and_row_offers_its_attribution(client, path: str) -> None:
    zh = html.unescape(client.get(path, params={"lang": "zh"}).text)
    assert "据记者佟醒2020年2月27日报道，" in zh and '<p class="attribution">' in zh
    en = html.unescape(client.get(path, params={"lang": "en"}).text)
    assert "According to a report by Tong Xing on February 27, 2020, " in en


def test_the_chinese_reference_runs_its_sentences_together(client) -> None:
    """GB/T 7714 keeps its ". " between elements; the Chinese sentences after them (the data
    version and licence, then the reports the data comes from) follow 。 with no space."""
    page = client.get("/figures/9", params={"lang": "zh"}).text
    assert "CC BY 4.0。数据来源：" in page and "。 数据来源" not in page
    assert "CC BY 4.0. Data from: " in client.get("/figures/9", params={"lang": "en"}).text
