"""A broadcast through the real `unionbot run` (PTB) to a fake Bot API enforcing the limit.

    python -m bench.bench_broadcast            # 2,000 members at 30/s, 100,000 at 1,000/s
    python -m bench.bench_broadcast --full     # 10,000 members at 30/s (≈6 min), 100,000 at 1,000/s
    python -m bench.bench_broadcast --quick    # 600 at 30/s, 10,000 at 1,000/s (under a minute)
    python -m bench.bench_broadcast --members 5000 --rate 200   # one scenario of your own

For each scenario: a fresh SQLite file gets the members (inserted directly) and one
broadcast to all of them, created through bot/broadcasts.py and due at once. A fake Bot
API server in this process enforces the configured rate as Telegram's flood limit
(token buckets: ``rate`` per second overall, one message a second per chat), answering
429 beyond it. The real ``python -m bot.cli run --runtime ptb`` is started on that file
with ``UNIONBOT_SEND_RATE=rate`` and quiet hours off, and runs until the author's final
report arrives (every recipient settled).

Measured: the sustained rate (recipients after the first, over the time from the first
to the last recipient's message), duplicates (members sent it more than once), lost
(members never sent it), 429s, and the bot process's peak resident memory (psutil,
sampled every 0.2 s). Targets (issue 4): rate ≥ 95 % of the configured limit, 0
duplicates, 0 lost.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

from bench.common import machine, table
from tests.broadcasts.support import seed_broadcast_database
from tests.e2e.harness import BotProcess
from tests.fakebotapi.faults import RateLimits
from tests.fakebotapi.server import Call, FakeBotAPI

FIRST = 10_000_001  # members' user ids (= chat ids) from here on
AUTHOR = 9_000_001
TEXT = "【工会通知】本周六9:00–12:00，各驿站提供免费体检，请带好会员证。"
TARGET_RATE = 0.95
MIB = 1024 * 1024


@dataclass(frozen=True)
class Scenario:
    members: int
    rate: float
    runtime: str = "ptb"

    @property
    def label(self) -> str:
        return f"{self.members:,} members at {self.rate:g}/s ({self.runtime})"


@dataclass
class Result:
    scenario: Scenario
    delivered: int = 0
    duplicates: int = 0
    lost: int = 0
    too_many: int = 0  # 429s the fake server answered
    seconds: float = 0.0  # first to last recipient
    peak_mib: float = 0.0
    cpu_seconds: float = 0.0  # the bot process's, start-up included
    server_cpu: float = 0.0  # this process's: the fake Bot API server (and the counting)
    report: bool = False
    exit_code: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return (self.delivered - 1) / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        return (self.rate >= TARGET_RATE * self.scenario.rate and self.duplicates == 0
                and self.lost == 0 and self.report)


class BenchBot(BotProcess):
    """The e2e harness's process, with the sending rate and quiet hours of the scenario."""

    def __init__(self, api: FakeBotAPI, workdir: Path, rate: float, runtime: str) -> None:
        super().__init__(api, runtime, workdir)
        self.rate = rate

    def env(self) -> dict[str, str]:
        env = super().env()
        env.update(UNIONBOT_SEND_RATE=f"{self.rate:g}", UNIONBOT_QUIET_HOURS="",
                   UNIONBOT_LOG_LEVEL="WARNING")
        return env


class Tally:
    """Counts the broadcast's messages as the fake server records them, incrementally."""

    def __init__(self, api: FakeBotAPI, scenario: Scenario) -> None:
        self.api, self.scenario = api, scenario
        self.position = 0
        self.per_chat: dict[int, int] = {}
        self.first: Call | None = None
        self.last: Call | None = None
        self.report: Call | None = None

    def is_member(self, chat: object) -> bool:
        return isinstance(chat, int) and FIRST <= chat < FIRST + self.scenario.members

    def update(self) -> None:
        sent = self.api.sent
        while self.position < len(sent):
            call = sent[self.position]
            self.position += 1
            if call.method != "sendMessage" or not call.ok:
                continue
            if call.chat_id == AUTHOR and "已发送完毕" in (call.text or ""):
                self.report = call
            elif self.is_member(call.chat_id):
                assert isinstance(call.chat_id, int)
                self.per_chat[call.chat_id] = self.per_chat.get(call.chat_id, 0) + 1
                self.first = self.first or call
                self.last = call


async def sample(pid: int, peak: list[float]) -> None:
    """Peak resident memory (MiB) into ``peak[0]``, CPU seconds so far into ``peak[1]``."""
    proc = psutil.Process(pid)
    while True:
        try:
            peak[0] = max(peak[0], proc.memory_info().rss / MIB)
            times = proc.cpu_times()
            peak[1] = times.user + times.system
        except psutil.NoSuchProcess:
            return
        await asyncio.sleep(0.2)


