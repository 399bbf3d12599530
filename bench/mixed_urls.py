"""The mixed workload's addresses: N distinct URLs as readers would ask for them, each with a
Zipf-weighted popularity, and Datasette's equivalent where one exists. See bench/mixed.py.

The mix (each kind's share of the requests, and of the distinct URLs alike):

    kind           share  addresses
    figure list     40 %  /figures with a province (70 %) or a county (5 %), a programme (30 %), a year
                          (35 %), a scope or qualifier (10 % each), a source (3 %); sorted by value, year,
                          label, source or id (35 %, either order); page 2-10 (25 %), deep pages 20-200
                          on broad lists (a tenth of those)
    search          15 %  q= on /figures (60 %), /villages (25 %), /counties (15 %), a province with it
                          (25 %): label words and their fragments, amounts (1200万), province, county,
                          village and township names in both languages, single characters, English words
    county page      8 %  /counties/{slug}
    village page    10 %  /villages/{slug}
    export          10 %  /figures.json with the figure list's filters and size=100 (70 %; page 2-5 for
                          15 %); /villages.json?province=…[&programme=…]&size=100 (20 %);
                          /counties.json?province=… or ?programme=…, complete (10 %)
    chart data       9 %  /charts/{id}.json, any chart, each of its own filters present at 35 %
    embed            8 %  /embed/{id}, the same, with title=0 (15 %) or height=300-600 (15 %)

Every URL carries lang=zh (60 %) or lang=en (40 %). Where a kind has fewer possible URLs than its
share of N (county pages: 832 counties × 2 languages), it has them all and keeps its share of
requests; figure lists make up the difference in distinct URLs.

Popularity: within a kind, URLs are ranked simpler first (fewer parameters, then at random) and
the URL of rank r is asked for in proportion to 1 / r^s (Zipf; s = 1 unless told), so a few URLs
are hot and most of the tail is asked for once or not at all in a minute.

Datasette's equivalent is the lean table page (``_nocount``, ``_nofacet``, ``_nosuggest``) with the
same filters as ``_where`` clauses or column filters, and the same page size: figure lists (page 1
only: Datasette pages by ``_next`` tokens, not page numbers), figure, village and county exports
(page 1), and searches when the searched table has a full-text index Datasette can use
(``_search``). County and village pages, charts and embeds have none.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

MIX = {  # kind: share of requests and of distinct URLs
    "figure list": 0.40,
    "search": 0.15,
    "county page": 0.08,
    "village page": 0.10,
    "export": 0.10,
    "chart data": 0.09,
    "embed": 0.08,
}
FILLER_KIND = "figure list"  # the kind with the most possible URLs takes up any shortfall
LANGUAGES = (("zh", 0.6), ("en", 0.4))
LEAN = (("_nocount", "1"), ("_nofacet", "1"), ("_nosuggest", "1"))
LIST_PAGE_SIZE, EXPORT_PAGE_SIZE = 50, 100
SEARCH_TARGETS = (("/figures", "figure", 0.60), ("/villages", "village", 0.25), ("/counties", "county", 0.15))
FIGURE_SORTS = (("value", 40), ("year", 25), ("label", 20), ("id", 10), ("source", 5))
# Our sort names as the figure table's columns (label: the column the page's language sorts by).
DATASETTE_SORT_COLUMNS = {"id": "id", "value": "value", "year": "year_from", "source": "source_slug"}
SINGLE_CHARACTERS = "网村县人万亿光户路"
ENGLISH_WORDS = ("synthetic", "village", "county", "network", "project")
ATTEMPTS_PER_URL = 50  # draws allowed per wanted URL before a kind is taken as exhausted


@dataclass(frozen=True)
class Address:
    kind: str
    path: str
    params: tuple[tuple[str, str], ...]
    datasette: str | None  # Datasette's equivalent (path and query), or None

    @property
    def url(self) -> str:
        return f"{self.path}?{urlencode(self.params)}" if self.params else self.path

    @property
    def complexity(self) -> int:
        """Parameters besides the language: simpler addresses are the popular ones."""
        return sum(1 for name, _value in self.params if name != "lang")


@dataclass(frozen=True)
class Weighted:
    address: Address
    weight: float  # share of all requests


@dataclass(frozen=True)
class Catalogue:
    """What the addresses are made of, read from the database they will be asked of."""

    database: str  # Datasette's name for it: the file's stem
    provinces: list[tuple[str, str, str]]  # slug, name_zh, name_en
    province_figures: list[int]  # figures per province: readers ask for the big ones more
    programmes: list[str]
    figure_programmes: list[str]  # the programmes some figure belongs to
    counties: list[tuple[str, str, str]]  # slug, name_zh, name_en
    villages: list[tuple[str, str, str, str | None]]  # slug, name_zh, name_en, township_zh
    sources: list[str]
    years: list[int]
    scopes: list[str]
    qualifiers: list[str]
    labels: list[str]  # figure labels, in Chinese
    charts: dict[str, tuple[str, ...]]  # chart id: the filters it takes
    # Exact row counts where one filter alone chooses the rows, so that no page number drawn is
    # past the last page (which answers 404): {(list, filter, value): rows}, ("figures", "", "") all.
    counts: dict[tuple[str, str, str], int]
    fts: frozenset[str]  # tables with a full-text index Datasette detects


def datasette_fts_tables(connection: sqlite3.Connection, tables: tuple[str, ...]) -> frozenset[str]:
    """The tables Datasette would offer ``_search`` on: its own detection (datasette.utils.detect_fts)."""
    found = set()
    for table in tables:
        rows = connection.execute(
            r"""SELECT name FROM sqlite_master WHERE rootpage = 0 AND (
                  sql LIKE :double ESCAPE '\' OR sql LIKE :bracket ESCAPE '\'
                  OR (tbl_name = :table AND sql LIKE '%VIRTUAL TABLE%USING FTS%'))""",
            {
                "double": f'%VIRTUAL TABLE%USING FTS%content="{table}"%',
                "bracket": f"%VIRTUAL TABLE%USING FTS%content=[{table}]%",
                "table": table,
            },
        ).fetchall()
        if rows:
            found.add(table)
    return frozenset(found)


def read_catalogue(database: Path) -> Catalogue:
    from app.charts import CHARTS
    from app.models import QUALIFIERS

    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    rows = lambda sql: connection.execute(sql).fetchall()  # noqa: E731
    figures_by_province = dict(rows("SELECT province_slug, count(*) FROM figureregion GROUP BY province_slug"))
    provinces = rows("SELECT slug, name_zh, name_en FROM province ORDER BY slug")
    first_year, last_year = rows("SELECT min(year_from), max(coalesce(year_to, year_from)) FROM figure")[0]
    catalogue = Catalogue(
        database=database.stem,
        provinces=provinces,
        province_figures=[figures_by_province.get(slug, 0) + 1 for slug, _zh, _en in provinces],
        programmes=[r[0] for r in rows("SELECT slug FROM programme ORDER BY slug")],
        figure_programmes=[r[0] for r in rows("SELECT DISTINCT programme_slug FROM figureprogramme ORDER BY 1")],
        counties=rows("SELECT slug, name_zh, name_en FROM county ORDER BY slug"),
        villages=rows("SELECT slug, name_zh, name_en, township_zh FROM village ORDER BY slug"),
        sources=[r[0] for r in rows("SELECT slug FROM source ORDER BY slug")],
        years=list(range(first_year, last_year + 1)),
        scopes=[r[0] for r in rows("SELECT DISTINCT scope FROM figure ORDER BY 1")],
        qualifiers=list(QUALIFIERS),
        labels=[r[0] for r in rows("SELECT DISTINCT label_zh FROM figure ORDER BY 1")],
        charts={chart.id: chart.filters for chart in CHARTS.values()},
        counts={
            ("figures", "", ""): rows("SELECT count(*) FROM figure")[0][0],
            **{("figures", "province", slug): n for slug, n in figures_by_province.items()},
            **{
                ("figures", "programme", slug): n
                for slug, n in rows("SELECT programme_slug, count(DISTINCT figure_id) FROM figureprogramme GROUP BY 1")
            },
            **{
                ("villages", "province", slug): n
                for slug, n in rows("SELECT province_slug, count(*) FROM village GROUP BY 1")
            },
        },
        fts=datasette_fts_tables(connection, tuple(table for _path, table, _share in SEARCH_TARGETS)),
    )
    connection.close()
    return catalogue


# --- drawing one address of each kind -----------------------------------------------------------


def weighted_choice(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def language(rng: random.Random) -> tuple[str, str]:
    return ("lang", weighted_choice(rng, LANGUAGES))


def province(rng: random.Random, catalogue: Catalogue) -> str:
    return rng.choices(catalogue.provinces, weights=catalogue.province_figures)[0][0]


def figure_filters(rng: random.Random, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The figure explorer's filters as a reader combines them."""
    params = []
    place = rng.random()
    if place < 0.70:
        params.append(("province", province(rng, catalogue)))
    elif place < 0.75:
        params.append(("county", rng.choice(catalogue.counties)[0]))
    if rng.random() < 0.30:
        params.append(("programme", rng.choice(catalogue.figure_programmes)))
    if rng.random() < 0.35:
        params.append(("year", str(rng.choice(catalogue.years))))
    if rng.random() < 0.10:
        params.append(("scope", rng.choice(catalogue.scopes)))
    if rng.random() < 0.10:
        params.append(("qualifier", rng.choice(catalogue.qualifiers)))
    if rng.random() < 0.03:
        params.append(("source", rng.choice(catalogue.sources)))
    return params


