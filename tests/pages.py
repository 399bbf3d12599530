"""The pages the tests visit, from the registry: a list added to app/entities.py is visited too."""

from __future__ import annotations

from app.entities import ENTITIES

LIST_PAGES = ("/", *(f"/{name}" for name in ENTITIES), "/about")

# Every query parameter a page reads: each list's filters, then sorting, paging, the language and
# an embed's options.  Filters come from the registry, so a new one is fuzzed and attacked too.
PARAMETERS = (
    *sorted({name for entity in ENTITIES.values() for name in entity.filter_names}),
    *("sort", "order", "page", "size", "lang", "title", "height"),
)
