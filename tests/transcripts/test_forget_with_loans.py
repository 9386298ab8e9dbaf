"""/forget with applications and a loan: what never left the union goes, the rest is unlinked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from bot.app import App
from bot.applications import Draft
from storage.tables import application_t, loan_t, member_t
from tests.reminders.support import CONSENTS, MEMBER, approved, disbursed
from tests.support.chat import client_for, text_of
from tests.support.clock import FakeClock


async def test_forget_keeps_only_anonymous_bank_records(app: App, clock: FakeClock) -> None:
    async with client_for("console", app) as member:
        await member.send("/start")
        await member.press("同意")
        loan = await disbursed(app.engine, clock(), date(2026, 11, 1))
        async with app.engine.begin() as conn:
            await app.services.applications.submit(
                conn, user_id=MEMBER, chat_id=MEMBER, now=clock(), draft=Draft(
                    programme="xianyou_model_craftsman_personal", tier="model_or_craftsman",
                    borrower="individual", amount=Decimal("200000"),
                    term_months=12, purpose="business", method="equal_instalments",
                    branch="xianyou", employer="厂", name="王芳", phone="+8613912345678",
                    consents=dict(CONSENTS)))
        await approved(app.engine, clock(), amount="100000")
        await member.send("/forget")
        seen = await member.press("确定删除")
        assert "已删除" in text_of(seen) and "按规定保留" in text_of(seen)
    async with app.engine.connect() as conn:
        assert (await conn.execute(select(member_t))).first() is None
        apps = (await conn.execute(select(application_t))).all()
        loans = (await conn.execute(select(loan_t))).all()
    # The submitted one is gone; the two the bank decided stay, without the person.
    assert sorted(a.stage for a in apps) == ["approved", "approved"]
    assert all(a.user_id == 0 and a.name == "" and a.phone == "" for a in apps)
    assert [(r.id, r.user_id) for r in loans] == [(loan["id"], 0)]
