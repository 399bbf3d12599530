"""The source reader (app/reader.py, /sources/{slug}/text): every curated passage marked where it
stands in its report, linked both ways."""

from __future__ import annotations

import html
import re

import pytest

from app.coverage import squeeze
from app.reader import Passage, paragraphs


def test_passages_are_marked_across_line_breaks_and_over_each_other() -> None:
    text = "第一行有一个数字,\n  跨行的摘录5亿元到此。\n第三行"
    outer = Passage("一个数字,跨行的摘录5亿元", "figure", "figure-1", "#1", "/figures/1")
    inner = Passage("5亿元", "not-figure", "listed-1", "restates figure 1")
    lines, missing = paragraphs(text, [outer, inner])
    assert missing == [] and len(lines) == 3
    for passage in (outer, inner):
        marked = "".join(piece.text for line in lines for piece in line if passage in piece.marks)
        assert squeeze(marked) == squeeze(passage.excerpt)
    opened = [p for line in lines for piece in line for p in piece.opens]
    closed = [p for line in lines for piece in line for p in piece.closes]
    assert opened == [outer, inner] and sorted(closed, key=id) == sorted([outer, inner], key=id)
    assert paragraphs(text, [Passage("不在文中", "figure", "figure-2", "#2")])[1][0].anchor == "figure-2"


@pytest.fixture(scope="module")
def reader_pages(client, database) -> dict[str, str]:
    slugs = [slug for (slug,) in database.execute("SELECT slug FROM source")]
    return {slug: client.get(f"/sources/{slug}/text", params={"lang": "en"}).text for slug in slugs}


def test_every_figure_event_and_listed_number_is_marked_once(database, reader_pages, source_texts) -> None:
    rows = [
        *(("figure", i, s) for i, s in database.execute("SELECT id, source_slug FROM figure")),
        *(("milestone", i, s) for i, s in database.execute("SELECT id, source_slug FROM milestone")),
        *(("listed", i, s) for i, s in database.execute("SELECT id, source_slug FROM notfigureentry")),
    ]
    assert len([r for r in rows if r[0] == "figure"]) == database.execute("SELECT count(*) FROM figure")[0][0]
    for kind, row_id, slug in rows:
        assert reader_pages[slug].count(f'id="{kind}-{row_id}"') == 1, (kind, row_id)
    for page in reader_pages.values():
        assert "Not found in this text" not in page


def test_a_figure_is_marked_with_its_excerpt_and_linked_both_ways(client, database, source_texts) -> None:
    (excerpt, slug) = database.execute("SELECT excerpt, source_slug FROM figure WHERE id = 9")[0]
    page = client.get(f"/sources/{slug}/text").text
    after = page.split('id="figure-9"', 1)[1].split('href="/figures/9"', 1)[0]
    marked = "".join(re.findall(r"<mark[^>]*>(.*?)</mark>", after, re.S))
    assert squeeze(html.unescape(marked)) == squeeze(excerpt)
    figure_page = client.get("/figures/9").text
    assert f'href="/sources/{slug}/text#figure-9"' in figure_page


def test_the_source_page_links_to_its_text_not_to_a_file(client) -> None:
    page = client.get("/sources/rmydb-2023-party-building", params={"lang": "en"}).text
    assert 'href="/sources/rmydb-2023-party-building/text"' in page and "shared/seeds" not in page
