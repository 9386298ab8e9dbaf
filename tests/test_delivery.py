"""Outbox delivery through the sender both runtimes use, to the fake Bot API server.

Notices are rendered in the member's language at send time, delivered once, and
the failures Telegram really produces (403, 429, 5xx) end as recorded outcomes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.app import App
from bot.delivery import Deliverer, DeliveryPolicy
from bot.pacing import Pacer
from handlers.botapi_sender import BotApiSender
from storage import members, outbox
from tests.fakebotapi.server import FakeBotAPI
from tests.support.clock import FakeClock

A, B, GONE = 5001, 5002, 5003


@pytest.fixture
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as api:
        yield api


@pytest.fixture
async def sender(app: App, server: FakeBotAPI) -> AsyncIterator[BotApiSender]:
    """The outbox's sender, as both runtimes use it."""
    app.settings.telegram_token, app.settings.telegram_api_url = server.token, server.url
    botapi = BotApiSender(server.token, server.url)
    try:
        yield botapi
    finally:
        await botapi.close()


async def seed(app: App, clock: FakeClock) -> None:
    async with app.engine.begin() as conn:
        await members.create(conn, user_id=A, chat_id=A, locale="zh-CN", now=clock(), source=None)
        await members.create(conn, user_id=B, chat_id=B, locale="en", now=clock(), source=None)
        for user in (A, B, GONE):
            await outbox.enqueue(conn, dedup_key=f"hello:{user}", user_id=user, chat_id=user,
                                 kind="info", now=clock(), payload={"text": [
                                     {"key": "notice-test", "args": {
                                         "amount": {"money": "100000.00"},
                                         "programme": {"names": {"zh-CN": "匠心贷",
                                                                 "en": "Craftsman loan"}}}}]})


def held_pacer(clock: FakeClock) -> Pacer:
    """Per-chat spacing measured on the test's clock; no real waiting."""

    async def no_wait(_seconds: float) -> None:
        return None

    return Pacer(rate=1000.0, monotonic=lambda: clock().timestamp(), sleep=no_wait)


def deliverer(app: App, sender: Any, clock: FakeClock) -> Deliverer:
    return Deliverer(app.engine, app.services.t, sender, clock,
                     DeliveryPolicy(max_attempts=2), pacer=held_pacer(clock))


async def statuses(app: App) -> dict[str, int]:
    async with app.engine.connect() as conn:
        return await outbox.counts(conn)


async def test_rendered_in_each_language_and_sent_once(app: App, sender: Any,
                                                      server: FakeBotAPI,
                                                      clock: FakeClock) -> None:
    await seed(app, clock)
    worker = deliverer(app, sender, clock)
    assert await worker.run_once() == 2
    assert await worker.run_once() == 0  # nothing is sent twice
    assert server.texts(A) == ["测试通知：匠心贷，100,000.00 元"]
    assert server.texts(B) == ["Test notice: Craftsman loan, CNY 100,000.00"]
    assert await statuses(app) == {"sent": 2, "skipped": 1}  # GONE never consented/erased


async def test_blocked_member_is_marked_and_skipped_later(app: App, sender: Any,
                                                        server: FakeBotAPI,
                                                        clock: FakeClock) -> None:
    await seed(app, clock)
    server.block(A)
    await deliverer(app, sender, clock).run_once()
    async with app.engine.connect() as conn:
        assert (await members.get(conn, A) or {})["unreachable"] is True
    async with app.engine.begin() as conn:
        await outbox.enqueue(conn, dedup_key="again", user_id=A, chat_id=A, kind="info",
                             now=clock(), payload={"text": []})
    await deliverer(app, sender, clock).run_once()
    assert len(server.calls("sendMessage", chat_id=A)) == 1  # the refused one only
    assert await statuses(app) == {"blocked": 1, "sent": 1, "skipped": 2}


