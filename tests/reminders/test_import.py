"""The bank's CSV files: disbursements and payments, line by line, safe to import twice."""

from __future__ import annotations

import asyncio
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.cli import main
from bot.reminders_cli import import_disbursements, import_payments
from storage.tables import instalment_t, loan_t
from tests.reminders.support import MEMBER, PLAIN, add_member, approved
from tests.support.clock import SHANGHAI, FakeClock


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


async def loans_count(app: App) -> tuple[int, int]:
    async with app.engine.connect() as conn:
        loans = await conn.scalar(select(func.count()).select_from(loan_t))
        paid = await conn.scalar(select(func.count()).where(instalment_t.c.paid_on.is_not(None)))
    return int(loans or 0), int(paid or 0)


async def test_disbursements_then_payments(app: App, clock: FakeClock, tmp_path: Path) -> None:
    await add_member(app.engine, MEMBER, clock())
    first = await approved(app.engine, clock())
    second = await approved(app.engine, clock(), programme=PLAIN, amount="500000", rate="4.3",
                            term=120)
    sheet = write(tmp_path / "d.csv", (
        "ref,disbursed_on,amount,annual_rate,term_months,method,bank_ref\n"
        f"{first},2026-11-16,,,,,JDZ-1\n"  # every term as approved
        f"{second.lower()},2026/11/17,450000,4.3,120,equal_principal,\n"
        "UB000000-NONE,2026-11-17,,,,,\n"
        f"{first},2026-11-17,,,,,\n"  # the same loan twice in one file
        f"{second},17.11.2026,,,,,\n"
        f"{second},2026-11-18,,,,,\n"))
    report = await import_disbursements(app.engine, app.services, sheet)
    # A loan already recorded is "already recorded", whatever else its line says.
    assert (report.added, report.unchanged) == (2, 3)
    assert [(r.line, r.key) for r in report.rejected] == [(4, "app-not-found")]
    again = await import_disbursements(app.engine, app.services, sheet)
    assert (again.added, again.unchanged) == (0, 5)
    assert await loans_count(app) == (2, 0)
    third = await approved(app.engine, clock())
    bad = write(tmp_path / "bad.csv", "ref,disbursed_on,amount,method\n"
                                      f"{third},2026-11-40,,\n"
                                      f"{third},2026-11-16,x,\n"
                                      f"{third},2026-11-16,900000,\n"
                                      f"{third},2026-11-16,,weekly\n"
                                      f"{third},2027-01-01,,\n")
    bad_report = await import_disbursements(app.engine, app.services, bad)
    assert [r.key for r in bad_report.rejected] == [
        "import-bad-date", "import-bad-amount", "disburse-amount-over",
        "import-bad-method", "disburse-date-future"]  # draw_as_needed: test_line_reminders
    clock.set_local(2026, 12, 20, 10)
    # Excel on Chinese Windows saves GB18030, with Chinese headers.
    payments = write(tmp_path / "p.csv", "贷款编号,期数,还款日期\n"
                                         f"{first},1,2026-12-16\n"
                                         "JDZ-1,2,2026-12-19\n"
                                         f"{second},1,2026-12-17\n"
                                         f"{second},0,2026-12-17\n"
                                         f"{second},999,2026-12-17\n"
                                         "nobody,1,2026-12-17\n"
                                         f"{second},2,2027-01-17\n", encoding="gb18030")
    report = await import_payments(app.engine, app.services, payments)
    assert report.added == 3
    assert [(r.line, r.key) for r in report.rejected] == [
        (5, "import-bad-period"), (6, "payment-period-unknown"), (7, "payment-loan-unknown"),
        (8, "payment-date-future")]
    again = await import_payments(app.engine, app.services, payments)
    assert (again.added, again.unchanged) == (0, 3)
    assert await loans_count(app) == (2, 3)
    missing = write(tmp_path / "m.csv", "ref,paid_on\nX,2026-12-01\n")
    assert [r.key for r in (await import_payments(app.engine, app.services, missing)).rejected
            ] == ["import-missing-columns"]


async def test_the_command_line(app: App, clock: FakeClock, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """`unionbot loans import-disbursements FILE` (it runs on the real clock)."""
    await add_member(app.engine, MEMBER, clock())
    ref = await approved(app.engine, clock())
    today = datetime.now(SHANGHAI).date().isoformat()
    sheet = write(tmp_path / "d.csv", f"ref,disbursed_on\n{ref},{today}\nUB-NOPE,{today}\n")
    monkeypatch.setenv("UNIONBOT_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("UNIONBOT_CLI_LOCALE", "en")
    run = partial(asyncio.to_thread, main)  # the command runs its own event loop
    assert await run(["loans", "import-disbursements", str(sheet)]) == 1
    out = capsys.readouterr().out
    assert "Line 3 rejected: Application UB-NOPE was not found." in out
    assert "Recorded 1, already recorded 0, rejected 1." in out
    assert await run(["loans", "import-payments", str(tmp_path / "absent.csv")]) == 2
