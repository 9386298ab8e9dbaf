"""The `unionbot` command: run, chat, db upgrade, stations import, catalog check, staff add,
loans import-disbursements / import-payments."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any

from bot.i18n import Translator
from bot.settings import Settings, load_settings

ROLES = ("reviewer", "bank", "admin")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="unionbot", description="Trade-union self-service bot")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="serve Telegram (or the console chat without a token)")
    run.add_argument("--runtime", choices=("ptb", "aiogram"), default=None)
    sub.add_parser("chat", help="the offline console chat")
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=("upgrade",))
    st = sub.add_parser("stations", help="station registry")
    st_sub = st.add_subparsers(dest="action", required=True)
    imp = st_sub.add_parser("import", help="import a CSV or GeoJSON registry")
    imp.add_argument("file", type=Path)
    imp.add_argument("--crs", choices=("wgs84", "gcj02", "bd09"), default=None,
                     help="coordinate system of the file (else its crs column/property)")
    cat = sub.add_parser("catalog", help="loan product catalogue")
    cat.add_argument("action", choices=("check",))
    cat.add_argument("file", type=Path)
    loans = sub.add_parser("loans", help="disbursements and repayments from the bank")
    loans.add_argument("action", choices=("import-disbursements", "import-payments"))
    loans.add_argument("file", type=Path)
    cal = sub.add_parser("calendar", help="working-day overrides (dates the libraries lack)")
    cal_sub = cal.add_subparsers(dest="action", required=True)
    cal_set = cal_sub.add_parser("set", help="make a date a working day or a day off")
    cal_set.add_argument("day", type=date.fromisoformat, help="YYYY-MM-DD")
    kind = cal_set.add_mutually_exclusive_group(required=True)
    kind.add_argument("--working", action="store_true", help="a (make-up) working day")
    kind.add_argument("--off", action="store_true", help="a day off")
    cal_set.add_argument("--note", default="")
    cal_sub.add_parser("list", help="every override in date order")
    staff = sub.add_parser("staff", help="staff roles (their commands reach their Telegram "
                                            "menu within a minute)")
    staff_sub = staff.add_subparsers(dest="action", required=True)
    staff_add = staff_sub.add_parser("add", help="grant or change a role")
    staff_add.add_argument("user_id", type=int)
    staff_add.add_argument("--role", choices=ROLES, required=True)
    staff_remove = staff_sub.add_parser("remove", help="take a role away")
    staff_remove.add_argument("user_id", type=int)
    staff_sub.add_parser("list", help="everyone with a role")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings()
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Library chatter (every HTTP request) drowns the console chat.
    for noisy in ("httpx", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    t = Translator()
    locale = settings.cli_locale
    if args.command == "run":
        return _run(settings, args.runtime or settings.runtime, t)
    if args.command == "chat":
        catalog = _catalog(settings, t)
        if catalog is None:
            return 1
        return asyncio.run(_chat(settings, t, t(locale, "console-banner"), catalog))
    if args.command == "db":
        return asyncio.run(_upgrade(settings, t))
    if args.command == "stations":
        return asyncio.run(_import(settings, t, args.file, args.crs))
    if args.command == "catalog":
        from bot.catalog.cli import main_check

        return main_check(args.file, lambda key, a: t(locale, key, a), lang=locale)
    if args.command == "calendar":
        return asyncio.run(_calendar(settings, t, args))
    if args.command == "loans":
        from bot.reminders_cli import run_import

        return asyncio.run(run_import(settings, t, args.action, args.file))
    return asyncio.run(_staff(settings, t, args))


def _catalog(settings: Settings, t: Translator) -> Any:
    """The loaded catalogue, read once; None (after saying exactly why) when it is broken:
    the bot refuses to start on a broken catalogue."""
    from bot.catalog.cli import main_check
    from bot.catalog.loader import load

    loaded = load(settings.catalog)
    if not isinstance(loaded, list):
        return loaded
    print(t(settings.cli_locale, "cli-catalog-broken", {"file": str(settings.catalog)}),
          file=sys.stderr)
    main_check(settings.catalog, lambda key, a: t(settings.cli_locale, key, a),
               lang=settings.cli_locale, out=sys.stderr)
    return None


def _run(settings: Settings, runtime: str, t: Translator) -> int:
    catalog = _catalog(settings, t)
    if catalog is None:
        return 1
    if not settings.telegram_token:
        banner = t(settings.cli_locale, "console-banner-no-token")
        return asyncio.run(_chat(settings, t, banner, catalog))
    if runtime == "aiogram":
        from handlers import aiogram_runtime  # imported only here: it costs seconds

        aiogram_runtime.run(settings, catalog)
    else:
        if not settings.webhook_url:
            from handlers.ptb_polling import leave_out_webhook_server

            leave_out_webhook_server()
        from handlers import ptb_runtime

        ptb_runtime.run(settings, catalog)
    return 0


async def _chat(settings: Settings, t: Translator, banner: str, catalog: Any) -> int:
    from bot.app import build_app
    from handlers.console import run_console

    logging.getLogger().setLevel(logging.WARNING)
    for quiet in ("apscheduler",):
        logging.getLogger(quiet).setLevel(logging.ERROR)
    app = await build_app(settings, catalog=catalog)
    try:
        await run_console(app.conversation, t, banner, app.deliverer, jobs=app.periodic_jobs())
    finally:
        await app.close()
    return 0


async def _upgrade(settings: Settings, t: Translator) -> int:
    async with _migrated(settings):
        pass
    print(t(settings.cli_locale, "cli-db-upgraded"))
    return 0


async def _import(settings: Settings, t: Translator, file: Path, crs: str | None) -> int:
    from bot.app import build_app

    loc = settings.cli_locale
    if not file.exists():
        print(t(loc, "cli-file-missing", {"file": str(file)}), file=sys.stderr)
        return 2
    app = await build_app(settings, seed_stations=False)
    try:
        report = await app.services.stations.import_file(file, crs, app.services.clock())
    finally:
        await app.close()
    for r in report.parsed.rejected:
        print(t(loc, "cli-import-rejected", {"line": r.line, "code": r.code or "—",
                                             "reason": t(loc, r.key, r.args)}))
    c = report.counts
    print(t(loc, "cli-import-summary", {"added": c.added, "updated": c.updated,
                                        "unchanged": c.unchanged,
                                        "rejected": len(report.parsed.rejected)}))
    return 1 if report.parsed.rejected else 0


async def _calendar(settings: Settings, t: Translator, args: argparse.Namespace) -> int:
    from bot.services import utc_now
    from storage import calendar_overrides

    loc = settings.cli_locale
    async with _migrated_transaction(settings) as conn:
        if args.action == "set":
            await calendar_overrides.set_override(conn, day=args.day, working=args.working,
                                                  note=args.note, now=utc_now())
        rows = await calendar_overrides.list_overrides(conn)
    for row in rows:
        key = "cli-calendar-working" if row.working else "cli-calendar-off"
        print(t(loc, key, {"day": row.day.isoformat(), "note": row.note or "—"}))
    if not rows:
        print(t(loc, "cli-calendar-empty"))
    return 0


async def _staff(settings: Settings, t: Translator, args: argparse.Namespace) -> int:
    from bot.services import utc_now
    from storage import staff

    loc = settings.cli_locale
    async with _migrated_transaction(settings) as conn:
        if args.action == "add":
            await staff.add(conn, user_id=args.user_id, role=args.role, now=utc_now(), by=None)
            print(t(loc, "cli-staff-added", {"user": args.user_id, "role": args.role}))
        elif args.action == "remove":
            taken = await staff.remove(conn, user_id=args.user_id, now=utc_now(), by=None)
            if taken is None:
                print(t(loc, "cli-staff-none", {"user": args.user_id}), file=sys.stderr)
                return 1
            print(t(loc, "cli-staff-removed", {"user": args.user_id, "role": taken}))
        else:
            roster = await staff.roster(conn)
            for user_id, role in roster:
                print(t(loc, "cli-staff-row", {"user": user_id, "role": role}))
            if not roster:
                print(t(loc, "cli-staff-empty"))
    return 0


@asynccontextmanager
async def _migrated(settings: Settings) -> AsyncIterator[Any]:
    """The configured database's engine, migrated first; closed after."""
    from storage import db

    engine = db.make_engine(settings.database_url)
    try:
        await db.upgrade(engine)
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def _migrated_transaction(settings: Settings) -> AsyncIterator[Any]:
    """One transaction on the configured database, migrated first; the engine closed after."""
    async with _migrated(settings) as engine, engine.begin() as conn:
        yield conn


if __name__ == "__main__":
    sys.exit(main())
