"""Failure injection and Telegram's flood limits, programmable from tests."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

BLOCKED = "Forbidden: bot was blocked by the user"

# Methods that post a message into a chat: those count against the flood limits.
_NOT_MESSAGES = {"sendchataction"}


def counts_as_message(method: str) -> bool:
    name = method.lower()
    if name in _NOT_MESSAGES:
        return False
    return name.startswith(("send", "copymessage", "forwardmessage"))


def default_description(status: int, retry_after: int | None) -> str:
    if status == 429:
        return f"Too Many Requests: retry after {retry_after or 1}"
    return {
        400: "Bad Request",
        401: "Unauthorized",
        403: BLOCKED,
        404: "Not Found",
        409: "Conflict",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
    }.get(status, "Error")


@dataclass
class Fault:
    """An injected answer for calls to ``method`` (``"*"`` for any), optionally one chat.

    ``status`` None means: wait ``delay`` seconds, then answer normally.
    ``remaining`` None means: persistent until cleared.
    """

    method: str
    status: int | None
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0
    chat_id: int | str | None = None
    remaining: int | None = 1
    hits: int = 0

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.method != "*" and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id


@dataclass
class FaultPlan:
    """The injected faults, consulted in the order they were added."""

    faults: list[Fault] = field(default_factory=list)

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def take(self, method: str, chat_id: int | str | None) -> Fault | None:
        """The first fault that applies to this call, using up one of its repetitions."""
        for fault in self.faults:
            if fault.matches(method, chat_id):
                fault.hits += 1
                if fault.remaining is not None:
                    fault.remaining -= 1
                return fault
        return None

    def remove_chat(self, chat_id: int | str, status: int) -> None:
        self.faults = [f for f in self.faults if not (f.chat_id == chat_id and f.status == status)]

    def clear(self) -> None:
        self.faults.clear()


@dataclass(frozen=True)
class RateLimits:
    """Telegram's flood limits as token buckets.

    Defaults: 30 messages/s overall (no burst beyond that), and 1 message/s per
    chat with a burst of ``per_chat_burst`` (Telegram tolerates a short burst
    in a private chat; set it to 1 for the strict reading).
    """

    global_per_second: float = 30.0
    global_burst: int = 30
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3


@dataclass(frozen=True)
class Violation:
    """A message refused with 429 by the flood limits."""

    at: float
    method: str
    chat_id: int | str | None
    scope: str  # "global" or "chat"
    retry_after: int


class _Bucket:
    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate = rate
        self.capacity = float(max(burst, 1))
        self.tokens = self.capacity
        self.stamp = now

    def wait_needed(self, now: float) -> float:
        """Seconds until one token is available (0 when one is there)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class RateLimiter:
    """Applies :class:`RateLimits` to message-sending calls and records violations."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._global: _Bucket | None = None
        self._chats: dict[int | str, _Bucket] = {}
        self.violations: list[Violation] = []

    def check(self, method: str, chat_id: int | str | None, now: float) -> Violation | None:
        """None when the message may go now (and it is counted), else the violation."""
        if not counts_as_message(method):
            return None
        if self._global is None:
            self._global = _Bucket(self.limits.global_per_second, self.limits.global_burst, now)
        buckets = [("global", self._global)]
        if chat_id is not None:
            bucket = self._chats.get(chat_id)
            if bucket is None:
                bucket = self._chats[chat_id] = _Bucket(
                    self.limits.per_chat_per_second, self.limits.per_chat_burst, now
                )
            buckets.append(("chat", bucket))
        for scope, bucket in buckets:
            wait = bucket.wait_needed(now)
            if wait > 0:
                violation = Violation(now, method, chat_id, scope, max(math.ceil(wait), 1))
                self.violations.append(violation)
                return violation
        for _, bucket in buckets:
            bucket.take()
        return None
