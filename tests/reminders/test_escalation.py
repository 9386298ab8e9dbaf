"""SLA escalation on real SQLite and PostgreSQL: working days, overrides, once, to every admin."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.applications import Applications, Draft
from bot.delivery import render_payload
from bot.escalation import escalate
from bot.i18n import Translator
from bot.settings import load_settings
from storage import staff
from storage.tables import escalation_t, notification_t, override_t
from tests.reminders.support import CONSENTS, MEMBER, REVIEWER, SUBSIDISED, add_member, catalog
from tests.support.clock import FakeClock

SHANGHAI = ZoneInfo("Asia/Shanghai")
STAFF_ADMIN, ENV_ADMIN, SILENT_ADMIN = 7001, 7002, 7003


def services(clock: FakeClock) -> Any:
    settings = load_settings(admin_ids=str(ENV_ADMIN), database_url="sqlite+aiosqlite://")
    return SimpleNamespace(settings=settings, applications=Applications(catalog()), clock=clock)


async def setup(engine: AsyncEngine, clock: FakeClock) -> None:
    for user in (MEMBER, STAFF_ADMIN, ENV_ADMIN):
        await add_member(engine, user, clock())
    async with engine.begin() as conn:
        await staff.add(conn, user_id=STAFF_ADMIN, role="admin", now=clock(), by=None)
        # An admin who never opened the bot has no chat: skipped, not an error.
        await staff.add(conn, user_id=SILENT_ADMIN, role="admin", now=clock(), by=None)
        await staff.add(conn, user_id=REVIEWER, role="reviewer", now=clock(), by=None)


async def submit(engine: AsyncEngine, clock: FakeClock) -> str:
    draft = Draft(programme=SUBSIDISED[0], tier=SUBSIDISED[1], borrower="individual",
                  amount=Decimal("100000"), term_months=12,
                  purpose="business", method="equal_instalments", branch="jingdezhen",
                  employer="厂", name="王芳", phone="+8613912345678", answers={},
                  consents=dict(CONSENTS))
    async with engine.begin() as conn:
        row = await Applications(catalog()).submit(conn, user_id=MEMBER, chat_id=MEMBER,
                                                   draft=draft, now=clock())
    return str(row["ref"])


async def notices(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(notification_t)
                                  .where(notification_t.c.kind == "escalation")
                                  .order_by(notification_t.c.user_id, notification_t.c.id))
        return [dict(r._mapping) for r in rows]


async def test_escalated_once_after_the_national_day_holiday(engine: AsyncEngine) -> None:
    """Submitted on 2026-09-30: 3 working days end on Sat 10-10 (a make-up working day).
    Sunday does not count; Monday 10-12 is the fourth working day: escalated then, once."""
    clock = FakeClock()
    await setup(engine, clock)
    clock.set_local(2026, 9, 30, 10)
    ref = await submit(engine, clock)
    svc = services(clock)
    for day in (8, 10, 11):
        clock.set_local(2026, 10, day, 12)
        assert await escalate(engine, svc) == 0, day
    clock.set_local(2026, 10, 12, 9)
    assert await escalate(engine, svc) == 1
    assert await escalate(engine, svc) == 0
    clock.advance(days=1)
    assert await escalate(engine, svc) == 0
    sent = await notices(engine)
    assert [n["user_id"] for n in sent] == [STAFF_ADMIN, ENV_ADMIN]
    text = render_payload(Translator(), "zh-CN", sent[0]["payload"]).text
    assert ref in text and "1 笔" in text and "4 个工作日" in text and "2026-10-10 前" in text
    assert sent[0]["payload"]["buttons"] == [[{"label": ref, "data": f"menu:review {ref}"}]]
    assert not sent[0]["urgent"]  # staff notices wait for the morning like any other


async def test_override_table_moves_the_deadline(engine: AsyncEngine) -> None:
    clock = FakeClock()
    await setup(engine, clock)
    clock.set_local(2026, 9, 30, 10)
    await submit(engine, clock)
    async with engine.begin() as conn:
        await conn.execute(insert(override_t).values(day=date(2026, 10, 12), working=False,
                                                     note="local holiday", set_at=clock()))
    svc = services(clock)
    clock.set_local(2026, 10, 12, 15)
    assert await escalate(engine, svc) == 0
    clock.set_local(2026, 10, 13, 9)
    assert await escalate(engine, svc) == 1


async def test_one_notice_per_admin_lists_all_new_ones_and_an_answer_restarts_the_wait(
        engine: AsyncEngine) -> None:
    clock = FakeClock()
    await setup(engine, clock)
    apps = Applications(catalog())
    clock.set_local(2026, 11, 2, 10)  # Monday
    first, second = await submit(engine, clock), await submit(engine, clock)
    async with engine.begin() as conn:  # the union asks the second applicant a question
        await apps.transition(conn, ref=second, action="ask_info", actor=REVIEWER,
                              role="reviewer", now=clock(), note="请补充营业执照信息")
    clock.set_local(2026, 11, 4, 10)
    async with engine.begin() as conn:  # answered on Wednesday: back in the union's queue
        await apps.transition(conn, ref=second, action="answer_info", actor=MEMBER, role=None,
                              now=clock(), note="已补充")
    third = await submit(engine, clock)
    svc = services(clock)
    clock.set_local(2026, 11, 6, 10)  # Friday: the first has waited 4 working days
    assert await escalate(engine, svc) == 1
    clock.set_local(2026, 11, 10, 10)  # Tuesday: the answered one and the third, together
    assert await escalate(engine, svc) == 2
    sent = await notices(engine)
    assert len(sent) == 4  # two rounds x two reachable admins
    last = render_payload(Translator(), "en", sent[-1]["payload"]).text
    assert second in last and third in last and first not in last
    async with engine.connect() as conn:
        assert len(list(await conn.scalars(select(escalation_t.c.id)))) == 3


async def test_two_processes_escalating_at_once_tell_each_admin_once(engine: AsyncEngine) -> None:
    clock = FakeClock()
    await setup(engine, clock)
    clock.set_local(2026, 11, 2, 10)
    for _ in range(3):
        await submit(engine, clock)
    clock.set_local(2026, 11, 9, 10)
    svc = services(clock)
    won = await asyncio.gather(*(escalate(engine, svc) for _ in range(3)))
    assert sorted(won) == [0, 0, 3]
    assert [n["user_id"] for n in await notices(engine)] == [STAFF_ADMIN, ENV_ADMIN]


async def test_without_a_reachable_admin_nothing_is_marked(engine: AsyncEngine) -> None:
    clock = FakeClock()
    await add_member(engine, MEMBER, clock())
    clock.set_local(2026, 11, 2, 10)
    await submit(engine, clock)
    clock.set_local(2026, 11, 9, 10)
    lonely = services(clock)
    lonely.settings = load_settings(admin_ids="", database_url="sqlite+aiosqlite://")
    assert await escalate(engine, lonely) == 0
    # An admin appears: the overdue application is escalated now, not forgotten.
    await setup(engine, clock)
    assert await escalate(engine, services(clock)) == 1
