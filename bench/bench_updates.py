"""Updates per second through the PTB runtime, end to end in one process, next to bare PTB.

    python -m bench.bench_updates                # full run, 1-2 minutes on 2 idle cores
    python -m bench.bench_updates --quick        # smoke run, under 20 s
    python -m bench.bench_updates --breakdown    # plus wall time per function of ours
    python -m bench.bench_updates --profile      # plus a cProfile of ours

Timed for every update, in each application: ``json.loads`` of the update's bytes (as
long polling receives them), ``Update.de_json``, ``Application.process_update`` and every
Bot API call its handler makes. The network is stubbed by a ``BaseRequest`` whose
``do_request`` encodes the parameters as PTB does for HTTP and answers canned Bot API
JSON (a Message for send/edit calls, ``true`` otherwise) that PTB's request layer
decodes: no socket. Bare's ``send_message`` then builds a ``Message`` from it; ours sends
through the same Bot, rate limiter and request layer but keeps the decoded JSON
(``handlers.ptb_runtime.call``: nothing reads the message Telegram sends back).

- "ours": the production ``handlers.ptb_runtime.build_application`` (its one TypeHandler →
  ``on_update`` → ``Conversation.handle``: member + dialog state read and guarded write in
  SQLite, WAL, on a temp file → rendering → ``deliver``).
- "replies only": the same production Application, but ``Conversation.handle`` replays
  the replies ours produced for the same update: PTB's share of ours (parse, dispatch,
  the same Bot API calls with the same keyboards), without the dialog or the database.
- "bare": the same builder options and one handler that sends one plain message
  (parsing + dispatch + one stubbed API call; no database, no dialog).

All three get the same update bytes, batch by batch, interleaved, so drift in the machine
hits them alike. Members are created first through the bot (/start and the consent
button, untimed); then each member walks a cycle of /help, /profile, a name typed at the
profile's first step, /language, a language button, /stations and a need button, each
member starting at a different point of the cycle so every batch is a mix.
Every application gets an AIORateLimiter with its 30 messages/s overall cap lifted: the
wrapper's cost stays in, Telegram's pacing (which would make all of them 30/s) stays out.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import gc
import importlib
import io
import itertools
import json
import logging
import pstats
import sys
import tempfile
import time
from collections import Counter, defaultdict, deque
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from types import SimpleNamespace
from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, Application, ContextTypes, TypeHandler
from telegram.request import BaseRequest, RequestData

from bench.common import machine, percentile, table

TOKEN = "123456789:AAHbenchTokenForUnionbot_0123456789abcd"
BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "工会服务助手",
            "username": "unionbot_bench_bot", "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": False,
            "can_connect_to_business": False, "has_main_web_app": False}
CYCLE = ("help", "profile", "name", "language", "pick_language", "stations", "pick_need")
NEEDS = ("water", "charging", "toilet", "any")
NAMES = ("王芳", "李 强", "张伟", "刘洋", "陈静")
FIRST_USER = 700_000_001
TARGET = 0.5  # ours ≥ 50 % of bare (issue 2)


# -- the stubbed network ------------------------------------------------------------------

class StubRequest(BaseRequest):
    """Answers every Bot API call in-process with canned, valid JSON."""

    def __init__(self) -> None:
        self._message_ids = itertools.count(10_001)
        self._bot = json.dumps(BOT_USER, ensure_ascii=False)
        self.calls: Counter[str] = Counter()
        self.toasts: list[str] = []
        # chat id → (message id, reply_markup JSON, text) of the newest inline keyboard sent
        self.inline: dict[str, tuple[int, str, str]] = {}

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None,
                         connect_timeout: Any = None, pool_timeout: Any = None,
                         ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        self.calls[endpoint] += 1
        # What HTTPXRequest does before sending: every parameter to its wire form.
        params = request_data.json_parameters if request_data is not None else {}
        if endpoint in ("sendMessage", "editMessageText", "sendVenue", "sendDocument"):
            return 200, self._message(endpoint, params)
        if endpoint == "getMe":
            return 200, f'{{"ok":true,"result":{self._bot}}}'.encode()
        if endpoint == "answerCallbackQuery" and params.get("text"):
            self.toasts.append(params["text"])
        return 200, b'{"ok":true,"result":true}'

    def _message(self, endpoint: str, params: dict[str, str]) -> bytes:
        chat = params.get("chat_id", "0")
        message_id = (int(params["message_id"]) if endpoint == "editMessageText"
                      else next(self._message_ids))
        text = params.get("text") or params.get("caption") or params.get("title") or ""
        markup = params.get("reply_markup", "")
        body = (f'{{"message_id":{message_id},"from":{self._bot},'
                f'"chat":{{"id":{chat},"type":"private"}},"date":{int(time.time())},'
                f'"text":{json.dumps(text, ensure_ascii=False)}')
        if markup.startswith('{"inline_keyboard"'):  # Telegram echoes inline keyboards only
            self.inline[chat] = (message_id, markup, text)
            body += f',"reply_markup":{markup}'
        return f'{{"ok":true,"result":{body}}}}}'.encode()


def lifted_limiter() -> AIORateLimiter:
    """The production limiter's class and retries, without Telegram's 30 messages/s cap."""
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)


def stub_network(application: Application, request: BaseRequest) -> None:
    """Point an already built Application's bot at ``request`` and lift its pacing.

    The production builder offers no hook for a request object, so this sets the two
    private attributes PTB 22 keeps them in; it fails loudly if PTB renames them.
    """
    bot: Any = application.bot
    assert isinstance(bot._request, tuple) and len(bot._request) == 2
    assert hasattr(bot, "_rate_limiter")
    bot._request = (request, request)
    bot._rate_limiter = lifted_limiter()


# -- members and their updates ---------------------------------------------------------------

@dataclass
class Member:
    user_id: int
    language: str = "zh-hans"
    step: int = 0  # position in CYCLE
    round: int = 0
    message_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def user(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, "first_name": "骑手",
                "last_name": str(self.user_id % 1000), "username": f"rider{self.user_id}",
                "language_code": self.language}

    def chat(self) -> dict[str, Any]:
        return {"id": self.user_id, "first_name": "骑手", "last_name": str(self.user_id % 1000),
                "username": f"rider{self.user_id}", "type": "private"}


class UpdateMaker:
    """Bot API update payloads shaped as Telegram sends them (see tests/fakebotapi)."""

    def __init__(self, stub: StubRequest) -> None:
        self.stub = stub  # ours: it saw the keyboards whose buttons members press
        self._update_ids = itertools.count(500_000_001)
        self._callback_ids = itertools.count(4_367_000_000_000_000_001)

    def text(self, member: Member, text: str) -> bytes:
        message: dict[str, Any] = {"message_id": next(member.message_ids), "from": member.user(),
                                   "chat": member.chat(), "date": int(time.time()), "text": text}
        if text.startswith("/"):
            command = text.split(" ", 1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(command)}]
        return self._stamp({"message": message})

    def press(self, member: Member, value: str) -> bytes:
        """Press the button whose payload ends in ``:value`` on the newest inline keyboard."""
        message_id, markup, text = self.stub.inline[str(member.user_id)]
        rows = json.loads(markup)["inline_keyboard"]
        data = next((b["callback_data"] for row in rows for b in row
                     if b.get("callback_data", "").endswith(f":{value}")), None)
        if data is None:
            raise LookupError(f"member {member.user_id}: no button …:{value} in {rows}")
        bot_message = {"message_id": message_id, "from": BOT_USER, "chat": member.chat(),
                       "date": int(time.time()), "text": text,
                       "reply_markup": {"inline_keyboard": rows}}
        return self._stamp({"callback_query": {
            "id": str(next(self._callback_ids)), "from": member.user(), "message": bot_message,
            "chat_instance": str(-(7_000_000_000_000_000_000 + member.user_id)), "data": data}})

    def next_step(self, member: Member) -> bytes:
        """The member's next action in the cycle."""
        step = CYCLE[member.step]
        member.step = (member.step + 1) % len(CYCLE)
        if member.step == 0:
            member.round += 1
        n = member.round + member.user_id
        if step == "name":
            return self.text(member, NAMES[n % len(NAMES)])
        if step == "pick_language":
            return self.press(member, ("en", "zh-CN")[member.round % 2])
        if step == "pick_need":
            return self.press(member, NEEDS[n % len(NEEDS)])
        return self.text(member, f"/{step}")

    def _stamp(self, payload: dict[str, Any]) -> bytes:
        return json.dumps({"update_id": next(self._update_ids), **payload},
                          ensure_ascii=False).encode()


