"""Read once at start-up what every page needs and the data never changes: names of the small
tables, the filters' vocabulary, the years, the counts and the facet counts.

Done before the first request, because at national scale some of these take hundreds of
milliseconds, and a cold process under load would otherwise compute them in every thread at
once (each slower for the others, past the query time limit, and never cached)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.db import unguarded
from app.queries.figures import facet_counts, years
from app.queries.filters import vocabulary
from app.queries.names import names
from app.queries.overview import counts


def prime(engine: Engine) -> None:
    with unguarded(), Session(engine) as session:
        names(session)
        vocabulary(session)
        years(session)
        counts(session)
        facet_counts(session)
