#!/usr/bin/env python3
"""Soak: mixed traffic at 64 connections for 10 minutes (bounded, loopback only), with the
server's resident memory sampled throughout. Passes when there are no errors and memory grows
less than 10 % from the end of the warm-up to the end of the run. See bench/README.md."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from runner import ROOT, machine, rss_mb, serve_app

CONNECTIONS = 64


def mixed_paths(database: Path) -> list[str]:
    """A few hundred different addresses: every page kind, filters, sorts, exports, charts, errors."""
    connection = sqlite3.connect(database)
    provinces = [r[0] for r in connection.execute("SELECT slug FROM province ORDER BY slug")]
    counties = [r[0] for r in connection.execute("SELECT slug FROM county ORDER BY slug LIMIT 60")]
    villages = [r[0] for r in connection.execute("SELECT slug FROM village ORDER BY slug LIMIT 40")]
    connection.close()
    paths = [
        "/",
        "/figures",
        "/counties",
        "/villages",
        "/projects",
        "/organisations",
        "/programmes",
        "/provinces",
        "/sources",
        "/timeline",
        "/about",
        "/charts",
        "/api/figures?size=20",
        "/healthz",
        "/charts/investment-by-place",
        "/charts/four-plus-two.json",
        "/embed/timeline",
        "/nowhere",
        "/figures?province=atlantis",
    ]
    for lang in ("zh", "en"):
        paths += [f"/figures?province={p}&lang={lang}" for p in provinces]
        paths += [f"/figures?province={p}&qualifier=over&sort=value&order=desc&lang={lang}" for p in provinces[:10]]
    paths += [f"/counties/{c}" for c in counties] + [f"/villages/{v}" for v in villages]
    paths += [f"/figures.json?province={p}&size=100" for p in provinces[:10]]
    paths += [f"/charts/investment-by-place.json?province={p}" for p in provinces[:10]]
    paths += [f"/figures?page={n}" for n in range(1, 21)]
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--database", type=Path, default=ROOT / "build" / "bench" / "national.sqlite")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to RESULTS.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("soak: needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2
    database = args.database if args.database.exists() else ROOT / "build" / "ct_rural.sqlite"
    paths_file = ROOT / "build" / "bench" / "soak-paths.txt"
    paths_file.parent.mkdir(parents=True, exist_ok=True)
    paths = mixed_paths(database)
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")

    def wrk(seconds: int) -> dict:
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(ROOT / "bench" / "soak.lua"),
                base,
            ],
            env={**os.environ, "SOAK_PATHS": str(paths_file)},
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
        return json.loads([x for x in result.stdout.splitlines() if x.startswith("{")][-1])

    with serve_app(database, 64) as (base, process):
        wrk(args.warmup)
        start_rss, _ = rss_mb(process.pid)
        samples: list[float] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(10):
                samples.append(rss_mb(process.pid)[0])

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = wrk(args.seconds)
        stop.set()
        end_rss, peak_rss = rss_mb(process.pid)
    # Paths that answer 404/400 on purpose count as wrk "status errors"; count real errors apart.
    expected_4xx = sum(1 for p in paths if p in ("/nowhere", "/figures?province=atlantis"))
    growth = (end_rss - start_rss) / start_rss * 100
    unexpected_errors = result["errors"] - result["non_2xx"]
    lines = [
        f"## {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} — soak",
        "",
        f"- Machine: {machine()}",
        f"- Command: `bench/soak --seconds {args.seconds}` ({CONNECTIONS} connections, {len(paths)} different "
        f"addresses in rotation, {expected_4xx} of them deliberately 4xx; one uvicorn worker; database "
        f"`{database.name}`; {args.warmup} s warm-up first)",
        f"- {result['requests']:,} requests in {result['seconds']:.0f} s = {result['rps']:.0f} req/s; p50 "
        f"{result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms, max {result['max_ms']} ms",
        f"- Errors other than the deliberate 4xx: {unexpected_errors} (connect/read/write/timeout); 4xx answers: "
        f"{result['non_2xx']:,}",
        f"- Resident memory: {start_rss:.0f} MB after warm-up → {end_rss:.0f} MB at the end "
        f"({growth:+.1f} %), peak {peak_rss:.0f} MB; samples every 10 s: "
        + ", ".join(f"{s:.0f}" for s in samples[:: max(1, len(samples) // 12)]),
        f"- Verdict: {'PASS' if unexpected_errors == 0 and growth < 10 else 'FAIL'} (no errors, growth < 10 %)",
    ]
    print("\n".join(lines))
    if not args.no_record:
        previous = args.results.read_text(encoding="utf-8") if args.results.exists() else "# Benchmark results\n"
        head, _sep, rest = previous.partition("\n")
        args.results.write_text(head + "\n\n" + "\n".join(lines) + "\n" + rest, encoding="utf-8")
    return 0 if unexpected_errors == 0 and growth < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
