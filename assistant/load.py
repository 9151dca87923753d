"""`make load`: many simulated conversations on `/v1/chat` for a bounded time, then a report.

Built on `make bench` (its conversations, statistics, /proc memory readers and product start-up). It
prints a table and, as its last line, one JSON object (also written to `build/load.json`): requests
per second, latency percentiles, errors by kind and each process's peak resident memory, for each
number of concurrent conversations.

A soak (`--soak 600 --think 3`) runs one load for that long, samples each process's resident memory
every `--sample-every` seconds and fails (exit 1) if any process grew more than 10% between the end
of the warm-up (`--warmup`, default the 2-minute mark) and the end. It only talks to loopback addresses.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assistant.bench import Level, group_mb, percentile, run_level
from assistant.paths import REPO_DIR

PERCENTILES = (50, 90, 95, 99)
GROWTH_LIMIT_PCT = 10.0
# Load runs come from one address: lift the API's per-client chat rate limit for the product we start.
RATE_ENV = "SDS_CHAT_RATE_PER_CLIENT"
RATE_FOR_LOAD = "0"  # 0 = no limit


def is_loopback_url(url: str) -> bool:
    """True for http(s) URLs on this machine only (127.0.0.0/8, ::1 or `localhost`)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Reports -------------------------------------------------------------------------------------------


def level_report(
    level: Level, *, conversations: int, seconds: float, think_s: float, memory_mb: dict[str, float]
) -> dict[str, Any]:
    """One load level as data: throughput, latency percentiles in ms, errors by kind, peak memory in MB."""
    latencies = level.latencies_s
    return {
        "conversations": conversations,
        "think_s": think_s,
        "seconds": round(seconds, 1),
        "requests": level.sent,
        "rps": round(level.sent / seconds, 2) if seconds > 0 else None,
        "latency_ms": {f"p{p}": round(percentile(latencies, p) * 1000, 1) if latencies else None for p in PERCENTILES},
        "errors": level.errors,
        "errors_by_kind": dict(sorted(level.errors_by_kind.items())),
        "peak_rss_mb": memory_mb,
    }


def format_table(reports: list[dict[str, Any]]) -> str:
    """A plain-text table: one row per level, then one row per process with its peak memory."""
    header = f"{'conversations':>13} {'requests':>9} {'req/s':>8}" + "".join(f" {f'p{p} ms':>9}" for p in PERCENTILES)
    lines = [header + f" {'errors':>7}"]
    for report in reports:
        cells = "".join(f" {_cell(report['latency_ms'][f'p{p}']):>9}" for p in PERCENTILES)
        lines.append(
            f"{report['conversations']:>13} {report['requests']:>9} {_cell(report['rps']):>8}{cells}"
            f" {report['errors']:>7}"
        )
        if report["errors_by_kind"]:
            lines.append("  errors: " + ", ".join(f"{kind} x{n}" for kind, n in report["errors_by_kind"].items()))
    names = sorted({name for report in reports for name in report["peak_rss_mb"]})
    if names:
        lines.append("")
        lines.append(f"{'peak memory (MB)':<20}" + "".join(f" {'at ' + str(r['conversations']):>9}" for r in reports))
        for name in names:
            lines.append(f"{name:<20}" + "".join(f" {_cell(r['peak_rss_mb'].get(name)):>9}" for r in reports))
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


# Soak ----------------------------------------------------------------------------------------------


@dataclass
class Sample:
    at_s: float  # seconds since the soak started
    rss_mb: dict[str, float]  # resident memory of each process group now


def memory_growth(samples: list[Sample], *, warmup_s: float) -> dict[str, dict[str, float | None]]:
    """Per process: first, at the end of the warm-up, last and peak memory (MB), and growth in % since
    the warm-up. The warm-up value is the first sample taken at or after `warmup_s`."""
    if not samples:
        return {}
    base = next((s for s in samples if s.at_s >= warmup_s), samples[-1])
    result: dict[str, dict[str, float | None]] = {}
    for name in samples[0].rss_mb:
        values = [s.rss_mb.get(name, 0.0) for s in samples]
        at_warmup, last = base.rss_mb.get(name, 0.0), values[-1]
        growth = round((last - at_warmup) / at_warmup * 100, 1) if at_warmup > 0 else None
        result[name] = {"first": values[0], "at_warmup": at_warmup, "last": last, "peak": max(values)}
        result[name]["growth_pct"] = growth
    return result


def grown_too_much(growth: dict[str, dict[str, float | None]], *, limit_pct: float = GROWTH_LIMIT_PCT) -> list[str]:
    """Names of the processes whose memory grew more than `limit_pct` after the warm-up."""
    return [name for name, row in growth.items() if (row["growth_pct"] or 0.0) > limit_pct]


def format_growth(growth: dict[str, dict[str, float | None]]) -> str:
    lines = [f"{'process':<20} {'first':>8} {'warm-up':>8} {'last':>8} {'peak':>8} {'growth':>8}"]
    for name, row in growth.items():
        cells = "".join(f" {_cell(row[k]):>8}" for k in ("first", "at_warmup", "last", "peak"))
        lines.append(f"{name:<20}{cells} {_cell(row['growth_pct']) + '%':>8}")
    return "\n".join(lines)


async def _sample_memory(processes: dict[str, int], every_s: float, samples: list[Sample]) -> None:
    started = time.monotonic()
    while True:
        rss = {name: await asyncio.to_thread(group_mb, pgid, "VmRSS") for name, pgid in processes.items()}
        samples.append(Sample(round(time.monotonic() - started, 1), rss))
        await asyncio.sleep(every_s)


