"""Every page, in both languages, with its filters, sorting, paging and htmx partials."""

from __future__ import annotations

import re

import pytest

from tests.pages import LIST_PAGES

DETAIL_TABLES = {
    "counties": "county",
    "villages": "village",
    "projects": "project",
    "organisations": "organisation",
    "programmes": "programme",
    "provinces": "province",
    "sources": "source",
    "people": "person",
}


def row_links(html: str, prefix: str) -> list[str]:
    """Slugs linked from the results table, in order."""
    body = html.split('id="results"', 1)[1]
    return re.findall(rf'<td><a href="/{prefix}/([^"]+)">', body)


@pytest.mark.parametrize("path", LIST_PAGES)
@pytest.mark.parametrize(("lang", "html_lang"), [("zh", "zh-CN"), ("en", "en")])
def test_every_page_renders_in_both_languages(client, path: str, lang: str, html_lang: str) -> None:
    response = client.get(path, params={"lang": lang})
    assert response.status_code == 200
    assert f'<html lang="{html_lang}">' in response.text
    assert "<title>" in response.text


@pytest.mark.parametrize(("prefix", "table"), DETAIL_TABLES.items())
def test_every_detail_page_renders(client, database, prefix: str, table: str) -> None:
    slugs = [r[0] for r in database.execute(f"SELECT slug FROM {table}")]
    assert slugs
    for slug in slugs:
        for lang in ("zh", "en"):
            response = client.get(f"/{prefix}/{slug}", params={"lang": lang})
            assert response.status_code == 200, (prefix, slug)


def test_every_figure_page_shows_its_excerpt_and_source(client, database) -> None:
    for figure_id, excerpt, text in database.execute("SELECT id, excerpt, text FROM figure"):
        page = client.get(f"/figures/{figure_id}").text
        assert excerpt in page and text in page
        assert 'href="/sources/' in page


def test_a_county_page_shows_its_place_villages_and_figures(client) -> None:
    page = client.get("/counties/taihu", params={"lang": "zh"}).text
    assert 'class="breadcrumbs"' in page and "/provinces/anhui" in page
    assert "/villages/yanghe" in page
    assert "超5亿元" not in page  # a 4+2 total is not shown as a Taihu figure
    tianlin = client.get("/counties/tianlin", params={"lang": "zh"}).text
    assert "超5亿元" in tianlin


def test_a_village_page_has_breadcrumbs_province_county_village(client) -> None:
    page = client.get("/villages/yanghe", params={"lang": "en"}).text
    crumbs = page.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert crumbs.index("/provinces/anhui") < crumbs.index("/counties/taihu") < crumbs.index("Yanghe")


def test_names_show_the_other_language_beside_them(client) -> None:
    zh = client.get("/counties/yanyuan", params={"lang": "zh"}).text
    en = client.get("/counties/yanyuan", params={"lang": "en"}).text
    assert "盐源县" in zh and "Yanyuan County" in zh.split("<h1>", 1)[1].split("</h1>")[0]
    assert "Yanyuan County" in en and "盐源县" in en.split("<h1>", 1)[1].split("</h1>")[0]


def test_figures_show_qualifiers_in_each_language(client) -> None:
    zh = client.get("/figures/9", params={"lang": "zh"}).text
    en = client.get("/figures/9", params={"lang": "en"}).text
    assert "超5亿元" in zh
    assert "over ¥500 million" in en
    assert "超5亿元" in en  # the text as written stays visible in English


def test_a_person_page_quotes_them_verbatim_with_our_translation_and_source(client, database) -> None:
    import html

    quotes = database.execute("SELECT person_slug, text_zh, text_en, reported FROM quote")
    assert quotes
    for slug, text_zh, text_en, reported in quotes:
        zh = html.unescape(client.get(f"/people/{slug}", params={"lang": "zh"}).text)
        en = html.unescape(client.get(f"/people/{slug}", params={"lang": "en"}).text)
        assert (text_zh if reported else f"“{text_zh}”") in zh and text_zh in en
        assert text_en in en and "Our translation:" in en and text_en not in zh
        assert 'href="/sources/' in zh
        assert ("Reported speech" in en) == any(r for s, _z, _e, r in quotes if s == slug)
    role = html.unescape(client.get("/people/wang-song", params={"lang": "en"}).text)
    assert "中国电信安徽公司驻太湖县羊河村第一书记" in role and "(our translation)" in role


