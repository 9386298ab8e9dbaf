"""Amounts and terms as members type them, and money as members read it.

parse_amount accepts the forms people really type in Chinese chats: grouped digits with
ASCII or full-width commas, 万/千/亿 and their chat shorthands (w, k), Chinese numerals
including the financial forms (壹贰叁…), a currency sign or 元 suffix, full-width digits.
It rejects anything it cannot read with certainty rather than guess at a loan amount.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, localcontext

FEN = Decimal("0.01")
# Longer inputs are not an amount anyone types; the cap also bounds parsing work.
MAX_INPUT_CHARS = 40

# Every key an InputError may carry; tests check both locales define each one.
ERROR_KEYS = frozenset(
    {
        "amount-empty",
        "amount-not-a-number",
        "amount-negative",
        "amount-zero",
        "amount-scientific",
        "amount-too-many-decimals",
        "amount-too-long",
        "amount-out-of-range",
        "term-empty",
        "term-not-understood",
        "term-not-whole-months",
        "term-out-of-range",
    }
)


class InputError(ValueError):
    """A member's typed value could not be accepted: a Fluent key and its arguments."""

    def __init__(self, key: str, params: dict[str, object] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, object] = dict(params or {})


class AmountError(InputError):
    pass


class TermError(InputError):
    pass


# --- numerals ----------------------------------------------------------------------------

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
# Units within a 万-section, and the chat shorthand k for 千.
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "k": 1000}
_BIG_UNITS = {"万": 10_000, "w": 10_000, "亿": 100_000_000}
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_BARE_THREE_DECIMALS = re.compile(r"[\d,]*\.\d{3,}")
_SCIENTIFIC = re.compile(r"\d(?:\.\d*)?e[+-]?\d", re.IGNORECASE)

_CURRENCY_PREFIXES = ("¥", "cny", "rmb", "人民币")
_CURRENCY_SUFFIXES = ("人民币", "块钱", "元整", "元", "圆", "块", "整", "yuan", "cny", "rmb")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits, commas (，), full stops (．) and ￥ to their ASCII forms.
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", "", folded)


def _tokens(text: str) -> list[Decimal | str] | None:
    """Split into numbers (Decimal) and unit characters; None if anything is unreadable."""
    tokens: list[Decimal | str] = []
    i = 0
    while i < len(text):
        match = _ARABIC.match(text, i)
        if match:
            tokens.append(Decimal(match.group().replace(",", "")))
            i = match.end()
            continue
        char = text[i]
        if char in _DIGITS:
            tokens.append(Decimal(_DIGITS[char]))
        elif char in _SMALL_UNITS or char in _BIG_UNITS:
            tokens.append(char)
        else:
            return None
        i += 1
    return tokens


def _is_single_digit(value: Decimal) -> bool:
    return value == value.to_integral_value() and 0 < value < 10


def _value(tokens: list[Decimal | str]) -> Decimal | None:
    """Evaluate a numeral: 三千五百, 1.5万, 一亿二千万, and the colloquial 三千五 = 3500."""
    total = wan = section = Decimal(0)  # parts already scaled by 亿 / by 万 / below 万
    current: Decimal | None = None
    last_small: int | None = None  # within a section units must fall: 千 then 百 then 十
    last_unit = 0  # value of the unit just read, for the colloquial trailing digit
    saw_zero = False
    for token in tokens:
        if isinstance(token, Decimal):
            if current is not None and not (saw_zero and current == 0):
                return None  # two numbers in a row: "一二", "10 5"; but 零 is a placeholder
            current, saw_zero = token, saw_zero or token == 0
            continue
        last_unit = _SMALL_UNITS.get(token) or _BIG_UNITS[token]
        if token in _SMALL_UNITS:
            if last_small is not None and last_unit >= last_small:
                return None
            # A bare unit counts one, as spoken: 十万 is 100,000, 百万 is 1,000,000.
            section += (Decimal(1) if current is None else current) * last_unit
            last_small = last_unit
        else:
            count = section + (current or 0)
            if token == "亿":
                if wan + count == 0:
                    return None
                total = (total + wan + count) * last_unit
                wan = Decimal(0)
            else:
                if count == 0:
                    return None  # "万" with nothing to count
                wan += count * last_unit
            section, last_small = Decimal(0), None
        current = None
    if current is not None:
        # "三千五" and "1万5" mean 3,500 and 15,000: a lone trailing digit after a unit of a
        # hundred or more counts in the next lower unit; "一千零五" (with 零) stays 1,005.
        if last_unit >= 100 and not saw_zero and _is_single_digit(current):
            current *= last_unit // 10
        section += current
    return total + wan + section


def _strip_currency(text: str) -> str:
    for prefix in _CURRENCY_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    for suffix in _CURRENCY_SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text


