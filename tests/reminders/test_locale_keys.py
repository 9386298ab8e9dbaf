"""Every locale key the repayment code names, including those inside stored payloads and the
keys built at run time, exists in both languages."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.i18n import LOCALES, Translator
from bot.reminders import ReminderPolicy, reminder_slots
from dialogs import myloans

ROOT = Path(__file__).resolve().parents[2]
FILES = ("bot/reminders.py", "bot/escalation.py", "bot/reminders_cli.py", "dialogs/myloans.py",
         "dialogs/disburse.py", "storage/loans.py")
NOT_KEYS = {"utf-8-sig", "import-disbursements"}
LITERAL = re.compile(r'"([a-z][a-z0-9]*(?:-[a-z0-9_]+)+)"')


def named_keys() -> set[str]:
    keys: set[str] = set()
    for name in FILES:
        keys |= set(LITERAL.findall((ROOT / name).read_text(encoding="utf-8")))
    policy = ReminderPolicy(days_before=(3, 0))
    keys |= {s.text_key for s in reminder_slots(policy, date(2026, 1, 1))}
    return (keys - NOT_KEYS) | myloans.KEY_FAMILIES


def test_the_scan_finds_payload_keys() -> None:
    assert {"reminder-subsidy-note", "escalation-line", "import-bad-date",
            "reminder-overdue"} <= named_keys()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_named_key_exists(locale: str) -> None:
    assert sorted(named_keys() - Translator().keys[locale]) == []
