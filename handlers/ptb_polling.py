"""Long polling without PTB's webhook server in memory."""

from __future__ import annotations

import sys

_WEBHOOK_SERVER = "telegram.ext._utils.webhookhandler"


def leave_out_webhook_server() -> None:
    """PTB imports its webhook server (tornado: ≈ 2.8 MiB, 29 modules, 25 ms) whenever
    tornado is installed, also in a process that only polls. Marking that one module absent
    before PTB is first imported sends PTB down its own "webhooks not installed" path.
    Call it only in a process that will poll: webhook mode needs the server."""
    if "telegram.ext" not in sys.modules:
        sys.modules.setdefault(_WEBHOOK_SERVER, None)  # type: ignore[arg-type]
