"""Reminder planning over a million stored instalments, and the delivery job's claim rate.

    python -m bench.bench_planning            # 27,778 loans x 36 = 1,000,008 instalments
    python -m bench.bench_planning --quick    # 100k instalments, smaller claim runs

Planning (SQLite, the county deployment): a book of 3-year monthly loans, disbursed over
one month so that instalments fall due on every day of three years; one in three under
the union's full interest subsidy (so its reminders carry the refund note). Measured,
each in a fresh child process so that its peak RSS is the planner's alone:

- "daily": what the every-10-minutes job does: reminders for the next 7 days;
- "daily again": the same run a moment later (idempotence: writes nothing);
- "everything": the horizon stretched over the whole book, so every instalment gets its
  "3 days before" and "on the day" reminders: 2 million outbox rows in one go;
- "everything again": the same, every key already there.

Claims (PostgreSQL, the province deployment): ``storage.outbox.claim`` exactly as the
delivery job calls it (one transaction per batch, ``FOR UPDATE SKIP LOCKED``), on due
rows in a schema of its own (dropped afterwards), with 1 and 4 concurrent workers;
SQLite's single-writer ``UPDATE … RETURNING`` claim alongside for reference.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import machine, table

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRST_DISBURSEMENT = date(2026, 1, 1)
SPREAD_DAYS = 30  # disbursements over one month: instalments due on every day
TERM = 36
BATCH = 50_000
PG_URL = os.environ.get("UNIONBOT_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
PROGRAMMES = ("jingdezhen_cidu_personal", "xianyou_model_craftsman_personal",
              "linhai_gongxin")  # the first is fully subsidised


# -- the book of loans ------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    amount: Decimal
    rate: Decimal
    subsidised: bool
    rows: list[tuple[int, str, str, str, str]]  # period, payment, principal, interest, refund


def templates() -> list[Template]:
    from bot.loans.calculator import FullSubsidy, Method, schedule, subsidy

    out = []
    for amount, rate, subsidised in ((Decimal("300000"), Decimal("3.5"), True),
                                     (Decimal("500000"), Decimal("4.3"), False),
                                     (Decimal("100000"), Decimal("3.45"), False)):
        sched = schedule(amount, rate, TERM, Method.EQUAL_INSTALMENTS)
        refunds = subsidy(sched, FullSubsidy()).refunds if subsidised else (Decimal(0),) * TERM
        out.append(Template(amount, rate, subsidised, [
            (r.period, str(r.payment), str(r.principal), str(r.interest), str(refund))
            for r, refund in zip(sched.rows, refunds, strict=True)]))
    return out


def seed(path: Path, loans: int) -> int:
    """Members, loans and instalments straight through sqlite3 (untimed set-up)."""
    from bot.calendar.months import monthly_due_dates

    shapes = templates()
    dues = {k: [d.isoformat() for d in monthly_due_dates(FIRST_DISBURSEMENT + timedelta(k),
                                                         TERM)]
            for k in range(SPREAD_DAYS)}
    stamp = "2025-12-31 00:00:00.000000"
    db = sqlite3.connect(path)
    db.executemany(
        "INSERT INTO member (user_id, chat_id, locale, consent_at, created_at, titles, "
        "notices_off, unreachable) VALUES (?, ?, 'zh-CN', ?, ?, '[]', 0, 0)",
        ((10_000_000 + n, 10_000_000 + n, stamp, stamp) for n in range(loans)))

    def loan_rows() -> Iterator[tuple[object, ...]]:
        for n in range(loans):
            shape = shapes[n % 3]
            on = (FIRST_DISBURSEMENT + timedelta(n % SPREAD_DAYS)).isoformat()
            yield (n + 1, 10_000_000 + n, PROGRAMMES[n % 3], on, str(shape.amount),
                   str(shape.rate), TERM, '{"kind": "full"}' if shape.subsidised else "{}",
                   stamp)

    db.executemany(
        "INSERT INTO loan (id, user_id, programme, bank_ref, disbursed_on, amount, "
        "annual_rate, term_months, method, subsidy, status, created_at) "
        "VALUES (?, ?, ?, '', ?, ?, ?, ?, 'equal_instalments', ?, 'active', ?)", loan_rows())

    def instalment_rows() -> Iterator[tuple[object, ...]]:
        for n in range(loans):
            shape, due = shapes[n % 3], dues[n % SPREAD_DAYS]
            for period, payment, principal, interest, refund in shape.rows:
                yield (n + 1, period, due[period - 1], payment, principal, interest, refund)

    db.executemany(
        "INSERT INTO instalment (loan_id, period, due_on, payment, principal, interest, "
        "refund) VALUES (?, ?, ?, ?, ?, ?, ?)", instalment_rows())
    db.commit()
    count = db.execute("SELECT count(*) FROM instalment").fetchone()[0]
    db.close()
    return int(count)


# -- one planning run, in a child process ----------------------------------------------------------


def plan_child(db_path: str, horizon: int, now_iso: str) -> None:
    """Run the production planner once; print seconds (wall, CPU), rows, peak RSS and the
    longest write transaction (how long it held SQLite's single write lock).

    CPU time counts this process's threads: on a shared machine it is the steadier figure.
    """
    from sqlalchemy import event

    from bot.catalog.loader import load_or_raise
    from bot.reminders import Loans, ReminderPolicy
    from bot.settings import DATA_DIR
    from storage import db

    longest = [0.0]
    began: dict[int, float] = {}

    def on_begin(conn: object) -> None:
        began[id(conn)] = time.perf_counter()

    def on_commit(conn: object) -> None:
        longest[0] = max(longest[0], time.perf_counter() - began.pop(id(conn), time.perf_counter()))

    async def run() -> tuple[float, float, int]:
        engine = db.make_engine(f"sqlite+aiosqlite:///{db_path}")
        event.listen(engine.sync_engine, "begin", on_begin)
        event.listen(engine.sync_engine, "commit", on_commit)
        service = Loans(load_or_raise(DATA_DIR / "catalog_sample.yaml"),
                        ReminderPolicy(horizon_days=horizon))
        start, cpu = time.perf_counter(), time.process_time()
        created = await service.plan(engine, datetime.fromisoformat(now_iso))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        await engine.dispose()
        return elapsed, cpu, created

    elapsed, cpu, created = asyncio.run(run())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "created": created,
                      "peak_mib": peak_kib / 1024, "longest_txn": longest[0]}))


def plan_in_child(db_path: Path, horizon: int, now: datetime) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "bench.bench_planning", "--plan-child",
                          str(db_path), str(horizon), now.isoformat()],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def outbox_rows(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        return int(db.execute("SELECT count(*) FROM notification").fetchone()[0])


async def migrate(url: str, **kw: object) -> None:
    from storage import db

    engine = db.make_engine(url, **kw)  # type: ignore[arg-type]
    try:
        await db.upgrade(engine)
    finally:
        await engine.dispose()


def planning(loans: int, work: Path) -> list[list[object]]:
    db_path = work / "plan.db"
    asyncio.run(migrate(f"sqlite+aiosqlite:///{db_path}"))
    started = time.perf_counter()
    instalments = seed(db_path, loans)
    print(f"seeded {loans:,} loans, {instalments:,} instalments in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    # Mid-book for the daily run: loans 18 months old, instalments due every day.
    mid = datetime(2027, 7, 10, 10, tzinfo=SHANGHAI).astimezone(UTC)
    start = datetime(2026, 1, 1, 10, tzinfo=SHANGHAI).astimezone(UTC)
    whole = (FIRST_DISBURSEMENT + timedelta(days=SPREAD_DAYS + 31 * TERM) - date(2026, 1, 1)).days
    rows = []
    for name, horizon, now in (("daily (next 7 days)", 7, mid), ("daily again", 7, mid),
                               ("everything (whole book)", whole, start),
                               ("everything again", whole, start)):
        result = plan_in_child(db_path, horizon, now)
        rate = result["created"] / result["seconds"] if result["created"] else 0
        rows.append([name, f"{instalments:,}", f"{int(result['created']):,}",
                     f"{result['seconds']:.2f}", f"{result['cpu']:.2f}", f"{rate:,.0f}",
                     f"{result['peak_mib']:.0f}", f"{result['longest_txn']:.2f}"])
        print(f"  {name}: {result}", flush=True)
    rows.append(["(outbox afterwards)", "", f"{outbox_rows(db_path):,}", "", "", "", "", ""])
    return rows


# -- claim throughput ----------------------------------------------------------------------------


async def fill_outbox(engine: object, rows: int) -> None:
    """Due reminders, as the planner writes them, generated inside the database."""
    from sqlalchemy import text

    payload = json.dumps({"text": [{"key": "reminder-today", "args": {"amount": {
        "money": "8790.62"}, "due": "2026-12-17", "period": 1, "periods": 36}}]})
    due = "2026-01-01 01:00:00"
    async with engine.begin() as conn:  # type: ignore[attr-defined]
        if conn.dialect.name == "postgresql":
            await conn.execute(text(
                "INSERT INTO notification (dedup_key, user_id, chat_id, kind, priority, urgent,"
                " payload, due_at, status, attempts, last_error, created_at) "
                "SELECT 'rem:' || g || ':1:d0', g, g, 'reminder', 3, false, "
                "CAST(:payload AS json), :due, 'pending', 0, '', :due "
                "FROM generate_series(1, :rows) AS g"),
                {"payload": payload, "due": datetime(2026, 1, 1, 1, tzinfo=UTC), "rows": rows})
        else:
            await conn.execute(text(
                "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :rows)"
                " INSERT INTO notification (dedup_key, user_id, chat_id, kind, priority, urgent,"
                " payload, due_at, status, attempts, last_error, created_at) "
                "SELECT 'rem:' || n || ':1:d0', n, n, 'reminder', 3, 0, :payload, :due, "
                "'pending', 0, '', :due FROM g"), {"payload": payload, "due": due + ".000000",
                                                   "rows": rows})


async def claim_all(engine: object, batch: int, workers: int) -> tuple[int, float]:
    """Workers claim batches until nothing is due; returns (rows claimed, seconds)."""
    from storage import outbox

    now = datetime(2026, 1, 2, tzinfo=UTC)
    lease = timedelta(minutes=10)

    async def worker() -> int:
        token, taken = secrets.token_hex(8), 0
        while True:
            async with engine.begin() as conn:  # type: ignore[attr-defined]
                got = await outbox.claim(conn, now=now, lease=lease, limit=batch, token=token)
            if not got:
                return taken
            taken += len(got)

    start = time.perf_counter()
    counts = await asyncio.gather(*(worker() for _ in range(workers)))
    return sum(counts), time.perf_counter() - start


async def reset(engine: object) -> None:
    from sqlalchemy import text

    async with engine.begin() as conn:  # type: ignore[attr-defined]
        await conn.execute(text("UPDATE notification SET status = 'pending', "
                                "claimed_until = NULL, claim_token = NULL, attempts = 0"))


async def reset_table(engine: object) -> None:
    from sqlalchemy import text

    async with engine.begin() as conn:  # type: ignore[attr-defined]
        await conn.execute(text("DELETE FROM notification"))


async def claims_on(engine: object, label: str, rows: int,
                    runs: list[tuple[int, int]]) -> list[list[object]]:
    await fill_outbox(engine, rows)
    out = []
    for batch, workers in runs:
        await reset(engine)
        claimed, seconds = await claim_all(engine, batch, workers)
        assert claimed == rows, (claimed, rows)  # every row once, none twice
        out.append([label, f"{rows:,}", batch, workers, f"{seconds:.2f}",
                    f"{claimed / seconds:,.0f}"])
        print(f"  {label} batch {batch} x{workers}: {claimed / seconds:,.0f} rows/s", flush=True)
    return out


async def claims(backlogs: list[int], work: Path) -> list[list[object]]:
    """Each backlog: all rows due at once (the worst case; the broadcast filler keeps a
    broadcast's due rows to a few thousand, reminders fall due a day's worth at a time)."""
    from storage import db

    runs = [(100, 1), (100, 4), (1000, 1), (1000, 4)]
    big_runs = [(1000, 1), (1000, 4)]  # batch 100 at a large backlog takes minutes
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(PG_URL)
    out: list[list[object]] = []
    try:
        async with admin.begin() as conn:
            await conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except OSError as exc:
        print(f"PostgreSQL at {PG_URL} unavailable ({exc}): claims on SQLite only")
    else:
        args = {"connect_args": {"server_settings": {"search_path": schema}}, "pool_size": 8}
        try:
            await migrate(PG_URL, **args)
            engine = db.make_engine(PG_URL, **args)
            try:
                for n, rows in enumerate(backlogs):
                    if n:
                        await reset_table(engine)
                    out += await claims_on(engine, "PostgreSQL", rows, big_runs if n else runs)
            finally:
                await engine.dispose()
        finally:  # the schema is the benchmark's alone: drop it whatever happened
            async with admin.begin() as conn:
                await conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await admin.dispose()
    sqlite_url = f"sqlite+aiosqlite:///{work / 'claims.db'}"
    await migrate(sqlite_url)
    engine = db.make_engine(sqlite_url)
    try:
        for n, rows in enumerate(backlogs):
            if n:
                await reset_table(engine)
            out += await claims_on(engine, "SQLite", rows, [(1000, 1)] if n else
                                   [(100, 1), (1000, 1)])
    finally:
        await engine.dispose()
    return out


# -- main ----------------------------------------------------------------------------------------


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--plan-child":
        plan_child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="100k instalments; claims on a 10k backlog only")
    parser.add_argument("--loans", type=int, default=None)
    parser.add_argument("--only", choices=("planning", "claims"), default=None)
    args = parser.parse_args()
    loans = args.loans or (2_778 if args.quick else 27_778)
    backlogs = [10_000] if args.quick else [10_000, 100_000]
    print(machine(), flush=True)
    plan_rows: list[list[object]] = []
    claim_table: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-planning-") as tmp:
        work = Path(tmp)
        if args.only != "claims":
            plan_rows = planning(loans, work)
        if args.only != "planning":
            claim_table = asyncio.run(claims(backlogs, work))
    if plan_rows:
        print(f"\nReminder planning on SQLite ({machine()})")
        print(table(["run", "instalments", "reminders written", "wall s", "CPU s", "rows/s",
                     "peak RSS MiB", "longest write s"], plan_rows))
    if claim_table:
        print("\nClaiming due notices (storage.outbox.claim, one transaction per batch)")
        print(table(["database", "due rows", "batch", "workers", "seconds", "rows/s"],
                     claim_table))


if __name__ == "__main__":
    main()
