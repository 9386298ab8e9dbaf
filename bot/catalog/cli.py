"""``unionbot catalog check FILE``: print each problem as ``FILE:LINE:COL: message``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.catalog.loader import load
from bot.catalog.messages import Message, Render, fallback_render, render_message


def main_check(
    path: Path | str,
    render: Render = fallback_render,
    *,
    lang: str = "zh-CN",
    out: TextIO | None = None,
) -> int:
    """Check the catalogue at ``path``; 0 when sound, 1 with every problem printed."""
    stream = out or sys.stdout
    result = load(path, places=True)
    if not isinstance(result, list):
        ok = Message("catalog-check-ok", {"file": str(path), "programmes": len(result.programmes)})
        print(render_message(ok, render, lang), file=stream)
        return 0
    for problem in result:
        text = render_message(problem.message, render, lang)
        print(f"{path}:{problem.line}:{problem.column}: {text}", file=stream)
    return 1
