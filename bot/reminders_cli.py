"""`unionbot loans import-disbursements FILE` and `import-payments FILE`: the bank's lists.

Disbursements CSV (one loan a line; empty cells take the approved decision's terms)::

    ref,disbursed_on,amount,annual_rate,term_months,method,bank_ref
    UB261117-ABCD,2026-11-20,500000,4.3,120,equal_instalments,XY-2026-0001
    UB261118-EFGH,2026-11-20,100000,3.6,12,draw_as_needed,XY-2026-0002

``draw_as_needed`` records a credit line (随借随还): ``amount`` is the line amount and the
line ends ``term_months`` after ``disbursed_on``; its full repayment is period 1.

Payments CSV (``ref`` is the union's application reference, the bank's loan number, or
``#`` and the loan id)::

    ref,period,paid_on
    UB261117-ABCD,1,2026-12-20

Each line is its own transaction, so a bad line is reported and the rest still count;
importing the same file again records nothing twice (those lines count as "already
recorded"). Files saved by Excel on Chinese Windows are GB18030, not UTF-8: both are read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bot.applications import NotAllowed
from bot.loans.amounts import InputError, parse_amount, parse_term_months
from bot.loans.calculator import Method
from bot.reminders import Loans, Terms, default_terms, read_date
from storage import loans

# The command line acts for the operator, who already holds the database: an admin.
CLI_ROLE = "admin"
# Headers as banks and union staff write them; all compared case-insensitively.
ALIASES: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "application_ref", "loan", "申请编号", "贷款编号"),
    "disbursed_on": ("disbursed_on", "date", "放款日期"),
    "amount": ("amount", "放款金额", "金额"),
    "annual_rate": ("annual_rate", "rate", "年利率"),
    "term_months": ("term_months", "term", "期限"),
    "method": ("method", "还款方式"),
    "bank_ref": ("bank_ref", "银行编号", "合同编号"),
    "period": ("period", "期数"),
    "paid_on": ("paid_on", "还款日期"),
}
DISBURSEMENT_REQUIRED = ("ref", "disbursed_on")
PAYMENT_REQUIRED = ("ref", "period", "paid_on")


@dataclass(frozen=True)
class Rejected:
    line: int
    key: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0  # already recorded: re-importing a file is harmless
    rejected: list[Rejected] = field(default_factory=list)


class BadCell(Exception):  # noqa: N818
    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key, self.args = key, args


# -- reading the file ------------------------------------------------------------------------


def _text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _canonical(header: str) -> str:
    name = header.strip().lower()
    return next((key for key, names in ALIASES.items() if name in names), name)


def read_rows(path: Path, required: tuple[str, ...],
              report: ImportReport) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, cells by canonical column) for each non-empty line."""
    try:
        reader = csv.DictReader(io.StringIO(_text(path)))
        fields = [_canonical(f) for f in reader.fieldnames or []]
    except (csv.Error, UnicodeDecodeError) as exc:
        report.rejected.append(Rejected(1, "import-unreadable", {"error": str(exc)}))
        return
    missing = [c for c in required if c not in fields]
    if missing:
        report.rejected.append(Rejected(1, "import-missing-columns",
                                        {"columns": ", ".join(missing)}))
        return
    for row in reader:
        cells = {_canonical(k): (v or "").strip() for k, v in row.items() if k is not None}
        if any(cells.values()):
            yield reader.line_num, cells


# -- reading the cells -----------------------------------------------------------------------


def _date(value: str) -> date:
    day = read_date(value)
    if day is None:
        raise BadCell("import-bad-date", value=value)
    return day


def _amount(value: str) -> Decimal:
    try:
        return parse_amount(value)
    except InputError as exc:
        raise BadCell("import-bad-amount", value=value) from exc


def _rate(value: str) -> Decimal:
    try:
        rate = Decimal(value.strip().removesuffix("%"))
    except InvalidOperation as exc:
        raise BadCell("import-bad-rate", value=value) from exc
    if not rate.is_finite() or rate < 0:
        raise BadCell("import-bad-rate", value=value)
    return rate


def _term(value: str) -> int:
    try:
        return parse_term_months(value)
    except InputError as exc:
        raise BadCell("import-bad-term", value=value) from exc


def _method(value: str) -> Method:
    try:
        return Method(value.strip().lower())
    except ValueError as exc:
        raise BadCell("import-bad-method", value=value) from exc


