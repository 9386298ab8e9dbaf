"""The tables. SQLModel classes for the ORM paths; their ``__table__`` for Core hot paths."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

# The conditions of the outbox's partial indexes, written out once: SQLite uses a partial
# index only for a query that repeats its condition word for word (storage/outbox.py does).
PENDING_ROWS = "status = 'pending'"
LEASED_ROWS = "status = 'sending'"
# Indexes the migrations make that the metadata leaves out (see Notification).
MIGRATION_ONLY_INDEXES = frozenset({"ix_notification_pending", "ix_notification_leased"})


class Member(SQLModel, table=True):
    """A person who talks to the bot; exists only after cross-border consent."""

    __tablename__ = "member"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    locale: str = Field(default="zh-CN", max_length=8)
    consent_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    name: str | None = Field(default=None, max_length=40)
    phone: str | None = Field(default=None, max_length=20)
    branch: str | None = Field(default=None, max_length=40)
    occupation: str | None = Field(default=None, max_length=32)
    titles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source: str | None = Field(default=None, max_length=64)  # deep-link payload of /start
    notices_off: bool = False
    unreachable: bool = False


class DialogState(SQLModel, table=True):
    """Where each member's conversation stands; ``version`` guards concurrent writers."""

    __tablename__ = "dialog_state"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    flow: str | None = Field(default=None, max_length=32)
    step: str | None = Field(default=None, max_length=32)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    nonce: str = Field(default="", max_length=12)
    suspended: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    version: int = 0


