"""Members, loans and broadcasts put straight into the database, for the broadcast tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import broadcasts
from bot.broadcasts import Audience, BroadcastFiller
from storage import db
from storage.tables import broadcast_t, loan_t, member_t, notification_t

NOW = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai: not quiet hours
AUTHOR = 900


def member(user_id: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"user_id": user_id, "chat_id": user_id, "locale": "zh-CN",
                           "consent_at": NOW, "created_at": NOW, "titles": [], "branch": None,
                           "occupation": None, "notices_off": False, "unreachable": False}
    return row | fields


async def add_members(engine: AsyncEngine, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(member_t), rows)


async def add_loan(engine: AsyncEngine, user_id: int, status: str = "active") -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(loan_t).values(
            user_id=user_id, programme="xianyou_model_craftsman_personal", bank_ref="",
            disbursed_on=date(2026, 1, 5), amount=Decimal("100000.00"),
            annual_rate=Decimal("3.4500"), term_months=12, method="equal_instalments",
            subsidy={}, status=status, created_at=NOW))


async def create(engine: AsyncEngine, audience: Audience, *, text: str = "通知",
                 send_at: datetime = NOW, photo: str | None = None) -> int:
    async with engine.begin() as conn:
        row = await broadcasts.create(conn, author=AUTHOR, text=text, photo=photo,
                                      audience=audience, send_at=send_at, now=NOW)
    return int(row["id"])


async def fill_all(filler: BroadcastFiller, broadcast_id: int) -> None:
    """Run the job until every recipient is written (nothing is delivered meanwhile)."""
    for _ in range(1000):
        if await filler.fill_batch(broadcast_id) in (0, None):
            return
    raise AssertionError("filling never ended")


async def rows_of(engine: AsyncEngine, broadcast_id: int) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        found = await conn.execute(select(notification_t).where(
            notification_t.c.dedup_key.like(f"bc:{broadcast_id}:%"))
            .order_by(notification_t.c.user_id))
    return [dict(r._mapping) for r in found]


async def broadcast_row(engine: AsyncEngine, broadcast_id: int) -> dict[str, Any]:
    async with engine.connect() as conn:
        row = (await conn.execute(select(broadcast_t)
                                  .where(broadcast_t.c.id == broadcast_id))).one()
    return dict(row._mapping)


async def outbox_size(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(notification_t)) or 0)


async def seed_broadcast_database(path: Path, *, first: int, count: int, author: int,
                                  text: str, now: datetime) -> int:
    """A bot's SQLite file with ``count`` members from ``first`` on and one broadcast to all,
    due at ``now``: what the e2e kill test and the broadcast benchmark start the bot on."""
    engine = db.make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await db.upgrade(engine)
        await add_members(engine, [member(author, created_at=now, consent_at=now)])
        for start in range(first, first + count, 10_000):
            stop = min(start + 10_000, first + count)
            await add_members(engine, [member(i, created_at=now, consent_at=now,
                                              locale="en" if i % 5 == 0 else "zh-CN")
                                       for i in range(start, stop)])
        async with engine.begin() as conn:
            row = await broadcasts.create(conn, author=author, text=text, photo=None,
                                          audience=Audience("all"), send_at=now, now=now)
        return int(row["id"])
    finally:
        await engine.dispose()