def test_place_and_organisation_pages_list_their_people(client) -> None:
    def people_on(path: str) -> set[str]:
        return set(re.findall(r'href="/people/([^"]+)"', client.get(path, params={"lang": "en"}).text))

    assert people_on("/villages/yanghe") == {"wang-song"}
    assert people_on("/counties/taihu") == {"wang-song"}  # through its village
    assert people_on("/counties/jiuzhi") == {"ke-ruiwen"}
    assert people_on("/provinces/fujian") == {"gao-huaqiao"}
    assert people_on("/organisations/xiamen-telecom") == {"gao-huaqiao"}
    assert people_on("/villages/yanhou") == set()


def test_people_filters(client) -> None:
    def listed(query: str) -> set[str]:
        return {p["slug"] for p in client.get(f"/people.json?{query}").json()["items"]}

    assert listed("province=fujian") == {"gao-huaqiao"}
    assert listed("province=qinghai") == {"ke-ruiwen"}
    assert listed("group=4plus2") == {"ke-ruiwen"}
    assert listed("source=rmydb-2023-party-building") == {"wang-song", "gao-huaqiao", "dian-xin"}
    assert listed("q=secretary") == {"wang-song", "ke-ruiwen", "kang-jinghua"}
    assert row_links(client.get("/people?province=jiangxi").text, "people") == ["kang-jinghua"]


# --- filters ---------------------------------------------------------------------------------


def test_province_filter_on_counties(client, database) -> None:
    expected = {r[0] for r in database.execute("SELECT slug FROM county WHERE province_slug = 'sichuan'")}
    shown = set(row_links(client.get("/counties", params={"province": "sichuan"}).text, "counties"))
    assert shown == expected and len(expected) >= 3


def test_programme_and_group_filters_combine(client) -> None:
    designated = row_links(client.get("/counties?programme=designated").text, "counties")
    assert set(designated) == {"yanyuan", "muli", "shufu", "tianlin"}
    group = row_links(client.get("/counties?group=4plus2").text, "counties")
    assert set(group) == {"yanyuan", "muli", "shufu", "tianlin", "jiuzhi", "bianba"}
    both = row_links(client.get("/counties?group=4plus2&province=sichuan").text, "counties")
    assert set(both) == {"yanyuan", "muli"}
    several = row_links(
        client.get("/counties?province=sichuan&province=xinjiang&programme=designated").text, "counties"
    )
    assert set(several) == {"yanyuan", "muli", "shufu"}


def test_figure_filters_match_the_data(client, database) -> None:
    def ids(query: str) -> set[int]:
        return {row["id"] for row in client.get(f"/figures.json?{query}").json()["items"]}

    connection = database
    in_2019 = {
        r[0]
        for r in connection.execute(
            "SELECT id FROM figure WHERE year_from <= 2019 AND coalesce(year_to, year_from) >= 2019"
        )
    }
    assert ids("year=2019") == in_2019 and in_2019
    over = {r[0] for r in connection.execute("SELECT id FROM figure WHERE qualifier = 'over'")}
    assert ids("qualifier=over") == over
    source_2023 = {
        r[0] for r in connection.execute("SELECT id FROM figure WHERE source_slug = 'rmydb-2023-party-building'")
    }
    assert ids("source=rmydb-2023-party-building") == source_2023
    sichuan = ids("province=sichuan")
    assert 9 in sichuan  # the 4+2 total concerns Sichuan's two counties, shown whole
    assert 23 in sichuan and 38 not in sichuan
    assert ids("scope=county") <= {r[0] for r in connection.execute("SELECT id FROM figure WHERE scope='county'")}
    assert ids("province=sichuan&qualifier=over") == sichuan & over


