"""A repayment schedule as a CSV file members can open in Excel or WPS.

UTF-8 with a byte-order mark: without it Excel on Chinese Windows reads UTF-8 as GBK and
the headers turn to mojibake. Amounts are plain numbers ("5133.85", no grouping) so the
spreadsheet treats them as numbers; dates are ISO, which both programs recognise.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from bot.calendar.months import monthly_due_dates
from bot.loans.calculator import Schedule


class Column(StrEnum):
    PERIOD = "period"
    DUE_DATE = "due_date"
    PAYMENT = "payment"
    PRINCIPAL = "principal"
    INTEREST = "interest"
    BALANCE = "balance"

    @property
    def key(self) -> str:
        """Fluent key of the column's header label."""
        return "loan-csv-" + self.value.replace("_", "-")


# Fluent keys the caller resolves into `labels`, plus the optional totals row label.
TOTAL_KEY = "loan-csv-total"
LABEL_KEYS = frozenset({c.key for c in Column} | {TOTAL_KEY})


def schedule_to_csv(
    sched: Schedule,
    labels: Mapping[Column, str],
    *,
    start_date: date | None = None,
    total_label: str | None = None,
) -> bytes:
    """The full schedule as CSV bytes (UTF-8 with BOM).

    `labels` gives each column's header text (resolve Column.key in the member's locale).
    With `start_date` (the disbursement date) a due-date column is added: the same day each
    month, clamped to the month's end. With `total_label` a last row sums payment,
    principal and interest.
    """
    columns = [c for c in Column if c is not Column.DUE_DATE or start_date is not None]
    dues = monthly_due_dates(start_date, len(sched.rows)) if start_date else []
    buffer = io.StringIO()
    # Excel expects CRLF line ends, which is also csv's default dialect.
    writer = csv.writer(buffer)
    writer.writerow([labels[c] for c in columns])
    for index, row in enumerate(sched.rows):
        values = {
            Column.PERIOD: str(row.period),
            Column.DUE_DATE: dues[index].isoformat() if dues else "",
            Column.PAYMENT: str(row.payment),
            Column.PRINCIPAL: str(row.principal),
            Column.INTEREST: str(row.interest),
            Column.BALANCE: str(row.balance),
        }
        writer.writerow([values[c] for c in columns])
    if total_label is not None:
        totals = {
            Column.PERIOD: total_label,
            Column.PAYMENT: str(sched.total_payment),
            Column.PRINCIPAL: str(sum(r.principal for r in sched.rows)),
            Column.INTEREST: str(sched.total_interest),
        }
        writer.writerow([totals.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8-sig")
