"""The benchmark pipeline works end to end on tiny data (not a timed test: it checks the report)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from decimal import Decimal

import pytest

from app.amounts import parse_amount
from app.config import PROJECT_ROOT

pytestmark = [
    pytest.mark.slow,
    # The benchmarks serve SQLite whatever the test database is (DATABASE_URL="" below): on the
    # PostgreSQL run they would only repeat what make test ran.
    pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite only: ran in make test"),
]


def test_bench_run_quick_produces_a_report(tmp_path) -> None:
    args = [str(PROJECT_ROOT / "bench" / "run"), "--quick", "--no-datasette", "--no-browser", "--work", str(tmp_path)]
    result = subprocess.run(
        args, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "DATABASE_URL": ""}
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = (tmp_path / "quick-results.md").read_text(encoding="utf-8")
    rows = [line for line in report.splitlines() if line.startswith("| seed") or line.startswith("| national")]
    assert len(rows) == 12  # six endpoints, two scales
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert float(cells[3]) > 0 and cells[-1] == "0", row  # some requests per second, no errors
    assert re.search(r"resident / peak resident\): seed: \d+", report)


def test_bench_mixed_quick_produces_a_report_with_every_answer_2xx(tmp_path) -> None:
    args = [str(PROJECT_ROOT / "bench" / "mixed"), "--quick", "--no-datasette", "--work", str(tmp_path)]
    result = subprocess.run(
        args, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "DATABASE_URL": ""}
    )
    assert result.returncode == 0, result.stderr[-2000:]
    urls = [line.split("\t") for line in (tmp_path / "mixed-urls.tsv").read_text(encoding="utf-8").splitlines()]
    assert len(urls) == len({path for _weight, _kind, path in urls}) == 300  # distinct
    assert abs(sum(float(weight) for weight, _kind, _path in urls) - 1) < 1e-6
    assert {kind for _weight, kind, _path in urls} >= {"figure list", "search", "county page", "export", "embed"}
    report = (tmp_path / "mixed-results.md").read_text(encoding="utf-8")
    row = next(line for line in report.splitlines() if line.startswith("| mixed | ct-rural |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert float(cells[2]) > 0 and cells[8] == "0" and cells[9] == "0", row  # req/s; no non-2xx, no failures
    assert re.fullmatch(r"\d+ %", cells[10]) and re.fullmatch(r"\d+ MB", cells[11]), row  # hit ratio, memory
    assert "Served alone" in report


def test_the_synthetic_database_is_marked_and_self_consistent(tmp_path) -> None:
    out = tmp_path / "national.sqlite"
    subprocess.run(
        [
            str(PROJECT_ROOT / ".venv" / "bin" / "python"),
            str(PROJECT_ROOT / "bench" / "make_national.py"),
            "--out",
            str(out),
            "--scale",
            "0.001",
        ],
        check=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    connection = sqlite3.connect(out)
    assert connection.execute("SELECT value FROM datasetinfo WHERE key = 'synthetic'").fetchone() == ("true",)
    assert connection.execute("SELECT count(*) FROM province").fetchone()[0] == 31
    for value, qualifier, text in connection.execute("SELECT value, qualifier, text FROM figure LIMIT 500"):
        parsed = parse_amount(text)
        assert (Decimal(str(value)), qualifier) == (parsed.value, parsed.qualifier), text
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
