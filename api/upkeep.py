"""Jobs the API runs in the background while it serves: retention and the free help phone numbers.

When the API starts, and then every hour, it deletes what is older than `retention_days`
(`assistant.retention.purge`) and refreshes its copy of the free help phone numbers
(`assistant.service_problem`). Each run is one thread off the event loop, so it never blocks a
request, and a failure is logged and tried again next hour.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from assistant.content.store import get_engine
from assistant.retention import purge
from assistant.service_problem import refresh_help_lines
from assistant.settings import Settings

INTERVAL_S = 3600.0
log = logging.getLogger(__name__)


def run_once(settings: Settings) -> None:
    refresh_help_lines(get_engine(settings.content_db_url))
    try:
        removed = purge(settings)
    except Exception:  # the store is down or locked: try again next time
        log.warning("Retention: could not delete old conversations", exc_info=True)
        return
    log.info("Retention (%s days): removed %s", settings.retention_days, removed.describe())


async def _every(settings: Settings, interval_s: float) -> None:
    while True:
        await asyncio.to_thread(run_once, settings)
        await asyncio.sleep(interval_s)


@contextlib.asynccontextmanager
async def running_upkeep(settings: Settings, *, interval_s: float = INTERVAL_S) -> AsyncIterator[None]:
    """Run the jobs now and every `interval_s` while the block runs."""
    task = asyncio.create_task(_every(settings, interval_s))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
