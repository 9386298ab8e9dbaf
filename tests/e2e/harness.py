"""Run the real `unionbot run` process against the fake Bot API, and act as its members.

`BotProcess` starts ``python -m bot.cli run --runtime R`` in a scratch directory with
``UNIONBOT_TELEGRAM_API_URL`` pointing at a `FakeBotAPI` served by the test's event loop,
waits until it is polling, and stops it with SIGTERM (then SIGKILL). `Member` makes one
Telegram user act (text, button, location, contact...) and waits for the bot's answer in
the fake server's record; every wait also watches the process, so a crash fails at once
with the tail of its log instead of a bare timeout.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fakebotapi.server import Call, FakeBotAPI

RUNTIMES = ("ptb", "aiogram")
# aiogram alone takes 7-11 s to import (DESIGN.md); a loaded 2-core runner doubles that.
START_TIMEOUT = {"ptb": 45.0, "aiogram": 90.0}
STEP_TIMEOUT = {"ptb": 10.0, "aiogram": 20.0}
STOP_TIMEOUT = 15.0
_POLL = 0.5  # how often a wait looks at the process between the server's wake-ups


class BotFailed(AssertionError):
    """The bot did not do what a test waited for; carries the process's log tail."""


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the bot gets SIGTERM if the test process dies, so none is left behind."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


