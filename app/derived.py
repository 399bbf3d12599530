"""What the database build derives from the curated rows, on SQLite and PostgreSQL alike: the
region and year tables the filters read, the facet counts, the indexes for names and sorts, the
search indexes, and the planner's statistics.  Run by ``build-db`` after the rows are in, and by
the synthetic national builder (bench/make_national.py)."""

from __future__ import annotations

from app.entities import ENTITIES
from app.models import MAX_YEAR_COVERED, MIN_YEAR_COVERED

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
    "UNION ALL SELECT 'source', source_slug, count(*) FROM figure GROUP BY source_slug"
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


def search_indexes(dialect: str) -> list[str]:
    """Full-text search over each list's search columns: SQLite FTS5 with the trigram tokenizer
    (Chinese needs no word segmenter), PostgreSQL pg_trgm GIN indexes, both matching any
    substring of three characters or more, case-insensitively."""
    statements = [] if dialect == "sqlite" else ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for spec in _list_specs():
        table = spec.model.__tablename__
        columns = [c.name for c in spec.search_columns]
        if dialect == "sqlite":
            rowid = "id" if "id" in spec.model.__table__.columns else "rowid"
            statements += [
                f"CREATE VIRTUAL TABLE {table}_search USING fts5({', '.join(columns)}, content='{table}', "
                f"content_rowid='{rowid}', tokenize='trigram')",
                f"INSERT INTO {table}_search ({table}_search) VALUES ('rebuild')",
            ]
        else:
            statements += [
                f"CREATE INDEX ix_{table}_{column}_trgm ON {table} USING gin (lower({column}) gin_trgm_ops)"
                for column in columns
            ]
    return statements


def derived_statements(dialect: str, regions: bool = True) -> list[str]:
    """Everything the build adds once the curated rows are in (``regions``: False where the
    builder writes figureregion itself)."""
    return [
        *([REGIONS] if regions else []),
        AREAS,
        YEARS,
        FACETS,
        *name_indexes(),
        *search_indexes(dialect),
        "ANALYZE",
    ]
