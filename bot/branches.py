"""Union branches a member can belong to, read from a data file staff can edit."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from bot.settings import DATA_DIR

# Columns of branches.csv that are not a name in some language.
_NOT_NAMES = ("code", "district")


@dataclass(frozen=True)
class Branch:
    code: str
    names: dict[str, str]
    # The county-level district it serves (zh-CN name, e.g. 定海区), for district broadcasts;
    # empty for city and provincial federations, which cover several districts.
    district: str = ""

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names["zh-CN"]


def load_branches(path: Path = DATA_DIR / "branches.csv") -> dict[str, Branch]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["code"]: Branch(r["code"], {k: v for k, v in r.items() if k not in _NOT_NAMES},
                              (r.get("district") or "").strip())
            for r in rows}
