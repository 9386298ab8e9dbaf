"""Cold start of `unionbot run` to the first reply, and idle RSS, per Telegram runtime.

    python -m bench.bench_startup                  # both runtimes, about 2 minutes
    python -m bench.bench_startup --quick          # PTB once, under 20 s
    python -m bench.bench_startup --runtime ptb --analyse   # plus where PTB's start goes

Each run starts a fake Bot API server (tests/fakebotapi) in this process, spawns the real
``python -m bot.cli run --runtime R`` in a scratch directory with its own SQLite file,
queues a /start from a member at the moment of spawning, and measures the time until the
bot's sendMessage to that member arrives. Then the bot idles for a few seconds and its
resident memory is read with psutil (children included). Runs: three on a fresh
database, then one more on the database the last run left (migrations and the station
registry already there, the member already known). The Bot API calls' arrival times give
the phases seen from outside: until the first call (interpreter, imports, settings),
start-up calls (getMe, setMyCommands; PTB runs build_app between them), then the reply.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from bench.common import machine, median, table
from tests.fakebotapi.server import Call, FakeBotAPI

RUNTIMES = ("ptb", "aiogram")
TARGET_SECONDS = {"ptb": 1.5}
TARGET_MB = {"ptb": 80.0}
START_TIMEOUT = {"ptb": 60.0, "aiogram": 120.0}
STOP_TIMEOUT = 15.0
MEMBER = 880_001
MIB = 1024 * 1024
REPO = Path(__file__).resolve().parent.parent


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the bot gets SIGTERM if this process dies, so none is left behind."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


@dataclass
class Run:
    runtime: str
    database: str  # "fresh" or "existing"
    first_reply: float = 0.0  # seconds from spawn to the sendMessage answering /start
    # CPU seconds (user + system) the bot had used when its reply arrived: wall time on a
    # shared machine counts other processes' work too, CPU time counts only the bot's.
    cpu_s: float = 0.0
    rss_mib: float = 0.0  # idle, process and children
    phases: dict[str, float] = field(default_factory=dict)  # call name → seconds from spawn
    exit_code: int | None = None


def child_env(api: FakeBotAPI, database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIONBOT_")}
    env.update(UNIONBOT_TELEGRAM_TOKEN=api.token, UNIONBOT_TELEGRAM_API_URL=api.url,
               UNIONBOT_DATABASE_URL=f"sqlite+aiosqlite:///{database}",
               UNIONBOT_LOG_LEVEL="INFO", PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def rss(pid: int) -> float:
    """Resident memory of the process and all its children, MiB."""
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total / MIB


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def log_tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


async def _stop(proc: subprocess.Popen[bytes]) -> int:
    """SIGTERM, wait while the fake API keeps serving the shutdown calls, then SIGKILL."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
    return proc.wait(timeout=10)


async def _reply(api: FakeBotAPI, proc: subprocess.Popen[bytes], timeout: float,
                 log: Path) -> Call:
    """The bot's first sendMessage to the member; fails at once if the process dies."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"unionbot exited with {proc.returncode}:\n{log_tail(log)}")
        try:
            return await api.wait_for(
                lambda c: c.method == "sendMessage" and c.chat_id == MEMBER and c.ok,
                timeout=min(0.25, max(0.0, deadline - time.monotonic())))
        except TimeoutError:
            if time.monotonic() >= deadline:
                raise RuntimeError(f"no reply within {timeout:.0f}s:\n{log_tail(log)}") from None


def _phases(api: FakeBotAPI, spawned: float, reply: Call) -> dict[str, float]:
    """When each kind of start-up call first arrived, seconds from spawn."""
    seen: dict[str, float] = {}
    for call in api.sent:
        if call is reply:
            break
        seen.setdefault(f"first {call.method}", call.at - spawned)
        seen[f"last {call.method}"] = call.at - spawned
    return seen


async def one_run(runtime: str, workdir: Path, database: str, idle: float) -> Run:
    """Spawn, /start at once, wait for the answer, idle, read RSS, stop."""
    run = Run(runtime, database)
    log = workdir / f"unionbot-{runtime}.log"
    async with FakeBotAPI() as api:
        api.user(MEMBER, first_name="李", language_code="zh-hans")
        with log.open("ab") as out:
            spawned = time.monotonic()
            proc = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                [sys.executable, "-m", "bot.cli", "run", "--runtime", runtime],
                cwd=workdir, env=child_env(api, workdir / "bench.db"),
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
            )
        try:
            api.send_text(MEMBER, "/start")  # queued for the first getUpdates
            reply = await _reply(api, proc, START_TIMEOUT[runtime], log)
            run.first_reply = reply.at - spawned
            run.cpu_s = cpu_seconds(proc.pid)
            run.phases = _phases(api, spawned, reply)
            await asyncio.sleep(idle)
            run.rss_mib = rss(proc.pid)
        finally:
            run.exit_code = await _stop(proc)
    return run


async def measure(runtime: str, root: Path, fresh_runs: int, existing: bool,
                  idle: float) -> list[Run]:
    runs: list[Run] = []
    workdir = root
    for i in range(fresh_runs):
        workdir = root / f"{runtime}-{i}"
        workdir.mkdir()
        runs.append(await one_run(runtime, workdir, "fresh", idle))
    if existing and fresh_runs:
        runs.append(await one_run(runtime, workdir, "existing", idle))
    return runs


# -- where PTB's start-up goes ------------------------------------------------------------------

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")
OURS = ("bot", "dialogs", "handlers", "storage")
_PHASES_SCRIPT = r"""
import asyncio, cProfile, io, json, pstats, sys, time
import psutil
me = psutil.Process()
steps = []
def step(name, t0):
    steps.append([name, (time.perf_counter() - t0) * 1e3, me.memory_info().rss / 2**20])