def test_the_county_filter_combines_with_the_filters_checked_after_it(client, database) -> None:
    # The county check once replaced the vocabulary the source and later filters are checked against.
    in_yanyuan = {
        r[0]
        for r in database.execute(
            "SELECT figure_id FROM figurecounty WHERE county_slug = 'yanyuan' UNION "
            "SELECT figure_id FROM figurevillage JOIN village ON village.slug = village_slug "
            "WHERE village.county_slug = 'yanyuan'"
        )
    }
    response = client.get("/figures.json?county=yanyuan")
    assert response.status_code == 200 and in_yanyuan
    assert {row["id"] for row in response.json()["items"]} == in_yanyuan
    assert client.get("/figures?county=yanyuan&source=rmydb-2023-party-building").status_code == 200


def test_text_search_in_chinese_english_and_pinyin(client) -> None:
    assert row_links(client.get("/counties", params={"q": "盐源"}).text, "counties") == ["yanyuan"]
    assert row_links(client.get("/counties", params={"q": "YANYUAN"}).text, "counties") == ["yanyuan"]
    assert "yanghe" in row_links(client.get("/villages", params={"q": "yangh"}).text, "villages")
    figure_ids = [r["id"] for r in client.get("/figures.json", params={"q": "捐赠资金"}).json()["items"]]
    assert 9 in figure_ids  # three characters or more: anywhere in the label, text or excerpt
    # Wildcards in the search are literal, not patterns
    percent = client.get("/figures.json", params={"q": "90%"}).json()["items"]
    assert percent and all("90%" in (f["text"] + f["excerpt"] + f["label_zh"] + f["label_en"]) for f in percent)
    assert client.get("/counties.json", params={"q": "_"}).json()["total"] == 0
    assert client.get("/counties.json", params={"q": "a_b"}).json()["total"] == 0


def test_a_short_search_finds_its_characters_anywhere_and_an_exact_name_comes_first(client) -> None:
    # One or two characters are looked up among each text's characters and pairs (app/search.py).
    assert row_links(client.get("/counties", params={"q": "木里"}).text, "counties") == ["muli"]
    assert "muli" in row_links(client.get("/counties", params={"q": "里"}).text, "counties")
    everything = client.get("/counties.json", params={"size": 100}).json()["items"]
    found = client.get("/counties.json", params={"q": "县", "size": 100}).json()["items"]
    assert {c["slug"] for c in found} >= {c["slug"] for c in everything if "县" in c["name_zh"]} != set()

    # Ranking: the programme named exactly what was searched for first, then the others in order
    # (here the default sort reversed, which alone would put it last); an explicit sort is kept.
    def slugs(**params):
        return [p["slug"] for p in client.get("/programmes.json", params=params).json()["items"]]

    ranked = slugs(q="poverty alleviation", order="desc")
    assert len(ranked) == 12 and ranked[0] == "poverty-alleviation"
    assert slugs(q="poverty alleviation", order="desc", sort="facet")[-1] == "poverty-alleviation"


def test_filters_are_shown_and_removable_one_by_one(client) -> None:
    page = client.get("/counties?province=sichuan&programme=designated&lang=en").text
    chips = re.findall(r'<a class="chip" href="([^"]+)"', page)
    assert len(chips) == 2
    assert any("province" not in href and "programme=designated" in href for href in chips)
    assert any("programme" not in href and "province=sichuan" in href for href in chips)


def test_an_empty_result_says_so_and_offers_to_clear(client) -> None:
    page = client.get("/counties?province=shanghai&lang=en").text
    assert "Nothing matches these filters." in page
    assert 'href="/counties">Clear all filters' in page.replace("\n", "").replace('class="button secondary" ', "")


