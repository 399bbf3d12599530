"""Every list that can be searched: the build makes a search index over each one's search columns
(app/derived.py) and listing.search_clause reads it."""

from __future__ import annotations

from app.queries import (
    counties,
    figures,
    milestones,
    organisations,
    people,
    programmes,
    projects,
    provinces,
    sources,
    villages,
)

SEARCHABLE = (
    figures.SPEC,
    counties.SPEC,
    villages.SPEC,
    provinces.SPEC,
    projects.SPEC,
    organisations.SPEC,
    people.SPEC,
    programmes.SPEC,
    sources.SPEC,
    milestones.SPEC,
)
