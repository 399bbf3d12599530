"""Search as a reader tries it: the words of the issue that found nothing, on SQLite and (with
TEST_DATABASE_URL) PostgreSQL alike, each checked against a reading of every row's own text."""

from __future__ import annotations

import re
import unicodedata

import pytest
from sqlalchemy import event

from app import search

LISTS = ("figures", "projects", "counties", "villages", "organisations", "people", "programmes", "sources")


def test_fold_writes_widths_cases_and_spaces_the_same_way() -> None:
    assert search.fold("４＋２") == "4+2"
    assert search.fold("Optical FIBRE") == "optical fibre"
    assert search.fold("  扶贫\u3000攻坚 ") == "扶贫 攻坚"


def test_a_document_holds_its_british_spellings_and_the_american_ones() -> None:
    assert search.document("Optical FIBRE") == "optical fibre optical fiber"
    assert search.document("programmes Organisation") == "programmes organisation programs organization"
    assert search.document("扶贫") == "扶贫"  # nothing to add


def test_grams_are_each_character_and_each_adjacent_pair_of_letters_or_digits() -> None:
    assert sorted(search.grams("扶贫攻坚")) == sorted(["扶", "贫", "攻", "坚", "扶贫", "贫攻", "攻坚"])
    # No pair across a space, a mark or an underscore: "4+2" has no "4+" to find.
    assert sorted(search.grams("5g 4+2 a_b")) == sorted(["5", "g", "5g", "4", "2", "a", "b"])
    assert len(search.grams("贫贫贫")) == 2  # each once
    assert search.gram("扶贫") == "扶贫" and search.gram("+2") is None and search.gram("扶贫攻") is None


def everything(client, name: str) -> list[dict]:
    answer = client.get(f"/{name}.json", params={"size": 500})
    assert answer.status_code == 200 and answer.json()["total"] == len(answer.json()["items"])
    return answer.json()["items"]


def found(client, name: str, q: str) -> set:
    answer = client.get(f"/{name}.json", params={"q": q, "size": 500})
    assert answer.status_code == 200, answer.text
    return {item.get("slug", item.get("id")) for item in answer.json()["items"]}


def key(item: dict):
    return item.get("slug", item.get("id"))


# What a search reads of a row of each list (notes are commentary, not searched).
SEARCHED = {
    "figures": ("label_zh", "label_en", "text", "excerpt"),
    "projects": ("name_zh", "name_en", "slug", "summary_zh", "summary_en"),
    "programmes": ("name_zh", "name_en", "slug"),
}


def own_text(item: dict, name: str = "figures") -> str:
    """A row's searched words, NFKC and lower case."""
    return unicodedata.normalize("NFKC", " ".join(item[f] or "" for f in SEARCHED[name])).lower()


@pytest.mark.parametrize("q", ["扶贫", "光纤", "宽带", "贫", "光纤宽带", "电信", "4＋2", "村"])
def test_a_chinese_word_of_any_length_finds_every_figure_whose_text_holds_it(client, q: str) -> None:
    wanted = unicodedata.normalize("NFKC", q)
    holding = {key(item) for item in everything(client, "figures") if wanted in own_text(item)}
    assert holding, f"the data holds {q}: the test needs rows to find"
    got = found(client, "figures", q)
    assert got >= holding
    # What else is found is found through a linked place's name, which is not in the row's own text.
    assert all(wanted not in own_text(item) for item in everything(client, "figures") if key(item) in got - holding)


def test_both_spellings_find_the_same_rows(client) -> None:
    for name in ("figures", "projects"):
        fibre = {key(i) for i in everything(client, name) if re.search(r"fib(re|er)", own_text(i, name))}
        assert fibre and found(client, name, "fiber") == found(client, name, "fibre") >= fibre
        assert found(client, name, "fibr") >= fibre  # as one types
    assert found(client, "programmes", "Rural revitalization") == found(client, "programmes", "rural revitalisation")
    assert "rural-revitalisation" in found(client, "programmes", "revitalization")


def test_a_place_name_finds_what_is_linked_to_the_place(client) -> None:
    figures_of_muli = {f["id"] for f in everything(client, "figures") if "muli" in f["counties"]}
    projects_of_muli = {p["slug"] for p in client.get("/api/projects", params={"size": 100}).json()["items"]}
    projects_of_muli = {p for p in projects_of_muli if "muli" in client.get(f"/api/projects/{p}").text}
    assert figures_of_muli and projects_of_muli
    for q in ("木里", "木里藏族自治县", "Muli"):
        assert found(client, "figures", q) >= figures_of_muli
        assert found(client, "projects", q) >= projects_of_muli
        assert found(client, "counties", q) == {"muli"}


