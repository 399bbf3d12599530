#!/usr/bin/env python3
"""The benchmark: seed-scale and national-scale databases, our app against Datasette, in one run.

See bench/README.md. Every server listens on loopback only; every load is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from devserver import CHROMIUM, free_port, launch_chromium, running, serve  # noqa: E402

PYTHON = sys.executable
DATASETTE_VERSION = "0.65.5"
CONNECTIONS = 16


def serve_app(database: Path, cache_mb: int):
    """Our app on the database, with the response cache of this size (0: off)."""
    return serve(
        {"SQLITE_PATH": str(database), "DATABASE_URL": "", "RESPONSE_CACHE_MB": str(cache_mb)}, "--no-access-log"
    )


@contextlib.contextmanager
def serve_datasette(venv: Path, database: Path):
    """(base URL, process) of Datasette serving the file read-only; stopped on exit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        str(venv / "bin" / "datasette"),
        "serve",
        "-i",
        str(database),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "5000",
        # facet suggestions scan every column of a million rows on each page
        "--setting",
        "suggest_facets",
        "off",
    ]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with running(command, f"{base}/-/versions.json", **quiet) as process:
        yield base, process


def ensure_datasette(venv: Path) -> Path:
    """Datasette in its own virtual environment, so that nothing of it touches the app's."""
    if not (venv / "bin" / "datasette").exists():
        subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(venv / "bin" / "pip"),
                "install",
                "--quiet",
                "--disable-pip-version-check",
                f"datasette=={DATASETTE_VERSION}",
            ],
            check=True,
        )
    return venv


def load(url: str, seconds: float) -> dict:
    """16 connections for `seconds`, from a second process: wrk where installed, else bench/load.py."""
    if shutil.which("wrk"):
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{CONNECTIONS}",
                f"-d{max(1, int(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                str(ROOT / "bench" / "report.lua"),
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
        line = [x for x in result.stdout.splitlines() if x.startswith("{")][-1]
        return {**json.loads(line), "tool": "wrk"}
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "load.py"), url, "--connections", str(CONNECTIONS), "--seconds", str(seconds)],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    )
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "tool": "bench/load.py"}


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        fields[key] = value.strip()
    to_mb = lambda s: int(s.split()[0]) / 1024  # noqa: E731
    return to_mb(fields.get("VmRSS", "0 kB")), to_mb(fields.get("VmHWM", "0 kB"))


def pick(database: Path) -> dict[str, str]:
    """A province and a county slug that exist in this database, for the URLs."""
    import sqlite3

    connection = sqlite3.connect(database)
    province = connection.execute(
        "SELECT province_slug FROM figureregion GROUP BY province_slug ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    county = connection.execute(
        "SELECT slug FROM county WHERE province_slug = ? ORDER BY slug LIMIT 1", (province,)
    ).fetchone()
    county = county[0] if county else connection.execute("SELECT slug FROM county ORDER BY slug").fetchone()[0]
    connection.close()
    return {"province": province, "county": county}


def our_urls(picked: dict[str, str]) -> dict[str, str]:
    province, county = picked["province"], picked["county"]
    return {
        "/": "/",
        "/figures?province=…": f"/figures?province={province}",
        "/figures.json?province=…&size=100": f"/figures.json?province={province}&size=100",
        "/counties/{slug}": f"/counties/{county}",
        "/charts/{id}.json": "/charts/investment-by-place.json",
        "/embed/{id}": "/embed/investment-by-place",
    }


def datasette_urls(database: Path, province: str) -> dict[str, str]:
    """Datasette's equivalent of /figures?province=…: the figure table filtered to the province."""
    where = quote(f"id in (select figure_id from figureregion where province_slug = '{province}')")
    table = f"/{database.stem}/figure"
    return {"HTML": f"{table}?_where={where}&_size=50", "JSON": f"{table}.json?_where={where}&_size=100"}


