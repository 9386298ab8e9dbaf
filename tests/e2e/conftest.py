"""One fake Bot API server and one `unionbot run` process per runtime, shared by a module.

Start-up is the expensive part (aiogram takes 8-11 s to import), so every scenario of a
module talks to the same process, each as its own member (user id), and the process is
stopped when the module is done. A failing test gets the process's log in its report.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from itertools import count

import pytest
import pytest_asyncio

from tests.e2e.harness import RUNTIMES, BotProcess
from tests.fakebotapi.server import FakeBotAPI

_user_ids = count(700_001)


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=RUNTIMES)
async def bot(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotProcess]:
    runtime: str = request.param
    async with FakeBotAPI() as api:
        process = BotProcess(api, runtime, tmp_path_factory.mktemp(f"e2e-{runtime}"))
        try:
            await process.start()
            yield process
        finally:
            code = await process.stop()
        # Reached only when start-up and the tests' use of the process went through.
        assert not api.errors, f"the fake Bot API failed: {api.errors[-1]}"
        # A graceful stop (SIGTERM) exits 0; anything else is worth seeing in the log.
        assert code == 0, f"unionbot exited with {code}\n{process.log_tail()}"


@pytest.fixture
def user_id() -> int:
    """A fresh member for each scenario, so scenarios sharing a process never meet."""
    return next(_user_ids)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    process = getattr(item, "funcargs", {}).get("bot")
    if report.failed and isinstance(process, BotProcess):
        report.sections.append((f"unionbot {process.runtime} log", process.log_tail(200)))