# -- the applications ----------------------------------------------------------------------------

@dataclass
class Runner:
    """One initialised Application and what its network saw."""

    name: str
    application: Application
    stub: StubRequest
    errors: list[BaseException] = field(default_factory=list)

    async def one(self, raw: bytes, since: float | None = None) -> float:
        """Parse and process one update; seconds since ``since`` (default: since parsing)."""
        start = perf_counter() if since is None else since
        application = self.application
        await application.process_update(Update.de_json(json.loads(raw), application.bot))
        return perf_counter() - start


class Recorder:
    """Keeps what ``Conversation.handle`` answered, per member, for the replies-only app."""

    def __init__(self, handle: Callable[[Any], Awaitable[Any]]) -> None:
        self._handle = handle
        self._outs: defaultdict[int, deque[Any]] = defaultdict(deque)

    async def handle(self, event: Any) -> Any:
        outs = await self._handle(event)
        self._outs[event.user_id].append(outs)
        return outs

    async def replay(self, event: Any) -> Any:
        return self._outs[event.user_id].popleft()

    def forget(self) -> None:
        """Drop replies nobody will replay (after the passes that run ours alone)."""
        self._outs.clear()


async def _bare_reply(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Bare PTB: one stubbed sendMessage per update, nothing else."""
    assert isinstance(update, Update) and update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, "ok")


async def _start(name: str, application: Application, stub: StubRequest) -> Runner:
    runner = Runner(name, application, stub)

    async def on_error(_update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            runner.errors.append(context.error)

    application.add_error_handler(on_error)
    await application.initialize()
    return runner


async def start_ours(workdir: Path) -> tuple[Runner, Runner, Any, Recorder]:
    """Ours and replies-only: both from the production builder, network stubbed."""
    from bot.app import build_app
    from bot.settings import load_settings
    from handlers.ptb_runtime import build_application

    settings = load_settings(database_url=f"sqlite+aiosqlite:///{workdir / 'bench.db'}",
                             telegram_token=TOKEN, telegram_api_url="http://127.0.0.1:9",
                             admin_ids="", webhook_url="")
    app = await build_app(settings)
    recorder = Recorder(app.conversation.handle)
    app.conversation.handle = recorder.handle  # type: ignore[method-assign]
    runners = []
    for name, bot_data_app in (("ours", app), ("replies only", SimpleNamespace(
            conversation=SimpleNamespace(handle=recorder.replay)))):
        application = build_application(settings)
        stub = StubRequest()
        stub_network(application, stub)
        application.bot_data["app"] = bot_data_app
        runners.append(await _start(name, application, stub))
    return runners[0], runners[1], app, recorder


async def start_bare() -> Runner:
    stub = StubRequest()
    application = (Application.builder().token(TOKEN)
                   .base_url("http://127.0.0.1:9/bot").base_file_url("http://127.0.0.1:9/file/bot")
                   .concurrent_updates(True).rate_limiter(lifted_limiter())
                   .request(stub).get_updates_request(StubRequest()).build())
    application.add_handler(TypeHandler(Update, _bare_reply))
    return await _start("bare", application, stub)


# -- measuring ---------------------------------------------------------------------------------

@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    busy: float = 0.0  # seconds spent processing (sequential: sum; concurrent: batch walls)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.busy if self.busy else 0.0


async def run_batch(runner: Runner, raws: Sequence[bytes], concurrent: bool,
                    sample: Sample) -> None:
    if concurrent:
        start = perf_counter()
        sample.latencies += await asyncio.gather(*(runner.one(r, start) for r in raws))
        sample.busy += perf_counter() - start
        return
    for raw in raws:
        took = await runner.one(raw)
        sample.latencies.append(took)
        sample.busy += took


async def measure(runners: Sequence[Runner], maker: UpdateMaker, members: list[Member],
                  cycles: int, batch: int, concurrent: bool) -> list[Sample]:
    """Every member acts ``cycles`` × len(CYCLE) times, ``batch`` distinct members at once;
    ours first (its replies decide the next buttons), then the others on the same bytes."""
    samples = [Sample() for _ in runners]
    gc.collect()
    for _ in range(cycles * len(CYCLE)):
        for i in range(0, len(members), batch):
            raws = [maker.next_step(m) for m in members[i:i + batch]]
            for runner, sample in zip(runners, samples, strict=True):
                await run_batch(runner, raws, concurrent, sample)
    return samples


async def enrol(runners: Sequence[Runner], maker: UpdateMaker, members: list[Member]) -> None:
    """Untimed: every member sends /start and agrees, through the bot, then walks the cycle
    up to its own starting point (this warms the applications up too)."""
    ours = runners[0]
    for i, member in enumerate(members):
        raws = [maker.text(member, "/start")]
        await ours.one(raws[0])
        raws.append(maker.press(member, "yes:"))
        await ours.one(raws[1])
        while member.step != i % len(CYCLE):
            raws.append(maker.next_step(member))
            await ours.one(raws[-1])
        for runner in runners[1:]:
            for raw in raws:
                await runner.one(raw)


# -- where ours spends its time ------------------------------------------------------------------

# (module, attribute path, label): wrapped with a wall-clock timer during the breakdown pass.
# Missing names are skipped, so the bench survives refactoring of the product code.
BREAKDOWN = (
    ("handlers.ptb_runtime", "event_from_update", "event_from_update (update → event)"),
    ("dialogs.router", "Conversation._handle", "Conversation._handle (inside the transaction)"),
    ("storage.dialog_store", "load", "dialog_store.load (member + state SELECT)"),
    ("storage.dialog_store", "save_state", "dialog_store.save_state (guarded UPDATE)"),
    ("storage.members", "change", "members.change (profile UPDATE, if changed)"),
    ("dialogs.router", "Conversation._route", "Conversation._route (flow logic)"),
    ("dialogs.router", "Conversation.render", "Conversation.render (locale texts)"),
    ("handlers.ptb_runtime", "deliver", "ptb_runtime.deliver (Bot API calls via PTB)"),
    ("handlers.ptb_runtime", "call", "ptb_runtime.call (one Bot API call through PTB)"),
)


@contextmanager
def timers(app: Any) -> Iterator[dict[str, list[float]]]:
    """Wrap the BREAKDOWN functions (and ours' Conversation.handle) with wall-clock timers."""
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    undo: list[Callable[[], None]] = []

    def wrap(owner: Any, attr: str, label: str) -> None:
        # A class's own function (not a bound method), so the wrapper receives ``self``.
        stored = vars(owner).get(attr) if isinstance(owner, type) else None
        stored = stored or getattr(owner, attr)
        static = isinstance(stored, staticmethod | classmethod)
        original = stored.__func__ if static else stored

        if asyncio.iscoroutinefunction(original):
            async def timed(*args: Any, **kwargs: Any) -> Any:
                start = perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    spent[label][0] += perf_counter() - start
                    spent[label][1] += 1
        else:
            def timed(*args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
                start = perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    spent[label][0] += perf_counter() - start
                    spent[label][1] += 1
        wrapped: Any = functools.wraps(original)(timed)
        setattr(owner, attr, type(stored)(wrapped) if static else wrapped)
        undo.append(lambda: setattr(owner, attr, stored))

    wrap(app.conversation, "handle", "Conversation.handle (lock, transaction, rendering)")
    for module, path, label in BREAKDOWN:
        owner: Any = importlib.import_module(module)
        *parents, attr = path.split(".")
        for name in parents:
            owner = getattr(owner, name, None)
        if owner is not None and hasattr(owner, attr):
            wrap(owner, attr, label)
    try:
        yield spent
    finally:
        for restore in reversed(undo):
            restore()


async def breakdown(ours: Runner, app: Any, maker: UpdateMaker, members: list[Member]) -> str:
    """One sequential cycle of ours alone with timers on; ms per update for each function."""
    total, count, errors = 0.0, 0, len(ours.errors)
    with timers(app) as spent:
        for _ in CYCLE:
            raws = [maker.next_step(m) for m in members]
            for raw in raws:
                total += await ours.one(raw)
            count += len(raws)
    rows = [["whole update (parse, dispatch, handler)", f"{total / count * 1e3:.3f}", "1.00",
             "100%"]]
    for label, (seconds, calls) in sorted(spent.items(), key=lambda kv: -kv[1][0]):
        rows.append([label, f"{seconds / count * 1e3:.3f}", f"{calls / count:.2f}",
                     f"{seconds / total:.0%}"])
    failed = len(ours.errors) - errors
    return "\n".join([
        *([f"PROBLEM: {failed} handler errors during the breakdown pass"] if failed else []),
        "", f"### Where ours spends its time ({count} updates, sequential, wall clock; "
        "nested rows are included in their callers)", "",
        table(["function", "ms/update", "calls/update", "share"], rows)])


async def profile(ours: Runner, maker: UpdateMaker, members: list[Member]) -> str:
    """cProfile one sequential cycle of ours, apart from the measured runs."""
    profiler = cProfile.Profile()
    count = 0
    for _ in CYCLE:
        raws = [maker.next_step(m) for m in members]
        count += len(raws)
        profiler.enable()
        for raw in raws:
            await ours.one(raw)
        profiler.disable()
    out = io.StringIO()
    out.write(f"\n### cProfile of ours, {count} updates sequential "
              f"(totals: divide by {count} for per update)\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


# -- report ------------------------------------------------------------------------------------

def _ms(values: Sequence[float], q: float) -> str:
    return f"{percentile(values, q) * 1e3:.2f}"


def report(results: dict[str, list[Sample]], runners: Sequence[Runner],
           args: argparse.Namespace) -> tuple[str, bool]:
    rows = []
    met = True
    for mode, (ours, replies, bare) in results.items():
        ratio = ours.rate / bare.rate if bare.rate else 0.0
        met &= ratio >= TARGET
        rows.append([mode, len(ours.latencies), f"{bare.rate:,.0f}",
                     f"{replies.rate:,.0f} ({replies.rate / bare.rate:.0%})",
                     f"{ours.rate:,.0f}", f"**{ratio:.0%}**",
                     f"{_ms(ours.latencies, 50)} / {_ms(ours.latencies, 99)}",
                     f"{_ms(replies.latencies, 50)} / {_ms(replies.latencies, 99)}",
                     f"{_ms(bare.latencies, 50)} / {_ms(bare.latencies, 99)}"])
    ours_runner = runners[0]
    total = sum(len(samples[0].latencies) for samples in results.values())
    calls = ", ".join(f"{k} {v / total:.2f}" for k, v in sorted(ours_runner.stub.calls.items()))
    lines = [
        "## PTB runtime: updates handled per second (one process, network stubbed)",
        "",
        f"Machine: {machine()}",
        f"Members: {args.users}, each {args.cycles} × cycle {' → '.join(CYCLE)}; "
        f"concurrent = asyncio.gather of {args.batch} distinct members' updates.",
        "",
        table(["mode", "updates", "bare PTB upd/s", "replies only upd/s (of bare)",
               "ours upd/s", "ours / bare", "ours p50 / p99 ms",
               "replies only p50 / p99 ms", "bare p50 / p99 ms"], rows),
        "",
        f"Bot API calls per update, ours: {calls}; bare: sendMessage 1.00.",
        "Concurrent latency counts from the start of the batch (queueing included).",
        f"Target ours ≥ {TARGET:.0%} of bare in both modes: {'met' if met else 'MISSED'}.",
    ]
    problems = [f"{r.name}: {len(r.errors)} handler errors, first: {r.errors[0]!r}"
                for r in runners if r.errors]
    if ours_runner.stub.toasts:
        problems.append(f"ours answered {len(ours_runner.stub.toasts)} presses with a toast "
                        f"(stale/unknown button?), first: {ours_runner.stub.toasts[0]!r}")
    lines += [f"PROBLEM: {p}" for p in problems]
    return "\n".join(lines), not problems


async def main_async(args: argparse.Namespace) -> tuple[str, bool]:
    with tempfile.TemporaryDirectory(prefix="unionbot-bench-") as tmp:
        ours, replies, app, recorder = await start_ours(Path(tmp))
        runners = [ours, replies, await start_bare()]
        try:
            maker = UpdateMaker(ours.stub)
            members = [Member(FIRST_USER + i) for i in range(args.users)]
            await enrol(runners, maker, members)
            ours.stub.calls.clear()
            results = {}
            for mode, concurrent in (("sequential", False), (f"concurrent ×{args.batch}", True)):
                results[mode] = await measure(runners, maker, members, args.cycles,
                                              args.batch, concurrent)
            ours.stub.calls.pop("getMe", None)
            text, ok = report(results, runners, args)
            few = members[:min(len(members), 100)]
            if args.breakdown:
                text += "\n" + await breakdown(ours, app, maker, few)
            if args.profile:
                text += "\n" + await profile(ours, maker, few)
            recorder.forget()
            return text, ok and not any(r.errors for r in runners)
        finally:
            for runner in runners:
                await runner.application.shutdown()
            await app.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smoke run: 21 members, one cycle")
    p.add_argument("--users", type=int, default=None, help="members (default 350, quick 21)")
    p.add_argument("--cycles", type=int, default=1, help="cycles per member (default 1)")
    p.add_argument("--batch", type=int, default=None, help="concurrent batch (50, quick 7)")
    p.add_argument("--breakdown", action="store_true", help="append ms/update per function")
    p.add_argument("--profile", action="store_true", help="append a cProfile of ours")
    args = p.parse_args(argv)
    args.users = args.users or (21 if args.quick else 350)
    args.batch = min(args.batch or (7 if args.quick else 50), args.users)
    logging.basicConfig(level=logging.WARNING)
    text, ok = asyncio.run(main_async(args))
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