async def run(scenario: Scenario, root: Path) -> Result:
    result = Result(scenario)
    workdir = root / f"{scenario.members}-{scenario.rate:g}-{scenario.runtime}"
    limits = RateLimits(global_per_second=scenario.rate, global_burst=max(1, int(scenario.rate)),
                        per_chat_per_second=1.0, per_chat_burst=1)
    async with FakeBotAPI(rate_limits=limits) as api:
        bot = BenchBot(api, workdir, scenario.rate, scenario.runtime)
        started = time.perf_counter()
        await seed_broadcast_database(bot.database_path, first=FIRST, count=scenario.members,
                                      author=AUTHOR, text=TEXT, now=datetime.now(UTC))
        seeded = time.perf_counter() - started
        await bot.start()
        assert bot.proc is not None
        me = psutil.Process().cpu_times()
        peak = [0.0, 0.0]
        sampler = asyncio.create_task(sample(bot.proc.pid, peak))
        tally = Tally(api, scenario)
        try:
            await wait_until_reported(bot, tally, scenario)
        finally:
            sampler.cancel()
            result.exit_code = await bot.stop()
        result.peak_mib, result.cpu_seconds = peak
        after = psutil.Process().cpu_times()
        result.server_cpu = after.user + after.system - me.user - me.system
        result.delivered = len(tally.per_chat)
        result.duplicates = sum(c - 1 for c in tally.per_chat.values())
        result.lost = scenario.members - result.delivered
        result.too_many = len(api.rate_violations)
        result.report = tally.report is not None
        if tally.first and tally.last:
            result.seconds = tally.last.at - tally.first.at
        result.notes.append(f"seeded in {seeded:.1f}s")
        if not result.report:
            result.notes.append(bot.log_tail(20))
    return result


async def wait_until_reported(bot: BotProcess, tally: Tally, scenario: Scenario) -> None:
    """Until the author's report arrives; gives up after 30 s without a new message."""
    quiet_since = time.monotonic()
    seen, shown = 0, 0
    while tally.report is None:
        bot.check_alive()
        await asyncio.sleep(0.5)
        tally.update()
        if tally.position != seen:
            seen, quiet_since = tally.position, time.monotonic()
        elif time.monotonic() - quiet_since > 30:
            return
        done = len(tally.per_chat)
        if done >= shown + scenario.members // 10:
            shown = done
            print(f"  … {done:,} / {scenario.members:,}", file=sys.stderr, flush=True)


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    if args.members:
        return [Scenario(args.members, args.rate, args.runtime)]
    if args.quick:
        return [Scenario(600, 30, args.runtime), Scenario(10_000, 1000, args.runtime)]
    slow = 10_000 if args.full else 2_000
    return [Scenario(slow, 30, args.runtime), Scenario(100_000, 1000, args.runtime)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small scenarios, under a minute")
    parser.add_argument("--full", action="store_true",
                        help="10,000 members at 30/s (issue 4's, ≈6 minutes) instead of 2,000")
    parser.add_argument("--members", type=int, default=0, help="run one scenario of your own")
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--runtime", choices=("ptb", "aiogram"), default="ptb")
    args = parser.parse_args()
    chosen = scenarios(args)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Broadcast benchmark · {machine()} · load average before: {load}")
    if not args.full and not args.members:
        print("(the 30/s scenario is shortened; --full runs issue 4's 10,000 members, ≈6 min)")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as tmp:
        for scenario in chosen:
            print(f"- {scenario.label} …", file=sys.stderr, flush=True)
            results.append(asyncio.run(run(scenario, Path(tmp))))
    rows = [[r.scenario.label, f"{r.rate:,.1f}/s ({r.rate / r.scenario.rate:.1%})",
             f"{r.seconds:,.1f}", f"{r.delivered:,}", r.duplicates, r.lost, r.too_many,
             f"{r.peak_mib:.0f}", f"{r.cpu_seconds:.1f}", f"{r.server_cpu:.1f}",
             "yes" if r.report else "NO",
             "✅" if r.ok else "❌"]
            for r in results]
    print(table(["scenario", "sustained rate", "seconds", "delivered", "duplicates", "lost",
                 "429s", "peak RSS MiB", "bot CPU s", "server CPU s", "report", "target"],
                rows))
    for r in results:
        for note in r.notes:
            print(f"  {r.scenario.label}: {note}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