step("interpreter", time.perf_counter())
t0 = time.perf_counter()
from bot.settings import load_settings
from bot.app import build_app
from storage import db
step("import bot.app, storage.db (and all they pull in)", t0)
t0 = time.perf_counter()
from handlers import ptb_runtime
step("import handlers.ptb_runtime (telegram on top)", t0)
url = sys.argv[1]

async def main():
    settings = load_settings(database_url=url, telegram_token="1:x", admin_ids="")
    engine = db.make_engine(url)
    t0 = time.perf_counter(); await db.upgrade(engine)
    step("migrate a new database (schema snapshot, no Alembic)", t0)
    t0 = time.perf_counter(); await db.upgrade(engine)
    step("migrate, already at head", t0)
    t0 = time.perf_counter()
    app = await build_app(settings, engine=engine, migrate=False)
    step("build_app, no migrations (fresh: seeds the sample registry)", t0)
    await app.close()
    engine = db.make_engine(url)
    t0 = time.perf_counter()
    app = await build_app(settings, engine=engine, migrate=False)
    step("build_app, no migrations (registry present)", t0)
    t0 = time.perf_counter(); ptb_runtime.build_application(settings)
    step("ptb_runtime.build_application", t0)
    await app.close()
    engine = db.make_engine(url)
    profiler = cProfile.Profile()
    profiler.enable()
    app = await build_app(settings, engine=engine, migrate=False)
    profiler.disable()
    await app.close()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    ours = sorted(((v[3], f"{k[0].split('/work/main/')[-1]}:{k[1]}({k[2]})")
                   for k, v in stats.stats.items()
                   if any(f"/{p}/" in k[0] for p in ("bot", "dialogs", "handlers", "storage"))),
                  reverse=True)[:8]
    heavy = [m for m in ("aiogram", "alembic", "numpy", "scipy", "ruamel", "holidays")
             if m in sys.modules]
    print(json.dumps({"steps": steps, "aiogram": "aiogram" in sys.modules, "heavy": heavy,
                      "build_app_top": [[name, t * 1e3] for t, name in ours]}))

