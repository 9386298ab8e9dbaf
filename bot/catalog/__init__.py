"""The loan product catalogue: a YAML file of programmes, their rules, caps and rates.

Public API::

    load(path) -> Catalog | list[Problem]      check(path) -> list[Problem]
    load_or_raise(path) -> Catalog             main_check(path, render) -> int
    evaluate(catalog, facts, on=..., term_months=None) -> list[Verdict]
    quote(catalog, rate_rule, term_months=..., on=...) -> RateQuote
    render_message(message, render, lang) -> str
"""

from bot.catalog.cli import main_check
from bot.catalog.eligibility import Bearing, Verdict, evaluate
from bot.catalog.facts import OCCUPATIONS, PROFILE_FACTS, TITLES, MemberFacts
from bot.catalog.loader import SAMPLE_PATH, check, load, load_or_raise, parse
from bot.catalog.messages import (
    Amount,
    ListOf,
    Localised,
    Message,
    Rate,
    Render,
    fallback_render,
    render_message,
)
from bot.catalog.problems import CatalogError, Problem
from bot.catalog.rates import RateQuote, RateUnavailable, quote
from bot.catalog.schema import Catalog, Programme, Question, Tier

__all__ = [
    "OCCUPATIONS",
    "PROFILE_FACTS",
    "SAMPLE_PATH",
    "TITLES",
    "Amount",
    "Bearing",
    "Catalog",
    "CatalogError",
    "ListOf",
    "Localised",
    "MemberFacts",
    "Message",
    "Problem",
    "Programme",
    "Question",
    "Rate",
    "RateQuote",
    "RateUnavailable",
    "Render",
    "Tier",
    "Verdict",
    "check",
    "evaluate",
    "fallback_render",
    "load",
    "load_or_raise",
    "main_check",
    "parse",
    "quote",
    "render_message",
]