def figure_sort(rng: random.Random) -> list[tuple[str, str]]:
    if rng.random() >= 0.35:
        return []
    sort = weighted_choice(rng, FIGURE_SORTS)
    return [("sort", sort), ("order", "desc" if rng.random() < (0.7 if sort == "value" else 0.4) else "asc")]


def last_page(catalogue: Catalogue, listing: str, filters: list[tuple[str, str]], size: int) -> int:
    """The last page when its row count is known (no filter, or one province or programme alone);
    1 otherwise, so that only page 1 is drawn for a combination whose size is not known."""
    key = (listing, *filters[0]) if len(filters) == 1 else (listing, "", "") if not filters else None
    rows = catalogue.counts.get(key, 0) if key else 0
    return max(1, -(-rows // size))


def list_page_number(rng: random.Random, broad: bool, last: int) -> list[tuple[str, str]]:
    """Most readers stay on page 1; some click on a few pages; a few jump deep into a broad list."""
    if rng.random() >= 0.25 or last < 2:
        return []
    if broad and rng.random() < 0.10:
        deep = [n for n in (20, 50, 100, 200) if n <= last]
        if deep:
            return [("page", str(rng.choice(deep)))]
    return [("page", str(weighted_choice(rng, [(n, 1 / n) for n in range(2, min(10, last) + 1)])))]


# Our figure filters as SQL on the figure table, for Datasette's ``_where`` ({v}: the value as SQL).
FIGURE_WHERE = {
    "province": "id in (select figure_id from figureregion where province_slug = {v})",
    "programme": "id in (select figure_id from figureprogramme where programme_slug = {v})",
    # parenthesised: Datasette joins its _where clauses with a bare "and"
    "county": "(id in (select figure_id from figurecounty where county_slug = {v}) or id in (select figure_id "
    "from figurevillage where village_slug in (select slug from village where county_slug = {v})))",
    "year": "year_from <= {v} and coalesce(year_to, year_from) >= {v}",
}
FIGURE_COLUMNS = {"scope": "scope", "qualifier": "qualifier", "source": "source_slug"}  # Datasette's column filters


def sql_literal(value: str) -> str:
    """A whole number as itself (a quoted one would never equal an integer in SQLite), text quoted."""
    return value if value.isdigit() else "'" + value.replace("'", "''") + "'"


def figure_table_args(params: list[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """Our figure filters and sort as Datasette's arguments on the figure table."""
    args = [
        ("_where", FIGURE_WHERE[name].format(v=sql_literal(value))) for name, value in params if name in FIGURE_WHERE
    ]
    args += [(FIGURE_COLUMNS[name], value) for name, value in params if name in FIGURE_COLUMNS]
    chosen = dict(params)
    if "sort" in chosen:
        column = DATASETTE_SORT_COLUMNS.get(chosen["sort"]) or f"label_{lang}"
        args.append(("_sort_desc" if chosen.get("order") == "desc" else "_sort", column))
    return args


def datasette_table(
    catalogue: Catalogue, table: str, args: list[tuple[str, str]], size: int | str, fmt: str = ""
) -> str:
    return f"/{catalogue.database}/{table}{fmt}?{urlencode([*args, ('_size', str(size)), *LEAN])}"


def figure_list(rng: random.Random, catalogue: Catalogue) -> Address:
    filters = figure_filters(rng, catalogue)
    broad = all(name == "province" for name, _value in filters)
    lang = language(rng)
    last = last_page(catalogue, "figures", filters, LIST_PAGE_SIZE)
    params = [*filters, *figure_sort(rng), *list_page_number(rng, broad, last), lang]
    datasette = None
    if "page" not in dict(params):
        datasette = datasette_table(catalogue, "figure", figure_table_args(params, lang[1]), LIST_PAGE_SIZE)
    return Address("figure list", "/figures", tuple(params), datasette)


def search_term(rng: random.Random, catalogue: Catalogue) -> str:
    """What a reader types: words of the data, amounts, place names, a single character."""
    kind = rng.random()
    if kind < 0.15:
        return rng.choice(catalogue.labels).split("（")[0]
    if kind < 0.30:
        label = rng.choice(catalogue.labels).split("（")[0]
        start = rng.randrange(max(1, len(label) - 1))
        return label[start : start + 2]
    if kind < 0.40:
        return f"{rng.randint(1, 9999)}万"
    if kind < 0.50:
        _slug, name_zh, name_en = rng.choice(catalogue.provinces)
        return name_zh[:2] if rng.random() < 0.6 else name_en.split()[0]
    if kind < 0.65:
        return rng.choice(catalogue.counties)[rng.choice((1, 2))]
    if kind < 0.80:
        return rng.choice(catalogue.villages)[rng.choice((1, 2))]
    if kind < 0.85:
        return rng.choice(catalogue.villages)[3] or rng.choice(catalogue.villages)[1]
    if kind < 0.95:
        return rng.choice(SINGLE_CHARACTERS)
    return rng.choice(ENGLISH_WORDS)


def search(rng: random.Random, catalogue: Catalogue) -> Address:
    path, table = weighted_choice(rng, [((p, t), share) for p, t, share in SEARCH_TARGETS])
    q = search_term(rng, catalogue)
    place = [("province", province(rng, catalogue))] if rng.random() < 0.25 else []
    params = [("q", q), *place, language(rng)]
    datasette = None
    if table in catalogue.fts:
        where = figure_table_args(place, "zh") if table == "figure" else [("province_slug", v) for _n, v in place]
        datasette = datasette_table(catalogue, table, [("_search", q), *where], LIST_PAGE_SIZE)
    return Address("search", path, tuple(params), datasette)


def county_page(rng: random.Random, catalogue: Catalogue) -> Address:
    return Address("county page", f"/counties/{rng.choice(catalogue.counties)[0]}", (language(rng),), None)


def village_page(rng: random.Random, catalogue: Catalogue) -> Address:
    return Address("village page", f"/villages/{rng.choice(catalogue.villages)[0]}", (language(rng),), None)


def export_page(rng: random.Random, up_to: int) -> list[tuple[str, str]]:
    return [("page", str(rng.randint(2, up_to)))] if up_to >= 2 and rng.random() < 0.15 else []


def figure_export(rng: random.Random, catalogue: Catalogue) -> Address:
    lang = language(rng)
    filters = figure_filters(rng, catalogue)
    last = min(5, last_page(catalogue, "figures", filters, EXPORT_PAGE_SIZE))
    params = [
        *filters,
        *(figure_sort(rng) if rng.random() < 0.6 else []),
        ("size", str(EXPORT_PAGE_SIZE)),
        *export_page(rng, last),
        lang,
    ]
    datasette = None
    if "page" not in dict(params):
        datasette = datasette_table(catalogue, "figure", figure_table_args(params, lang[1]), EXPORT_PAGE_SIZE, ".json")
    return Address("export", "/figures.json", tuple(params), datasette)


def village_export(rng: random.Random, catalogue: Catalogue) -> Address:
    chosen = province(rng, catalogue)
    programme = [("programme", rng.choice(catalogue.programmes))] if rng.random() < 0.30 else []
    last = min(5, last_page(catalogue, "villages", [("province", chosen), *programme], EXPORT_PAGE_SIZE))
    params = [("province", chosen), *programme, ("size", str(EXPORT_PAGE_SIZE)), *export_page(rng, last), language(rng)]
    datasette = None
    if "page" not in dict(params):
        args = [("province_slug", chosen)] + [
            ("_where", f"slug in (select village_slug from villageprogramme where programme_slug = {sql_literal(v)})")
            for _name, v in programme
        ]
        datasette = datasette_table(catalogue, "village", args, EXPORT_PAGE_SIZE, ".json")
    return Address("export", "/villages.json", tuple(params), datasette)


def county_export(rng: random.Random, catalogue: Catalogue) -> Address:
    """Complete (no size): a province has at most a few dozen counties, within one Datasette page."""
    if rng.random() < 0.8:
        chosen = province(rng, catalogue)
        params, args = [("province", chosen)], [("province_slug", chosen)]
    else:
        chosen = rng.choice(catalogue.programmes)
        params = [("programme", chosen)]
        args = [
            (
                "_where",
                f"slug in (select county_slug from countyprogramme where programme_slug = {sql_literal(chosen)})",
            )
        ]
    return Address(
        "export", "/counties.json", (*params, language(rng)), datasette_table(catalogue, "county", args, "max", ".json")
    )


def export(rng: random.Random, catalogue: Catalogue) -> Address:
    draw = weighted_choice(rng, [(figure_export, 0.7), (village_export, 0.2), (county_export, 0.1)])
    return draw(rng, catalogue)


def chart_filters(rng: random.Random, catalogue: Catalogue, accepted: tuple[str, ...]) -> list[tuple[str, str]]:
    values: dict[str, Callable[[], str]] = {
        "province": lambda: province(rng, catalogue),
        "programme": lambda: rng.choice(catalogue.programmes),
        "group": lambda: "4plus2",
        "year": lambda: str(rng.choice(catalogue.years)),
        "source": lambda: rng.choice(catalogue.sources),
    }
    return [(name, values[name]()) for name in accepted if rng.random() < 0.35]


def chart_data(rng: random.Random, catalogue: Catalogue) -> Address:
    chart, accepted = rng.choice(sorted(catalogue.charts.items()))
    params = [*chart_filters(rng, catalogue, accepted), language(rng)]
    return Address("chart data", f"/charts/{chart}.json", tuple(params), None)


def embed(rng: random.Random, catalogue: Catalogue) -> Address:
    chart, accepted = rng.choice(sorted(catalogue.charts.items()))
    frame = rng.random()
    extra = [("title", "0")] if frame < 0.15 else [("height", str(rng.choice((300, 400, 600))))] if frame < 0.30 else []
    params = [*chart_filters(rng, catalogue, accepted), *extra, language(rng)]
    return Address("embed", f"/embed/{chart}", tuple(params), None)


DRAW: dict[str, Callable[[random.Random, Catalogue], Address]] = {
    "figure list": figure_list,
    "search": search,
    "county page": county_page,
    "village page": village_page,
    "export": export,
    "chart data": chart_data,
    "embed": embed,
}


# --- the mix ------------------------------------------------------------------------------------


def distinct(draw: Callable[[], Address], wanted: int) -> list[Address]:
    """Up to ``wanted`` different addresses (fewer when the kind has no more to give)."""
    found: dict[str, Address] = {}
    for _attempt in range(wanted * ATTEMPTS_PER_URL):
        if len(found) >= wanted:
            break
        address = draw()
        found.setdefault(address.url, address)
    return list(found.values())


def zipf(count: int, exponent: float) -> list[float]:
    """Shares of ranks 1…count, in proportion to 1 / rank^exponent."""
    raw = [1 / rank**exponent for rank in range(1, count + 1)]
    total = sum(raw)
    return [w / total for w in raw]


def popularity(rng: random.Random, addresses: list[Address], share: float, exponent: float) -> list[Weighted]:
    ranked = sorted(addresses, key=lambda a: (a.complexity, rng.random()))
    return [Weighted(a, share * w) for a, w in zip(ranked, zipf(len(ranked), exponent), strict=True)]


def generate(catalogue: Catalogue, count: int, exponent: float = 1.0, seed: int = 7) -> list[Weighted]:
    """``count`` distinct addresses in the proportions of MIX, weighted by popularity."""
    rng = random.Random(seed)
    by_kind: dict[str, list[Address]] = {}
    for kind, share in MIX.items():
        if kind != FILLER_KIND:
            by_kind[kind] = distinct(lambda kind=kind: DRAW[kind](rng, catalogue), round(share * count))
    remaining = count - sum(len(found) for found in by_kind.values())
    by_kind[FILLER_KIND] = distinct(lambda: DRAW[FILLER_KIND](rng, catalogue), remaining)
    return [weighted for kind, found in by_kind.items() for weighted in popularity(rng, found, MIX[kind], exponent)]


def comparable(mix: list[Weighted]) -> list[Weighted]:
    """The addresses that have a Datasette equivalent, with their weights."""
    return [w for w in mix if w.address.datasette is not None]


def write_paths(mix: list[Weighted], path: Path, datasette: bool = False) -> None:
    """The file bench/mixed.lua and bench/load.py read: weight, kind, path (ours or Datasette's)."""
    lines = [f"{w.weight:.12g}\t{w.address.kind}\t{w.address.datasette if datasette else w.address.url}" for w in mix]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def sample(mix: list[Weighted], per_kind: int, seed: int = 7) -> list[Address]:
    """A few addresses of every kind, chosen at random (for checking them before the run)."""
    rng = random.Random(seed)
    chosen = []
    for kind in MIX:
        addresses = [w.address for w in mix if w.address.kind == kind]
        chosen += rng.sample(addresses, min(per_kind, len(addresses)))
    return chosen
