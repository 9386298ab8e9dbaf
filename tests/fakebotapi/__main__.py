"""Run the fake Bot API alone: ``python -m tests.fakebotapi --port 8081 --token T``.

Lines typed on stdin are sent to the bot as member ``--user-id``; a leading
``!`` gives a gesture: ``!press LABEL``, ``!tap LABEL`` (reply keyboard),
``!loc LAT LON``, ``!contact PHONE``, ``!photo``, ``!block``, ``!unblock``.
The bot's calls are printed as they arrive.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
import threading

from .faults import RateLimits
from .server import DEFAULT_TOKEN, Call, FakeBotAPI


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.fakebotapi", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--user-id", type=int, default=1001, help="member who types on stdin")
    parser.add_argument("--rate-limits", action="store_true", help="enforce flood limits")
    parser.add_argument("--strict-chats", action="store_true", help="403 for unknown users")
    parser.add_argument("--verbose", "-v", action="store_true")
    return parser.parse_args(argv)


def _show(call: Call) -> str:
    buttons = [
        [button.get("text", "") for button in row]
        for row in ((call.message or {}).get("reply_markup") or {}).get("inline_keyboard", [])
    ]
    status = "" if call.ok else f" -> {call.status} {call.description}"
    text = f" {call.text!r}" if call.text else ""
    extra = f" {buttons}" if buttons else ""
    return f"<< {call.method} chat={call.chat_id}{text}{extra}{status}"


def _gesture(api: FakeBotAPI, user_id: int, line: str) -> None:
    word, _, rest = line[1:].partition(" ")
    if word == "press":
        api.press_label(user_id, rest)
    elif word == "tap":
        api.reply_button(user_id, rest)
    elif word == "loc":
        latitude, longitude = (float(part) for part in rest.split())
        api.send_location(user_id, latitude, longitude)
    elif word == "contact":
        api.send_contact(user_id, rest or "8613800138000")
    elif word == "photo":
        api.send_photo(user_id, caption=rest or None)
    elif word == "block":
        api.block(user_id, notify=True)
    elif word == "unblock":
        api.unblock(user_id, notify=True)
    else:
        raise ValueError(f"unknown gesture !{word}")


async def _print_calls(api: FakeBotAPI) -> None:
    position = 0
    while True:
        with contextlib.suppress(TimeoutError):
            call = await api.wait_for(lambda _: True, timeout=3600, after=position)
            position = api.sent.index(call) + 1
            print(_show(call), flush=True)


async def _read_stdin(api: FakeBotAPI, user_id: int) -> None:
    """Turn typed lines into member actions; a daemon thread reads so exit never waits."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()

    def pump() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line)

    threading.Thread(target=pump, name="fakebotapi-stdin", daemon=True).start()
    while True:
        line = (await lines.get()).rstrip("\n")
        if not line:
            continue
        try:
            if line.startswith("!"):
                _gesture(api, user_id, line)
            else:
                api.send_text(user_id, line)
        except (LookupError, ValueError) as error:
            print(f"!! {error}", flush=True)


async def serve(args: argparse.Namespace) -> None:
    api = FakeBotAPI(
        args.token,
        args.host,
        args.port,
        rate_limits=RateLimits() if args.rate_limits else None,
        strict_chats=args.strict_chats,
    )
    await api.start()
    print(
        f"fake Bot API on {api.url} (token {api.token}); typing as user {args.user_id}", flush=True
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    tasks = [
        asyncio.create_task(_print_calls(api)),
        asyncio.create_task(_read_stdin(api, args.user_id)),
    ]
    try:
        await stop.wait()
    finally:
        for task in tasks:
            task.cancel()
        await api.stop()


def main(argv: list[str] | None = None) -> None:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