@dataclass
class BotProcess:
    """One `unionbot run` process (restartable on the same database and fake server)."""

    api: FakeBotAPI
    runtime: str
    workdir: Path
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / "unionbot.log"

    @property
    def step_timeout(self) -> float:
        return STEP_TIMEOUT[self.runtime]

    @property
    def database_path(self) -> Path:
        return self.workdir / "e2e.db"

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("UNIONBOT_")}
        env.update(
            UNIONBOT_TELEGRAM_TOKEN=self.api.token,
            UNIONBOT_TELEGRAM_API_URL=self.api.url,
            UNIONBOT_DATABASE_URL=f"sqlite+aiosqlite:///{self.database_path}",
            # Two per page: the sample Dinghai cluster always pages, whatever the hour.
            UNIONBOT_STATION_PAGE_SIZE="2",
            UNIONBOT_LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        return env

    # -- lifecycle ------------------------------------------------------------------

    async def start(self) -> None:
        """Spawn the process and wait until it has set its menu and is about to poll."""
        assert self.proc is None or self.proc.poll() is not None, "already running"
        mark = self.api.mark()
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"\n===== start {self.starts} ({self.runtime}) =====\n".encode())
            log.flush()
            self.proc = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                [sys.executable, "-m", "bot.cli", "run", "--runtime", self.runtime],
                cwd=self.workdir, env=self.env(), stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
            )
        # Both runtimes set the menu and call getMe (in either order) just before polling;
        # updates queued before the first getUpdates are simply delivered by it.
        timeout = START_TIMEOUT[self.runtime]
        for method, what in (("setMyCommands", "the English menu"), ("getMe", "getMe")):
            await self.wait_for(lambda c, m=method: c.method == m and c.ok and (
                m != "setMyCommands" or c.params.get("language_code") == "en"),
                after=mark, timeout=timeout, what=f"{what} at start-up")

    async def stop(self) -> int:
        """SIGTERM, wait (serving the fake API meanwhile), SIGKILL if it lingers."""
        proc = self.proc
        if proc is None:
            return 0
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + STOP_TIMEOUT
            while proc.poll() is None and loop.time() < deadline:
                await asyncio.sleep(0.05)  # the bot's shutdown still talks to the fake API
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        return proc.returncode

    async def restart(self) -> None:
        code = await self.stop()
        if code != 0:
            raise BotFailed(f"unionbot exited with {code} on SIGTERM\n{self.log_tail()}")
        await self.start()

    # -- waiting ----------------------------------------------------------------------

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no log)"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- unionbot {self.runtime} log (last {lines} lines) ---\n{tail}"

    def check_alive(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            code = None if self.proc is None else self.proc.returncode
            raise BotFailed(f"unionbot {self.runtime} is not running (exit {code})\n"
                            f"{self.log_tail()}")

    async def wait_for(self, predicate: Callable[[Call], bool], *, after: int,
                       timeout: float | None = None, what: str = "a reply") -> Call:
        """The first call from ``after`` on matching ``predicate``; fails fast on a crash."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout or self.step_timeout)
        while True:
            self.check_alive()
            remaining = deadline - loop.time()
            try:
                return await self.api.wait_for(predicate, after=after,
                                               timeout=max(0.0, min(_POLL, remaining)))
            except TimeoutError:
                if remaining <= _POLL:
                    # The process's log is added to the failed test's report (conftest).
                    raise BotFailed(f"waited {timeout or self.step_timeout:.0f}s for {what}; "
                                    f"{self.describe(after)}") from None

    def describe(self, after: int) -> str:
        recent = [f"{c.method}({c.chat_id})={c.status}:{(c.text or '')[:60]!r}"
                  for c in self.api.sent[after:]]
        return f"calls since #{after}: {recent[-20:]}"


@dataclass
class Exchange:
    """What the bot did in answer to one act of a member, in order."""

    update: dict[str, Any]
    calls: list[Call]

    @property
    def last(self) -> Call:
        return self.calls[-1]

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.calls if c.text and c.method != "answerCallbackQuery"]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def toast(self) -> str | None:
        """The text of the callback answer (a short notice over the chat), if any."""
        found = [c for c in self.calls if c.method == "answerCallbackQuery"]
        return found[-1].params.get("text") if found else None

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]


Until = str | Callable[[Call], bool]


class Member:
    """One Telegram user talking to the running bot in a private chat."""

    def __init__(self, bot: BotProcess, user_id: int, *, first_name: str = "李",
                 language_code: str = "zh-hans") -> None:
        self.bot = bot
        self.id = user_id
        self.api.user(user_id, first_name=first_name, language_code=language_code)

    @property
    def api(self) -> FakeBotAPI:
        return self.bot.api

    # -- acting -----------------------------------------------------------------

    async def act(self, emit: Callable[[], dict[str, Any]], until: Until, *,
                  timeout: float | None = None) -> Exchange:
        """Queue one update and wait for the answer that ends the bot's turn.

        ``until`` is text the last message of the turn contains (sent or edited), or a
        predicate over a call; the exchange holds every call for this chat up to it.
        """
        mark = self.api.mark()
        update = emit()
        query_id = (update.get("callback_query") or {}).get("id")

        def mine(call: Call) -> bool:
            return call.chat_id == self.id or (
                query_id is not None and call.method == "answerCallbackQuery"
                and call.params.get("callback_query_id") == query_id)

        def ends(call: Call) -> bool:
            if not mine(call) or not call.ok:
                return False
            if callable(until):
                return until(call)
            return call.method != "answerCallbackQuery" and until in (call.text or "")

        what = f"member {self.id}: {until!r}" if isinstance(until, str) else f"member {self.id}"
        found = await self.bot.wait_for(ends, after=mark, timeout=timeout, what=what)
        end = next(i for i in range(mark, len(self.api.sent)) if self.api.sent[i] is found) + 1
        return Exchange(update, [c for c in self.api.sent[mark:end] if mine(c)])

    async def send(self, text: str, until: Until, **kw: Any) -> Exchange:
        return await self.act(lambda: self.api.send_text(self.id, text), until, **kw)

    async def press(self, label: str, until: Until, **kw: Any) -> Exchange:
        """Press the inline button labelled exactly ``label`` on the newest message showing it."""
        return await self.act(lambda: self.api.press_label(self.id, label), until, **kw)

    async def press_data(self, message_id: int, data: str, until: Until, **kw: Any) -> Exchange:
        """Press with any payload under any message (old, stale or forged)."""
        return await self.act(lambda: self.api.press(self.id, message_id, data), until, **kw)

    async def location(self, lat: float, lon: float, until: Until, **kw: Any) -> Exchange:
        return await self.act(lambda: self.api.send_location(self.id, lat, lon), until, **kw)

    async def reply_button(self, label: str, until: Until, **kw: Any) -> Exchange:
        """Tap the reply-keyboard button (``latitude``/``longitude``/``phone_number`` kw)."""
        options = {k: kw.pop(k) for k in ("latitude", "longitude", "phone_number") if k in kw}
        return await self.act(lambda: self.api.reply_button(self.id, label, **options),
                              until, **kw)

    async def contact(self, phone: str, until: Until, **kw: Any) -> Exchange:
        return await self.act(lambda: self.api.send_contact(self.id, phone), until, **kw)

    async def sticker(self, until: Until, **kw: Any) -> Exchange:
        return await self.act(lambda: self.api.send_sticker(self.id), until, **kw)

    async def edit(self, message_id: int, text: str, until: Until, **kw: Any) -> Exchange:
        return await self.act(lambda: self.api.edit_text(self.id, message_id, text), until, **kw)

    async def agree(self, payload: str = "") -> Exchange:
        """/start, then agree to cross-border processing: the member is registered."""
        start = "/start" + (f" {payload}" if payload else "")
        await self.send(start, "你同意为此跨境处理你的信息吗")
        return await self.press("✅ 同意", "欢迎")

    # -- reading ------------------------------------------------------------------

    def button(self, label: str) -> tuple[int, str]:
        """(message id, callback data) of the newest inline button labelled ``label``."""
        for message in reversed(self.api.messages(self.id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for b in row:
                    if b.get("text") == label and "callback_data" in b:
                        return message["message_id"], b["callback_data"]
        raise LookupError(f"no button {label!r} in chat {self.id}")

    def message(self, message_id: int) -> dict[str, Any]:
        """A bot message as it stands now (after edits)."""
        return next(m for m in self.api.messages(self.id) if m["message_id"] == message_id)

    def reply_keyboard_buttons(self) -> list[dict[str, Any]]:
        keyboard = self.api.reply_keyboard(self.id) or {}
        return [b if isinstance(b, dict) else {"text": b}
                for row in keyboard.get("keyboard", []) for b in row]


def inline_labels(call: Call) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def inline_urls(call: Call) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    return [b["url"] for row in markup.get("inline_keyboard", []) for b in row if "url" in b]


def message_id(call: Call) -> int:
    """The id of the message a send or edit call produced."""
    message = call.message
    assert message is not None, f"{call.method} returned no message: {call.result!r}"
    return int(message["message_id"])
