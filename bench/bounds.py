#!/usr/bin/env python3
"""Bounded requests on national data: how fast a full download streams, and whether /healthz
stays quick while 24 readers search at once (issue "safe behind a proxy").

    .venv/bin/python bench/bounds.py              # about a minute; prints a report
    .venv/bin/python bench/bounds.py --record     # and prepends it to bench/RESULTS.md

Serves build/bench/national.sqlite (bench/mixed builds it) with 2 workers (the app's default on a
2-core machine) on a free loopback port, as bench/mixed does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devserver import HealthProbe, serve
from runner import machine, record_results

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "build" / "bench" / "national.sqlite"


def export_rate(base: str, path: str, gzip: bool) -> tuple[float, float, float, str]:
    """(MB sent, MB of the file, the file's MB/s, its last line's start) of one whole download."""
    headers = {"Accept-Encoding": "gzip" if gzip else "identity"}
    started, size, tail = time.perf_counter(), 0, b""
    with httpx.stream("GET", base + path, headers=headers, timeout=600) as response:
        for chunk in response.iter_bytes():  # decoded: the file as saved
            size += len(chunk)
            tail = (tail + chunk)[-400:]
        sent = response.num_bytes_downloaded
    seconds = time.perf_counter() - started
    last = tail.decode("utf-8", "replace").rstrip().splitlines()[-1][:60]
    return sent / 1e6, size / 1e6, size / 1e6 / seconds, last


def overload(base: str, readers: int, seconds: float, probe_in_process: bool = True) -> dict:
    """``readers`` threads searching distinct texts back to back; /healthz asked every 50 ms from a
    process of its own (devserver.HealthProbe)."""
    stop = threading.Event()
    statuses: list[int] = []

    def search(n: int) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            i = 0
            while not stop.is_set():
                i += 1
                statuses.append(client.get(f"/figures?q=合成村{n:02d}{i % 1000:03d}&lang=zh").status_code)

    probe = HealthProbe(base, 0.05, in_process=probe_in_process)
    probe.start()  # before the readers' threads: it is forked
    threads = [threading.Thread(target=search, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    probe.finish()
    ordered = sorted(t * 1000 for t in probe.times)
    return {
        "searches": len(statuses),
        "per_s": len(statuses) / seconds,
        "ok": sum(s == 200 for s in statuses),
        "busy": sum(s == 503 for s in statuses),
        "other": sum(s not in (200, 503) for s in statuses),
        "p50": statistics.median(ordered),
        "p95": ordered[int(len(ordered) * 0.95)],
        "p99": ordered[int(len(ordered) * 0.99)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--no-downloads", action="store_true", help="the overload only")
    parser.add_argument("--probe-in-thread", action="store_true", help="ask /healthz from a thread (the old way)")
    args = parser.parse_args()
    if not DATABASE.exists():
        print(f"{DATABASE} is missing: run bench/mixed first (it builds it)", file=sys.stderr)
        return 2
    lines = [
        f"## {dt.datetime.now():%Y-%m-%d %H:%M} — downloads and overload (`bench/bounds.py`)",
        "",
        f"- Machine: {machine()}",
        f"- Command: `{' '.join(['bench/bounds.py', *sys.argv[1:]])}`: national database, 2 workers; "
        "a full `/figures.csv` and `/figures.json` (every figure, up to `MAX_EXPORT_MB`), then "
        f"{args.readers} readers searching distinct texts back to back for {args.seconds:.0f} s while "
        "`/healthz` is asked every 50 ms.",
        "",
        "| download | encoding | MB sent | MB of the file | file MB/s | last line |",
        "|---|---|---:|---:|---:|---|",
    ]
    with serve({"SQLITE_PATH": str(DATABASE), "DATABASE_URL": "", "ALLOWED_HOSTS": "127.0.0.1"}, workers=2) as (
        base,
        _process,
    ):
        for path in () if args.no_downloads else ("/figures.csv", "/figures.json"):
            for gzip in (False, True):
                sent, size, rate, last = export_rate(base, path, gzip)
                encoding = "gzip" if gzip else "identity"
                lines.append(f"| `{path}` | {encoding} | {sent:.1f} | {size:.1f} | {rate:.1f} | `{last}` |")
        result = overload(base, args.readers, args.seconds, probe_in_process=not args.probe_in_thread)
    lines += [
        "",
        "| searches | per s | 200 | 503 (busy) | other | /healthz p50 / p95 / p99 ms |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {result['searches']} | {result['per_s']:.1f} | {result['ok']} | {result['busy']} | {result['other']} | "
        f"{result['p50']:.1f} / {result['p95']:.1f} / {result['p99']:.1f} |",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if args.record:
        record_results(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