class Station(SQLModel, table=True):
    """A rest station (驿站); coordinates always WGS-84, converted at import."""

    __tablename__ = "station"

    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=120)
    province: str = Field(default="", max_length=40)
    city: str = Field(default="", max_length=40)
    district: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=200)
    lat: float
    lon: float
    hours: str = Field(max_length=120)
    amenities: str = Field(default="", max_length=400)  # ';'-joined amenity codes
    host: str = Field(default="", max_length=120)
    star: int | None = None
    phone: str = Field(default="", max_length=40)
    verified: date | None = None
    sample: bool = False
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class Meta(SQLModel, table=True):
    """Small shared counters, e.g. the registry version every process compares against."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True, max_length=40)
    value: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class Staff(SQLModel, table=True):
    __tablename__ = "staff"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    role: str = Field(max_length=20)
    added_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    added_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class AuditLog(SQLModel, table=True):
    """Who did what, when: staff actions and data erasure."""

    __tablename__ = "audit_log"
    # ix_audit_action: the staff-menu sync looks up "staff.removed" every minute.
    __table_args__ = (Index("ix_audit_at", "at"), Index("ix_audit_action", "action"))

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    actor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    action: str = Field(max_length=40)
    subject: str = Field(default="", max_length=80)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


member_t = Member.__table__  # type: ignore[attr-defined]
state_t = DialogState.__table__  # type: ignore[attr-defined]
station_t = Station.__table__  # type: ignore[attr-defined]
meta_t = Meta.__table__  # type: ignore[attr-defined]
staff_t = Staff.__table__  # type: ignore[attr-defined]
audit_t = AuditLog.__table__  # type: ignore[attr-defined]


class Application(SQLModel, table=True):
    """A loan pre-application (预申请). No ID number, account or statement is ever stored."""

    __tablename__ = "application"
    __table_args__ = (Index("ix_application_user", "user_id"),
                      Index("ix_application_stage", "stage", "submitted_at"))

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=20, unique=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    programme: str = Field(max_length=40)
    tier: str = Field(max_length=40)
    borrower: str = Field(max_length=12)
    amount: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    term_months: int
    purpose: str = Field(max_length=40)
    method: str = Field(max_length=24)
    branch: str = Field(max_length=60)
    employer: str = Field(max_length=80)
    name: str = Field(max_length=40)
    phone: str = Field(max_length=20)
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    consents: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    stage: str = Field(max_length=20)
    submitted_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    stage_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    decided_amount: Decimal | None = Field(default=None,
                                           sa_column=Column(Numeric(14, 2), nullable=True))
    decided_rate: Decimal | None = Field(default=None,
                                         sa_column=Column(Numeric(7, 4), nullable=True))
    decided_term: int | None = None
    note: str = Field(default="", max_length=500)  # latest reason or question to the member
    version: int = 0


class ApplicationEvent(SQLModel, table=True):
    """The stage history a member sees in /status, and staff in the audit."""

    __tablename__ = "application_event"
    __table_args__ = (Index("ix_app_event_app", "application_id"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE")
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    stage: str = Field(max_length=20)
    actor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    note: str = Field(default="", max_length=500)


class Notification(SQLModel, table=True):
    """The outbox: everything sent on the bot's own initiative, once per ``dedup_key``."""

    __tablename__ = "notification"
    # The claim reads pending rows in its own order (priority, due_at, id), and leases that
    # ran out; sent rows pile up by the million and claimed ones by the batch, and neither
    # may be in its way (bench/bench_planning.py claims). Those two partial indexes are made
    # by migration 0005 alone: declaring them here needs `postgresql_where`, which would
    # load the PostgreSQL dialect into every bot on SQLite (≈ 2 MiB, 18 modules, 50 ms).
    __table_args__ = (Index("ix_notification_due", "status", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=120, unique=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(max_length=20)  # decision, info, reminder, escalation, broadcast
    priority: int = 5  # lower goes first: decisions before reminders before broadcasts
    urgent: bool = False  # may break quiet hours (a decision on the member's own application)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    status: str = Field(default="pending", max_length=12)
    attempts: int = 0
    claimed_until: datetime | None = Field(default=None,
                                           sa_column=Column(UTCDateTime, nullable=True))
    claim_token: str | None = Field(default=None, max_length=24)
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    last_error: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class CalendarOverride(SQLModel, table=True):
    """Staff corrections to the official calendar (dates the libraries do not know yet)."""

    __tablename__ = "calendar_override"

    day: date = Field(primary_key=True)
    working: bool
    note: str = Field(default="", max_length=120)
    set_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


application_t = Application.__table__  # type: ignore[attr-defined]
app_event_t = ApplicationEvent.__table__  # type: ignore[attr-defined]
notification_t = Notification.__table__  # type: ignore[attr-defined]
override_t = CalendarOverride.__table__  # type: ignore[attr-defined]


class Loan(SQLModel, table=True):
    """A disbursed loan the bank recorded; its schedule drives repayment reminders."""

    __tablename__ = "loan"
    __table_args__ = (Index("ix_loan_user", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int | None = Field(default=None, unique=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    programme: str = Field(max_length=40)
    bank_ref: str = Field(default="", max_length=40)
    disbursed_on: date
    amount: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    annual_rate: Decimal = Field(sa_column=Column(Numeric(7, 4), nullable=False))
    term_months: int
    method: str = Field(max_length=24)
    # The union's interest subsidy, as the catalogue states it ({"kind": "full"} …).
    subsidy: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="active", max_length=12)
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    recorded_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class Instalment(SQLModel, table=True):
    """One row of a stored repayment schedule, to the fen."""

    __tablename__ = "instalment"
    __table_args__ = (UniqueConstraint("loan_id", "period"),
                      Index("ix_instalment_due", "due_on", "paid_on"))

    id: int | None = Field(default=None, primary_key=True)
    loan_id: int = Field(foreign_key="loan.id", ondelete="CASCADE")
    period: int
    due_on: date
    payment: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    principal: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    interest: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    # The union's interest subsidy for this period, refunded later; the bank still debits
    # the full ``payment``. Zero when the programme has no subsidy.
    refund: Decimal = Field(default=Decimal("0.00"),
                            sa_column=Column(Numeric(14, 2), nullable=False,
                                             server_default="0"))
    paid_on: date | None = None


class Broadcast(SQLModel, table=True):
    """A staff notice to many members; recipients are written to the outbox in batches."""

    __tablename__ = "broadcast"

    id: int | None = Field(default=None, primary_key=True)
    author: int = Field(sa_column=Column(BigInteger, nullable=False))
    text: str = Field(max_length=4096)
    photo: str | None = Field(default=None, max_length=200)  # channel file id
    audience: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="scheduled", max_length=12)  # scheduled running done cancelled
    send_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    cursor: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))  # last user_id
    planned: int = 0  # recipients counted at preview
    enqueued: int = 0
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))


loan_t = Loan.__table__  # type: ignore[attr-defined]
instalment_t = Instalment.__table__  # type: ignore[attr-defined]
broadcast_t = Broadcast.__table__  # type: ignore[attr-defined]


class Escalation(SQLModel, table=True):
    """An application reported to the admins for waiting past its SLA: once per queue entry.

    The unique pair is the guard: of two processes escalating at once, only one inserts.
    """

    __tablename__ = "escalation"
    __table_args__ = (UniqueConstraint("application_id", "queued_at"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE")
    queued_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    escalated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


escalation_t = Escalation.__table__  # type: ignore[attr-defined]
