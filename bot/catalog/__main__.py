"""``python -m bot.catalog check FILE [--lang zh-CN|en]``, rendering from catalog.ftl."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

from bot.catalog.cli import main_check
from bot.catalog.messages import Render

_LOCALES = Path(__file__).resolve().parent.parent / "locales"


def ftl_render(lang: str) -> Render:
    """A renderer over this package's own catalog.ftl (the bot uses its full translator)."""
    from fluent.runtime import FluentBundle, FluentResource

    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource((_LOCALES / lang / "catalog.ftl").read_text("utf-8")))

    def render(key: str, args: Mapping[str, object]) -> str:
        pattern = bundle.get_message(key).value if bundle.has_message(key) else None
        if pattern is None:
            return key
        text, _errors = bundle.format_pattern(pattern, dict(args))
        return str(text)

    return render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.catalog")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate a product catalogue file")
    check.add_argument("file", type=Path)
    check.add_argument("--lang", default="zh-CN", choices=("zh-CN", "en"))
    args = parser.parse_args(argv)
    return main_check(args.file, ftl_render(args.lang), lang=args.lang)


if __name__ == "__main__":
    raise SystemExit(main())