def test_the_search_page_counts_every_list_and_links_to_each(client) -> None:
    page = client.get("/search", params={"q": "扶贫", "lang": "en"})
    assert page.status_code == 200
    for name in ("figures", "projects", "programmes"):
        count = len(found(client, name, "扶贫"))
        assert count > 0
        assert re.search(rf'href="/{name}\?q=%E6%89%B6%E8%B4%AB">\s*<strong>[^<]+</strong>: {count} found', page.text)
    assert "Counties</" not in page.text or "Counties: none" in re.sub(r"\s+", " ", re.sub("<[^>]+>", "", page.text))
    # Chinese punctuation in Chinese: a full-width colon
    chinese = client.get("/search", params={"q": "扶贫", "lang": "zh"}).text
    assert re.search(r"</strong>：找到 \d+ 条", chinese) and "</strong>: " not in chinese


def test_nothing_found_says_so_and_what_to_try(client) -> None:
    page = client.get("/search", params={"q": "没有这个词", "lang": "en"}).text
    assert "Nothing in the data contains “没有这个词”" in page and "Muli" in page
    listing = client.get("/figures", params={"q": "没有这个词", "lang": "en"}).text
    assert "Nothing in this list contains “没有这个词”" in listing
    assert 'href="/search?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E8%AF%8D"' in listing
    assert "数据中没有包含“没有这个词”的内容" in client.get("/search", params={"q": "没有这个词", "lang": "zh"}).text


def test_every_page_has_the_search_box(client) -> None:
    for path in ("/", "/figures", "/charts", "/about", "/counties/muli"):
        page = client.get(path, params={"lang": "en"}).text
        assert re.search(r'<form class="site-search" role="search" action="/search" method="get">', page), path


def test_the_search_page_takes_only_a_search(client) -> None:
    assert client.get("/search", params={"q": "a" * 101}).status_code == 400
    assert client.get("/search", params={"province": "sichuan"}).status_code == 400
    assert client.get("/search").status_code == 200


def test_every_word_of_a_search_is_looked_for_and_any_space_separates_words(client) -> None:
    both = found(client, "figures", "光纤 宽带")
    assert both and both == found(client, "figures", "光纤\u3000宽带") == found(client, "figures", "宽带 光纤")
    assert both <= found(client, "figures", "光纤") & found(client, "figures", "宽带")
    # words read by different indexes (a two-character word by grams, a longer one by trigrams,
    # a short Latin one by the names' beginning) are each looked for all the same
    mixed = found(client, "figures", "扶贫 四川省")
    assert mixed and mixed == found(client, "figures", "扶贫") & found(client, "figures", "四川省")
    assert found(client, "counties", "木里 mu") == found(client, "counties", "木里") & found(client, "counties", "mu")


def test_several_long_words_find_the_rows_holding_each_in_any_order(client) -> None:
    """Each word narrows the search, whichever of them the index looks up (the rarest:
    listing.search_clauses) and whichever it checks in the text."""
    words = ("sichuan", "county", "guangxi")
    alone = [found(client, "figures", word) for word in words]
    together = found(client, "figures", " ".join(words))
    assert together and all(together < each for each in alone), "each word must narrow the search"
    assert together == set.intersection(*alone) == found(client, "figures", " ".join(reversed(words)))


def test_the_search_page_links_every_row_it_shows_to_a_page_that_exists(client) -> None:
    page = client.get("/search", params={"q": "扶贫", "lang": "en", "page": 5}).text
    links = set(re.findall(r'<ul class="search-preview">(.*?)</ul>', page, re.S))
    hrefs = {h.replace("&amp;", "&") for block in links for h in re.findall(r'href="([^"]+)"', block)}
    assert len(hrefs) > 5
    assert all(client.get(h).status_code == 200 for h in hrefs), hrefs


def test_a_place_name_finds_no_programme_merely_for_reaching_the_place(client) -> None:
    assert found(client, "programmes", "木里") == set()
    assert found(client, "counties", "四川") >= {"muli", "yanyuan"}  # a county, by its province


def test_a_search_of_several_words_counts_each_word_once_a_request(app, client) -> None:
    """Which word is rarest is found once a request, though the list, its facets and its counts
    each build the search (listing._rarest_first), and each word is counted past the rarest so
    far only."""
    if app.state.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's trigram index only")
    probes: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if "FROM figure_search \nWHERE figure_search MATCH" in statement:
            probes.append(statement)

    event.listen(app.state.engine, "before_cursor_execute", seen)
    try:
        assert client.get("/figures", params={"q": "sichuan county guangxi", "lang": "en"}).status_code == 200
    finally:
        event.remove(app.state.engine, "before_cursor_execute", seen)
    assert len(probes) == 3
