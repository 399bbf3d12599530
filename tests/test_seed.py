"""Integrity of the curated data: every row traceable to its source, every figure as written."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from app.amounts import parse_amount
from app.build import build_database, seed_statements
from app.config import Settings
from app.formatting import UNIT_MARKS, UNITS
from app.models import (
    FIGURE_KINDS,
    FIGURE_SCOPES,
    MONEY_KINDS,
    ORGANISATION_KINDS,
    PERSON_KINDS,
    PLACE_KINDS,
    PROGRAMME_FACETS,
    QUALIFIERS,
    ROLES,
)
from tests.conftest import rows, squeeze

ENTITY_TABLES = ("province", "county", "village", "organisation", "programme", "project", "person")
MAX_EXCERPT_CHARS = 80
DESIGNATED = {"yanyuan", "muli", "shufu", "tianlin"}
PAIRED = {"jiuzhi", "bianba"}


def test_foreign_keys_all_resolve(seed_db: sqlite3.Connection) -> None:
    assert rows(seed_db, "PRAGMA foreign_key_check") == []


def test_the_data_is_as_broad_as_the_reports(seed_db: sqlite3.Connection) -> None:
    count = {t: rows(seed_db, f"SELECT count(*) FROM {t}")[0][0] for t in (*ENTITY_TABLES, "figure", "milestone")}
    assert count["county"] >= 19
    assert count["village"] >= 15
    assert count["figure"] >= 40
    assert count["project"] >= 20
    assert count["milestone"] >= 5
    per_source = dict(rows(seed_db, "SELECT source_slug, count(*) FROM figure GROUP BY source_slug"))
    assert len(per_source) == 2 and min(per_source.values()) >= 5, per_source


def test_four_plus_two_counties(seed_db: sqlite3.Connection) -> None:
    def counties(programme: str) -> set[str]:
        found = rows(seed_db, "SELECT county_slug FROM countyprogramme WHERE programme_slug = ?", programme)
        return {r[0] for r in found}

    assert counties("designated") == DESIGNATED
    assert counties("paired") == PAIRED


def test_vocabularies_are_closed(seed_db: sqlite3.Connection) -> None:
    checks = [
        ("SELECT DISTINCT qualifier FROM figure", QUALIFIERS),
        ("SELECT DISTINCT scope FROM figure", FIGURE_SCOPES),
        ("SELECT DISTINCT kind FROM figure WHERE kind IS NOT NULL", FIGURE_KINDS),
        ("SELECT DISTINCT unit FROM figure", tuple(UNITS)),
        ("SELECT DISTINCT facet FROM programme", PROGRAMME_FACETS),
        ("SELECT DISTINCT kind FROM organisation", ORGANISATION_KINDS),
        ("SELECT DISTINCT kind FROM county", PLACE_KINDS),
        ("SELECT DISTINCT kind FROM person", PERSON_KINDS),
        ("SELECT DISTINCT entity FROM mention", ENTITY_TABLES),
        ("SELECT DISTINCT role FROM organisationcounty UNION SELECT DISTINCT role FROM projectorganisation", ROLES),
    ]
    for sql, allowed in checks:
        found = {r[0] for r in rows(seed_db, sql)}
        assert found <= set(allowed), (sql, found - set(allowed))


def test_slugs_are_url_safe_and_unique_ignoring_case(seed_db: sqlite3.Connection) -> None:
    for table in (*ENTITY_TABLES, "source"):
        slugs = [r[0] for r in rows(seed_db, f"SELECT slug FROM {table}")]
        assert len({s.lower() for s in slugs}) == len(slugs), table
        for slug in slugs:
            assert slug == slug.lower() and slug.replace("-", "").replace("+", "").isalnum(), (table, slug)


def test_every_entity_has_names_in_both_languages(seed_db: sqlite3.Connection) -> None:
    for table in ENTITY_TABLES:
        for row in rows(seed_db, f"SELECT slug, name_zh, name_en FROM {table}"):
            assert row["name_zh"].strip() and row["name_en"].strip(), (table, row["slug"])
            assert row["name_en"].isascii(), (table, row["slug"], row["name_en"])


def test_every_entity_is_named_by_a_source(seed_db: sqlite3.Connection) -> None:
    for table in ENTITY_TABLES:
        missing = rows(
            seed_db,
            f"SELECT slug FROM {table} t WHERE NOT EXISTS "
            f"(SELECT 1 FROM mention m WHERE m.entity = ? AND m.slug = t.slug)",
            table,
        )
        assert [r[0] for r in missing] == [], table


def test_mentions_point_at_real_entities(seed_db: sqlite3.Connection) -> None:
    for table in ENTITY_TABLES:
        dangling = rows(
            seed_db,
            f"SELECT slug FROM mention m WHERE entity = ? "
            f"AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.slug = m.slug)",
            table,
        )
        assert dangling == [], (table, [r[0] for r in dangling])


def test_places_have_approximate_coordinates_in_china(seed_db: sqlite3.Connection) -> None:
    for table in ("province", "county", "village"):
        for row in rows(seed_db, f"SELECT slug, lat, lon, coords_approximate FROM {table}"):
            assert row["lat"] is not None and 18 <= row["lat"] <= 54, (table, row["slug"])
            assert 73 <= row["lon"] <= 135, (table, row["slug"])
            assert row["coords_approximate"] == 1


def test_figure_regions_are_every_province_a_figure_concerns(seed_db: sqlite3.Connection) -> None:
    expected = {tuple(r) for r in rows(seed_db, "SELECT province_slug, figure_id FROM figureprovince")}
    expected |= {
        tuple(r)
        for r in rows(
            seed_db,
            "SELECT c.province_slug, fc.figure_id FROM figurecounty fc JOIN county c ON c.slug = fc.county_slug",
        )
    }
    expected |= {
        tuple(r)
        for r in rows(
            seed_db,
            "SELECT v.province_slug, fv.figure_id FROM figurevillage fv JOIN village v ON v.slug = fv.village_slug",
        )
    }
    derived = {tuple(r) for r in rows(seed_db, "SELECT province_slug, figure_id FROM figureregion")}
    assert derived == expected and len(derived) > 50


def test_villages_lie_in_their_countys_province(seed_db: sqlite3.Connection) -> None:
    mismatched = rows(
        seed_db,
        "SELECT v.slug FROM village v JOIN county c ON c.slug = v.county_slug WHERE c.province_slug <> v.province_slug",
    )
    assert mismatched == []


def test_every_figure_has_source_and_excerpt_containing_its_text(seed_db: sqlite3.Connection) -> None:
    for row in rows(seed_db, "SELECT id, text, excerpt, source_slug FROM figure"):
        assert row["source_slug"], row["id"]
        assert row["excerpt"] and len(squeeze(row["excerpt"])) <= MAX_EXCERPT_CHARS, row["id"]
        assert squeeze(row["text"]) in squeeze(row["excerpt"]), row["id"]


@pytest.fixture(scope="module")
def figures(seed_db: sqlite3.Connection) -> list[sqlite3.Row]:
    return rows(seed_db, "SELECT * FROM figure ORDER BY id")


def test_value_and_qualifier_agree_with_the_text(figures: list[sqlite3.Row]) -> None:
    for row in figures:
        parsed = parse_amount((row["qualifier_text"] or "") + row["text"])
        assert Decimal(str(row["value"])) == parsed.value, (row["id"], row["text"], row["value"])
        assert row["qualifier"] == parsed.qualifier, (row["id"], row["text"], row["qualifier"])
        assert parsed.percent == (row["unit"] == "percent"), (row["id"], row["text"])


def test_money_kinds_are_money_and_every_money_figure_has_a_kind(figures: list[sqlite3.Row]) -> None:
    for row in figures:
        assert (row["unit"] == "yuan") == (row["kind"] in MONEY_KINDS), (row["id"], row["unit"], row["kind"])


def test_units_agree_with_the_text(figures: list[sqlite3.Row]) -> None:
    """The unit's word stands in the figure as written, or just before it ("贫困村119个")."""
    for row in figures:
        marks = UNIT_MARKS.get(row["unit"])
        if marks:
            excerpt, text = squeeze(row["excerpt"]), squeeze(row["text"])
            around = excerpt[max(0, excerpt.index(text) - 6) : excerpt.index(text)] + text
            assert any(mark in around for mark in marks), (row["id"], row["text"], row["unit"])


