"""The pages the tests visit, from the registry: a list added to app/entities.py is visited too."""

from __future__ import annotations

from app.entities import ENTITIES

LIST_PAGES = ("/", *(f"/{name}" for name in ENTITIES), "/about")
