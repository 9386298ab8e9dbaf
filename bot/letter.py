"""The recommendation letter (推荐函) a union reviewer forwards to the partner bank.

A plain UTF-8 text file rendered from the locale template ``review-letter``: every
office can open, print and stamp it without extra software, and no new package is
needed to produce it. It names what the bank needs to pick the case up (branch,
member, programme and tier, amount, term, purpose, reference) and, by design, no ID
number or bank account: the bank checks those at its counter.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from bot.branches import Branch
from bot.catalog.schema import Catalog
from bot.i18n import Translator
from bot.loans.amounts import format_cny
from dialogs.model import Document, msg

# The letter goes to a Chinese bank, so it is written in Chinese whoever reviews.
LETTER_LOCALE = "zh-CN"
# A byte-order mark and CRLF line ends: the Notepad of older Windows PCs, still common in
# county union offices, otherwise shows Chinese text as mojibake on a single line.
_BOM = "\ufeff"


def method_key(method: str) -> str:
    """The locale key naming a repayment method (shared with the calculator's texts)."""
    return "loan-method-" + method.replace("_", "-")


def _programme_names(catalog: Catalog, row: Mapping[str, Any], locale: str) -> dict[str, str]:
    """Programme, tier, bank and purpose in ``locale``; a code when the catalogue lost it."""
    programme = catalog.programme(row["programme"])
    if programme is None:
        return {"programme": row["programme"], "tier": row["tier"], "bank": "—",
                "purpose": row["purpose"]}
    tier = next((t for t in programme.tiers if t.id == row["tier"]), None)
    bank = catalog.bank(programme.bank)
    purpose = next((p for p in catalog.purposes if p.id == row["purpose"]), None)
    return {"programme": programme.names.in_lang(locale),
            "tier": tier.names.in_lang(locale) if tier else row["tier"],
            "bank": bank.names.in_lang(locale) if bank else programme.bank,
            "purpose": purpose.names.in_lang(locale) if purpose else row["purpose"]}


def letter_args(t: Translator, catalog: Catalog, branches: Mapping[str, Branch],
                row: Mapping[str, Any], *, day: date, reviewer: str | None,
                locale: str = LETTER_LOCALE) -> dict[str, str]:
    """Everything the template needs, as text: Fluent never formats our numbers."""
    branch = branches.get(row["branch"])
    args = _programme_names(catalog, row, locale)
    args |= {
        "ref": row["ref"],
        "branch": branch.name(locale) if branch else row["branch"],
        "name": row["name"] or "—",
        "phone": row["phone"] or "—",
        "employer": row["employer"] or "—",
        "amount": format_cny(Decimal(row["amount"]), locale),
        "term": str(row["term_months"]),
        "method": t(locale, method_key(row["method"])),
        "reviewer": reviewer or "none",  # "none": a line to sign by hand
        "date": t(locale, "review-letter-date",
                  {"year": str(day.year), "month": f"{day.month:02d}", "day": f"{day.day:02d}"}),
    }
    return args


def recommendation_letter(t: Translator, catalog: Catalog, branches: Mapping[str, Branch],
                          row: Mapping[str, Any], *, day: date, reviewer: str | None,
                          locale: str = LETTER_LOCALE) -> Document:
    """The letter as a document the bot sends to the reviewer."""
    args = letter_args(t, catalog, branches, row, day=day, reviewer=reviewer, locale=locale)
    text = t(locale, "review-letter", args).strip() + "\n"
    content = (_BOM + text.replace("\r\n", "\n").replace("\n", "\r\n")).encode("utf-8")
    # An ASCII file name: some Bot API clients and mail gateways mangle non-ASCII names.
    return Document(f"recommendation-{row['ref']}.txt", content,
                    msg("review-letter-caption", ref=row["ref"]))


def letter_text(document: Document) -> str:
    """The letter as text again (tests, previews): BOM and CRLF undone."""
    return document.content.decode("utf-8-sig").replace("\r\n", "\n")
