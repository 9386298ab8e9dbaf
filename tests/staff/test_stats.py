"""/stats: the staff overview, counted in SQL, on console, PTB and aiogram.

One realistic mix is seeded straight into the database (members of several branches and
occupations, applications in every stage with one past its SLA and one whose clock an
answer restarted, a disbursed loan with an overdue instalment, notices in every state, a
broadcast under way); the transcripts check what each role reads, the storage tests the
same numbers on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import broadcasts, stats
from bot.app import App
from bot.applications import Applications, Decision, Draft, sla_clock
from bot.broadcasts import Audience
from bot.calendar.workdays import WorkCalendar
from bot.catalog.loader import load_or_raise
from bot.settings import DATA_DIR, load_settings
from storage import loans, outbox
from storage import stats as q
from storage.tables import broadcast_t, member_t, notification_t
from tests.conftest import CHANNELS
from tests.support.chat import text_of
from tests.support.clock import SHANGHAI, FakeClock
from tests.support.people import BANKER, REVIEWER, member_and_staff
from tests.support.people import Staffed as People

RIDER, RIDER_OFF, COURIER, BLOCKED, CLEANER, NEWCOMER = range(7001, 7007)
PROGRAMME = "xianyou_model_craftsman_personal"
NOW = FakeClock()()  # Tuesday 2026-11-17 14:00 in Shanghai


def local(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SHANGHAI).astimezone(UTC)


# -- the seed ------------------------------------------------------------------------------------


async def seed(engine: AsyncEngine, apps: Applications) -> None:
    """Everything the overview counts, besides whoever the test itself brings."""
    async with engine.begin() as conn:
        await _members(conn)
        await _applications(conn, apps)
        await conn.execute(delete(notification_t))  # the workflow's own notices aside
        await _loans(conn)
        await _notices(conn)


async def _members(conn: Any) -> None:
    def row(user: int, days_ago: int, branch: str | None, occupation: str | None,
            **flags: bool) -> dict[str, Any]:
        at = NOW - timedelta(days=days_ago)
        return {"user_id": user, "chat_id": user, "locale": "zh-CN", "consent_at": at,
                "created_at": at, "titles": [], "branch": branch, "occupation": occupation,
                "notices_off": flags.get("off", False),
                "unreachable": flags.get("blocked", False)}

    await conn.execute(insert(member_t), [
        row(RIDER, 2, "xianyou", "delivery_rider"),
        row(RIDER_OFF, 30, "xianyou", "delivery_rider", off=True),
        row(COURIER, 3, "xianyou", "courier"),
        row(BLOCKED, 40, "linhai", "delivery_rider", blocked=True),
        row(CLEANER, 10, "城东街道工会", "sanitation_worker"),  # a branch typed by hand
        row(NEWCOMER, 1, "linhai", None),
    ])


def _draft(programme: str = PROGRAMME, amount: str = "500000") -> Draft:
    return Draft(programme=programme, tier="model_or_craftsman", borrower="individual",
                 amount=Decimal(amount), term_months=120, purpose="entrepreneurship",
                 method="equal_instalments", branch="xianyou", employer="仙游县红木家具厂",
                 name="王芳", phone="+8613912345678", answers={},
                 consents={"processing": "x", "bank": "x", "cross_border": "x"})


async def _applications(conn: Any, apps: Applications) -> None:
    async def app(at: datetime, *steps: tuple[str, datetime], programme: str = PROGRAMME) -> str:
        row = await apps.submit(conn, user_id=RIDER, chat_id=RIDER, draft=_draft(programme),
                                now=at)
        for action, when in steps:
            role = None if action in ("answer_info", "withdraw") else (
                "bank" if action in ("approve", "reject") else "reviewer")
            decision = Decision(Decimal("500000"), Decimal("4.3"), 120) \
                if action == "approve" else None
            await apps.transition(conn, ref=row["ref"], action=action,
                                  actor=RIDER if role is None else REVIEWER, role=role,
                                  now=when, decision=decision)
        return str(row["ref"])

    await app(local(11, 5))  # waiting since Thursday 11-05: 8 working days, past its SLA
    await app(NOW - timedelta(hours=1))  # just in
    await app(local(11, 16), ("start_review", local(11, 16, 15)))
    await app(local(11, 3), ("ask_info", local(11, 4)))  # the member's turn: no SLA
    await app(local(10, 1), ("recommend", local(10, 9)))  # with the bank
    await app(local(11, 12), ("recommend", local(11, 13)), ("approve", local(11, 14)))
    await app(local(11, 14), ("decline", local(11, 16)))
    await app(local(11, 15), ("withdraw", local(11, 16)))
    # Old, but the member answered the union's question on Monday: the clock restarted.
    await app(local(10, 20), ("ask_info", local(10, 21)), ("answer_info", local(11, 16)))
    await app(local(9, 1), ("recommend", local(9, 2)), ("reject", local(9, 10)))
    # A programme since dropped from the catalogue keeps the default SLA: past it too.
    await app(local(11, 5), programme="retired_programme")


async def _loans(conn: Any) -> None:
    def loan(amount: str, status: str) -> dict[str, Any]:
        return {"user_id": RIDER, "programme": PROGRAMME, "bank_ref": "B-1",
                "disbursed_on": date(2026, 8, 17), "amount": Decimal(amount),
                "annual_rate": Decimal("4.3000"), "term_months": 120,
                "method": "equal_instalments", "subsidy": {}, "status": status,
                "created_at": NOW}

    def due(period: int, on: date, paid: date | None = None) -> dict[str, Any]:
        return {"period": period, "due_on": on, "payment": Decimal("5133.85"),
                "principal": Decimal("3342.18"), "interest": Decimal("1791.67"),
                "refund": Decimal("0.00"), "paid_on": paid}

    active = await loans.add_loan(conn, loan("500000.00", loans.ACTIVE))
    await loans.add_instalments(conn, active, [
        due(1, date(2026, 9, 17), date(2026, 9, 17)),
        due(2, date(2026, 10, 17)),  # overdue: no payment recorded
        due(3, date(2026, 11, 17)),  # due today: not overdue yet
    ])
    repaid = await loans.add_loan(conn, loan("100000.00", loans.REPAID))
    await loans.add_instalments(conn, repaid, [due(1, date(2026, 9, 1))])  # closed loan


async def _notices(conn: Any) -> None:
    async def notice(key: str, status: str, due: timedelta, sent: timedelta | None = None,
                     error: str = "", user: int = RIDER) -> None:
        await outbox.enqueue(conn, dedup_key=key, user_id=user, chat_id=user, kind="info",
                             payload={}, now=NOW, due_at=NOW + due)
        await conn.execute(update(notification_t).where(notification_t.c.dedup_key == key)
                           .values(status=status, last_error=error,
                                   sent_at=NOW + sent if sent is not None else None))

    hour, day = timedelta(hours=1), timedelta(days=1)
    await notice("later", outbox.PENDING, day)
    await notice("due", outbox.PENDING, -hour / 60)
    await notice("in-flight", outbox.SENDING, -hour / 60)
    await notice("sent-today", outbox.SENT, -2 * hour, -2 * hour)
    await notice("sent-before", outbox.SENT, -2 * day, -2 * day)  # outside 24 hours
    await notice("sent-late", outbox.SENT, -3 * day, -hour)  # due long ago, sent just now
    await notice("failed-today", outbox.FAILED, -3 * hour, error="chat not found")
    await notice("failed-before", outbox.FAILED, -3 * day, error="chat not found")
    await notice("blocked-today", outbox.BLOCKED, -5 * hour, error="Forbidden")

    done = await broadcasts.create(conn, author=REVIEWER, text="夏季送清凉", photo=None,
                                   audience=Audience("all"), send_at=NOW - 3 * day,
                                   now=NOW - 3 * day)
    await conn.execute(update(broadcast_t).where(broadcast_t.c.id == done["id"])
                       .values(status=broadcasts.DONE, finished_at=NOW - 2 * day))
    running = await broadcasts.create(conn, author=REVIEWER, text="招聘信息", photo=None,
                                      audience=Audience("occupation", "delivery_rider"),
                                      send_at=NOW - hour / 6, now=NOW - hour)
    await conn.execute(update(broadcast_t).where(broadcast_t.c.id == running["id"])
                       .values(status=broadcasts.RUNNING))
    bid = running["id"]
    await notice(broadcasts.dedup_key(bid, RIDER), outbox.SENT, -hour / 6, -hour / 12)
    await notice(broadcasts.dedup_key(bid, COURIER), outbox.PENDING, -hour / 6, user=COURIER)
    await notice(broadcasts.dedup_key(bid, BLOCKED), outbox.BLOCKED, -hour / 6,
                 error="member blocked the bot", user=BLOCKED)
    await notice(broadcasts.dedup_key(bid, RIDER_OFF), outbox.SKIPPED, -hour / 6,
                 error=broadcasts.OPTED_OUT, user=RIDER_OFF)


def applications() -> Applications:
    return Applications(load_or_raise(DATA_DIR / "catalog_sample.yaml"))


# -- the aggregate queries, on both databases --------------------------------------------------


async def test_the_counts_on_both_databases(engine: AsyncEngine) -> None:
    apps = applications()
    await seed(engine, apps)
    services = _Services(apps)
    async with engine.connect() as conn:
        reviewer = await stats.overview(conn, services, "reviewer")
        banker = await stats.overview(conn, services, "bank")
        nobody = await stats.overview(conn, services, None)

    assert reviewer.members == q.MemberCounts(total=6, new=3, notices_off=1, unreachable=1)
    assert reviewer.branches == (("xianyou", 3), ("linhai", 2), ("城东街道工会", 1))
    assert reviewer.occupations[:2] == (("delivery_rider", 3), ("courier", 1))
    assert set(reviewer.occupations[2:]) == {(None, 1), ("sanitation_worker", 1)}
    counts = {s: reviewer.stage(s) for s in ("submitted", "reviewing", "info_requested",
                                             "recommended", "approved", "declined",
                                             "rejected", "withdrawn")}
    assert counts == {"submitted": 4, "reviewing": 1, "info_requested": 1, "recommended": 1,
                      "approved": 1, "declined": 1, "rejected": 1, "withdrawn": 1}
    assert (reviewer.submitted(7), reviewer.submitted(30)) == (5, 9)
    assert reviewer.past_sla == 2
    assert reviewer.loans == q.LoanCounts(
        loans=2, active=1, disbursed=Decimal("600000.00"), overdue=1,
        overdue_amount=Decimal("5133.85"), overdue_loans=1)
    assert reviewer.outbox == q.OutboxCounts(waiting=4, sent=3, failed=1, blocked=2)
    assert reviewer.broadcast is not None
    progress = reviewer.broadcast
    assert progress.broadcast["status"] == broadcasts.RUNNING
    assert (progress.report.delivered, progress.report.pending, progress.report.unreachable,
            progress.report.opted_out, progress.report.failed) == (1, 1, 1, 1, 0)

    # The bank sees its part of the pipeline and the loans, not members or notices.
    assert banker.sections == (stats.APPLICATIONS, stats.LOANS)
    assert banker.members is None and banker.outbox is None and banker.broadcast is None
    assert banker.past_sla == 2 and banker.loans == reviewer.loans
    assert nobody.sections == () and nobody.stages is None


async def test_an_empty_database_counts_zero(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        found = await stats.overview(conn, _Services(applications()), "admin")
    assert found.members == q.MemberCounts(0, 0, 0, 0)
    assert found.branches == () and found.past_sla == 0 and found.submitted(30) == 0
    assert found.loans == q.LoanCounts(0, 0, Decimal("0.00"), 0, Decimal("0.00"), 0)
    assert found.outbox == q.OutboxCounts(0, 0, 0, 0) and found.broadcast is None


@pytest.mark.parametrize("days", [1, 3, 5])
def test_the_sla_cutoff_agrees_with_sla_clock_day_by_day(days: int) -> None:
    """Over National Day 2026 and its make-up Saturday: a clock started before the
    cutoff is overdue by sla_clock, one started at or after it is not."""
    cal = WorkCalendar({})
    for now in (local(10, 12, 9), local(10, 10, 23), local(11, 17, 14), local(10, 1, 0)):
        cutoff = stats.sla_cutoff(cal, days, now, SHANGHAI)
        start = local(8, 15, 0)
        while start < now:
            for hour in (0, 13, 23):
                at = start + timedelta(hours=hour)
                assert (at < cutoff) == sla_clock(cal, days, at, now, SHANGHAI).overdue, (
                    days, now, at)
            start += timedelta(days=1)


@dataclass
class _Services:
    applications: Applications
    settings: Any = None
    clock: Any = None

    def __post_init__(self) -> None:
        self.settings = load_settings(database_url="sqlite+aiosqlite:///:memory:",
                                      telegram_token="", admin_ids="")
        self.clock = lambda: NOW


# -- what staff read, on every channel ----------------------------------------------------------


@pytest.fixture(params=CHANNELS)
async def people(request: pytest.FixtureRequest, app: App,
                 clock: FakeClock) -> AsyncIterator[People]:
    async with member_and_staff(request.param, app, clock()) as cast:
        await seed(app.engine, app.services.applications)
        async with app.engine.begin() as conn:  # the bank officer reads English
            await conn.execute(update(member_t).where(member_t.c.user_id == BANKER)
                               .values(locale="en"))
        yield cast


async def test_a_reviewer_reads_the_whole_overview(people: People) -> None:
    seen = await people.reviewer.send("/stats")
    text = text_of(seen)
    # The three people of this chat are members too: 9 in all, 6 of them new this week.
    assert "📊 工作概况（截至 2026-11-17 14:00）" in text
    assert ("👥 会员共 9 人，近 7 天新增 6 人；已关闭工会通知 1 人，"
            "无法联系（已屏蔽机器人）1 人") in text
    assert "按工会：仙游县总工会 3 · 未填写 3 · 临海市总工会 2 · 城东街道工会 1" in text
    assert "按职业：未填写 4 · 外卖骑手 3 · " in text
    assert "📝 贷款预申请：近 7 天提交 5 件，近 30 天 9 件" in text
    assert "待工会初审 5（已超期 2）· 待申请人补充材料 1 · 已推荐至银行 1" in text
    assert "银行已批准 1 · 工会未予推荐 1 · 银行未予批准 1 · 申请人已撤回 1" in text
    assert "💰 已放款 2 笔，共 600,000.00 元（还款中 1 笔）" in text
    assert "⚠️ 逾期未还：1 期，共 5,133.85 元（涉及 1 笔贷款）" in text
    assert "📮 通知：待发 4 条；近 24 小时已发送 3 · 发送失败 1 · 对方已屏蔽 2" in text
    assert "📢 群发 #2（" in text and "）发送中：已送达 1 / " in text
    assert "待发 1，失败 0，无法联系 1，已关闭通知 1" in text
    assert seen[-1].buttons == ["🔄 刷新"]

    # Refresh redraws in place, with today's numbers.
    again = await people.reviewer.press("🔄 刷新")
    assert "待工会初审 5（已超期 2）" in text_of(again)
    assert again[-1].edit


async def test_a_bank_officer_reads_the_loan_part_in_english(people: People) -> None:
    text = text_of(await people.banker.send("/stats"))
    assert "📊 Overview (as of 2026-11-17 14:00)" in text
    assert "Waiting for union review 5 (2 past SLA) · info requested 1" in text
    assert "recommended to the bank 1" in text
    assert "💰 Disbursed loans: 2, CNY 600,000.00 in total (1 being repaid)" in text
    assert "⚠️ Overdue instalments: 1, CNY 5,133.85 (loans concerned: 1)" in text
    assert "Members" not in text and "Notices" not in text and "Broadcast" not in text


async def test_a_member_is_told_there_is_no_such_command(people: People) -> None:
    assert "没有 /stats 这个命令" in text_of(await people.member.send("/stats"))
    # A hand-made refresh button meets the same wall.
    assert "没有 /stats 这个命令" in text_of(await people.member.press_data("menu:stats"))
