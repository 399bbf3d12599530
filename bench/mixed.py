#!/usr/bin/env python3
"""The mixed workload: many distinct URLs, as readers ask for them, against a cold server, and the
equivalent URLs against Datasette in the same run. See bench/README.md ("Mixed workload").

    bench/mixed                  # national scale, 20,000 URLs, 16 connections for 60 s; prepends to RESULTS.md
    bench/mixed --quick          # tiny data, 300 URLs, 2 s: proves the pipeline (report in build/bench/)
    bench/mixed --workers 2      # uvicorn workers; app settings come from the environment (RESPONSE_CACHE_MB=…)
    bench/mixed --via nginx      # the app behind nginx (deploy/nginx.conf, as scripts/nginx-front runs it)
    bench/mixed --baseline HEAD  # A/B: the same load on a worktree of HEAD, then on this tree (--repeat 2)

1. The synthetic national database (bench/make_national.py) at build/bench/national.sqlite, built
   when missing, of another scale, or older than its generator or the models.
2. N distinct URLs in the proportions of bench/mixed_urls.py (its docstring lists them), each with a
   Zipf-weighted popularity, written to build/bench/mixed-urls.tsv (weight, kind, path).
3. A sample of every kind is asked of a separate server, one request at a time, with the response
   cache off and no query time limit: an answer other than 2xx stops the run (the URL is invalid,
   not merely slow). Their times are the "served alone" table.
4. The measured run: a fresh server (cold: a new process with an empty response cache), driven with
   16 connections for 60 s from a second process (wrk with bench/mixed.lua, else bench/load.py),
   which draws each request's URL by weight; resident memory of the server's processes is sampled
   every half second.
   With --via nginx, nginx runs in front of that server with deploy/nginx.conf (rendered by
   scripts/nginx-front into a new directory, so its cache starts empty too).
   With --baseline REV, step 4 is an A/B: a git worktree of REV (build/bench/baseline-SHORTREV) and
   this tree each serve through their own `python -m app serve`, one after the other (baseline
   first), with the same URLs, seed and load, and the report sets them side by side.
5. With Datasette: the URLs that have an equivalent, with the same weights, against a fresh
   ct-rural and then a fresh Datasette (bench/runner.py's installation); the ratio of their req/s.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.machinery
import importlib.util
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import mixed_urls
from devserver import free_port, running, serve
from runner import DATASETTE_VERSION, PYTHON, ROOT, ensure_datasette, machine, serve_datasette

from app.config import Settings


def load_nginx_front():
    """scripts/nginx-front (a script, not a module) imported: it renders and runs deploy/nginx.conf."""
    path = ROOT / "scripts" / "nginx-front"
    loader = importlib.machinery.SourceFileLoader("nginx_front", str(path))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("nginx_front", loader))
    loader.exec_module(module)
    return module


nginx_front = load_nginx_front()

QUICK = {"scale": 0.002, "urls": 300, "seconds": 2, "sample_per_kind": 3}
MEMORY_SAMPLE_S = 0.5
WRK_TIMEOUT = "10s"  # as bench/run: slower answers count as timeouts
# Checking the sample: long enough for a full scan of a million rows on a busy machine.
ALONE_TIMEOUT_S = 120
NO_TIME_LIMIT_MS = str(10 * 60 * 1000)
TARGETS = {"p95_ms": 150, "p99_ms": 400, "ratio": 5, "worker_mb": 300}  # issue #14, "Done when"


# --- the database -------------------------------------------------------------------------------


def built_scale(database: Path) -> float | None:
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        row = connection.execute("SELECT value FROM datasetinfo WHERE key = 'scale'").fetchone()
    return float(row[0]) if row else None


def needs_building(database: Path, scale: float, tree: Path = ROOT) -> bool:
    if not database.exists():
        return True
    inputs = (tree / "bench" / "make_national.py", tree / "app" / "models.py", tree / "app" / "derived.py")
    return built_scale(database) != scale or any(p.stat().st_mtime > database.stat().st_mtime for p in inputs)


def ensure_national(database: Path, scale: float, tree: Path = ROOT) -> Path:
    """The synthetic database that `tree`'s own generator builds (each tree's schema is its own)."""
    if needs_building(database, scale, tree):
        database.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [PYTHON, str(tree / "bench" / "make_national.py"), "--out", str(database), "--scale", str(scale)],
            check=True,
            cwd=tree,
        )
        os.sync()  # write the new file out now, not while the servers are being measured
    return database


# --- servers, load and memory -------------------------------------------------------------------


def serve_ours(database: Path, workers: int = 1, **settings: str):
    """ct-rural on the database; other settings from the environment unless given here."""
    return serve({"SQLITE_PATH": str(database), "DATABASE_URL": "", **settings}, "--no-access-log", workers=workers)


@contextlib.contextmanager
def serve_tree(tree: Path, database: Path, workers: int, log: Path, database_url: str = ""):
    """(base URL, process) of `python -m app serve` in a checkout of ct-rural (this one or a
    baseline worktree), as deployments run it, with this project's interpreter, on the SQLite
    ``database`` or the PostgreSQL ``database_url``; its output goes to `log`. Other settings come
    from the environment."""
    port = free_port()
    environment = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "SQLITE_PATH": str(database),
        "DATABASE_URL": database_url,
        "WORKERS": str(workers),
        "NODE_MODULES_PATH": str(ROOT / "node_modules"),
        "SOURCES_DIR": str(Settings().sources_dir),
    }
    base = f"http://127.0.0.1:{port}"
    with (
        log.open("ab") as output,
        running(
            [PYTHON, "-m", "app", "serve"],
            f"{base}/healthz",
            cwd=tree,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        ) as process,
    ):
        until_started(base)
        yield base, process


def until_started(base: str, deadline_s: float = 600) -> None:
    """Wait while the server is still drawing its default chart images (app/charts/defaults.py,
    its /readyz says so): the load measures a started server, not Chromium's start-up work on
    the same cores.  (A server without that step answers at once.)"""
    stop = time.monotonic() + deadline_s
    while time.monotonic() < stop:
        try:
            answer = httpx.get(f"{base}/readyz", timeout=10)
            drawing = answer.status_code == 200 and answer.json().get("default_images") == "drawing"
        except (httpx.HTTPError, ValueError):
            drawing = False
        if not drawing:
            return
        time.sleep(1)


@contextlib.contextmanager
def fronted(server, via: str, work: Path):
    """(base URL, root process ids) of the server (a context manager yielding (base, process)), or,
    via nginx, of nginx in front of it with deploy/nginx.conf in a new directory (an empty cache) and
    its limits per address raised out of the way (one load generator is one address)."""
    with server as (base, process):
        if via == "app":
            yield base, [process.pid]
            return
        prefix = Path(tempfile.mkdtemp(prefix="nginx-", dir=work))
        listen = f"127.0.0.1:{free_port()}"
        try:
            with nginx_front.running(base, listen, prefix, **nginx_front.NO_LIMITS) as (front, nginx):
                yield front, [process.pid, nginx.pid]
        finally:
            shutil.rmtree(prefix, ignore_errors=True)


def descendants(pid: int) -> list[int]:
    """The process and every process under it (uvicorn's workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending += children.get(current, [])
    return found


def status_kb(pid: int, field: str) -> int:
    """A memory field of /proc/PID/status in kB (0 when the process has gone)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    return 0


def tree_of(roots: list[int]) -> list[int]:
    return [pid for root in roots for pid in descendants(root)]


@contextlib.contextmanager
def memory_sampled(roots: list[int]):
    """Samples the resident memory of the process trees until the block ends; yields a dict that then
    holds the peak total (MB) and the largest peak of one process (VmHWM, exact between samples)."""
    peaks = {"total_mb": 0.0, "process_mb": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            total = sum(status_kb(p, "VmRSS") for p in tree_of(roots)) / 1024
            peaks["total_mb"] = max(peaks["total_mb"], total)
            stop.wait(MEMORY_SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield peaks
    finally:
        peaks["process_mb"] = max(status_kb(p, "VmHWM") for p in tree_of(roots)) / 1024
        stop.set()
        sampler.join()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy_s() -> float:
    """CPU seconds every core has spent busy since boot (/proc/stat; idle and iowait excluded)."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / CLOCK_TICKS


def processes_cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) these processes have used."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def own_and_children_cpu_s() -> float:
    """CPU seconds of this script and its finished children (the load generator, once waited for)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@contextlib.contextmanager
def others_watched(roots: list[int]):
    """Yields a dict that, when the block ends, holds the share of the machine's CPU that processes
    other than the server, the load generator and this script used meanwhile: a busy neighbour
    (another test run on the same cores) shows here, and the run should be repeated."""
    watched = {"others_cpu": 0.0}
    server = tree_of(roots)  # the app's processes, and nginx's in front of it
    before = (time.monotonic(), machine_busy_s(), processes_cpu_s(server), own_and_children_cpu_s())
    try:
        yield watched
    finally:
        after = (time.monotonic(), machine_busy_s(), processes_cpu_s(server), own_and_children_cpu_s())
        elapsed, busy, ours, own = (a - b for a, b in zip(after, before, strict=True))
        watched["others_cpu"] = max(0.0, busy - ours - own) / (elapsed * (os.cpu_count() or 1))


def drive(base: str, paths: Path, connections: int, seconds: int, seed: int) -> dict:
    """Load from a second process, each request's path drawn by weight from the file."""
    if shutil.which("wrk"):
        result = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                WRK_TIMEOUT,
                "-s",
                str(ROOT / "bench" / "mixed.lua"),
                base,
            ],
            env={**os.environ, "MIXED_PATHS": str(paths), "MIXED_SEED": str(seed)},
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=True,
        )
        tool = "wrk"
    else:
        result = subprocess.run(
            [
                PYTHON,
                str(ROOT / "bench" / "load.py"),
                base,
                "--paths",
                str(paths),
                "--seed",
                str(seed),
                "--connections",
                str(connections),
                "--seconds",
                str(seconds),
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 180,
            check=True,
        )
        tool = "bench/load.py"
    line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
    return {**json.loads(line), "tool": tool}


def measure(server, paths: Path, args: argparse.Namespace, via: str = "app") -> dict:
    """One load against a freshly started server (a context manager yielding (base, process)), or
    against nginx in front of it."""
    with (
        fronted(server, via, args.work) as (base, roots),
        memory_sampled(roots) as memory,
        others_watched(roots) as others,
    ):
        result = drive(base, paths, args.connections, args.seconds, args.seed)
    return {**result, "memory": memory, **others}


# --- the sample, served alone -------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    kind: str
    url: str
    status: int
    ms: float


def served_alone(base: str, urls: list[tuple[str, str]]) -> list[Timing]:
    """(kind, url) asked one at a time, in order."""
    timings = []
    with httpx.Client(base_url=base, timeout=ALONE_TIMEOUT_S) as client:
        for kind, url in urls:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(Timing(kind, url, response.status_code, (time.perf_counter() - started) * 1000))
    return timings


def failures(timings: list[Timing]) -> list[str]:
    return [f"{t.status} {t.url}" for t in timings if not 200 <= t.status < 300]


def check_ours(database: Path, sample: list[mixed_urls.Address], database_url: str = "") -> list[Timing]:
    """The sample against ct-rural with the cache off and no query time limit: validity, and the time
    of each answer rendered from the database."""
    settings = {"RESPONSE_CACHE_MB": "0", "SQL_TIME_LIMIT_MS": NO_TIME_LIMIT_MS, "DATABASE_URL": database_url}
    with serve_ours(database, **settings) as (base, _process):
        timings = served_alone(base, [(a.kind, a.url) for a in sample])
    if bad := failures(timings):
        raise SystemExit("mixed: these generated URLs are not valid (not 2xx):\n  " + "\n  ".join(bad))
    return timings


# --- the baseline (A/B) -------------------------------------------------------------------------


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def describe_current() -> str:
    """This tree's commit, and whether it has changes on top of it."""
    changed = git("status", "--porcelain", "--untracked-files=no")
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted changes" if changed else "")


def baseline_worktree(rev: str, work: Path) -> tuple[Path, str]:
    """(directory, short commit) of a detached worktree of REV under the work directory, made once and
    reused, ready to serve with this project's virtual environment: its translations compiled, its
    node_modules a link to ours."""
    try:
        commit = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        raise SystemExit(f"mixed: --baseline {rev}: not a commit of this repository") from None
    short = git("rev-parse", "--short", commit)
    tree = work.resolve() / f"baseline-{short}"
    if not (tree / ".git").exists():
        git("worktree", "prune")
        git("worktree", "add", "--detach", str(tree), commit)
    elif git("rev-parse", "HEAD", cwd=tree) != commit:
        raise SystemExit(f"mixed: {tree} is not at {rev}; remove it: git worktree remove --force {tree}")
    pybabel = Path(PYTHON).parent / "pybabel"
    subprocess.run(
        [str(pybabel), "compile", "--use-fuzzy", "-d", "app/locales", "-D", "messages"],
        cwd=tree,
        check=True,
        capture_output=True,
    )
    if not (tree / "node_modules").exists():
        (tree / "node_modules").symlink_to(ROOT / "node_modules")
    return tree, short


# --- the report ---------------------------------------------------------------------------------


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "—"


def mix_table(mix: list[mixed_urls.Weighted]) -> list[str]:
    lines = ["| kind | share of requests | distinct URLs | with a Datasette equivalent |", "|---|---:|---:|---:|"]
    for kind in mixed_urls.MIX:
        chosen = [w for w in mix if w.address.kind == kind]
        share = sum(w.weight for w in chosen)
        equivalent = sum(w.weight for w in chosen if w.address.datasette)
        lines.append(f"| {kind} | {100 * share:.0f} % | {len(chosen):,} | {percent(equivalent, share)} of requests |")
    return lines


def hit_ratio(result: dict) -> str:
    seen = result.get("cache_hits", 0) + result.get("cache_misses", 0)
    ratio = percent(result.get("cache_hits", 0), seen)
    if result.get("front_hits"):
        ratio += f" (nginx {percent(result['front_hits'], seen)})"
    return ratio


def runs_table(runs: list[tuple[str, str, dict]]) -> list[str]:
    lines = [
        "| run | server | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | non-2xx | transport errors "
        "| cache hits | peak RSS, all processes | largest process |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, server, r in runs:
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(r["statuses"].items()) if not s.startswith("2"))
        non_2xx = f"{r['non_2xx']:,}" + (f" ({statuses})" if statuses else "")
        lines.append(
            f"| {label} | {server} | {r['rps']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
            f"{r['p99_ms']:.0f} | {r['max_ms']:.0f} | {r['requests']:,} | {non_2xx} | "
            f"{r['errors'] - r['non_2xx']} | {hit_ratio(r)} | {r['memory']['total_mb']:.0f} MB | "
            f"{r['memory']['process_mb']:.0f} MB |"
        )
    return lines


def alone_table(timings: list[Timing]) -> list[str]:
    lines = ["| kind | sampled | median ms | p95 ms | max ms | slowest |", "|---|---:|---:|---:|---:|---|"]
    for kind in mixed_urls.MIX:
        times = sorted(t.ms for t in timings if t.kind == kind)
        if not times:
            continue
        slowest = max((t for t in timings if t.kind == kind), key=lambda t: t.ms)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        lines.append(
            f"| {kind} | {len(times)} | {statistics.median(times):.0f} | {p95:.0f} | {times[-1]:.0f} | "
            f"`{slowest.url}` |"
        )
    return lines


def ab_table(runs: list[tuple[str, str, dict]], old: str, new: str) -> list[str]:
    """The baseline's and this tree's runs side by side, round by round, with new/old ratios."""
    olds = [r for _label, server, r in runs if server == old]
    news = [r for _label, server, r in runs if server == new]
    lines = [
        "| round | req/s old | req/s new | req/s new/old | p95 ms old | p95 ms new | p95 new/old |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    pairs = [(str(n), o, r) for n, (o, r) in enumerate(zip(olds, news, strict=True), 1)]
    if len(pairs) > 1:
        mean = {key: statistics.mean(r[key] for r in olds) for key in ("rps", "p95_ms")}
        pairs.append(("mean", mean, {key: statistics.mean(r[key] for r in news) for key in ("rps", "p95_ms")}))
    for name, o, r in pairs:
        lines.append(
            f"| {name} | {o['rps']:.1f} | {r['rps']:.1f} | **{r['rps'] / max(o['rps'], 0.1):.2f}** | "
            f"{o['p95_ms']:.0f} | {r['p95_ms']:.0f} | **{r['p95_ms'] / max(o['p95_ms'], 0.01):.2f}** |"
        )
    return lines


def ab_lines(runs: list[tuple[str, str, dict]], ab: tuple[str, str, Path]) -> list[str]:
    old, new, _tree = ab
    return [
        f"A/B, new/old: **{new}** against **{old}** (req/s above 1 and p95 below 1 favour the new):",
        "",
        *ab_table(runs, old, new),
        "",
    ]


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def targets(mixed: dict, ratio: float | None, workers: int) -> list[str]:
    per_worker = mixed["memory"]["process_mb"]
    lines = [
        f"- p{n} ≤ {TARGETS[f'p{n}_ms']} ms: {mixed[f'p{n}_ms']:.0f} ms, "
        f"{verdict(mixed[f'p{n}_ms'] <= TARGETS[f'p{n}_ms'])}"
        for n in (95, 99)
    ]
    lines += [
        f"- 0 non-2xx and no failed requests: {mixed['non_2xx']:,} non-2xx, "
        f"{mixed['errors'] - mixed['non_2xx']} failed, {verdict(mixed['errors'] == 0)}",
        f"- ≤ {TARGETS['worker_mb']} MB resident per worker ({workers} worker{'s' * (workers > 1)}): largest "
        f"process {per_worker:.0f} MB, {verdict(per_worker <= TARGETS['worker_mb'])}",
    ]
    if ratio is not None:
        lines.append(
            f"- ≥ {TARGETS['ratio']}× Datasette's req/s on the equivalent URLs: {ratio:.1f}×, "
            f"{verdict(ratio >= TARGETS['ratio'])}"
        )
    return lines


def app_settings_from_environment() -> list[str]:
    """Settings the servers took from the environment (besides the database, which this script sets)."""
    names = [name.upper() for name in Settings.model_fields if name not in ("database_url", "sqlite_path")]
    return [f"{name}={os.environ[name]}" for name in names if name in os.environ]


def command_line() -> str:
    return " ".join(["bench/mixed", *sys.argv[1:]])


def nginx_version() -> str:
    result = subprocess.run([nginx_front.NGINX, "-v"], capture_output=True, text=True)
    return result.stderr.strip().rpartition("/")[2] or "?"


def measured_server(args, ab: tuple[str, str, Path] | None) -> list[str]:
    if args.via == "nginx":
        lines = [
            f"- Measured server: nginx {nginx_version()} with deploy/nginx.conf (as `scripts/nginx-front` "
            f"renders it; a new, empty cache for each run; limits per address raised out of the way) in "
            f"front of ct-rural; a hit is an answer from nginx's cache (`X-Cache-Status: HIT`) or, behind "
            f"it, from the app's (`X-Cache: hit`)"
        ]
    else:
        lines = ["- Measured server: ct-rural itself (uvicorn); a hit is an answer with `X-Cache: hit`"]
    if ab:
        old, new, tree = ab
        lines.append(
            f"- A/B: **{old}** (a worktree, `{tree.relative_to(ROOT) if tree.is_relative_to(ROOT) else tree}`) "
            f"against **{new}**, each served by its own `python -m app serve`, one after the other "
            f"(baseline first) with the same URLs, seed and load, each on the database its own "
            f"`bench/make_national.py` builds (same scale and seed) unless `--database` names one"
        )
    return lines


def render(
    args,
    database: Path,
    mix,
    alone: list[Timing],
    runs,
    mixed: dict,
    ab: tuple[str, str, Path] | None,
    equivalent: tuple[dict, dict] | None,
    datasette_alone: list[Timing],
) -> list[str]:
    ratio = equivalent[0]["rps"] / max(equivalent[1]["rps"], 0.1) if equivalent else None
    settings = app_settings_from_environment()
    fts = "searches have none yet: the database has no full-text index Datasette can use"
    if any(w.address.kind == "search" and w.address.datasette for w in mix):
        fts = "searches use Datasette's full-text `_search`"
    lines = [
        f"## {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} — mixed workload"
        + (" via nginx" if args.via == "nginx" else "")
        + (f", A/B against {args.baseline}" if args.baseline else "")
        + (" (quick smoke run)" if args.quick else ""),
        "",
        f"- Machine: {machine()}",
        f"- Command: `{command_line()}` ({len(mix):,} distinct URLs, Zipf s = {args.zipf:g}, seed {args.seed}; "
        f"{args.connections} connections for {args.seconds} s from a second process ({mixed['tool']}); "
        f"{args.workers} uvicorn worker{'s' * (args.workers > 1)}; each run starts a new server process, so the "
        f"response cache starts empty; requests ask for gzip and carry the `lang` cookie their `?lang=` names)",
        *measured_server(args, ab),
        f"- Database: `{database.name}`, scale {built_scale(database) or '?'}"
        + (f"; settings from the environment: {', '.join(settings)}" if settings else ""),
        "",
        *mix_table(mix),
        "",
        *runs_table(runs),
        "",
        *(ab_lines(runs, ab) if ab else []),
        "Cache hits: the share of answers served from a cache (see above). CPU used by other processes during each run "
        "(a busy neighbour disturbs the numbers): "
        + ", ".join(f"{server} {label} {100 * r['others_cpu']:.0f} %" for label, server, r in runs)
        + ".",
    ]
    if equivalent:
        ours, theirs = equivalent
        lines += [
            "",
            f"On the URLs with a Datasette equivalent ({fts}): ct-rural {ours['rps']:.1f} req/s vs "
            f"Datasette {DATASETTE_VERSION} {theirs['rps']:.1f} req/s = **{ratio:.1f}×**.",
        ]
    lines += [
        "",
        f"Served alone (a random sample of each kind, one request at a time, response cache off, no query "
        f"time limit; median of all {len(alone)}: {statistics.median(t.ms for t in alone):.0f} ms):",
        "",
        *alone_table(alone),
    ]
    if datasette_alone:
        lines += ["", "Datasette, the same way, on the equivalents of a sample:", "", *alone_table(datasette_alone)]
    lines += ["", "Targets (issue #14, mixed run):", *targets(mixed, ratio, args.workers)]
    return lines


def record(lines: list[str], args: argparse.Namespace) -> None:
    if args.quick or args.no_record:
        (args.work / "mixed-results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    previous = args.results.read_text(encoding="utf-8") if args.results.exists() else "# Benchmark results\n"
    head, _sep, rest = previous.partition("\n")
    args.results.write_text(head + "\n\n" + "\n".join(lines) + "\n" + rest, encoding="utf-8")


# --- the run ------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny data, 300 URLs, 2 s loads: proves the pipeline")
    parser.add_argument("--urls", type=int, default=20_000, help="distinct URLs")
    parser.add_argument("--zipf", type=float, default=1.0, help="popularity exponent s (weight of rank r: 1/r^s)")
    parser.add_argument("--seed", type=int, default=7, help="for the URLs and the order they are asked in")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60, help="length of each load")
    parser.add_argument(
        "--workers",
        type=int,
        default=Settings().worker_count(),
        help="uvicorn worker processes of the measured server (default: the app's, one per core)",
    )
    parser.add_argument("--sample-per-kind", type=int, default=20, help="URLs of each kind checked before the run")
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--database", type=Path, help="serve this SQLite file instead of the synthetic national one")
    parser.add_argument(
        "--database-url",
        default="",
        help="this tree reads PostgreSQL here (bench/national_postgres.py copies the national database "
        "into it); a baseline keeps its SQLite",
    )
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--no-record", action="store_true", help="write the report under --work, not RESULTS.md")
    parser.add_argument(
        "--via",
        choices=("app", "nginx"),
        default="app",
        help="measure the app itself, or nginx with deploy/nginx.conf in front of it (cold cache each run)",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="A/B: also measure a git worktree of REV (build/bench/baseline-SHORTREV), before this tree",
    )
    parser.add_argument("--repeat", type=int, default=1, help="measured runs of each server, alternating")
    args = parser.parse_args()
    if args.quick:  # smaller defaults; flags given on the command line still win
        parser.set_defaults(**{name: value for name, value in QUICK.items() if name != "scale"})
        args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.via == "nginx" and not shutil.which("wrk"):
        parser.error("--via nginx needs wrk (bench/load.py does not count nginx's cache hits)")
    return args


def main() -> int:
    args = parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    scale = QUICK["scale"] if args.quick else 1.0
    database = args.database or ensure_national(
        args.work / ("national-quick.sqlite" if args.quick else "national.sqlite"), scale
    )

    mix = mixed_urls.generate(mixed_urls.read_catalogue(database), args.urls, args.zipf, args.seed)
    paths = args.work / "mixed-urls.tsv"
    mixed_urls.write_paths(mix, paths)
    print(f"mixed: {len(mix):,} URLs in {paths}", flush=True)

    sample = mixed_urls.sample(mix, args.sample_per_kind, args.seed)
    alone = check_ours(database, sample, args.database_url)
    print(f"mixed: a sample of {len(sample)} URLs, every one 2xx", flush=True)

    engine = " on PostgreSQL" if args.database_url else ""
    via = " via nginx" if args.via == "nginx" else ""
    if args.baseline:
        tree, short = baseline_worktree(args.baseline, args.work)
        their_database = args.database or ensure_national(tree / "build" / "bench" / database.name, scale, tree)
        old, new = f"ct-rural {short} (baseline){via}", f"ct-rural {describe_current()}{engine}{via}"
        old_log, new_log = args.work / f"serve-{short}.log", args.work / "serve-current.log"
        for log in (old_log, new_log):  # the servers' output, this run's only
            log.unlink(missing_ok=True)
        servers = [
            (old, lambda: serve_tree(tree, their_database, args.workers, old_log)),
            (new, lambda: serve_tree(ROOT, database, args.workers, new_log, args.database_url)),
        ]
        ab = (old, new, tree)
    else:
        new = f"ct-rural{engine}{via}"
        servers = [(new, lambda: serve_ours(database, args.workers, DATABASE_URL=args.database_url))]
        ab = None
    runs = []
    for round_number in range(1, args.repeat + 1):
        for server, start in servers:
            label = f"mixed #{round_number}" if args.repeat > 1 else "mixed"
            runs.append((label, server, measure(start(), paths, args, args.via)))
            result = runs[-1][2]
            print(f"mixed: {server} {result['rps']:.1f} req/s, p95 {result['p95_ms']:.0f} ms", flush=True)
    mixed = next(r for _label, server, r in runs if server == new)

    datasette_alone: list[Timing] = []
    equivalent = None
    comparable = mixed_urls.comparable(mix)
    if not args.no_datasette and comparable:
        ours_paths, their_paths = args.work / "mixed-comparable.tsv", args.work / "mixed-datasette.tsv"
        mixed_urls.write_paths(comparable, ours_paths)
        mixed_urls.write_paths(comparable, their_paths, datasette=True)
        ours = measure(serve_ours(database, args.workers, DATABASE_URL=args.database_url), ours_paths, args, args.via)
        runs.append(("equivalent URLs", f"ct-rural{engine}{via}", ours))
        venv = ensure_datasette(args.work / "venv-datasette")
        equivalents = [(a.kind, a.datasette) for a in sample if a.datasette]
        with serve_datasette(venv, database) as (base, _process):
            datasette_alone = served_alone(base, equivalents)
        if bad := failures(datasette_alone):
            raise SystemExit("mixed: Datasette refused these equivalents:\n  " + "\n  ".join(bad))
        theirs = measure(serve_datasette(venv, database), their_paths, args)
        runs.append(("equivalent URLs", f"Datasette {DATASETTE_VERSION}", theirs))
        equivalent = (ours, theirs)
        print(f"mixed: equivalent URLs: ct-rural {ours['rps']:.1f} vs Datasette {theirs['rps']:.1f} req/s", flush=True)

    lines = render(args, database, mix, alone, runs, mixed, ab, equivalent, datasette_alone)
    print("\n".join(lines))
    record(lines, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
