"""Each audience on SQLite and PostgreSQL: who is sent it, who opted out, who is unreachable.

The preview's numbers and the rows the filling job writes must agree: the preview is
what staff decide on, the rows are what members get.
"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import broadcasts
from bot.branches import load_branches
from bot.broadcasts import Audience, BroadcastFiller, Preview, district_audience
from storage import outbox
from tests.broadcasts.support import NOW, add_loan, add_members, create, fill_all, member, rows_of

PEOPLE = [
    member(1, branch="xianyou", occupation="delivery_rider"),
    member(2, branch="dinghai", occupation="courier", locale="en"),
    member(3, branch="nanxun", occupation="delivery_rider", notices_off=True),
    member(4, branch="dinghai", occupation="delivery_rider", unreachable=True),
    member(5, branch="某某街道快递行业工会", locale="en"),  # typed, not in the list
    member(6, branch="linping", occupation="factory_worker"),
    member(7, notices_off=True, unreachable=True),  # counted once, as opted out
    member(8, branch="xianyou", occupation="courier", locale="en", notices_off=True),
]
BRANCHES = load_branches()

# audience → (sent to, opted out, unreachable)
CASES: dict[str, tuple[Audience, set[int], set[int], set[int]]] = {
    "all": (Audience("all"), {1, 2, 5, 6}, {3, 7, 8}, {4}),
    "branch": (Audience("branch", "xianyou"), {1}, {8}, set()),
    "district": (district_audience("定海区", BRANCHES), {2}, set(), {4}),
    "occupation": (Audience("occupation", "delivery_rider"), {1}, {3}, {4}),
    "loan": (Audience("loan"), {5}, {8}, set()),
    "language": (Audience("language", "en"), {2, 5}, {8}, set()),
}


async def seed(engine: AsyncEngine) -> None:
    await add_members(engine, PEOPLE)
    for user_id, status in ((5, "active"), (8, "active"), (6, "closed")):
        await add_loan(engine, user_id, status)


@pytest.mark.parametrize("case", list(CASES))
async def test_audience_preview_and_rows_agree(engine: AsyncEngine, case: str) -> None:
    audience, sent, opted_out, unreachable = CASES[case]
    await seed(engine)
    async with engine.connect() as conn:
        assert await broadcasts.preview(conn, audience) == Preview(
            len(sent), len(opted_out), len(unreachable))

    broadcast_id = await create(engine, audience)
    await fill_all(BroadcastFiller(engine, lambda: NOW), broadcast_id)
    rows = await rows_of(engine, broadcast_id)
    by_status: dict[tuple[str, str], set[int]] = {}
    for row in rows:
        by_status.setdefault((row["status"], row["last_error"]), set()).add(row["user_id"])
    expected = {(outbox.PENDING, ""): sent, (outbox.SKIPPED, broadcasts.OPTED_OUT): opted_out,
                (outbox.SKIPPED, broadcasts.UNREACHABLE): unreachable}
    assert by_status == {k: v for k, v in expected.items() if v}
    assert all(r["kind"] == "broadcast" and r["priority"] == broadcasts.PRIORITY for r in rows)
    assert all(r["payload"] == {"text": ["通知"]} for r in rows)


async def test_district_covers_every_branch_in_it(engine: AsyncEngine) -> None:
    """Two branches in one district; a branch without a district is in none."""
    branches = dict(BRANCHES)
    extra = branches["dinghai"].__class__("dinghai_post", {"zh-CN": "定海区邮政工会"}, "定海区")
    branches["dinghai_post"] = extra
    await add_members(engine, [member(1, branch="dinghai"), member(2, branch="dinghai_post"),
                               member(3, branch="jilin"), member(4, branch="linping")])
    audience = district_audience("定海区", branches)
    assert audience.branches == ("dinghai", "dinghai_post")
    assert broadcasts.districts(branches)[:1] == ["仙游县"]
    async with engine.connect() as conn:
        assert (await broadcasts.preview(conn, audience)).recipients == 2
        # Resolved when the broadcast was created: stored with its branch codes.
        stored = Audience.from_json(audience.to_json())
        assert await broadcasts.preview(conn, stored) == Preview(2, 0, 0)
        empty = district_audience("不存在区", branches)
        assert await broadcasts.preview(conn, empty) == Preview(0, 0, 0)


def test_audience_values_are_checked() -> None:
    with pytest.raises(ValueError):
        Audience("branch")
    with pytest.raises(ValueError):
        Audience("everyone")
    with pytest.raises(ValueError):
        Audience("all", "x")