@pytest.mark.parametrize(
    "query",
    [
        "province=atlantis",
        "programme=nothing",
        "group=5plus1",
        "year=1999",
        "year=abc",
        "size=0",
        "size=100000",
        "page=0",
        "sort=secret",
        "order=sideways",
        "source=rumour",
        "q=" + "x" * 101,
    ],
)
def test_bad_parameters_get_a_clear_400(client, query: str) -> None:
    html = client.get(f"/figures?{query}&lang=en")
    assert html.status_code == 400
    assert "This address has a parameter we cannot use" in html.text
    data = client.get(f"/figures.json?{query}")
    assert data.status_code == 400 and data.json()["error"]["message"]
    api = client.get(f"/api/figures?{query}")
    assert api.status_code == 400 and api.json()["error"]["message"]


def test_unknown_pages_are_404_in_the_readers_language(client) -> None:
    zh = client.get("/counties/atlantis", params={"lang": "zh"})
    en = client.get("/counties/atlantis", params={"lang": "en"})
    assert zh.status_code == en.status_code == 404
    assert "atlantis" in en.text and "There is no county" in en.text
    assert client.get("/api/counties/atlantis").json()["error"]["status"] == 404


# --- sorting and paging ----------------------------------------------------------------------


def test_sorting_and_paging(client) -> None:
    ascending = row_links(client.get("/counties?sort=name&order=asc&lang=en").text, "counties")
    descending = row_links(client.get("/counties?sort=name&order=desc&lang=en").text, "counties")
    assert ascending == list(reversed(descending)) and len(ascending) >= 19
    first = row_links(client.get("/counties?size=5&lang=en").text, "counties")
    second = row_links(client.get("/counties?size=5&page=2&lang=en").text, "counties")
    assert len(first) == len(second) == 5 and not set(first) & set(second)
    assert first + second == ascending[:10]


def test_values_are_sorted_within_their_unit_never_across_units(client) -> None:
    """A yuan is neither more nor less than a household: units come one after another (in the
    order asked, as the values within each), and the page says so until one unit is chosen."""
    items = client.get("/api/figures?sort=value&order=desc&size=500").json()["items"]
    units = [r["unit"] for r in items]
    assert units == sorted(units, reverse=True) and len(set(units)) > 1
    for unit in set(units):
        values = [r["value"] for r in items if r["unit"] == unit and r["value"] is not None]
        assert values == sorted(values, reverse=True), unit
    assert 'id="value-sort-note"' in client.get("/figures?sort=value&order=desc&lang=en").text
    one_unit = client.get("/figures?sort=value&order=desc&unit=yuan&lang=en").text
    assert 'id="value-sort-note"' not in one_unit
    assert 'id="value-sort-note"' not in client.get("/figures?lang=en").text


def test_a_page_past_the_last_is_a_404_that_links_to_the_last(client) -> None:
    page = client.get("/counties?page=99&size=10&lang=en")
    assert page.status_code == 404 and "the last page is 3" in page.text
    assert 'href="/counties?size=10&amp;lang=en&amp;page=3">Go to the last page</a>' in page.text
    api = client.get("/api/counties?page=99&size=10").json()["error"]
    assert api["status"] == 404 and api["next"] == "/api/counties?size=10&page=3"
    assert client.get("/counties?page=3&size=10").status_code == 200
    assert client.get("/counties?page=1&q=nothing-is-called-this").status_code == 200  # an empty first page is fine


# --- htmx ------------------------------------------------------------------------------------


def test_htmx_gets_only_the_results_block(client) -> None:
    headers = {"HX-Request": "true", "HX-Target": "results"}
    partial = client.get("/counties?province=sichuan", headers=headers)
    full = client.get("/counties?province=sichuan")
    assert partial.status_code == 200
    assert "<html" not in partial.text and "<form" not in partial.text
    assert "/counties/yanyuan" in partial.text
    assert "<html" in full.text and 'id="filters"' in full.text
    for response in (partial, full):
        assert "HX-Request" in response.headers["vary"]