def browser_metrics(base: str) -> dict:
    """Cold-cache bytes transferred (compressed) and time to the first chart, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for label, path, chart in (("overview", "/", False), ("chart page", "/charts/investment-by-place", True)):
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            sizes: list[float] = []
            urls: list[str] = []
            cdp.on("Network.loadingFinished", lambda e, sizes=sizes: sizes.append(e["encodedDataLength"]))
            page.on("request", lambda r, urls=urls: urls.append(r.url))
            page.goto(f"{base}{path}", wait_until="load")
            first_chart_ms = None
            if chart:
                page.wait_for_selector("figure[data-drawn=true]", timeout=30000)
                first_chart_ms = page.evaluate("performance.now()")
            page.wait_for_timeout(300)
            results[label] = {
                "kb": round(sum(sizes) / 1024, 1),
                "requests": len(urls),
                "loads_plotly": any("plotly" in u for u in urls),
                "first_chart_ms": first_chart_ms,
            }
            context.close()
        browser.close()
    return results


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def record_results(report: str) -> None:
    """Put a report at the top of bench/RESULTS.md, under its title (newest first)."""
    results = ROOT / "bench" / "RESULTS.md"
    title, _, rest = results.read_text(encoding="utf-8").partition("\n")
    results.write_text(f"{title}\n\n{report}\n{rest.lstrip()}", encoding="utf-8")


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| scale | server | endpoint | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scale']} | {r['server']} | `{r['endpoint']}` | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny data and one-second loads: proves the pipeline")
    parser.add_argument("--seconds", type=float, default=10, help="load per endpoint")
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    seconds = 1 if args.quick else args.seconds
    scale = 0.002 if args.quick else 1.0
    args.work.mkdir(parents=True, exist_ok=True)

    from app.build import build_database
    from app.config import Settings

    seed_db = args.work / "seed.sqlite"
    build_database(Settings(sqlite_path=seed_db))
    national_db = args.work / "national.sqlite"
    started = time.perf_counter()
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "make_national.py"), "--out", str(national_db), "--scale", str(scale)],
        check=True,
        cwd=ROOT,
    )
    build_seconds = time.perf_counter() - started
    os.sync()  # write the new file out now, not while the servers are being measured
    print(f"bench: national database ({scale:g} of full size) built in {build_seconds:.1f} s", flush=True)

    rows: list[dict] = []
    memory: dict[str, tuple[float, float]] = {}
    browser: dict = {}
    runs = [("seed", seed_db, 64), (f"national ×{scale:g}", national_db, 64)]
    if not args.quick:
        runs.append((f"national ×{scale:g}, cache off", national_db, 0))
    for label, database, cache_mb in runs:
        picked = pick(database)
        with serve_app(database, cache_mb) as (base, process):
            for endpoint, path in our_urls(picked).items():
                httpx.get(f"{base}{path}", timeout=60)  # first request outside the measurement
                result = load(f"{base}{path}", seconds)
                rows.append({"scale": label, "server": "ct-rural", "endpoint": endpoint, **result})
                print(
                    f"bench: {label} ct-rural {endpoint}: {result['rps']:.0f} req/s, p95 {result['p95_ms']} ms",
                    flush=True,
                )
            memory[label] = rss_mb(process.pid)
            if database == national_db and cache_mb and not args.no_browser and Path(CHROMIUM).exists():
                browser = browser_metrics(base)

    if not args.no_datasette:
        venv = ensure_datasette(args.work / "venv-datasette")
        province = pick(national_db)["province"]
        with serve_datasette(venv, national_db) as (base, _process):
            for kind, path in datasette_urls(national_db, province).items():
                httpx.get(f"{base}{path}", timeout=60)
                result = load(f"{base}{path}", seconds)
                rows.append(
                    {
                        "scale": f"national ×{scale:g}",
                        "server": f"Datasette {DATASETTE_VERSION}",
                        "endpoint": f"figure table filtered by province ({kind})",
                        **result,
                    }
                )
                print(f"bench: Datasette {kind}: {result['rps']:.0f} req/s, p95 {result['p95_ms']} ms", flush=True)

    report = render(args, scale, build_seconds, rows, memory, browser)
    print("\n".join(report))
    if not args.quick:
        previous = args.results.read_text(encoding="utf-8") if args.results.exists() else "# Benchmark results\n"
        head, _sep, rest = previous.partition("\n")
        args.results.write_text(head + "\n\n" + "\n".join(report) + "\n" + rest, encoding="utf-8")
    else:
        (args.work / "quick-results.md").write_text("\n".join(report) + "\n", encoding="utf-8")
    return 0


def render(args, scale: float, build_seconds: float, rows: list[dict], memory: dict, browser: dict) -> list[str]:
    ratios = []
    for label in (f"national ×{scale:g}", f"national ×{scale:g}, cache off"):
        ours = {r["endpoint"]: r for r in rows if r["server"] == "ct-rural" and r["scale"] == label}
        for r in rows:
            if r["server"].startswith("Datasette") and ours:
                endpoint = "/figures?province=…" if "(HTML)" in r["endpoint"] else "/figures.json?province=…&size=100"
                mine = ours[endpoint]
                ratios.append(
                    f"- {r['endpoint']}, ct-rural {label.split(', ')[-1] if ',' in label else 'cached'}: "
                    f"{mine['rps']:.0f} req/s vs Datasette {r['rps']:.0f} req/s "
                    f"= **{mine['rps'] / max(r['rps'], 0.1):.1f}×**"
                )
    lines = [
        f"## {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} — {'quick smoke run' if args.quick else 'full run'}",
        "",
        f"- Machine: {machine()}",
        f"- Command: `bench/run{' --quick' if args.quick else ''}` ({CONNECTIONS} connections, "
        f"{1 if args.quick else args.seconds:g} s per endpoint, one uvicorn worker, load from a second process: "
        f"{rows[0].get('tool', '?') if rows else '?'})",
        f"- National database built in {build_seconds:.1f} s (scale {scale:g}: "
        f"{int(1_000_000 * scale):,} figures, {int(128_000 * scale):,} villages)",
        "",
        *table(rows),
        "",
        "Server memory after the load (resident / peak resident): "
        + "; ".join(f"{k}: {now:.0f} / {peak:.0f} MB" for k, (now, peak) in memory.items()),
    ]
    if ratios:
        lines += ["", "Requests/s against Datasette on the equivalent filtered table page:", *ratios]
    if browser:
        lines += ["", "Headless Chromium, cold cache, national scale:"]
        for label, b in browser.items():
            chart = (
                f", first chart drawn {b['first_chart_ms']:.0f} ms after navigation start"
                if b["first_chart_ms"]
                else ""
            )
            lines.append(
                f"- {label}: {b['kb']} KB transferred (compressed) in {b['requests']} requests; "
                f"loads plotly.js: {'yes' if b['loads_plotly'] else 'no'}{chart}"
            )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
