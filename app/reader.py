"""The source reader: a report's full text cut into paragraphs of pieces, each piece marked with
the curated passages (figures, milestones, quantities that are not figures) it lies in.

Excerpts are matched as the coverage check matches them (its squeeze and occurrences): with
whitespace removed, since the reports wrap lines inside sentences. They are marked on the text as
published.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from app.coverage import occurrences, squeeze


@dataclass(frozen=True)
class Passage:
    excerpt: str
    kind: str  # figure | milestone | not-figure | furniture
    anchor: str  # "figure-9": the passage's id on the page
    label: str  # "#9", or the reason it is not a figure
    href: str | None = None  # the figure's or event's own page


@dataclass
class Piece:
    text: str
    marks: tuple[Passage, ...] = ()  # the passages the piece lies in
    opens: list[Passage] = field(default_factory=list)  # passages that start here (their anchors)
    closes: list[Passage] = field(default_factory=list)  # passages that end here (their links)


Placed = tuple[int, int, Passage]  # where a passage is found in the text: start, end, passage


def placements(text: str, passages: list[Passage]) -> list[Placed]:
    """Every place each passage is found in the text, whatever whitespace the text has between
    its characters."""
    # Which characters are not whitespace, found once: a passage's offsets in the squeezed text map
    # back to the text as published through it.
    kept = [i for i, ch in enumerate(text) if not ch.isspace()]
    squeezed = "".join(text[i] for i in kept)
    return [
        (kept[at], kept[at + len(wanted) - 1] + 1, p)
        for p in passages
        if (wanted := squeeze(p.excerpt))
        for at in occurrences(squeezed, wanted)
    ]


def _cuts(text: str, placed: list[Placed]) -> list[int]:
    """Where a piece ends: at each passage's start and end, and around each line break."""
    lines = [i for i, ch in enumerate(text) if ch == "\n"]
    ends = {0, len(text), *lines, *(i + 1 for i in lines)}
    return sorted(ends | {s for s, _e, _p in placed} | {e for _s, e, _p in placed})


def _piece(chunk: str, start: int, end: int, placed: list[Placed], first: dict[int, int]) -> Piece:
    """The text from ``start`` to ``end``, in the passages around it, opening and closing those
    that start and end there."""
    piece = Piece(chunk, tuple(p for s, e, p in placed if s <= start and end <= e))
    # A passage found more than once (a name is a name every time) takes its anchor at the first.
    piece.opens = [p for s, _e, p in placed if s == start and s == first[id(p)]]
    piece.closes = [p for _s, e, p in placed if e == end]
    return piece


def paragraphs(text: str, passages: list[Passage]) -> tuple[list[list[Piece]], list[Passage]]:
    """The text's non-empty lines as pieces, and the passages that were not found in it."""
    placed = placements(text, passages)
    missing = [p for p in passages if not any(q is p for _s, _e, q in placed)]
    first = {id(p): min(s for s, _e, q in placed if q is p) for p in passages if p not in missing}
    result: list[list[Piece]] = [[]]
    for start, end in itertools.pairwise(_cuts(text, placed)):
        chunk = text[start:end]
        if chunk == "\n":
            result.append([])
            continue
        result[-1].append(_piece(chunk, start, end, placed, first))
    return [line for line in result if "".join(piece.text for piece in line).strip()], missing
