"""What the database build derives from the curated rows, on SQLite and PostgreSQL alike: the
region and year tables the filters read, the facet counts, the indexes for names and sorts, the
search indexes, and the planner's statistics.  Run by ``build-db`` after the rows are in, and by
the synthetic national builder (bench/make_national.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select
from sqlmodel import SQLModel

from app import search
from app.entities import ENTITIES
from app.models import MAX_YEAR_COVERED, MIN_YEAR_COVERED
from app.queries.listing import rowid_of, slug_list

REGIONS = (
    "INSERT INTO figureregion (province_slug, figure_id) "
    "SELECT province_slug, figure_id FROM figureprovince "
    "UNION SELECT c.province_slug, fc.figure_id FROM figurecounty fc JOIN county c ON c.slug = fc.county_slug "
    "UNION SELECT v.province_slug, fv.figure_id FROM figurevillage fv JOIN village v ON v.slug = fv.village_slug"
)
AREAS = (
    "INSERT INTO figurearea (county_slug, figure_id) "
    "SELECT county_slug, figure_id FROM figurecounty "
    "UNION SELECT v.county_slug, fv.figure_id FROM figurevillage fv JOIN village v ON v.slug = fv.village_slug "
    "WHERE v.county_slug IS NOT NULL"
)
# Each figure's years, counted up from its first (one pass over the figures, not every figure
# against every year), in the table's key order.
YEARS = (
    "WITH RECURSIVE spans(figure_id, year, last) AS ("
    "SELECT id, year_from, coalesce(year_to, year_from) FROM figure "
    "WHERE year_from IS NOT NULL AND coalesce(year_to, year_from) >= year_from "
    "UNION ALL SELECT figure_id, year + 1, last FROM spans WHERE year < last) "
    "INSERT INTO figureyear (year, figure_id) SELECT year, figure_id FROM spans "
    f"WHERE year BETWEEN {MIN_YEAR_COVERED} AND {MAX_YEAR_COVERED} ORDER BY year, figure_id"
)
FACETS = (
    "INSERT INTO figurefacet (facet, value, figures) "
    "SELECT 'all', '', count(*) FROM figure "
    "UNION ALL SELECT 'province', province_slug, count(*) FROM figureregion GROUP BY province_slug "
    "UNION ALL SELECT 'county', county_slug, count(*) FROM figurearea GROUP BY county_slug "
    "UNION ALL SELECT 'programme', programme_slug, count(*) FROM figureprogramme GROUP BY programme_slug "
    "UNION ALL SELECT 'year', CAST(year AS TEXT), count(*) FROM figureyear GROUP BY year "
    "UNION ALL SELECT 'scope', scope, count(*) FROM figure GROUP BY scope "
    "UNION ALL SELECT 'qualifier', qualifier, count(*) FROM figure GROUP BY qualifier "
    "UNION ALL SELECT 'source', source_slug, count(*) FROM figure GROUP BY source_slug "
    "UNION ALL SELECT 'kind', kind, count(*) FROM figure WHERE kind IS NOT NULL GROUP BY kind "
    "UNION ALL SELECT 'unit', unit, count(*) FROM figure GROUP BY unit"
)


def _list_specs():
    """Every list the app serves can be searched and sorted by name: one registry says which."""
    return [entity.spec for entity in ENTITIES.values()]


def name_indexes() -> list[str]:
    """A name in Chinese, its lower-case English and its slug: the columns a short search
    matches by prefix, and the name sorts (Chinese by the name, English by its lower case)."""
    statements = []
    for spec in _list_specs():
        table = spec.model.__tablename__
        for column in spec.name_columns:
            expression = f"lower({column.name})" if column.name.endswith("_en") else column.name
            statements.append(f"CREATE INDEX IF NOT EXISTS ix_{table}_{column.name}_name ON {table} ({expression})")
    return statements


# The columns that name a place: a row linked to a place is found by the place's name too.
PLACE_TABLES = {"province_slug": "province", "county_slug": "county", "village_slug": "village"}
# Rows read and written per round while the search index is made (bounded memory at national size).
SEARCH_BATCH_ROWS = 10_000


def _place_names(connection: Connection) -> dict[tuple[str, str], str]:
    """Every place's names in both languages, by (table, slug)."""
    names = {}
    for table in PLACE_TABLES.values():
        for slug, zh, en in connection.exec_driver_sql(f"SELECT slug, name_zh, name_en FROM {table}"):
            names[(table, slug)] = f"{zh} {en}"
    return names


def _place_links(key: Any) -> Iterator[tuple[Any, Any]]:
    """(owner column, place slug column) of every link table from a list's key to a place."""
    for link in SQLModel.metadata.sorted_tables:
        owners = [c for c in link.columns if any(fk.column is key for fk in c.foreign_keys)]
        places = [c for c in link.columns if c.name in PLACE_TABLES and c not in owners]
        if owners and places and link is not key.table:
            yield owners[0], places[0]