def parse_amount(text: str) -> Decimal:
    """A yuan amount to the fen from what a member typed; raises AmountError(key, params)."""
    if len(text) > MAX_INPUT_CHARS:
        raise AmountError("amount-too-long", {"max": MAX_INPUT_CHARS})
    body = _strip_currency(_normalise(text))
    if not body:
        raise AmountError("amount-empty")
    if body[0] in "-−－" or body.startswith("负"):
        raise AmountError("amount-negative")
    if _SCIENTIFIC.search(body):
        raise AmountError("amount-scientific")
    tokens = _tokens(body)
    with localcontext() as ctx:
        ctx.prec = 60  # forty typed characters never lose a digit
        value = _value(tokens) if tokens else None
    if value is None:
        raise AmountError("amount-not-a-number")
    if value == 0:
        raise AmountError("amount-zero")
    # "100.000" is 100,000 to a European typist: more than two typed decimals on a bare
    # number is refused even when they are zeros; with 万 etc. only the value matters.
    if _BARE_THREE_DECIMALS.fullmatch(body) or value != value.quantize(FEN, rounding=ROUND_HALF_UP):
        raise AmountError("amount-too-many-decimals")
    return value.quantize(FEN)


def check_range(amount: Decimal, minimum: Decimal, maximum: Decimal) -> None:
    """Raise AmountError("amount-out-of-range", {"min", "max"}) outside [minimum, maximum]."""
    if not minimum <= amount <= maximum:
        raise AmountError("amount-out-of-range", {"min": minimum, "max": maximum})


# --- terms -------------------------------------------------------------------------------

_YEAR_UNITS = ("years", "year", "yrs", "yr", "y", "年")
_MONTH_UNITS = ("months", "month", "mos", "mo", "m", "个月", "個月", "月", "期")
# Longest first, so "months" is not read as "m" followed by junk.
_UNITS = "|".join(sorted(_YEAR_UNITS + _MONTH_UNITS, key=len, reverse=True))
_TERM_PART = re.compile(
    r"(?P<num>[0-9.]+|[零〇一二两三四五六七八九十百]+)?(?P<half>半)?"
    rf"(?P<unit>{_UNITS})(?P<half_after>半)?"
)


def _term_number(raw: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return Decimal(raw)
    tokens = _tokens(raw)
    return _value(tokens) if tokens else None


def parse_term_months(text: str) -> int:
    """A loan term in months: "12", "12个月", "3年", "一年半", "1年6个月", "18 months", "2y".

    A bare number means months, as on bank forms. Raises TermError(key, params).
    """
    if len(text) > MAX_INPUT_CHARS:
        raise TermError("term-not-understood")
    body = _normalise(text)
    if not body:
        raise TermError("term-empty")
    bare = _term_number(body)  # a bare number, digits or Chinese, means months
    months = bare if bare is not None else _term_parts(body)
    if months != months.to_integral_value():
        raise TermError("term-not-whole-months")
    if months <= 0:
        raise TermError("term-not-understood")
    return int(months)


def _term_parts(body: str) -> Decimal:
    months = Decimal(0)
    pos = 0
    for match in _TERM_PART.finditer(body):
        if match.start() != pos or not (match["num"] or match["half"]):
            raise TermError("term-not-understood")
        count = _term_number(match["num"]) if match["num"] else Decimal(0)
        if count is None:
            raise TermError("term-not-understood")
        half = Decimal("0.5") if (match["half"] or match["half_after"]) else Decimal(0)
        per_unit = 12 if match["unit"] in _YEAR_UNITS else 1
        if half and per_unit == 1:
            raise TermError("term-not-understood")  # "半月" is not a loan term
        months += (count + half) * per_unit
        pos = match.end()
    if pos != len(body) or pos == 0:
        raise TermError("term-not-understood")
    return months


def check_term_range(months: int, minimum: int, maximum: int) -> None:
    """Raise TermError("term-out-of-range", {"min", "max"}) outside [minimum, maximum]."""
    if not minimum <= months <= maximum:
        raise TermError("term-out-of-range", {"min": minimum, "max": maximum})


# --- display -----------------------------------------------------------------------------


def _is_chinese(locale: str) -> bool:
    return locale.lower().startswith("zh")


def _grouped(amount: Decimal) -> str:
    return f"{amount.quantize(FEN, rounding=ROUND_HALF_UP):,.2f}"


def _compact_zh(amount: Decimal) -> str | None:
    """"10万元", "1.2亿元" for whole 万 amounts; None when that would not be exact and short."""
    if amount == 0 or amount % 10_000 != 0:
        return None
    # 亿 only when it reads short (at most two decimals of 亿): 1.2亿, but 10005万 not 1.0005亿.
    if abs(amount) >= 100_000_000 and amount % 1_000_000 == 0:
        unit, size = "亿", Decimal(100_000_000)
    else:
        unit, size = "万", Decimal(10_000)
    return f"{(amount / size).normalize():f}{unit}元"


def format_cny(amount: Decimal, locale: str, *, compact: bool = False) -> str:
    """Money as members read it: "100,000.00 元" (zh) or "CNY 100,000.00" (en).

    compact=True shows whole 万 amounts the Chinese way ("10万元", "1.2亿元") and drops
    ".00" from whole English amounts ("CNY 100,000"); other amounts keep the full form.
    """
    if _is_chinese(locale):
        short = _compact_zh(amount) if compact else None
        return short or f"{_grouped(amount)} 元"
    if compact and amount == amount.to_integral_value():
        return f"CNY {amount:,.0f}"
    return f"CNY {_grouped(amount)}"
