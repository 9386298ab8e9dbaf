"""bot/stations stays pure domain code: no chat framework, no database, light imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("telegram", "aiogram", "sqlalchemy", "sqlmodel")


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in output.split()}


def test_search_imports_no_framework_or_database() -> None:
    loaded = loaded_after("import bot.stations.index, bot.stations.importer")
    assert not loaded & set(FORBIDDEN)


def test_registry_tools_do_not_pull_in_scipy() -> None:
    assert "scipy" not in loaded_after("import bot.stations")