async def test_server_errors_are_retried_then_recorded(app: App, sender: Any,
                                                      server: FakeBotAPI,
                                                      clock: FakeClock) -> None:
    await seed(app, clock)
    server.server_error_next("sendMessage", status=502, count=3)
    worker = deliverer(app, sender, clock)
    await worker.run_once()  # both fail once (502), A and B
    clock.advance(seconds=11)
    await worker.run_once()  # A fails again: second attempt, the limit → failed; B sent
    counts = await statuses(app)
    assert counts.get("failed") == 1 and counts.get("sent") == 1
    async with app.engine.connect() as conn:
        from sqlalchemy import select

        from storage.tables import notification_t as n

        failed = (await conn.execute(select(n).where(n.c.status == "failed"))).one()
    assert failed.attempts == 2 and failed.last_error


async def test_flood_control_pauses_everyone(app: App, server: FakeBotAPI, sender: Any,
                                             clock: FakeClock) -> None:
    """A 429 stops all sending for retry_after; nothing is lost, nothing doubled."""
    await seed(app, clock)
    server.rate_limit_next("sendMessage", retry_after=30)
    worker = deliverer(app, sender, clock)
    first = await worker.run_once()  # a request already in flight may still land
    assert first <= 1
    assert worker.paused_until == clock() + timedelta(seconds=30)
    calls = len(server.calls("sendMessage"))
    clock.advance(seconds=10)
    assert await worker.run_once() == 0
    assert len(server.calls("sendMessage")) == calls  # paused: not a single request
    clock.advance(seconds=21)
    assert first + await worker.run_once() == 2
    delivered = [c.chat_id for c in server.calls("sendMessage", ok=True)]
    assert sorted(delivered) == [A, B]  # each exactly once


async def test_quiet_hours_hold_general_notices_not_decisions(app: App, server: FakeBotAPI,
                                                             sender: Any,
                                                             clock: FakeClock) -> None:
    from zoneinfo import ZoneInfo

    from bot.pacing import QuietHours

    clock.set_local(2026, 11, 17, 22, 30)
    async with app.engine.begin() as conn:
        await members.create(conn, user_id=A, chat_id=A, locale="zh-CN", now=clock(),
                             source=None)
        for key, urgent in (("news", False), ("decision", True)):
            await outbox.enqueue(conn, dedup_key=key, user_id=A, chat_id=A, kind=key,
                                 now=clock(), urgent=urgent, payload={"text": [key]})
    worker = Deliverer(app.engine, app.services.t, sender, clock, pacer=held_pacer(clock),
                       quiet=QuietHours.parse("21:00-08:00", ZoneInfo("Asia/Shanghai")))
    assert await worker.run_once() == 1
    assert server.texts(A) == ["decision"]
    clock.set_local(2026, 11, 18, 8, 0)
    assert await worker.run_once() == 1
    assert server.texts(A) == ["decision", "news"]


async def test_a_notice_telegram_refuses_fails_at_once_and_the_member_stays_reachable(
        app: App, server: FakeBotAPI, clock: FakeClock) -> None:
    """A broadcast photo whose file id Telegram does not know: retrying cannot help."""
    await seed(app, clock)
    async with app.engine.begin() as conn:
        await outbox.enqueue(conn, dedup_key="poster", user_id=A, chat_id=A, kind="broadcast",
                             now=clock(), payload={"text": ["海报"], "photo": "no-such-file"})
    botapi = BotApiSender(server.token, server.url)
    try:
        worker = deliverer(app, botapi, clock)
        assert await worker.run_once() == 2
        clock.advance(seconds=1)  # the poster waited for A's second
        assert await worker.run_once() == 0
        clock.advance(seconds=3600)
        assert await worker.run_once() == 0  # not tried again
    finally:
        await botapi.close()
    assert await statuses(app) == {"sent": 2, "skipped": 1, "failed": 1}
    assert len(server.calls("sendPhoto")) == 1
    async with app.engine.connect() as conn:
        assert (await members.get(conn, A) or {})["unreachable"] is False


MANY = list(range(6001, 6006))


async def seed_many(app: App, clock: FakeClock) -> None:
    async with app.engine.begin() as conn:
        for user in MANY:
            await members.create(conn, user_id=user, chat_id=user, locale="zh-CN",
                                 now=clock(), source=None)
            await outbox.enqueue(conn, dedup_key=f"news:{user}", user_id=user, chat_id=user,
                                 kind="info", now=clock(), payload={"text": ["通知"]})


