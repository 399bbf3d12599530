#!/usr/bin/env python3
"""Search at national scale, served alone: how long one search takes, for searches of one, two
and more characters, in Chinese and English, on the lists and on the search page.

    .venv/bin/python bench/search.py              # about a minute; prints a report
    .venv/bin/python bench/search.py --record     # and prepends it to bench/RESULTS.md
    .venv/bin/python bench/search.py --baseline HEAD   # A/B: a worktree of HEAD beside this tree

Serves build/bench/national.sqlite (bench/mixed builds it) with one worker and the response cache
off, so every answer is searched afresh; each address is asked ``--rounds`` times, one at a time.
With ``--baseline REV`` a worktree of REV (bench/mixed's) serves the same database beside this
tree, and each address is asked of the baseline, then of this tree, before the next address.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devserver import serve
from mixed import baseline_worktree
from runner import machine, record_results

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "build" / "bench" / "national.sqlite"
# Common and rare words of each length; 合成 is in every synthetic figure, 光缆 in a share of them;
# several words at once, each common alone (the mixed workload's searches by a place's name).
SEARCHES = [
    # the issue's own words
    "/api/figures?q=扶贫",
    "/api/figures?q=木里",
    "/api/figures?q=光纤",
    "/api/figures?q=宽带",
    "/search?q=木里&lang=zh",
    "/api/figures?q=光缆",
    "/api/figures?q=资金",
    "/api/figures?q=合成",
    "/api/figures?q=缆",
    "/api/figures?q=新建光缆",
    "/api/figures?q=fiber",
    "/api/figures?q=4＋2",
    "/api/figures?q=四川",
    "/api/villages?q=合成村0001",
    "/api/villages?q=村",
    "/api/counties?q=县",
    "/api/projects?q=平台",
    "/figures?q=光缆&lang=zh",
    "/figures?q=资金&province=sichuan&lang=zh",
    "/villages?q=村&lang=en",
    "/search?q=光缆&lang=zh",
    "/search?q=四川&lang=en",
    "/figures?q=Synthetic+Village+010528&lang=zh",
    "/figures?q=合成+资金+光缆&lang=zh",
    # long Latin words every synthetic figure holds, and a rare one (the mixed workload's slowest)
    "/figures?q=Synthetic+County+346&province=henan&lang=zh",
]


def measure(base: str, path: str, rounds: int) -> tuple[float, float, int, int]:
    """(p50 ms, p95 ms, status, rows found) of ``path`` asked ``rounds`` times in a row."""
    times, status, found = [], 0, 0
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(rounds):
            started = time.perf_counter()
            answer = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            status = answer.status_code
            if path.startswith("/api/"):
                found = answer.json().get("total", 0)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], status, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--baseline", metavar="REV", help="A/B: also serve a git worktree of REV")
    args = parser.parse_args()
    if not DATABASE.exists():
        print(f"{DATABASE} is missing: run bench/mixed first (it builds it)", file=sys.stderr)
        return 2
    trees = {"this tree": ROOT}
    if args.baseline:
        tree, short = baseline_worktree(args.baseline, ROOT / "build" / "bench")
        trees = {short: tree, **trees}
    lines = [
        f"## {dt.datetime.now():%Y-%m-%d %H:%M} — search at national scale, served alone (`bench/search.py`)",
        "",
        f"- Machine: {machine()}",
        f"- Command: `{' '.join(['bench/search.py', *sys.argv[1:]])}`: national database, one worker, "
        f"response cache off; each address asked {args.rounds} times one after another (first answer included); "
        "an API page is 50 rows, counted up to 10,000."
        + (f" A/B: {' and '.join(trees)} serve the same database, asked in turn." if args.baseline else ""),
        "",
        "| address | rows found | " + " | ".join(f"{name} p50 ms | {name} p95 ms" for name in trees) + " | status |",
        "|---|---:|" + "---:|---:|" * len(trees) + "---:|",
    ]
    environment = {"SQLITE_PATH": str(DATABASE), "DATABASE_URL": "", "RESPONSE_CACHE_MB": "0"}
    worst = 0.0
    with contextlib.ExitStack() as stack:
        bases = [
            stack.enter_context(serve({**environment, "ALLOWED_HOSTS": "127.0.0.1"}, tree=tree))[0]
            for tree in trees.values()
        ]
        for path in SEARCHES:
            cells, statuses, founds = [], set(), []
            for base in bases:
                p50, p95, status, found = measure(base, path, args.rounds)
                cells += [f"{p50:.1f}", f"{p95:.1f}"]
                statuses.add(status)
                founds.append(f"{found:,}")
            worst = max(worst, p95)  # this tree's, measured last
            shown = "/".join(dict.fromkeys(founds)) if path.startswith("/api/") else "–"
            lines.append(f"| `{path}` | {shown} | {' | '.join(cells)} | {'/'.join(map(str, sorted(statuses)))} |")
    lines += ["", f"Slowest p95 of this tree: {worst:.1f} ms (target ≤ 50 ms for a search served alone).", ""]
    report = "\n".join(lines)
    print(report)
    if args.record:
        record_results(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
