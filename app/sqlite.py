"""The SQLite library the app, its build and its benchmarks use.

pysqlite3 is SQLite built with ``sqlite_stat4``: ANALYZE then records how many rows sample values
of each index hold, not only the average, so the planner knows that one scope is a handful of
figures and another half of them, and reads the narrow one first (bench/RESULTS.md, "SQLite
with sqlite_stat4").  Where its wheel does not exist (x86-64 Linux has one; ARM, macOS and
Windows do not), Python's own SQLite serves the same files with averages only.
"""

from __future__ import annotations

try:
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # pragma: no cover - a platform without the wheel
    import sqlite3

__all__ = ["sqlite3"]
