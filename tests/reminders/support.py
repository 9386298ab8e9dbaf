"""Shared set-up for the repayment tests: members, approved applications, recorded loans."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.applications import Applications, Decision, Draft
from bot.catalog.loader import load_or_raise
from bot.catalog.schema import Catalog
from bot.loans.calculator import Method
from bot.reminders import Loans, ReminderPolicy, Terms
from bot.settings import DATA_DIR
from storage import members
from storage.tables import notification_t

MEMBER, REVIEWER, BANKER = 4242, 9001, 9002
# 瓷都工贷: the city union pays all the interest (全额贴息); DOMAIN.md's worked example.
SUBSIDISED = ("jingdezhen_cidu_personal", "member")
PLAIN = ("xianyou_model_craftsman_personal", "model_or_craftsman")
CONSENTS = {"processing": "2026-01-01T10:00", "bank": "2026-01-01T10:00",
            "cross_border": "2026-01-01T10:00"}


@cache
def catalog() -> Catalog:
    return load_or_raise(DATA_DIR / "catalog_sample.yaml")


def service(**policy: Any) -> Loans:
    return Loans(catalog(), ReminderPolicy(**policy))


async def add_member(engine: AsyncEngine, user: int, now: datetime) -> None:
    async with engine.begin() as conn:
        if await members.get(conn, user) is None:
            await members.create(conn, user_id=user, chat_id=user, locale="zh-CN", now=now,
                                 source=None)


async def approved(engine: AsyncEngine, now: datetime, *, user: int = MEMBER,
                   programme: tuple[str, str] = SUBSIDISED, amount: str = "300000",
                   rate: str = "3.5", term: int = 36) -> str:
    """An application through union review and bank approval; returns its reference."""
    apps = Applications(catalog())
    draft = Draft(programme=programme[0], tier=programme[1], borrower="individual",
                  amount=Decimal(amount), term_months=term, purpose="business",
                  method="equal_instalments", branch="jingdezhen", employer="景德镇陶瓷厂",
                  name="王芳", phone="+8613912345678", answers={}, consents=dict(CONSENTS))
    async with engine.begin() as conn:
        row = await apps.submit(conn, user_id=user, chat_id=user, draft=draft, now=now)
        ref = str(row["ref"])
        await apps.transition(conn, ref=ref, action="recommend", actor=REVIEWER,
                              role="reviewer", now=now)
        await apps.transition(conn, ref=ref, action="approve", actor=BANKER, role="bank",
                              now=now, decision=Decision(Decimal(amount), Decimal(rate), term))
    return ref


async def disbursed(engine: AsyncEngine, now: datetime, on: date, *, loans: Loans | None = None,
                    **kw: Any) -> dict[str, Any]:
    """A member with an approved application whose disbursement the bank recorded on ``on``."""
    await add_member(engine, kw.get("user", MEMBER), now)
    ref = await approved(engine, now, **kw)
    async with engine.begin() as conn:
        return await (loans or service()).disburse(
            conn, ref=ref, actor=BANKER, role="bank", now=now,
            terms=Terms(on, Decimal(kw.get("amount", "300000")), Decimal(kw.get("rate", "3.5")),
                        kw.get("term", 36), Method.EQUAL_INSTALMENTS, "B-1"))


async def reminders(engine: AsyncEngine) -> list[dict[str, Any]]:
    """Every planned reminder, by key."""
    async with engine.connect() as conn:
        rows = await conn.execute(select(notification_t).where(notification_t.c.kind == "reminder")
                                  .order_by(notification_t.c.dedup_key))
        return [dict(r._mapping) for r in rows]


async def count_kind(engine: AsyncEngine, kind: str) -> int:
    async with engine.connect() as conn:
        stmt = select(func.count()).where(notification_t.c.kind == kind)
        return int(await conn.scalar(stmt) or 0)