def test_a_history_restore_gets_the_full_page(client) -> None:
    headers = {"HX-Request": "true", "HX-Target": "results", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get("/counties?province=sichuan", headers=headers).text


def test_the_filter_form_works_without_javascript(client) -> None:
    page = client.get("/figures").text
    form = page.split('<form id="filters"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in form and 'action="/figures"' in form
    assert 'hx-push-url="true"' in form and 'hx-target="#results"' in form
    for name in ("province", "programme", "year", "source", "q", "scope", "qualifier", "group", "size"):
        assert f'name="{name}"' in form


@pytest.mark.parametrize(
    "asked, slug",
    [
        ("province=四川", "province=sichuan"),
        ("province=四川省", "province=sichuan"),
        ("province=Sichuan", "province=sichuan"),
        ("province=Sichuan Province", "province=sichuan"),
        ("county=木里", "county=muli"),
        ("county=木里藏族自治县", "county=muli"),
        ("county=Muli", "county=muli"),
    ],
)
def test_a_place_named_in_either_language_redirects_to_its_slug(client, asked: str, slug: str) -> None:
    moved = client.get(f"/figures?{asked}&lang=en", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == f"/figures?{slug}&lang=en"
    assert client.get(moved.headers["location"]).text == client.get(f"/figures?{slug}&lang=en").text


def test_a_name_that_fits_several_places_or_none_is_a_400_that_says_so(client) -> None:
    for asked in ("province=广", "county=不存在的县"):
        refused = client.get(f"/figures?{asked}&lang=en")
        assert refused.status_code == 400 and "Unknown" in refused.text


def test_an_address_with_empty_filters_redirects_to_the_one_without_them(client) -> None:
    moved = client.get("/figures?q=&province=&year=&size=50&lang=en", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/figures?size=50&lang=en"
    assert client.get("/counties?province=&q=", follow_redirects=False).headers["location"] == "/counties"
    # Downloads and the API answer what they are asked, as before.
    assert client.get("/figures.json?q=&province=").status_code == 200


def _offered(page: str, select_id: str) -> dict[str, int]:
    """{value: count} of a filter's options as the page shows them ("Sichuan Province (20)")."""
    block = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {
        v: int(n.replace(",", ""))
        for v, n in re.findall(r'<option value="([^"]+)"[^>]*>[^<]*\(([\d,]+)\)</option>', block)
    }


@pytest.mark.parametrize("parameter, select_id", [("province", "f-province"), ("kind", "f-kind"), ("unit", "f-unit")])
def test_figure_filter_options_say_how_many_figures_each_holds_and_none_is_empty(client, parameter, select_id) -> None:
    offered = _offered(client.get("/figures", params={"lang": "en"}).text, select_id)
    assert offered and all(count > 0 for count in offered.values())
    for value, count in offered.items():
        assert client.get("/api/figures", params={parameter: value}).json()["total"] == count, value
    if parameter == "province":  # a province with no figure is not offered
        every = {p["slug"] for p in client.get("/provinces.json").json()["items"]}
        missed = {p for p in every - set(offered) if client.get("/api/figures", params={"province": p}).json()["total"]}
        assert missed == set()
    kinds = {f["kind"] for f in client.get("/figures.json").json()["items"] if f["kind"]}
    if parameter == "kind":
        assert set(offered) == kinds


def test_a_kind_or_unit_filter_narrows_the_figures_and_shows_as_a_chip(client) -> None:
    page = client.get("/figures", params={"kind": "donation", "lang": "en"}).text
    assert "Kind: Donations" in page
    figures = client.get("/figures.json", params={"unit": "households"}).json()["items"]
    assert figures and {f["unit"] for f in figures} == {"households"}
    assert client.get("/api/figures", params={"kind": "nonsense"}).status_code == 400


def test_a_shared_chart_link_previews_the_charts_own_image(client) -> None:
    page = client.get("/charts/investment-by-place", params={"province": "sichuan", "lang": "en"}).text
    meta = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', page))
    assert meta["og:title"] and meta["og:url"].startswith(
        "http://testserver/charts/investment-by-place?province=sichuan"
    )
    image = meta["og:image"].replace("&amp;", "&")
    assert image.startswith("http://testserver/charts/investment-by-place.png?") and "province=sichuan" in image
    assert image.removeprefix("http://testserver").replace("&", "&amp;") in page  # the page's own PNG download


def test_a_whole_name_wins_over_the_names_it_begins() -> None:
    from app.queries.filters import by_name

    places = (
        ("tonghua", "通化市", "Tonghua"),
        ("tonghua-county", "通化县", "Tonghua County"),
        ("x", "西县", "Xi County"),
    )
    assert by_name(places, "Tonghua") == "tonghua"  # exactly one's English name
    assert by_name(places, "通化") is None  # the beginning of two
    assert by_name(places, "通化县") == "tonghua-county" and by_name(places, "西") is None  # one character names none


def test_renaming_a_place_leaves_the_other_parameters_as_they_were(client) -> None:
    moved = client.get("/figures", params={"province": "四川", "q": "4, 2"}, follow_redirects=False)
    assert moved.headers["location"] == "/figures?province=sichuan&q=4%2C+2"


@pytest.mark.parametrize(
    "chosen",
    [{"province": "sichuan"}, {"programme": "rural-revitalisation"}, {"q": "扶贫"}, {"unit": "yuan", "year": "2019"}],
)
def test_each_option_counts_what_choosing_it_would_show_with_the_other_filters_kept(client, chosen) -> None:
    """Datasette's facets: every offered option's count is the total its address answers, the
    filter's own choice swapped for it; an option that would show nothing is not offered."""
    page = client.get("/figures", params={**chosen, "lang": "en"}).text
    for parameter, select_id in (
        ("province", "f-province"),
        ("programme", "f-programme"),
        ("unit", "f-unit"),
        ("year", "f-year"),
        ("kind", "f-kind"),
    ):
        offered = _offered(page, select_id)
        for value, count in offered.items():
            swapped = {**chosen, parameter: value}
            assert client.get("/api/figures", params=swapped).json()["total"] == count, (parameter, value)
        if parameter in chosen:
            assert chosen[parameter] in offered  # the chosen option stays, to be swapped
    every = {p["slug"] for p in client.get("/provinces.json").json()["items"]}
    hidden = every - set(_offered(page, "f-province"))
    assert all(client.get("/api/figures", params={**chosen, "province": p}).json()["total"] == 0 for p in hidden)


def test_a_database_too_large_to_count_every_selection_offers_every_option(settings) -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    large = create_app(settings.model_copy(update={"facet_counts_max_figures": 10, "response_cache_mb": 0}))
    with TestClient(large) as client:
        page = client.get("/figures", params={"province": "sichuan", "lang": "en"}).text
    assert page.count("<option") > 20 and not re.search(r"<option [^>]*>[^<]*\(\d+\)</option>", page)
    assert '<option value="anhui">' in page  # no figure in Sichuan and Anhui both, but offered


def test_every_unit_has_words_in_both_languages(client) -> None:
    for lang in ("zh", "en"):
        block = re.search(
            r'<select id="f-unit"[^>]*>(.*?)</select>', client.get("/figures", params={"lang": lang}).text, re.S
        )
        assert all(label.strip() for label in re.findall(r"<option value=\"[^\"]+\"[^>]*>([^(<]*)", block.group(1)))


def test_the_count_of_results_agrees_with_its_number(client) -> None:
    one = client.get("/figures?q=4%2B2&lang=en").text
    assert re.search(r">\s*1 result\b", one) and "1 results" not in one
    many = client.get("/figures?lang=en").text
    assert re.search(r">\s*\d+ results\b", many)
    assert "共 1 条结果" in client.get("/figures?q=4%2B2&lang=zh").text


def test_a_chart_of_one_money_figure_says_figure_not_figures(client) -> None:
    chart = client.get("/charts/investment-by-place.json?province=qinghai&lang=en").json()
    assert chart["total"] == 1  # the reports give Qinghai one money figure
    assert chart["subtitle"].startswith("1 money figure as the reports state it;"), chart["subtitle"]
