"""Command line: ``python -m app build-db``, ``python -m app serve`` and ``python -m app coverage``."""

from __future__ import annotations

import argparse
import os
import socket
import sys

import uvicorn
from sqlmodel import Session
from uvicorn.supervisors import Multiprocess

from app import lifecycle
from app.build import build_database
from app.config import get_settings
from app.coverage import run as run_coverage
from app.db import DatabaseMissing, read_only_engine
from app.queries import figures
from app.queries.listing import search_index_holds_text


def build_db(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.database_url:
        settings = settings.model_copy(update={"database_url": args.database_url})
    statements = build_database(settings)
    target = "PostgreSQL" if settings.database_url else settings.sqlite_path
    print(f"build-db: {statements} statements from {settings.seed_path} into {target}")
    return 0


def check_database(settings) -> str | None:
    """One line saying why the database cannot be served, or None when it can."""
    try:
        engine = read_only_engine(settings)
        with Session(engine) as session:
            figures.count(session)
            outdated = not search_index_holds_text(session)
        engine.dispose()
    except DatabaseMissing as missing:
        return str(missing)
    except Exception as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"the database cannot be read ({first_line}); rebuild it with `make db`"
    if outdated:
        return "the database was built by an older version (its search index keeps no text); rebuild it with `make db`"
    return None


def serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    problem = check_database(settings)
    if problem:
        print(f"ct-rural: not starting: {problem}", file=sys.stderr)
        return 2
    config = uvicorn.Config(
        "app.main:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=settings.worker_count(),
        timeout_graceful_shutdown=settings.graceful_shutdown_s,
        server_header=False,
        # X-Forwarded-Proto and -For believed from these proxies only (nginx on the same host).
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    # Every worker, even a single one, under uvicorn's supervisor: it starts a fresh worker when
    # one exits or stops answering (and the workers' own watchdog exits when wedged).
    os.environ[lifecycle.SUPERVISED] = "1"
    Multiprocess(config, sockets=[listening_socket(config)]).run()
    return 0


def listening_socket(config: uvicorn.Config) -> socket.socket:
    """uvicorn's bound socket, with Nagle's algorithm off for every connection it accepts.

    uvicorn binds it with protocol 0, and asyncio turns Nagle off only on connections whose
    protocol says TCP (uvicorn issue 3149): a keep-alive answer then waited for the client's
    delayed acknowledgement, about 40 ms each after the first (bench/RESULTS.md, "TCP_NODELAY").
    Accepted connections inherit the option from the listener (Linux)."""
    bound = config.bind_socket()
    if bound.family in (socket.AF_INET, socket.AF_INET6):
        bound.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return bound


def coverage(args: argparse.Namespace) -> int:
    """Every quantity in the sources curated or listed as not a figure; non-zero when one is neither."""
    report = run_coverage(get_settings())
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build-db", help="(re)build the database from data/seed.sql")
    build.add_argument("--database-url", default="", help="a PostgreSQL URL instead of SQLite")
    build.set_defaults(run=build_db)
    run = commands.add_parser("serve", help="serve the dashboard with uvicorn")
    run.add_argument("--host", default="")
    run.add_argument("--port", type=int, default=0)
    run.set_defaults(run=serve)
    check = commands.add_parser(
        "coverage", help="check that every quantity in the sources is curated or listed in data/not-figures.tsv"
    )
    check.set_defaults(run=coverage)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