def one_at_a_time(app: App, sender: Any, clock: FakeClock) -> Deliverer:
    return Deliverer(app.engine, app.services.t, sender, clock,
                     DeliveryPolicy(concurrency=1), pacer=held_pacer(clock))


@pytest.mark.parametrize(("answer_after", "grace"), [
    pytest.param(0.3, 5.0, id="answered-within-the-grace"),
    pytest.param(1.0, 0.1, id="still-in-flight-after-the-grace"),
])
async def test_a_stopping_worker_hands_back_what_it_claimed_but_did_not_send(
        app: App, server: FakeBotAPI, clock: FakeClock, answer_after: float,
        grace: float) -> None:
    """Stopped while its first request is in flight: the rest go back to the outbox, and
    another process sends them straight away rather than after the lease. The request in
    flight, when answered within the grace, is recorded; when not, Telegram may have
    accepted it: it is not handed back (that could send it twice), it is recorded when its
    answer comes, or sent again after the lease if none does. Every member gets the notice
    once, and handing back does not count as a try."""
    answered = answer_after < grace
    await seed_many(app, clock)
    server.delay_next("sendMessage", answer_after, chat_id=MANY[0])
    botapi = BotApiSender(server.token, server.url)
    try:
        stopping = one_at_a_time(app, botapi, clock)
        round_ = asyncio.create_task(stopping.run_once())
        await asyncio.sleep(0.1)  # the first request is on its way
        await stopping.stop(grace=grace)
        assert round_.done() is answered
        in_flight = "sent" if answered else "sending"
        assert await statuses(app) == {in_flight: 1, "pending": 4}
        assert await stopping.run_once() == 0  # a stopped worker sends nothing more

        assert await one_at_a_time(app, botapi, clock).run_once() == 4  # same moment
        assert await round_ == 1  # the slow answer came: recorded as sent
    finally:
        await botapi.close()
    assert await statuses(app) == {"sent": 5}
    assert sorted(c.chat_id for c in server.calls("sendMessage", ok=True)) == MANY
    async with app.engine.connect() as conn:
        from sqlalchemy import select

        from storage.tables import notification_t as n

        attempts = set(await conn.scalars(select(n.c.attempts)))
    assert attempts == {1}  # handing back did not count as a try


async def test_a_round_cancelled_mid_wait_still_records_the_answer_in_flight(
        app: App, server: FakeBotAPI, clock: FakeClock) -> None:
    """APScheduler's shutdown cancels the running delivery job while it waits to send the
    next notice; the request already on its way is its own task: the stop waits for its
    answer and records it (closing the connection under it would leave a notice the
    member got looking unsent, to be sent again), and hands back the rest."""
    await seed_many(app, clock)
    server.delay_next("sendMessage", 0.5, chat_id=MANY[0])
    botapi = BotApiSender(server.token, server.url)
    try:
        stopping = one_at_a_time(app, botapi, clock)
        round_ = asyncio.create_task(stopping.run_once())
        await asyncio.sleep(0.1)  # the first request is on its way, the round waits
        round_.cancel()
        await stopping.stop(grace=5.0)
        assert await statuses(app) == {"sent": 1, "pending": 4}
    finally:
        await botapi.close()
    assert [c.chat_id for c in server.calls("sendMessage", ok=True)] == MANY[:1]


async def test_the_scheduler_stops_its_worker_before_cancelling_its_jobs(
        app: App, server: FakeBotAPI, clock: FakeClock) -> None:
    """The bot's own stop (SIGTERM): the request in flight is answered and recorded, the
    notices claimed but not sent go back at once; nothing is left leased."""
    from bot.scheduler import start_scheduler

    await seed_many(app, clock)
    server.delay_next("sendMessage", 0.5, chat_id=MANY[0])
    botapi = BotApiSender(server.token, server.url)
    try:
        scheduler = start_scheduler(one_at_a_time(app, botapi, clock), delivery_seconds=0.05)
        await asyncio.sleep(0.25)  # the first request is on its way (answered at ≈ 0.55 s)
        await scheduler.stop(grace=5.0)
        assert await statuses(app) == {"sent": 1, "pending": 4}
    finally:
        await botapi.close()
