"""Command line: ``python -m app build-db`` and ``python -m app serve``."""

from __future__ import annotations

import argparse
import sys

from app.config import get_settings


def build_db(args: argparse.Namespace) -> int:
    from app.db import build_database

    settings = get_settings()
    if args.database_url:
        settings = settings.model_copy(update={"database_url": args.database_url})
    statements = build_database(settings)
    target = "PostgreSQL" if settings.database_url else settings.sqlite_path
    print(f"build-db: {statements} statements from {settings.seed_path} into {target}")
    return 0


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=settings.workers,
        server_header=False,
        proxy_headers=False,
    )
    return 0


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
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
