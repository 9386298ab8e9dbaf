"""Catalogue fixtures: the shipped sample (parsed once) and a small catalogue to break."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.catalog import SAMPLE_PATH, Catalog, load

# A small, valid catalogue. Broken variants are made by replacing one snippet of it.
BASE_YAML = """\
format: 1
version: test
regions:
  - id: town
    names: {zh-CN: 镇, en: Town}
    aliases: [town, 小镇]
banks:
  - id: bank
    names: {zh-CN: 银行, en: Bank}
questions:
  - id: has_card
    kind: yes_no
    expect: true
    text: {zh-CN: 有卡吗？, en: Do you hold the card?}
    label: {zh-CN: 持卡, en: holding the card}
  - id: security
    kind: choice
    text: {zh-CN: 担保方式？, en: Which security?}
    label: {zh-CN: 担保方式, en: security}
    choices:
      - {id: guarantee, names: {zh-CN: 保证, en: guarantee}}
      - {id: mortgage, names: {zh-CN: 抵押, en: mortgage}}
  - id: months
    kind: number
    text: {zh-CN: 经营几个月？, en: Months in business?}
    label: {zh-CN: 经营时间, en: time in business}
    unit: {zh-CN: 个月, en: months}
rates:
  benchmark:
    - effective: 2015-10-24
      bands:
        - {up_to_months: 12, rate: 4.35}
        - {up_to_months: 60, rate: 4.75}
        - {rate: 4.90}
  lpr:
    - effective: 2024-10-21
      tenors: {1y: 3.10, 5y: 3.60}
    - effective: 2025-05-20
      tenors: {1y: 3.00, 5y: 3.50}
  base_tables:
    - id: bank_base
      bank: bank
      fixings:
        - effective: 2019-01-01
          bands:
            - {up_to_months: 12, rate: 4.35}
            - {rate: 4.75}
programmes:
  - id: loan
    names: {zh-CN: 贷款, en: Loan}
    organiser: {zh-CN: 工会, en: Union}
    bank: bank
    region: town
    borrower: individual
    source: {report: "001"}
    tiers:
      - id: model
        names: {zh-CN: 劳模档, en: model tier}
        who: {any_title: [labour_model_city, craftsman_zhejiang]}
        cap: {max: 300000}
        rate: {kind: benchmark}
        term: {max_months: 36}
        security: [credit]
      - id: member
        names: {zh-CN: 会员档, en: member tier}
        who: {union_member: true}
        cap: {min: 10000, max: 100000}
        rate: {kind: base_plus_percent, table: bank_base, percent: 10}
        term: {max_months: 36}
        security: [credit]
        subsidy: {kind: share, share_percent: 50}
    repayment_methods: [equal_instalments]
    required_questions: [has_card]
"""


def broken(*replacements: tuple[str, str]) -> str:
    """BASE_YAML with each ``(old, new)`` applied once; ``old`` must occur exactly once."""
    text = BASE_YAML
    for old, new in replacements:
        assert text.count(old) == 1, f"snippet not unique in BASE_YAML: {old!r}"
        text = text.replace(old, new)
    return text


def marked_line(text: str, marker: str = "# HERE") -> int:
    """1-based number of the line carrying ``marker``."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(lines) == 1, f"expected one {marker!r} line, found {lines}"
    return lines[0]


@pytest.fixture(scope="session")
def sample() -> Catalog:
    result = load(SAMPLE_PATH)
    assert isinstance(result, Catalog), result
    return result


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str) -> Path:
        path = tmp_path / "catalog.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