def _period(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise BadCell("import-bad-period", value=value)
    return int(value)


def terms_from(cells: Mapping[str, str], defaults: Terms) -> Terms:
    """The line's terms, each empty cell taking the approved decision's value."""
    return Terms(_date(cells["disbursed_on"]),
                 _amount(cells["amount"]) if cells.get("amount") else defaults.amount,
                 _rate(cells["annual_rate"]) if cells.get("annual_rate") else defaults.annual_rate,
                 _term(cells["term_months"]) if cells.get("term_months") else defaults.term_months,
                 _method(cells["method"]) if cells.get("method") else defaults.method,
                 cells.get("bank_ref", "")[:40])


# -- the imports -----------------------------------------------------------------------------

# Records one line's cells: True when something new was recorded, False when the line was
# recorded before. Raises BadCell for a cell it cannot read, NotAllowed for a refusal.
RecordLine = Callable[[dict[str, str]], Awaitable[bool]]


async def import_lines(path: Path, required: tuple[str, ...],
                       record: RecordLine) -> ImportReport:
    """Each line through ``record`` on its own; the counts and every rejected line."""
    report = ImportReport()
    for line, cells in read_rows(path, required, report):
        try:
            if not cells["ref"]:
                raise BadCell("import-empty-ref")
            if await record(cells):
                report.added += 1
            else:
                report.unchanged += 1
        except BadCell as bad:
            report.rejected.append(Rejected(line, bad.key, bad.args))
        except NotAllowed as refused:
            report.rejected.append(Rejected(line, refused.key, dict(refused.params)))
    return report


async def import_disbursements(engine: Any, services: Any, path: Path, *,
                               actor: int | None = None) -> ImportReport:
    """Record each line's disbursement and schedule; see the module docstring."""
    service = Loans.of(services)

    async def record(cells: dict[str, str]) -> bool:
        ref = cells["ref"].upper()
        async with engine.begin() as conn:
            now = services.clock()
            app = await _application_or_existing(conn, service, ref)
            if app is None:
                return False
            terms = terms_from(cells, default_terms(app, service.today(now)))
            await service.disburse(conn, ref=ref, terms=terms, actor=actor, role=CLI_ROLE,
                                   now=now)
        return True

    return await import_lines(path, DISBURSEMENT_REQUIRED, record)


async def _application_or_existing(conn: Any, service: Loans,
                                   ref: str) -> dict[str, Any] | None:
    """The approved application; None when its loan is already recorded (a re-import)."""
    try:
        return await service.approved_application(conn, ref)
    except NotAllowed as exc:
        if exc.key == "disburse-already":
            return None
        raise


async def import_payments(engine: Any, services: Any, path: Path, *,
                          actor: int | None = None) -> ImportReport:
    """Mark each line's instalment paid; its reminders not yet sent are skipped."""
    service = Loans.of(services)

    async def record(cells: dict[str, str]) -> bool:
        ref = cells["ref"]
        period, paid_on = _period(cells["period"]), _date(cells["paid_on"])
        async with engine.begin() as conn:
            loan = await _loan(conn, ref)
            if loan is None:
                raise NotAllowed("payment-loan-unknown", loan=ref)
            result = await service.record_payment(
                conn, loan_id=loan["id"], period=period, paid_on=paid_on, actor=actor,
                role=CLI_ROLE, now=services.clock())
        return result.recorded

    return await import_lines(path, PAYMENT_REQUIRED, record)


async def _loan(conn: Any, ref: str) -> dict[str, Any] | None:
    if ref.startswith("#") and ref[1:].isdigit():
        return await loans.get_loan(conn, int(ref[1:]))
    return await loans.find_loan(conn, ref.upper()) or await loans.find_loan(conn, ref)


# -- the command line --------------------------------------------------------------------------


async def run_import(settings: Any, t: Any, what: str, path: Path) -> int:
    """Print each rejected line and the counts; exit status 1 if any line was rejected."""
    from bot.app import build_app

    loc = settings.cli_locale
    if not path.exists():
        print(t(loc, "cli-file-missing", {"file": str(path)}))
        return 2
    app = await build_app(settings, seed_stations=False)
    try:
        run = import_disbursements if what == "import-disbursements" else import_payments
        report = await run(app.engine, app.services, path)
    finally:
        await app.close()
    for r in report.rejected:
        print(t(loc, "cli-loans-rejected", {"line": r.line, "reason": t(loc, r.key, r.args)}))
    print(t(loc, "cli-loans-summary", {"added": report.added, "unchanged": report.unchanged,
                                       "rejected": len(report.rejected)}))
    return 1 if report.rejected else 0