def _document_statement(spec: Any, dialect: str) -> tuple[Select, list[str]]:
    """One statement for a list's search texts: the row's key (SQLite: its rowid), its search
    columns, and the slugs of the places it names or is linked to, with each slug column's table."""
    model = spec.model
    columns = model.__table__.columns
    key = rowid_of(spec) if dialect == "sqlite" else spec.key
    places, tables = [], []
    for name, table in PLACE_TABLES.items():
        if name in columns:
            places.append(columns[name])
            tables.append(table)
    for owner, slug in _place_links(model.__table__.columns[spec.key.key]) if spec.found_by_linked_places else ():
        places.append(slug_list(owner, slug, spec.key, dialect))
        tables.append(PLACE_TABLES[slug.key])
    return select(key, *spec.search_columns, *places).select_from(model), tables


def _documents(connection: Connection, spec: Any, names: dict) -> Iterator[list[tuple[Any, str, list[str]]]]:
    """(key, folded text, grams) of every row of a list, a batch at a time."""
    statement, tables = _document_statement(spec, connection.dialect.name)
    texts = len(spec.search_columns)
    result = connection.execute(statement.execution_options(yield_per=SEARCH_BATCH_ROWS))
    for batch in result.partitions():
        documents = []
        for row in batch:
            parts = [value for value in row[1 : 1 + texts] if value]
            places = {  # each place once, though several link tables may name it
                (table, slug): None
                for table, slugs in zip(tables, row[1 + texts :], strict=True)
                for slug in (slugs or "").split("|")
                if slug
            }
            text = search.document(" ".join([*parts, *(names.get(place, "") for place in places)]))
            documents.append((row[0], text, search.grams(text)))
        yield documents


def index_search(connection: Connection) -> None:
    """Each list's search index, made from its rows' folded texts (app/search.py).

    SQLite: two FTS5 tables keyed by the row's rowid: one with the trigram tokenizer (searches of
    three characters or more), which keeps the text, where a search of several words checks all
    but its rarest (listing.search_clauses); one of the grams separated by spaces, which FTS5's
    unicode61 tokenizer reads as they are (searches of one or two), keeping no copy.
    PostgreSQL: a table of the folded texts with a pg_trgm index, and the grams as an array with
    a GIN index."""
    dialect = connection.dialect.name
    names = _place_names(connection)
    for spec in _list_specs():
        tables = search.tables(spec.model.__tablename__)
        if dialect == "sqlite":
            connection.exec_driver_sql(f"CREATE VIRTUAL TABLE {tables['trigrams']} USING fts5(doc, tokenize='trigram')")
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE {tables['grams']} USING fts5(grams, content='', "
                "tokenize='unicode61 remove_diacritics 0')"
            )
            for documents in _documents(connection, spec, names):
                connection.exec_driver_sql(
                    f"INSERT INTO {tables['trigrams']} (rowid, doc) VALUES (?, ?)", [(k, d) for k, d, _g in documents]
                )
                connection.exec_driver_sql(
                    f"INSERT INTO {tables['grams']} (rowid, grams) VALUES (?, ?)",
                    [(k, " ".join(g)) for k, _d, g in documents],
                )
            continue
        key_type = "integer" if spec.key.key == "id" else "text"
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {tables['documents']}")
        connection.exec_driver_sql(
            f"CREATE TABLE {tables['documents']} (key {key_type} PRIMARY KEY, doc text NOT NULL, grams text[] NOT NULL)"
        )
        for documents in _documents(connection, spec, names):
            connection.exec_driver_sql(
                f"INSERT INTO {tables['documents']} (key, doc, grams) VALUES (%s, %s, %s)", documents
            )
        connection.exec_driver_sql(f"CREATE INDEX ON {tables['documents']} USING gin (doc gin_trgm_ops)")
        connection.exec_driver_sql(f"CREATE INDEX ON {tables['documents']} USING gin (grams)")


def derived_statements(dialect: str, regions: bool = True) -> list[str]:
    """Everything the build adds once the curated rows are in (``regions``: False where the
    builder writes figureregion itself)."""
    return [
        *([REGIONS] if regions else []),
        AREAS,
        YEARS,
        FACETS,
        *name_indexes(),
        *([] if dialect == "sqlite" else ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]),
    ]


def derive(connection: Connection, regions: bool = True) -> None:
    """Run everything the build derives, the search index, then ANALYZE (whose statistics the
    planners choose by, so it comes last)."""
    for statement in derived_statements(connection.dialect.name, regions):
        connection.exec_driver_sql(statement)
    index_search(connection)
    connection.exec_driver_sql("ANALYZE")
