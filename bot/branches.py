"""Union branches a member can belong to, read from a data file staff can edit."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from bot.settings import DATA_DIR


@dataclass(frozen=True)
class Branch:
    code: str
    names: dict[str, str]

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names["zh-CN"]


def load_branches(path: Path = DATA_DIR / "branches.csv") -> dict[str, Branch]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["code"]: Branch(r["code"], {k: v for k, v in r.items() if k != "code"})
            for r in rows}
