"""The schedule export opens in Excel with Chinese headers and exact figures."""

import csv
import io
from datetime import date
from decimal import Decimal as D

from bot.calendar.months import add_months, monthly_due_dates
from bot.loans.calculator import Method, schedule
from bot.loans.schedule_csv import LABEL_KEYS, Column, schedule_to_csv

LABELS = {
    Column.PERIOD: "期数",
    Column.DUE_DATE: "还款日",
    Column.PAYMENT: "月供（元）",
    Column.PRINCIPAL: "本金（元）",
    Column.INTEREST: "利息（元）",
    Column.BALANCE: "剩余本金（元）",
}


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_with_due_dates_and_totals() -> None:
    sched = schedule(D("500000"), D("4.30"), 120, Method.EQUAL_INSTALMENTS)
    rows = _rows(schedule_to_csv(sched, LABELS, start_date=date(2026, 1, 31), total_label="合计"))
    assert rows[0] == ["期数", "还款日", "月供（元）", "本金（元）", "利息（元）", "剩余本金（元）"]
    assert rows[1] == ["1", "2026-02-28", "5133.85", "3342.18", "1791.67", "496657.82"]
    assert rows[2][1] == "2026-03-31"
    assert rows[120][:3] == ["120", "2036-01-31", "5134.14"]
    assert rows[120][5] == "0.00"
    assert rows[121] == ["合计", "", "616062.29", "500000.00", "116062.29", ""]
    assert len(rows) == 122


def test_csv_without_dates() -> None:
    sched = schedule(D("200000"), D("3.45"), 12, Method.INTEREST_FIRST)
    rows = _rows(schedule_to_csv(sched, LABELS))
    assert rows[0] == ["期数", "月供（元）", "本金（元）", "利息（元）", "剩余本金（元）"]
    assert rows[1] == ["1", "575.00", "0.00", "575.00", "200000.00"]
    assert rows[12] == ["12", "200575.00", "200000.00", "575.00", "0.00"]
    assert len(rows) == 13


def test_csv_uses_crlf_for_excel() -> None:
    sched = schedule(D("1200"), D("0"), 2, Method.EQUAL_PRINCIPAL)
    assert schedule_to_csv(sched, LABELS).count(b"\r\n") == 3


def test_label_keys() -> None:
    assert Column.DUE_DATE.key == "loan-csv-due-date"
    assert "loan-csv-total" in LABEL_KEYS


def test_month_end_safe_due_dates() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert monthly_due_dates(date(2026, 1, 31), 4) == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]
