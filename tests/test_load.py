"""The load tool's reports, loopback check and memory-growth verdict (the load itself is `make load`)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from assistant import load
from assistant.bench import Level


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://localhost:8000/", "https://127.8.9.1", "http://[::1]:8000"],
)
def test_loopback_urls_are_accepted(url: str) -> None:
    assert load.is_loopback_url(url)


@pytest.mark.parametrize(
    "url",
    ["http://10.0.0.5:8000", "https://example.org", "http://0.0.0.0:8000", "ftp://127.0.0.1", "127.0.0.1:8000", ""],
)
def test_other_urls_are_refused(url: str) -> None:
    assert not load.is_loopback_url(url)


def test_the_command_refuses_a_url_off_this_machine(capsys: pytest.CaptureFixture[str]) -> None:
    assert load.main(["--url", "http://192.0.2.1:8000", "--seconds", "1"]) == 2
    assert "loopback" in capsys.readouterr().err


def _level() -> Level:
    level = Level(budget=0, latencies_s=[i / 1000 for i in range(1, 101)], sent=102)
    level.errors, level.errors_by_kind = 2, Counter({"HTTP 503": 1, "ConnectError": 1})
    return level


def test_a_level_report_gives_throughput_percentiles_errors_and_memory() -> None:
    report = load.level_report(_level(), conversations=20, seconds=10.0, think_s=0.0, memory_mb={"rasa": 812.5})
    assert report == {
        "conversations": 20,
        "think_s": 0.0,
        "seconds": 10.0,
        "requests": 102,
        "rps": 10.2,
        "latency_ms": {"p50": 50.0, "p90": 90.0, "p95": 95.0, "p99": 99.0},
        "errors": 2,
        "errors_by_kind": {"ConnectError": 1, "HTTP 503": 1},
        "peak_rss_mb": {"rasa": 812.5},
    }
    json.dumps(report)  # the last line printed is this, as JSON


def test_a_level_where_nothing_was_answered_has_no_percentiles() -> None:
    level = Level(budget=0, sent=3)
    level.errors = 3
    report = load.level_report(level, conversations=2, seconds=1.5, think_s=1.0, memory_mb={})
    assert report["latency_ms"] == {"p50": None, "p90": None, "p95": None, "p99": None}
    assert report["rps"] == 2.0


def test_the_table_has_a_row_per_level_and_a_memory_row_per_process() -> None:
    reports = [
        load.level_report(_level(), conversations=c, seconds=10.0, think_s=0.0, memory_mb={"api": 90.0, "rasa": 800.0})
        for c in (20, 50)
    ]
    lines = load.format_table(reports).splitlines()
    assert lines[0].split() == [
        "conversations",
        "requests",
        "req/s",
        "p50",
        "ms",
        "p90",
        "ms",
        "p95",
        "ms",
        "p99",
        "ms",
        "errors",
    ]
    assert lines[1].split() == ["20", "102", "10.2", "50", "90", "95", "99", "2"]
    assert "HTTP 503 x1" in lines[2]
    assert [line.split()[0] for line in lines[-2:]] == ["api", "rasa"]
    assert lines[-1].split()[1:] == ["800", "800"]


def _samples(*rows: tuple[float, float]) -> list[load.Sample]:
    return [load.Sample(at_s, {"rasa": mb}) for at_s, mb in rows]


def test_growth_is_measured_from_the_end_of_the_warm_up_not_the_start() -> None:
    samples = _samples((0, 500.0), (30, 700.0), (120, 800.0), (600, 840.0))
    growth = load.memory_growth(samples, warmup_s=120)
    assert growth["rasa"] == {"first": 500.0, "at_warmup": 800.0, "last": 840.0, "peak": 840.0, "growth_pct": 5.0}
    assert load.grown_too_much(growth) == []


def test_a_process_that_keeps_growing_fails_the_soak() -> None:
    samples = _samples((0, 500.0), (120, 800.0), (300, 850.0), (600, 900.0))
    growth = load.memory_growth(samples, warmup_s=120)
    assert growth["rasa"]["growth_pct"] == 12.5
    assert load.grown_too_much(growth) == ["rasa"]


def test_a_soak_shorter_than_the_warm_up_compares_with_its_last_sample() -> None:
    growth = load.memory_growth(_samples((0, 500.0), (30, 600.0)), warmup_s=120)
    assert growth["rasa"]["at_warmup"] == 600.0
    assert growth["rasa"]["growth_pct"] == 0.0


def test_a_peak_between_samples_is_reported_but_only_the_end_counts() -> None:
    growth = load.memory_growth(_samples((120, 800.0), (300, 1000.0), (600, 810.0)), warmup_s=120)
    assert growth["rasa"]["peak"] == 1000.0
    assert load.grown_too_much(growth) == []


def test_the_growth_table_names_every_process() -> None:
    growth = load.memory_growth(_samples((0, 500.0), (600, 550.0)), warmup_s=0)
    text = load.format_growth(growth)
    assert text.splitlines()[1].split() == ["rasa", "500", "500", "550", "550", "10%"]
