"""A few seconds of `make load` against the shared running product: no errors, and the full report."""

from __future__ import annotations

from typing import Any

import pytest

from assistant import load
from assistant.bench import SERVICE_KEYS

pytestmark = pytest.mark.e2e


def test_a_short_load_run_gets_every_reply_and_reports_each_process(stack: Any) -> None:
    processes = {SERVICE_KEYS[s.name]: s.process.pid for s in stack.services if s.process is not None}
    reports = load.run_levels(stack.base_url, processes, conversations=[3], seconds=3.0, think_s=0.2)

    [report] = reports
    assert report["errors"] == 0, report["errors_by_kind"]
    assert report["requests"] > 0
    assert set(report["latency_ms"]) == {"p50", "p90", "p95", "p99"}
    assert all(value is not None and value > 0 for value in report["latency_ms"].values())
    assert set(report["peak_rss_mb"]) == {"action_server", "rasa", "api"}
    assert all(mb > 0 for mb in report["peak_rss_mb"].values())
    assert "conversations" in load.format_table(reports)
