"""The benchmark's statistics and /proc memory readers (the benchmark itself is `make bench`, not a test)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from assistant import bench
from assistant.training import training_record_path


@pytest.mark.parametrize(
    ("values", "pct", "expected"),
    [
        ([float(v) for v in range(1, 101)], 95, 95.0),
        ([float(v) for v in range(1, 101)], 50, 50.0),
        ([float(v) for v in range(100, 0, -1)], 95, 95.0),  # order does not matter
        ([1.0, 2.0, 3.0, 10.0], 95, 10.0),
        ([7.0], 95, 7.0),
    ],
)
def test_percentile_uses_the_nearest_rank(values: list[float], pct: float, expected: float) -> None:
    assert bench.percentile(values, pct) == expected


def test_percentile_of_nothing_is_nan() -> None:
    assert math.isnan(bench.percentile([], 95))


def test_summary_gives_milliseconds_and_requests_per_second() -> None:
    latencies = [0.010, 0.020, 0.030, 0.040, 1.0]  # seconds
    summary = bench.summarise(latencies, errors=1, n=5, seconds=2.0)
    assert summary == {"median": 30.0, "p95": 1000.0, "rps": 2.5, "errors": 1, "n": 5}


def test_summary_of_a_level_where_every_request_failed_has_no_latencies() -> None:
    summary = bench.summarise([], errors=3, n=3, seconds=1.5)
    assert summary == {"median": None, "p95": None, "rps": 2.0, "errors": 3, "n": 3}


def test_status_reader_finds_this_process_peak_memory() -> None:
    now = bench.status_kb(os.getpid(), "VmRSS")
    peak = bench.status_kb(os.getpid(), "VmHWM")
    assert now is not None and peak is not None
    assert peak > 5 * 1024  # a Python process running pytest holds more than 5 MB
    assert now > 0  # not compared with the peak: the kernel updates its counters lazily


def test_status_reader_returns_none_for_a_process_that_is_gone() -> None:
    assert bench.status_kb(2**22 + 1, "VmHWM") is None  # above Linux's largest pid


def test_process_group_includes_this_process_and_its_peak_is_counted() -> None:
    pgid = os.getpgid(0)
    assert os.getpid() in bench.group_pids(pgid)
    assert bench.group_peak_mb(pgid) >= (bench.status_kb(os.getpid(), "VmHWM") or 0) / 1024


def test_recorded_training_time_is_read_from_beside_the_model(tmp_path: Path) -> None:
    model = tmp_path / "sds-abc.tar.gz"
    assert training_record_path(model) == tmp_path / "sds-abc.json"
    assert bench._recorded_training_s(model) is None
    training_record_path(model).write_text(json.dumps({"seconds": 93.4, "trained_at": "2025-01-01T00:00:00+00:00"}))
    assert bench._recorded_training_s(model) == 93.4
