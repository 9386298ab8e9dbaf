"""Typed settings, read once from ``UNIONBOT_*`` variables and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path(__file__).parent / "data"


class Settings(BaseSettings):
    """Everything an operator can change without touching code."""

    model_config = SettingsConfigDict(env_prefix="UNIONBOT_", extra="ignore")

    telegram_token: str = ""
    telegram_api_url: str = "https://api.telegram.org"
    runtime: Literal["ptb", "aiogram"] = "ptb"
    database_url: str = "sqlite+aiosqlite:///data/unionbot.db"
    admin_ids: str = ""
    catalog: Path = DATA_DIR / "catalog_sample.yaml"
    timezone: str = "Asia/Shanghai"
    webhook_url: str = ""
    webhook_secret: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    stations_seed: Path = DATA_DIR / "stations_sample.csv"
    # How far a rider is willing to ride for a break: beyond this a station is not "nearby".
    station_radius_m: float = Field(default=5000.0, gt=0)
    station_page_size: int = Field(default=5, ge=1, le=10)
    # Abandoned forms are dropped after this long; long enough for a lunch break.
    dialog_ttl_minutes: int = Field(default=24 * 60, ge=1)
    # Search results (they imply where the member stood) are kept only briefly.
    search_ttl_minutes: int = Field(default=30, ge=1)
    log_level: str = "INFO"
    # Telegram allows about 30 messages/s to distinct chats; stay under it by default.
    send_rate: float = Field(default=25.0, gt=0, le=1000)
    # Where the fen-rounding residue goes (bot/loans/calculator.py RoundingConvention):
    # banks differ by a fen; "last_absorbs_residue" matches every DOMAIN.md example.
    rounding: Literal["last_absorbs_residue", "cumulative"] = "last_absorbs_residue"
    quiet_hours: str = "21:00-08:00"  # non-urgent notices wait; empty: never quiet
    # A claimed notice whose process died is sent again after this long (it may have been
    # sent: Telegram has no idempotency key), so keep it above a send's worst latency.
    delivery_lease_seconds: float = Field(default=60.0, gt=0)
    cli_locale: Literal["zh-CN", "en"] = "zh-CN"  # language of the command line's output
    # Repayment reminders: days before each due date ("3,0": 3 days before and on the day),
    # the local time they are sent, and how far ahead the planner writes them to the outbox.
    reminder_days: str = "3,0"
    reminder_time: str = "09:00"
    reminder_horizon_days: int = Field(default=7, ge=1, le=400)
    planning_minutes: float = Field(default=10.0, gt=0)  # reminder planning and SLA escalation

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def admin_id_set(self) -> frozenset[int]:
        return frozenset(int(x) for x in self.admin_ids.replace(" ", "").split(",") if x)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment; tests pass overrides."""
    return Settings(**overrides)  # type: ignore[arg-type]