asyncio.run(main())
"""


def _python(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,  # noqa: S603
                          text=True, timeout=120, check=False)


def _chain(entries: list[tuple[str, int]], index: int) -> list[str]:
    """Who imported entries[index], up to our first module: importtime lists a module
    after its children, so the parent of a line at depth d is the next line at d - 1."""
    names, depth = [entries[index][0]], entries[index][1]
    for name, level in entries[index + 1:]:
        if level < depth:
            depth = level
            if name.split(".")[0] == names[-1].split(".")[0]:
                names[-1] = name  # one step per package: its outermost module
            else:
                names.append(name)
            if name.split(".")[0] in OURS:
                break
    return names


def import_costs(cwd: Path, env: dict[str, str], modules: str,
                 top: int = 12) -> tuple[str, list[str]]:
    """``python -X importtime``: self time per top-level package, and who pulls each in."""
    done = _python("-X", "importtime", "-c", f"import {modules}", cwd=cwd, env=env)
    per_package: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    entries: list[tuple[str, int]] = []
    modules_ms: list[tuple[float, str]] = []
    total = 0.0
    for line in done.stderr.splitlines():
        found = _IMPORT_LINE.match(line)
        if not found:
            continue
        self_us, cumulative_us, indent, name = found.groups()
        level = len(indent) // 2
        root = name.split(".")[0]
        per_package[root] += int(self_us) / 1000
        first.setdefault(root, len(entries))
        entries.append((name, level))
        modules_ms.append((int(self_us) / 1000, name))
        if level == 0:
            total += int(cumulative_us) / 1000
    ranked = sorted(per_package.items(), key=lambda kv: -kv[1])[:top]
    chains = {name: _chain(entries, first[name]) for name, _ in ranked if name not in OURS}
    rows = [[name, f"{ms:.0f}", f"{ms / total:.0%}" if total else "?",
             " ← ".join(chains.get(name, []))] for name, ms in ranked]
    slow = [[name, f"{ms:.0f}"] for ms, name in sorted(modules_ms, reverse=True)[:top]]
    # What our code imports of each heavy package (e.g. scipy.spatial), for the RSS table.
    heavy = [next((n for n in reversed(chain) if n.split(".")[0] == chain[0].split(".")[0]),
                  chain[0]) for chain in chains.values()][:8]
    return "\n".join([
        f"`python -X importtime -c 'import {modules}'`: {total:.0f} ms in all "
        "(importtime adds some overhead)", "",
        table(["top-level package", "self ms, all its modules", "share",
               "first imported by"], rows), "",
        table(["slowest single modules", "self ms"], slow)]), heavy


def analyse(root: Path) -> str:
    """Where a PTB start goes, measured in fresh interpreters."""
    work = root / "analysis"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNIONBOT_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    lines = ["", "### Where PTB's start-up goes", ""]
    start = time.perf_counter()
    _python("-c", "pass", cwd=work, env=env)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    _python("-m", "bot.cli", "--help", cwd=work, env=env)
    cli_help = time.perf_counter() - start
    lines.append(f"Fresh interpreter `python -c pass`: {bare * 1e3:.0f} ms; "
                 f"`python -m bot.cli --help`: {cli_help * 1e3:.0f} ms.")
    imports, heavy = import_costs(work, env, "bot.cli, bot.app, handlers.ptb_runtime")
    lines += ["", imports, ""]
    done = _python("-c", _PHASES_SCRIPT, f"sqlite+aiosqlite:///{work / 'phases.db'}",
                   cwd=work, env=env)
    try:
        found = json.loads(done.stdout.strip().splitlines()[-1])
        found["packages"] = heavy
    except (IndexError, json.JSONDecodeError):
        lines.append(f"(phase timing failed: {done.stderr.strip()[-800:]})")
        return "\n".join(lines)
    lines.append(table(["step, in one fresh interpreter", "ms", "RSS after, MiB"],
                       [[k, f"{ms:.0f}", f"{mib:.0f}"] for k, ms, mib in found["steps"]]))
    lines += ["", f"aiogram imported on the PTB path: {'YES' if found['aiogram'] else 'no'}; "
              f"of the packages loaded only on demand, present after start: "
              f"{', '.join(found['heavy']) or 'none'}.",
              "", table(["our functions under build_app (registry present), cumulative, "
                         "under cProfile (≈2× slower)", "ms"],
                        [[name, f"{ms:.0f}"] for name, ms in found["build_app_top"]]),
              "", memory_costs(work, env, found["packages"])]
    return "\n".join(lines)


_RSS_SCRIPT = """
import importlib, json, sys, psutil
me = psutil.Process()
before = me.memory_info().rss
importlib.import_module(sys.argv[1])
print(json.dumps((me.memory_info().rss - before) / 2**20))
"""


def memory_costs(cwd: Path, env: dict[str, str], packages: list[str]) -> str:
    """RSS each heavy package adds when imported alone into a fresh interpreter."""
    rows = []
    for name in packages:
        done = _python("-c", _RSS_SCRIPT, name, cwd=cwd, env=env)
        try:
            rows.append([name, f"{json.loads(done.stdout.strip()):.0f}"])
        except json.JSONDecodeError:
            rows.append([name, "?"])
    return table(["imported alone (with what it pulls in)", "RSS added, MiB"], rows)


# -- report ------------------------------------------------------------------------------------

def _phase_text(run: Run) -> str:
    names = ("first getMe", "first setMyCommands", "last setMyCommands", "first deleteWebhook")
    parts = [f"{n.split()[-1] if n.startswith('first') else n} {run.phases[n]:.2f}"
             for n in names if n in run.phases]
    return ", ".join(parts)


def report(all_runs: dict[str, list[Run]]) -> tuple[str, bool]:
    rows, summary, met = [], [], True
    for runtime, runs in all_runs.items():
        for i, run in enumerate(runs, 1):
            rows.append([runtime, i, run.database, f"{run.first_reply:.2f}",
                         f"{run.cpu_s:.2f}", f"{run.rss_mib:.0f}", _phase_text(run),
                         run.exit_code])
        fresh = [r for r in runs if r.database == "fresh"] or runs
        secs = [r.first_reply for r in fresh]
        mem = [r.rss_mib for r in runs]
        verdict = ""
        if runtime in TARGET_SECONDS:
            ok = (median(secs) <= TARGET_SECONDS[runtime]
                  and median(mem) <= TARGET_MB[runtime] * 1e6 / MIB)
            met &= ok
            verdict = (f"≤ {TARGET_SECONDS[runtime]} s, ≤ {TARGET_MB[runtime]:.0f} MB "
                       f"(medians): {'met' if ok else 'MISSED'}")
        cpu = median([r.cpu_s for r in fresh])
        summary.append([runtime, len(fresh), f"{median(secs):.2f}", f"{max(secs):.2f}",
                        f"{cpu:.2f}", f"{median(mem):.0f}", f"{max(mem):.0f}", verdict or "—"])
    lines = [
        "## `unionbot run`: cold start to first reply, idle RSS",
        "",
        f"Machine: {machine()}",
        "",
        table(["runtime", "fresh runs", "first reply median s", "max s", "CPU median s",
               "idle RSS median MiB", "max MiB", "target"], summary),
        "",
        table(["runtime", "run", "database", "first reply s", "CPU s", "idle RSS MiB",
               "start-up calls, s from spawn", "exit"], rows),
        "",
        "First reply: spawn → the sendMessage answering a /start queued at spawn. CPU: the "
        "bot's user + system time when that reply arrived (wall time under load counts other "
        "processes too). RSS after idling, process plus children (80 MB = 76 MiB).",
    ]
    bad = [f"{r.runtime} run exited with {r.exit_code} on SIGTERM"
           for runs in all_runs.values() for r in runs if r.exit_code not in (0, None)]
    lines += [f"PROBLEM: {b}" for b in bad]
    return "\n".join(lines), met and not bad


async def main_async(args: argparse.Namespace, root: Path) -> dict[str, list[Run]]:
    results: dict[str, list[Run]] = {}
    for runtime in args.runtimes:
        results[runtime] = await measure(runtime, root, args.runs, not args.quick, args.idle)
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smoke run: PTB, one fresh start")
    p.add_argument("--runtime", choices=(*RUNTIMES, "both"), default=None,
                   help="default both (quick: ptb)")
    p.add_argument("--runs", type=int, default=None, help="fresh runs per runtime (3, quick 1)")
    p.add_argument("--idle", type=float, default=None, help="idle seconds before RSS (3, quick 1)")
    p.add_argument("--analyse", action="store_true",
                   help="break PTB's start-up down (done anyway when PTB misses its target)")
    args = p.parse_args(argv)
    runtime = args.runtime or ("ptb" if args.quick else "both")
    args.runtimes = RUNTIMES if runtime == "both" else (runtime,)
    args.runs = args.runs or (1 if args.quick else 3)
    args.idle = args.idle if args.idle is not None else (1.0 if args.quick else 3.0)
    with tempfile.TemporaryDirectory(prefix="unionbot-startup-") as tmp:
        runs = asyncio.run(main_async(args, Path(tmp)))
        text, ok = report(runs)
        if args.analyse or (not ok and "ptb" in runs and not args.quick):
            text += "\n" + analyse(Path(tmp))
    print(text)
    bad_exit = any(r.exit_code not in (0, None) for rs in runs.values() for r in rs)
    return 1 if bad_exit else 0


if __name__ == "__main__":
    sys.exit(main())
