"""Staff calendar overrides on real SQLite and PostgreSQL: upsert, list, audit, effect on SLAs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.applications import Applications
from bot.catalog.loader import load_or_raise
from bot.settings import load_settings
from storage import calendar_overrides as overrides
from storage.tables import audit_t

NOW = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)


async def test_set_replace_list_and_remove(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        first = await overrides.set_override(conn, day=date(2027, 2, 6), working=True,
                                             note="2027 春节调休（待国务院通知）", now=NOW, by=9001)
        assert first is None
        await overrides.set_override(conn, day=date(2027, 1, 1), working=False, now=NOW)
    async with engine.begin() as conn:
        replaced = await overrides.set_override(conn, day=date(2027, 2, 6), working=False,
                                                note="  改为  休息 ", now=NOW + timedelta(hours=1))
        assert replaced is not None and replaced.working is True
    async with engine.connect() as conn:
        listed = await overrides.list_overrides(conn)
        assert [(o.day, o.working, o.note) for o in listed] == [
            (date(2027, 1, 1), False, ""), (date(2027, 2, 6), False, "改为 休息")]
        assert listed[1].set_at == NOW + timedelta(hours=1)
        later = await overrides.list_overrides(conn, since=date(2027, 2, 1))
        assert [o.day for o in later] == [date(2027, 2, 6)]
    async with engine.begin() as conn:
        assert await overrides.remove_override(conn, day=date(2027, 1, 1), now=NOW) is True
        assert await overrides.remove_override(conn, day=date(2027, 1, 1), now=NOW) is False
        assert await overrides.get_override(conn, date(2027, 1, 1)) is None
        rows = (await conn.execute(select(audit_t).order_by(audit_t.c.id))).all()
    assert [(r.action, r.subject, r.actor) for r in rows] == [
        ("calendar.set", "2027-02-06", 9001), ("calendar.set", "2027-01-01", None),
        ("calendar.set", "2027-02-06", None), ("calendar.remove", "2027-01-01", None)]
    assert rows[2].detail == {"working": False, "note": "改为 休息", "previous": True}


async def test_a_long_note_is_refused(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        with pytest.raises(ValueError, match="120"):
            await overrides.set_override(conn, day=date(2027, 1, 4), working=False,
                                         note="x" * 121, now=NOW)
        assert await overrides.list_overrides(conn) == []


async def test_an_override_moves_the_due_date(engine: AsyncEngine) -> None:
    """3 working days after 2026-09-30 is 10-10 (a make-up Saturday) until staff say otherwise."""
    service = Applications(load_or_raise(load_settings().catalog))
    async with engine.begin() as conn:
        before = (await service.calendar(conn)).add_working_days(date(2026, 9, 30), 3)
        await overrides.set_override(conn, day=date(2026, 10, 10), working=False,
                                     note="本单位不调休", now=NOW)
        after = (await service.calendar(conn)).add_working_days(date(2026, 9, 30), 3)
    assert (before, after) == (date(2026, 10, 10), date(2026, 10, 12))
