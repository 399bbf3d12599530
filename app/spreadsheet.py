"""A list as an Excel workbook (``/figures.xlsx`` …): the CSV's columns in typed cells, so a
spreadsheet re-types nothing (a period "2019-05" stays text, not May-19; 500000000 stays a
number), and a second sheet saying what the rows are, where they come from and their licence.
No web imports: the route gives the rows and the words."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

# Columns whose cells are numbers; every other cell is written as text, whatever it looks like.
NUMBER_COLUMNS = frozenset({"id", "value", "value_min", "value_max", "year", "year_start", "lat", "lon"})
# Excel's own limit is 1,048,576 rows; a workbook of more than this is better read as CSV.
MAX_ROWS = 50_000
COLUMN_WIDTH_CHARS = 18


def workbook(
    header: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], about: Sequence[tuple[str, str]]
) -> bytes:
    """The rows, a batch at a time, under their header on the first sheet (header bold and
    frozen), and ``about`` as (label, text) lines on the second.  Each row is written to a
    temporary file as it comes (constant_memory), so a long sheet does not stay in memory."""
    with tempfile.TemporaryDirectory(prefix="ct-rural-xlsx-") as directory:
        path = Path(directory) / "book.xlsx"
        _write(str(path), header, batches, about)
        return path.read_bytes()


def _write(path: str, header: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], about) -> None:
    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(path, options)
    bold = book.add_format({"bold": True})
    data = book.add_worksheet("data")
    data.freeze_panes(1, 0)
    data.set_column(0, len(header) - 1, COLUMN_WIDTH_CHARS)
    numbers = [name in NUMBER_COLUMNS for name in header]
    for column, name in enumerate(header):
        data.write_string(0, column, name, bold)
    rows = (row for batch in batches for row in batch)
    for row_number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if cell is None or cell == "":
                continue
            if numbers[column]:
                data.write_number(row_number, column, float(cell))
            else:
                data.write_string(row_number, column, str(cell))
    sheet = book.add_worksheet("about")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 100)
    for line, (label, text) in enumerate(about):
        sheet.write_string(line, 0, label, bold)
        sheet.write_string(line, 1, text)
    book.close()
