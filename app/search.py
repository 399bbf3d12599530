"""What a search compares: each row's search text and the reader's query, written the same way.

Both sides are folded the same way before they meet: NFKC (full-width ``４＋２`` is ``4+2``),
case-folded, spaces made single.  A row's text also holds its British spellings written the
American way (``fibre`` and ``fiber``, so either finds it, and so does ``fibr`` as one types), and
the names of the places it is linked to, so ``木里`` finds the figures of 木里藏族自治县.

Chinese has no spaces between words and most words are two characters, which a trigram index
cannot look up.  So each text is indexed twice (app/derived.py): by trigrams, for searches of
three characters or more, and by its single characters and pairs of adjacent characters
("grams", as Lucene's CJKAnalyzer and Elasticsearch's ``cjk_bigram`` do), for searches of one or
two.  Either way a row matches when its text contains the search text.  No web imports here.
"""

from __future__ import annotations

import unicodedata

# British stems and their American spelling, found in the reports' English; folded on both sides,
# so either spelling finds both.
SPELLINGS = (
    ("fibre", "fiber"),
    ("centre", "center"),
    ("metre", "meter"),
    ("litre", "liter"),
    ("programme", "program"),
    ("organis", "organiz"),
    ("revitalis", "revitaliz"),
    ("mobilis", "mobiliz"),
    ("recognis", "recogniz"),
    ("modernis", "moderniz"),
    ("urbanis", "urbaniz"),
    ("digitalis", "digitaliz"),
    ("industrialis", "industrializ"),
    ("utilis", "utiliz"),
    ("specialis", "specializ"),
    ("neighbour", "neighbor"),
    ("colour", "color"),
    ("labour", "labor"),
    ("honour", "honor"),
    ("favour", "favor"),
    ("licence", "license"),
    ("defence", "defense"),
    ("travell", "travel"),
)
# Fewer characters than this are looked up among the grams; this many or more by trigrams.
TRIGRAM = 3


def fold(text: str) -> str:
    """The text as search compares it: NFKC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def document(text: str) -> str:
    """A row's folded text as it is indexed: followed, where it spells a word the British way,
    by the same text spelt the American way."""
    folded = fold(text)
    american = folded
    for british, spelt in SPELLINGS:
        american = american.replace(british, spelt)
    return folded if american == folded else f"{folded} {american}"


def grams(folded: str) -> list[str]:
    """Every letter or digit of a folded text and every pair of adjacent ones, once each: the
    tokens a one- or two-character search looks up.  (A plain loop: a regular expression over
    the runs measured three times slower on these short texts.)"""
    seen: dict[str, None] = {}
    previous = ""
    for character in folded:
        if character.isalnum():
            seen[character] = None
            if previous:
                seen[previous + character] = None
            previous = character
        else:
            previous = ""
    return list(seen)


def gram(query: str) -> str | None:
    """The one gram a short folded query is, or None if it cannot be one (a mark or a space in
    it): such a query matches names by prefix instead."""
    if len(query) < TRIGRAM and query and all(character.isalnum() for character in query):
        return query
    return None


def tables(table_name: str) -> dict[str, str]:
    """The search index tables of one list, as app/derived.index_search makes them."""
    return {"trigrams": f"{table_name}_search", "grams": f"{table_name}_grams", "documents": f"{table_name}_searchdoc"}
