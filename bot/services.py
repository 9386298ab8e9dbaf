"""The services flows may call, bundled once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.applications import Applications
from bot.branches import Branch
from bot.catalog.schema import Catalog
from bot.i18n import Translator
from bot.settings import Settings
from bot.station_directory import StationDirectory


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    t: Translator
    branches: dict[str, Branch]
    stations: StationDirectory
    catalog: Catalog
    applications: Applications
    clock: Callable[[], datetime] = utc_now