def test_a_qualifier_written_apart_stands_right_before_the_number(figures: list[sqlite3.Row]) -> None:
    for row in figures:
        if row["qualifier_text"]:
            excerpt = squeeze(row["excerpt"])
            before = excerpt[: excerpt.index(squeeze(row["text"]))]
            assert row["qualifier_text"] in before, row["id"]


def test_scope_matches_the_places_linked(seed_db: sqlite3.Connection, figures: list[sqlite3.Row]) -> None:
    def linked(table: str, column: str, figure_id: int) -> set[str]:
        return {r[0] for r in rows(seed_db, f"SELECT {column} FROM {table} WHERE figure_id = ?", figure_id)}

    for row in figures:
        counties = linked("figurecounty", "county_slug", row["id"])
        scope = row["scope"]
        if scope == "4+2-counties":
            assert counties == DESIGNATED | PAIRED, row["id"]
        elif scope == "designated-counties":
            assert counties == DESIGNATED, row["id"]
        elif scope == "county":
            assert len(counties) == 1, row["id"]
        elif scope == "village":
            assert len(linked("figurevillage", "village_slug", row["id"])) >= 1, row["id"]
        elif scope == "province":
            assert len(linked("figureprovince", "province_slug", row["id"])) == 1, row["id"]
        elif scope == "project":
            assert len(linked("figureproject", "project_slug", row["id"])) >= 1, row["id"]
        elif scope == "organisation":
            assert len(linked("figureorganisation", "organisation_slug", row["id"])) >= 1, row["id"]