async def soak(
    base_url: str, processes: dict[str, int], *, conversations: int, seconds: float, think_s: float, every_s: float
) -> tuple[Level, float, list[Sample]]:
    """One load for `seconds`, sampling each process group's resident memory every `every_s` seconds."""
    samples: list[Sample] = []
    sampler = asyncio.create_task(_sample_memory(processes, every_s, samples))
    try:
        level, wall_s = await run_level(
            base_url, concurrency=conversations, prefix="soak", think_s=think_s, seconds=seconds
        )
    finally:
        sampler.cancel()
    rss = {name: group_mb(pgid, "VmRSS") for name, pgid in processes.items()}
    samples.append(Sample(round(wall_s, 1), rss))  # the end of the soak, whatever the sampling period
    return level, wall_s, samples


# The run -------------------------------------------------------------------------------------------


def run_levels(
    base_url: str, processes: dict[str, int], *, conversations: list[int], seconds: float, think_s: float
) -> list[dict[str, Any]]:
    """Each number of conversations in turn, after a short warm-up; peak memory read after each level."""
    asyncio.run(run_level(base_url, concurrency=4, requests=40, prefix="warmup"))
    reports = []
    for count in conversations:
        level, wall_s = asyncio.run(
            run_level(base_url, concurrency=count, prefix=f"load{count}", think_s=think_s, seconds=seconds)
        )
        memory = {name: group_mb(pgid, "VmHWM") for name, pgid in processes.items()}
        reports.append(level_report(level, conversations=count, seconds=wall_s, think_s=think_s, memory_mb=memory))
        print(f"{count} conversations: {level.sent} requests, {level.errors} errors", flush=True)
        if level.first_error:
            print(f"  first error: {level.first_error}", flush=True)
    return reports


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant load", description=__doc__)
    parser.add_argument("--conversations", type=int, nargs="+", default=[20], help="concurrent conversations, each")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each level runs (default: 60)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a person reads before answering (0)")
    parser.add_argument("--url", help="a running API on this machine (default: start one on free ports)")
    parser.add_argument("--soak", type=float, metavar="SECONDS", help="one long run that watches memory growth")
    parser.add_argument("--sample-every", type=float, default=30.0, help="soak: seconds between memory samples")
    parser.add_argument("--warmup", type=float, default=120.0, help="soak: growth is measured from this mark")
    parser.add_argument("--out", type=Path, default=REPO_DIR / "build" / "load.json", help="where to write the JSON")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if min(args.conversations) < 1 or args.seconds <= 0 or args.think < 0 or (args.soak or 1) <= 0:
        print("load: conversations and seconds must be positive", file=sys.stderr)
        return 2
    if args.url and not is_loopback_url(args.url):
        print(f"load: {args.url} is not on this machine; load runs only talk to loopback addresses", file=sys.stderr)
        return 2
    if args.url:
        return _run(args, args.url.rstrip("/"), {})
    from assistant.bench import SERVICE_KEYS, started_product
    from assistant.settings import get_settings
    from assistant.supervisor import StartError
    from assistant.training import train_if_needed

    os.environ[RATE_ENV] = RATE_FOR_LOAD  # the product we start, not one you run
    model, _ = train_if_needed(get_settings().model_dir)
    with tempfile.TemporaryDirectory(prefix="sds-load-") as tmp:
        try:
            with started_product(Path(tmp), model) as (base_url, running):
                processes = {SERVICE_KEYS[s.name]: s.process.pid for s in running if s.process is not None}
                return _run(args, base_url, processes)
        except StartError as exc:
            print(f"load: {exc}", file=sys.stderr)
            return 1


def _run(args: argparse.Namespace, base_url: str, processes: dict[str, int]) -> int:
    if args.soak:
        return _run_soak(args, base_url, processes)
    reports = run_levels(
        base_url, processes, conversations=args.conversations, seconds=args.seconds, think_s=args.think
    )
    print(format_table(reports))
    if not processes:
        print("Memory is measured only for a product this command starts (not with --url).")
    _write({"levels": reports, "machine": {"cpus": os.cpu_count()}}, args.out)
    return 0


def _run_soak(args: argparse.Namespace, base_url: str, processes: dict[str, int]) -> int:
    conversations = args.conversations[0]
    print(f"Soak: {conversations} conversations for {args.soak:.0f} s, memory every {args.sample_every:.0f} s")
    asyncio.run(run_level(base_url, concurrency=4, requests=40, prefix="warmup"))
    level, wall_s, samples = asyncio.run(
        soak(
            base_url,
            processes,
            conversations=conversations,
            seconds=args.soak,
            think_s=args.think,
            every_s=args.sample_every,
        )
    )
    memory = {name: group_mb(pgid, "VmHWM") for name, pgid in processes.items()}
    report = level_report(level, conversations=conversations, seconds=wall_s, think_s=args.think, memory_mb=memory)
    growth = memory_growth(samples, warmup_s=args.warmup)
    too_much = grown_too_much(growth)
    print(format_table([report]))
    print(f"\nResident memory (MB), growth measured from the first sample at or after {args.warmup:.0f} s:")
    print(format_growth(growth))
    print("Memory: " + (f"grew more than {GROWTH_LIMIT_PCT:g}%: {', '.join(too_much)}" if too_much else "steady"))
    result = {
        "soak": report,
        "warmup_s": args.warmup,
        "samples": [{"at_s": s.at_s, "rss_mb": s.rss_mb} for s in samples],
        "memory_growth": growth,
        "growth_limit_pct": GROWTH_LIMIT_PCT,
        "passed": not too_much,  # errors are reported; on a busy machine a few replies can time out
    }
    _write(result, args.out.with_name("soak.json") if args.out.name == "load.json" else args.out)
    return 0 if result["passed"] else 1


def _write(report: dict[str, Any], out: Path) -> None:
    """The JSON report: the last line printed, and a file."""
    line = json.dumps(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(line + "\n")
    print(line)
