"""The core stays channel-neutral, and the PTB path never pays for aiogram."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEUTRAL = ("dialogs", "bot", "storage")
TELEGRAM_LIBS = ("telegram", "aiogram")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_no_telegram_library() -> None:
    offenders = []
    for package in NEUTRAL:
        for path in (ROOT / package).rglob("*.py"):
            for name in imported_modules(path):
                if name.split(".")[0] in TELEGRAM_LIBS:
                    offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_the_check_would_catch_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from telegram import Bot\n    return Bot\n")
    assert "telegram" in imported_modules(bad)


def test_ptb_runtime_does_not_load_aiogram() -> None:
    code = (
        "import sys, handlers.ptb_runtime, bot.cli, bot.app;"
        "print(any(m == 'aiogram' or m.startswith('aiogram.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