def test_periods_are_well_formed(figures: list[sqlite3.Row]) -> None:
    import re

    pattern = re.compile(r"^(P\d+[MY]|\d{4}(-\d{2})?(/\d{4}(-\d{2})?)?)$")
    for row in figures:
        if row["period"]:
            assert pattern.match(row["period"]), (row["id"], row["period"])
        if row["year_from"] and row["year_to"]:
            assert row["year_from"] <= row["year_to"], row["id"]


def test_excerpts_stand_verbatim_in_their_sources(seed_db: sqlite3.Connection, source_texts: dict[str, str]) -> None:
    files = dict(rows(seed_db, "SELECT slug, file FROM source"))
    assert set(files.values()) <= set(source_texts), "a source row names a file that is not in shared/seeds"
    for table, key in (("figure", "id"), ("milestone", "id"), ("mention", "id")):
        for row in rows(seed_db, f"SELECT {key}, source_slug, excerpt FROM {table}"):
            assert squeeze(row["excerpt"]) in source_texts[files[row["source_slug"]]], (table, row[key], row["excerpt"])


def test_everyone_the_reports_name_with_a_role_is_a_person(seed_db: sqlite3.Connection) -> None:
    """2023: 羊河村第一书记王松 (quoted), 线路维护员高华侨 (quoted), 作者:殿欣. 2020: 党组书记、董事长柯瑞文,
    草坪村村书记康敬华 (quoted), 本报记者 佟醒. Nobody else is named in either report."""
    people = {r[0] for r in rows(seed_db, "SELECT slug FROM person")}
    assert people == {"wang-song", "gao-huaqiao", "dian-xin", "ke-ruiwen", "kang-jinghua", "tong-xing"}
    quoted = {r[0] for r in rows(seed_db, "SELECT DISTINCT person_slug FROM quote")}
    assert quoted == {"wang-song", "gao-huaqiao", "kang-jinghua"}


def test_roles_places_and_bodies_are_as_the_text_names_them(seed_db: sqlite3.Connection) -> None:
    """The role stands right before the name in a passage naming the person (作者:殿欣 too), and every
    village, county and organisation tied to the person is named in such a passage."""
    for person in rows(seed_db, "SELECT * FROM person"):
        passages = [
            squeeze(r[0])
            for r in rows(seed_db, "SELECT excerpt FROM mention WHERE entity = 'person' AND slug = ?", person["slug"])
        ]
        role, name = squeeze(person["role_zh"]), person["name_zh"]
        assert any(role + name in p or f"{role}:{name}" in p for p in passages), person["slug"]
        tied = rows(
            seed_db,
            "SELECT v.name_zh FROM personvillage pv JOIN village v ON v.slug = pv.village_slug "
            "WHERE pv.person_slug = ? UNION ALL SELECT c.name_zh FROM personcounty pc "
            "JOIN county c ON c.slug = pc.county_slug WHERE pc.person_slug = ? UNION ALL "
            "SELECT o.name_zh FROM organisation o WHERE o.slug = ?",
            person["slug"],
            person["slug"],
            person["organisation_slug"],
        )
        for (place,) in tied:
            assert any(place in p for p in passages), (person["slug"], place)


def test_quotes_stand_verbatim_as_the_persons_words(seed_db: sqlite3.Connection, source_texts: dict[str, str]) -> None:
    """A direct quote stands between quotation marks in its source; reported speech follows the
    person's name and 说."""
    files = dict(rows(seed_db, "SELECT slug, file FROM source"))
    found = rows(seed_db, "SELECT q.*, p.name_zh FROM quote q JOIN person p ON p.slug = q.person_slug")
    assert len(found) >= 5
    for quote in found:
        source, text = source_texts[files[quote["source_slug"]]], squeeze(quote["text_zh"])
        if quote["reported"]:
            assert f"{quote['name_zh']}说,{text}" in source, quote["id"]
        else:
            assert f"“{text}”" in source, quote["id"]
        assert quote["text_en"].strip() and quote["text_en"].isascii(), quote["id"]


def test_the_seed_holds_only_inserts(settings: Settings) -> None:
    statements = list(seed_statements(settings.seed_path.read_text(encoding="utf-8")))
    assert statements and all(s.upper().startswith("INSERT INTO ") for s in statements)


def test_loading_twice_never_doubles_rows(tmp_path) -> None:
    settings = Settings(sqlite_path=tmp_path / "twice.sqlite")
    first = build_database(settings)
    counts = _counts(settings.sqlite_path)
    second = build_database(settings)
    assert first == second and _counts(settings.sqlite_path) == counts
    # Loading the same rows into an already built database is refused, not doubled.
    connection = sqlite3.connect(settings.sqlite_path)
    statement = next(seed_statements(settings.seed_path.read_text(encoding="utf-8")))
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute(statement)
    connection.close()
    assert _counts(settings.sqlite_path) == counts


def _counts(path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    result = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    connection.close()
    return result
