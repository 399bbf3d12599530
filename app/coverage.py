"""Every quantity in the sources accounted for: curated as a figure or a milestone, or listed in
``data/not-figures.tsv`` with the reason it is not a figure.

``python -m app coverage`` reads each source text in ``SOURCES_DIR``, finds every quantity in it
(``amounts.find_quantities``) and matches each to the curated rows of ``SEED_PATH``, read straight
from the INSERT statements so that a changed copy can be checked without building a database.

A quantity is matched by where it stands, not by its value, so that "2018年" curated once does not
account for every other 2018年:

- a figure claims the quantity its ``text`` names, at the text's place in its excerpt, the excerpt
  being found in the source; and the date or duration in its excerpt that its ``period`` states
  (the 9个月 of "9个月采购…达270万元");
- a milestone claims the dates in its excerpt that fall in its ``date``;
- a not-figures entry accounts for the quantities inside its passage, wherever the passage stands
  in its source (a name such as “4﹢2” is a name every time). An entry whose reason says it
  "restates figure N" must hold figure N's value, so a restatement cannot hide a different number.

Anything that would make that matching unreliable is a problem that fails the check: an excerpt or a
figure's text found twice (which place is meant?), a figure or milestone that claims nothing, a
quantity claimed by a figure and by something else (removing the figure would go unnoticed), an
entry that accounts for nothing.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateTable

from app.amounts import AmountError, Quantity, find_quantities, parse_amount
from app.build import seed_statements
from app.models import Figure, Milestone, Source

NOT_FIGURES_COLUMNS = ("source", "passage", "reason")
RESTATES = re.compile(r"restates figures? (\d+(?:(?:, | and )\d+)*)")
# What a not-figures entry may be: its reason starts with one of these, and those that can be
# checked are (list_not_figure): page furniture stands outside the report's body, a restatement
# holds its figure's value, the article 一 is one, the figures named exist.
PAGE_FURNITURE = "page furniture"  # a kind the source reader shows apart too
NOT_FIGURE_KINDS = (
    PAGE_FURNITURE,
    "restates figure",
    "part of figure",
    "the period of figures",
    "the scope of figures",
    "the article 一",
    "a word",
    "a name",
    "a title",
    "a saying",
    "a span of time",
    "a reference back",
    "the make-up of",
)
# "part of figure 8", "the scope of figures 11 and 12", "the period of figures 9 to 17"
NAMED_FIGURES = re.compile(r"^(?:part of figure|the period of figures|the scope of figures) (\d+)(?: (to|and) (\d+))?")
CONTEXT_CHARS = 14  # characters shown either side of an unaccounted quantity
SENTENCE_ENDS = "。！？!?；;"


@dataclass(frozen=True)
class SourceRow:
    slug: str
    file: str


@dataclass(frozen=True)
class FigureRow:
    id: int
    source_slug: str
    text: str
    excerpt: str
    value: float
    qualifier: str
    unit: str
    qualifier_text: str | None = None
    period: str | None = None
    year_from: int | None = None


@dataclass(frozen=True)
class MilestoneRow:
    id: int
    source_slug: str
    date: str
    excerpt: str


@dataclass(frozen=True)
class Curated:
    """The rows of a seed file that say where a quantity comes from."""

    sources: tuple[SourceRow, ...]
    figures: tuple[FigureRow, ...]
    milestones: tuple[MilestoneRow, ...]

    def without_figure(self, figure_id: int) -> Curated:
        return Curated(self.sources, tuple(f for f in self.figures if f.id != figure_id), self.milestones)


@dataclass(frozen=True)
class NotFigure:
    source: str
    passage: str
    reason: str
    line: int  # in the not-figures file, for messages


@dataclass(frozen=True)
class Finding:
    """An unaccounted quantity: where it stands and the passage around it (whitespace removed, so
    that it can be pasted into not-figures.tsv as it is)."""

    file: str
    line: int
    written: str
    passage: str
    start: int  # offset in the source with whitespace removed
    end: int


@dataclass
class Report:
    quantities: int = 0
    in_figures: int = 0
    in_milestones: int = 0
    listed: int = 0
    sources: int = 0
    unaccounted: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unaccounted and not self.problems

    def lines(self) -> list[str]:
        out = [f"{f.file}:{f.line}: {f.written} — not curated, not listed: {f.passage}" for f in self.unaccounted]
        out += [f"problem: {p}" for p in self.problems]
        out.append(self.summary())
        return out

    def summary(self) -> str:
        return (
            f"coverage: {self.quantities} quantities in {self.sources} sources: {self.in_figures} in figures, "
            f"{self.in_milestones} in milestones, {self.listed} listed as not figures, "
            f"{len(self.unaccounted)} unaccounted; {len(self.problems)} problems"
        )


# --- reading the inputs ----------------------------------------------------------------------


def read_curated(seed_sql: str) -> Curated:
    """Sources, figures and milestones from the seed's INSERT statements, through an in-memory
    SQLite that has only those three tables (the statements' own SQL parses the literals)."""
    wanted: dict[str, Any] = {"source": Source, "figure": Figure, "milestone": Milestone}
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    try:
        for model in wanted.values():
            connection.execute(str(CreateTable(model.__table__).compile(dialect=sqlite_dialect.dialect())))
        for statement in seed_statements(seed_sql):
            table = re.match(r"INSERT\s+INTO\s+(\w+)", statement, re.IGNORECASE)
            if table and table.group(1).lower() in wanted:
                connection.execute(statement)
        sources = tuple(SourceRow(r["slug"], r["file"]) for r in connection.execute("SELECT * FROM source"))
        figures = tuple(
            FigureRow(**{name: r[name] for name in FigureRow.__dataclass_fields__})
            for r in connection.execute("SELECT * FROM figure ORDER BY id")
        )
        milestones = tuple(
            MilestoneRow(r["id"], r["source_slug"], r["date"], r["excerpt"])
            for r in connection.execute("SELECT * FROM milestone ORDER BY id")
        )
    finally:
        connection.close()
    return Curated(sources, figures, milestones)


def read_not_figures(text: str) -> list[NotFigure]:
    """Tab-separated source (its slug), passage and reason, under a header line naming them."""
    entries = []
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header_seen = False
    for line, row in enumerate(rows, start=1):
        if not "".join(row).strip():
            continue
        if not header_seen:
            if tuple(cell.strip() for cell in row) != NOT_FIGURES_COLUMNS:
                raise ValueError(f"not-figures: the first line must be {' / '.join(NOT_FIGURES_COLUMNS)}")
            header_seen = True
            continue
        if len(row) != 3 or not all(cell.strip() for cell in row):
            raise ValueError(f"not-figures line {line}: want source, passage and reason separated by tabs")
        entries.append(NotFigure(row[0].strip(), row[1].strip(), row[2].strip(), line))
    return entries


def read_sources(directory: Path) -> dict[str, str]:
    """The source texts by file name."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(Path(directory).glob("*.txt"))}


# --- one source text -------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return "".join(text.split())


@dataclass(frozen=True)
class Text:
    """A source text with its whitespace removed (as excerpts are compared) and its quantities,
    their offsets mapped into the squeezed text."""

    file: str
    squeezed: str
    lines: tuple[int, ...]  # the line in the original file of each squeezed character
    quantities: tuple[tuple[Quantity, int, int], ...]  # quantity, number start and end when squeezed


@lru_cache(maxsize=32)
def prepare(file: str, original: str) -> Text:
    kept = [i for i, ch in enumerate(original) if not ch.isspace()]
    position_of = {original_index: squeezed_index for squeezed_index, original_index in enumerate(kept)}
    line_starts = [0] + [i + 1 for i, ch in enumerate(original) if ch == "\n"]
    lines, line = [], 0
    for index in kept:
        while line + 1 < len(line_starts) and line_starts[line + 1] <= index:
            line += 1
        lines.append(line + 1)
    quantities = []
    for quantity in find_quantities(original):
        numerals = [position_of[i] for i in range(quantity.number_start, quantity.number_end) if i in position_of]
        quantities.append((quantity, numerals[0], numerals[-1] + 1))
    return Text(file, "".join(original[i] for i in kept), tuple(lines), tuple(quantities))


def occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    start = 0
    while needle:
        index = haystack.find(needle, start)
        if index < 0:
            return found
        found.append(index)
        start = index + 1
    return found


def passage_around(text: Text, start: int, end: int) -> str:
    """The quantity with up to CONTEXT_CHARS either side, not past the end of its sentence."""
    left = max(0, start - CONTEXT_CHARS)
    for index in range(start - 1, left - 1, -1):
        if text.squeezed[index] in SENTENCE_ENDS:
            left = index + 1
            break
    right = min(len(text.squeezed), end + CONTEXT_CHARS)
    for index in range(end, right):
        if text.squeezed[index] in SENTENCE_ENDS:
            right = index + 1
            break
    return text.squeezed[left:right]


# --- the check -------------------------------------------------------------------------------


def _period_matches(quantity: Quantity, figure: FigureRow) -> bool:
    """A date or duration in the excerpt that the figure's period states (P9M ↔ 9个月, 2018 ↔ 2018年)."""
    period = figure.period or ""
    if quantity.kind == "duration" and quantity.value is not None:
        letter = {"months": "M", "years": "Y"}[quantity.unit or ""]
        return period == f"P{quantity.value.normalize():f}{letter}"
    if quantity.kind == "date":
        return quantity.year is not None and quantity.year == figure.year_from
    return False


def _date_matches(quantity: Quantity, date: str) -> bool:
    if quantity.kind != "date":
        return False
    parts = date.split("-")
    if quantity.year != int(parts[0]):
        return False
    return quantity.month is None or len(parts) < 2 or quantity.month == int(parts[1])


Key = tuple[str, int]  # a quantity: (source slug, its index among the source's quantities)


@dataclass
class Ledger:
    """Who accounts for each quantity while the check runs."""

    report: Report
    prepared: dict[str, Text]
    # Where each report's body lies (squeezed offsets): from its first curated passage to its last.
    body: dict[str, tuple[int, int]] = field(default_factory=dict)
    primary: dict[Key, list[str]] = field(default_factory=dict)  # a figure's own text
    claims: dict[Key, list[str]] = field(default_factory=dict)  # every curated claim, periods and dates too
    listed: dict[Key, list[str]] = field(default_factory=dict)  # not-figures lines

    def problem(self, message: str) -> None:
        self.report.problems.append(message)

    def locate(self, kind: str, row_id: object, source: str, excerpt: str) -> tuple[Text, int] | None:
        """Where an excerpt stands in its source: once, or it is a problem."""
        text = self.prepared.get(source)
        if text is None:
            self.problem(f"{kind} {row_id}: source {source} has no text to check against")
            return None
        places = occurrences(text.squeezed, squeeze(excerpt))
        if len(places) != 1:
            where = "is not in" if not places else f"stands {len(places)} times in"
            self.problem(f"{kind} {row_id}: its excerpt {where} {text.file}: {excerpt}")
            return None
        start, end = places[0], places[0] + len(squeeze(excerpt))
        first, last = self.body.get(source, (start, end))
        self.body[source] = (min(first, start), max(last, end))
        return text, places[0]


def inside(text: Text, start: int, end: int) -> list[int]:
    """The quantities of ``text`` that lie wholly between two offsets."""
    return [i for i, (_q, a, b) in enumerate(text.quantities) if start <= a and b <= end]


def prepare_texts(texts: dict[str, str], curated: Curated, report: Report) -> dict[str, Text]:
    slug_of = {s.file: s.slug for s in curated.sources}
    prepared: dict[str, Text] = {}
    for file, original in texts.items():
        prepared[slug_of.get(file, file)] = prepare(file, original)
        if file not in slug_of:
            report.problems.append(f"{file} has no source row: add one to the seed before curating it")
    for source in curated.sources:
        if source.file not in texts:
            report.problems.append(f"source {source.slug}: its file {source.file} is not in the sources folder")
    report.sources = len(texts)
    return prepared


def claim_figure(ledger: Ledger, figure: FigureRow) -> None:
    """A figure claims the quantity its text is, and a date or duration its period states."""
    found = ledger.locate("figure", figure.id, figure.source_slug, figure.excerpt)
    if found is None:
        return
    text, at = found
    excerpt, written = squeeze(figure.excerpt), squeeze(figure.text)
    places = occurrences(excerpt, written)
    if len(places) != 1:
        ledger.problem(
            f"figure {figure.id}: its text {figure.text} stands {len(places)} times "
            f"in its excerpt; shorten the excerpt so that it names one place"
        )
        return
    own = inside(text, at + places[0], at + places[0] + len(written))
    if not own:
        ledger.problem(f"figure {figure.id}: no quantity is found in its text {figure.text}")
    for index in own:
        ledger.primary.setdefault((figure.source_slug, index), []).append(f"figure {figure.id}")
        ledger.claims.setdefault((figure.source_slug, index), []).append(f"figure {figure.id}")
    for index in inside(text, at, at + len(excerpt)):
        if index not in own and _period_matches(text.quantities[index][0], figure):
            ledger.claims.setdefault((figure.source_slug, index), []).append(f"figure {figure.id}")


def claim_milestone(ledger: Ledger, milestone: MilestoneRow) -> None:
    """A milestone claims the date in its excerpt."""
    found = ledger.locate("milestone", milestone.id, milestone.source_slug, milestone.excerpt)
    if found is None:
        return
    text, at = found
    dated = [
        i
        for i in inside(text, at, at + len(squeeze(milestone.excerpt)))
        if _date_matches(text.quantities[i][0], milestone.date)
    ]
    if not dated:
        ledger.problem(f"milestone {milestone.id}: its excerpt does not hold its date {milestone.date}")
    for index in dated:
        ledger.claims.setdefault((milestone.source_slug, index), []).append(f"milestone {milestone.id}")


def list_not_figure(ledger: Ledger, entry: NotFigure, figures_by_id: dict[int, FigureRow]) -> None:
    """A not-figures line accounts for the quantities inside its passage."""
    text = ledger.prepared.get(entry.source)
    if text is None:
        ledger.problem(f"not-figures line {entry.line}: unknown source {entry.source}")
        return
    passage = squeeze(entry.passage)
    places = occurrences(text.squeezed, passage)
    if not places:
        ledger.problem(f"not-figures line {entry.line}: the passage is not in {text.file}: {entry.passage}")
        return
    covered = sorted({i for at in places for i in inside(text, at, at + len(passage))})
    if not covered:
        ledger.problem(f"not-figures line {entry.line}: no quantity in the passage {entry.passage}")
    for index in covered:
        ledger.listed.setdefault((entry.source, index), []).append(f"not-figures line {entry.line}")
    check_kind(ledger, entry, text, places, covered, figures_by_id)
    restated = RESTATES.search(entry.reason)
    if restated:
        values = {text.quantities[i][0].value for i in covered}
        for figure_id in map(int, re.findall(r"\d+", restated.group(1))):
            figure = figures_by_id.get(figure_id)
            if figure is None or Decimal(str(figure.value)) not in values:
                ledger.problem(
                    f"not-figures line {entry.line}: its passage does not restate figure "
                    f"{figure_id}'s value: {entry.passage}"
                )


def check_kind(
    ledger: Ledger, entry: NotFigure, text: Text, places: list[int], covered: list[int], figures: dict[int, FigureRow]
) -> None:
    """The entry's reason is of a known kind, and what that kind claims holds."""
    line = f"not-figures line {entry.line}"
    if not entry.reason.startswith(NOT_FIGURE_KINDS):
        ledger.problem(f"{line}: its reason must start with one of: {', '.join(NOT_FIGURE_KINDS)}")
        return
    if entry.reason.startswith(PAGE_FURNITURE):
        body_start, body_end = ledger.body.get(entry.source, (0, 0))
        if any(body_start < at < body_end for at in places):
            ledger.problem(
                f"{line}: page furniture inside the report's body (among its curated passages): {entry.passage}"
            )
    if entry.reason.startswith("the article 一") and any(text.quantities[i][0].value != 1 for i in covered):
        ledger.problem(f"{line}: the article 一 names a quantity that is not one: {entry.passage}")
    named = NAMED_FIGURES.match(entry.reason)
    if named:
        first, joined, last = named.groups()
        numbers = [int(first)] if last is None else [int(first), int(last)]
        if joined == "to":
            numbers = list(range(numbers[0], numbers[-1] + 1))
        for figure_id in numbers:
            if figure_id not in figures:
                ledger.problem(f"{line}: figure {figure_id}, which its reason names, does not exist")


def check_conflicts(ledger: Ledger) -> None:
    """A figure's quantity is its alone; nothing is both curated and listed as not a figure."""
    for key, owners in ledger.primary.items():
        others = [c for c in ledger.claims[key] if c != owners[0]] + ledger.listed.get(key, [])
        if len(owners) > 1 or others:
            quantity = ledger.prepared[key[0]].quantities[key[1]][0]
            ledger.problem(
                f"{quantity.written} in {ledger.prepared[key[0]].file} is claimed by {owners[0]} and by "
                f"{', '.join(others or owners[1:])}: a figure's quantity must be its alone"
            )
    for key in ledger.claims.keys() & ledger.listed.keys():
        if key not in ledger.primary:
            quantity = ledger.prepared[key[0]].quantities[key[1]][0]
            ledger.problem(
                f"{quantity.written} in {ledger.prepared[key[0]].file} is curated "
                f"({', '.join(ledger.claims[key])}) and listed as not a figure "
                f"({', '.join(ledger.listed[key])})"
            )


def tally(ledger: Ledger) -> None:
    report = ledger.report
    for source, text in ledger.prepared.items():
        for index, (quantity, start, end) in enumerate(text.quantities):
            report.quantities += 1
            owners = ledger.claims.get((source, index), [])
            if owners:
                if owners[0].startswith("figure"):
                    report.in_figures += 1
                else:
                    report.in_milestones += 1
            elif (source, index) in ledger.listed:
                report.listed += 1
            else:
                report.unaccounted.append(
                    Finding(
                        text.file, text.lines[start], quantity.written, passage_around(text, start, end), start, end
                    )
                )


def check_value(report: Report, figure: FigureRow) -> None:
    """The figure's value, qualifier and unit read again from its text as written: a value typed
    wrong (34691 for 34681名) is a problem even where the text and the excerpt are right."""
    written = (figure.qualifier_text or "") + figure.text
    try:
        parsed = parse_amount(written)
    except AmountError as error:
        report.problems.append(f"figure {figure.id}: its text {written} cannot be read as a number ({error})")
        return
    if Decimal(str(figure.value)) != parsed.value:
        report.problems.append(f"figure {figure.id}: value {figure.value:g} but its text {written} says {parsed.value}")
    if figure.qualifier != parsed.qualifier:
        report.problems.append(
            f"figure {figure.id}: qualifier {figure.qualifier} but its text {written} says {parsed.qualifier}"
        )
    if parsed.percent != (figure.unit == "percent"):
        report.problems.append(f"figure {figure.id}: unit {figure.unit} but its text {written} says otherwise")


def check(texts: dict[str, str], curated: Curated, not_figures: Iterable[NotFigure]) -> Report:
    """Match every quantity of every text to the curated rows or the not-figures list."""
    report = Report()
    ledger = Ledger(report, prepare_texts(texts, curated, report))
    for figure in curated.figures:
        claim_figure(ledger, figure)
        check_value(report, figure)
    for milestone in curated.milestones:
        claim_milestone(ledger, milestone)
    figures_by_id = {f.id: f for f in curated.figures}
    for entry in not_figures:
        list_not_figure(ledger, entry, figures_by_id)
    check_conflicts(ledger)
    tally(ledger)
    return report


def run(settings) -> Report:
    """The check on the files the settings name."""
    texts = read_sources(settings.sources_dir)
    curated = read_curated(Path(settings.seed_path).read_text(encoding="utf-8"))
    path = Path(settings.not_figures_path)
    not_figures = read_not_figures(path.read_text(encoding="utf-8")) if path.is_file() else []
    return check(texts, curated, not_figures)
