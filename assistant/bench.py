"""`make bench`: start the real product on free ports and measure `/v1/chat` speed and memory.

Speed targets live here, not in timed tests. The last line printed is one JSON object (also written to
`build/bench.json`): latency at 1 and 20 concurrent conversations, requests per second, each process's
peak memory, training and start-up seconds, and whether the targets were met.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import httpx

from assistant.paths import REPO_DIR

if TYPE_CHECKING:
    from assistant.supervisor import Service

DEFAULT_REQUESTS = {1: 200, 20: 400}  # requests per concurrency level
TARGET_C1_MEDIAN_MS = 150.0
TARGET_C20_P95_MS = 500.0
# A person reads an easy-read reply for a few seconds before answering (the "reading" level).
READING_S = 3.0
SERVICE_KEYS = {"action server": "action_server", "Rasa server": "rasa", "API": "api"}

# A step is text to send, or ("button", title, fallback payload): click that button of the last reply.
Step: TypeAlias = str | tuple[str, str, str]
CONVERSATIONS: list[list[Step]] = [
    ["hello", "what is a direct payment", ("button", "Tell me more", "/tell_me_more"), ("button", "Yes", "/affirm")],
    ["how do i ask for an assessment", ("button", "Tell me more", "/tell_me_more"), "thanks"],
    ["can i pay my mum to look after me", ("button", "Find free help", "/find_help"), "bye"],
    ["waht is a indivdual servise fund", "/tell_me_more", "what is the weather like in glasgow tomorrow"],
    ["hi", "the council cut my budjet how do i apeal", ("button", "No", "/feedback_no")],
    ["who can help me speak up at my assessment", "/tell_me_more", "/not_understood"],
    ["what can i spend my budget on", "are you a robot", "/help_menu"],
    ["i look after my dad, can i get support as a carer", ("button", "Tell me more", "/tell_me_more")],
]


# Statistics ----------------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `pct`% of values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(latencies_s: list[float], *, errors: int, n: int, seconds: float) -> dict[str, Any]:
    """One concurrency level's results: latencies in milliseconds, requests per second over the wall time."""
    return {
        "median": round(statistics.median(latencies_s) * 1000, 1) if latencies_s else None,
        "p95": round(percentile(latencies_s, 95) * 1000, 1) if latencies_s else None,
        "rps": round(n / seconds, 2) if seconds > 0 else None,
        "errors": errors,
        "n": n,
    }


# Memory from /proc ---------------------------------------------------------------------------------


def status_kb(pid: int, key: str) -> int | None:
    """A `kB` line of /proc/<pid>/status, e.g. `VmHWM` (peak resident memory); None if the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    return None


def group_pids(pgid: int) -> list[int]:
    """Every process in process group `pgid` (a service and its children)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()  # after "pid (comm) ": state, ppid, pgrp, ...
        if int(fields[2]) == pgid:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def group_peak_mb(pgid: int) -> float:
    """Sum of each process's peak resident memory (VmHWM) in the group, in MB."""
    return group_mb(pgid, "VmHWM")


def group_mb(pgid: int, key: str) -> float:
    """Sum of a memory line of /proc/<pid>/status (`VmHWM` peak, `VmRSS` now) over the group, in MB."""
    return round(sum(status_kb(pid, key) or 0 for pid in group_pids(pgid)) / 1024, 1)


def peak_memory(running: list[Service]) -> dict[str, float]:
    """Peak resident memory of each service of `running_stack`, in MB, keyed as in the JSON report."""
    return {SERVICE_KEYS[s.name]: group_peak_mb(s.process.pid) for s in running if s.process is not None}


# Load ----------------------------------------------------------------------------------------------


@dataclass
class Level:
    budget: int
    deadline: float = math.inf  # time.monotonic() after which no new message is sent
    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    sent: int = 0
    errors_by_kind: Counter[str] = field(default_factory=Counter)  # "HTTP 503", "ConnectError", ...

    def is_open(self) -> bool:
        return self.budget > 0 and time.monotonic() < self.deadline

    def error(self, kind: str, text: str) -> None:
        self.errors += 1
        self.errors_by_kind[kind] += 1
        self.first_error = self.first_error or text


async def _converse(
    client: httpx.AsyncClient, conversation_id: str, script: list[Step], level: Level, think_s: float = 0.0
) -> None:
    buttons: dict[str, str] = {}
    for number, step in enumerate(script):
        if number and think_s and level.is_open():
            # The person reads the reply before answering; people read at different speeds.
            await asyncio.sleep(think_s * random.uniform(0.5, 1.5))
        if not level.is_open():
            return
        level.budget -= 1
        level.sent += 1
        text = step if isinstance(step, str) else buttons.get(step[1], step[2])
        started = time.perf_counter()
        try:
            response = await client.post("/v1/chat", json={"conversation_id": conversation_id, "text": text})
        except httpx.HTTPError as exc:
            level.error(type(exc).__name__, f"{type(exc).__name__}: {exc}")
            continue
        level.latencies_s.append(time.perf_counter() - started)
        if response.status_code != 200:
            level.error(f"HTTP {response.status_code}", f"HTTP {response.status_code}: {response.text[:200]}")
            continue
        messages = response.json().get("messages", [])
        buttons = {b["title"]: b["payload"] for m in messages for b in m.get("buttons", [])}


async def run_level(
    base_url: str,
    *,
    concurrency: int,
    requests: int = sys.maxsize,
    prefix: str,
    think_s: float = 0.0,
    seconds: float = math.inf,
) -> tuple[Level, float]:
    """`concurrency` workers, each holding one conversation at a time, until `requests` have been sent
    or `seconds` have passed (requests in flight then still finish and count).

    With `think_s`, each worker waits that long between its messages, as a person reading would.
    """
    level = Level(budget=requests, deadline=time.monotonic() + seconds)
    limits = httpx.Limits(max_connections=concurrency + 2)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:

        async def worker(index: int) -> None:
            count = 0
            if think_s:  # people arrive one after another, not all in the same instant
                await asyncio.sleep(think_s * index / concurrency)
            while level.is_open():
                script = CONVERSATIONS[(index + count) % len(CONVERSATIONS)]
                await _converse(client, f"{prefix}-{index}-{count}", script, level, think_s)
                count += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        return level, time.perf_counter() - started


# The run -------------------------------------------------------------------------------------------


def free_ports(count: int) -> list[int]:
    """Ports from the OS's ephemeral range, so never 8000, 5005 or 5055 of a running `make run`."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]


@contextmanager
def started_product(var_dir: Path, model: Path) -> Iterator[tuple[str, list[Service]]]:
    """The whole product on free ports with its own var dir: yields (API base URL, running services).

    A failure to start raises `StartError` with the end of the process log.
    """
    from assistant.settings import Settings
    from assistant.supervisor import StartError, running_stack

    api_port, rasa_port, action_port = free_ports(3)
    settings = Settings(var_dir=var_dir, api_port=api_port, rasa_port=rasa_port, action_port=action_port)
    log_path = var_dir / "processes.log"
    print(f"Starting the assistant on ports {api_port}, {rasa_port}, {action_port} (log: {log_path})", flush=True)
    with log_path.open("wb") as log:
        try:
            with running_stack(settings, model, log=log) as running:
                yield f"http://127.0.0.1:{api_port}", running
        except StartError as exc:
            raise StartError(f"{exc}\n{log_path.read_text(errors='replace')[-4000:]}") from None


def _recorded_training_s(model: Path) -> float | None:
    from assistant.training import training_record_path

    try:
        seconds = json.loads(training_record_path(model).read_text())["seconds"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return float(seconds) if isinstance(seconds, int | float) else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant bench", description=__doc__)
    parser.add_argument("--requests", type=int, help="requests per concurrency level (default: 200 at 1, 400 at 20)")
    parser.add_argument("--out", type=Path, default=REPO_DIR / "build" / "bench.json", help="where to write the JSON")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    random.seed(42)  # the same reading times on every run
    if args.requests is not None and args.requests < 1:
        print("bench: --requests must be at least 1", file=sys.stderr)
        return 2
    from assistant.settings import get_settings
    from assistant.supervisor import StartError
    from assistant.training import train_if_needed

    # The bench sends from one address, faster than a person: lift the per-client chat rate limit.
    os.environ.setdefault("SDS_CHAT_RATE_PER_CLIENT", "1000000")
    model, training_s = train_if_needed(get_settings().model_dir)
    if training_s is None:
        training_s = _recorded_training_s(model)
    levels: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="sds-bench-") as tmp:
        started = time.monotonic()
        try:
            with started_product(Path(tmp), model) as (base_url, running):
                startup_s = time.monotonic() - started
                print(f"Start-up: {startup_s:.1f} s", flush=True)
                asyncio.run(run_level(base_url, concurrency=4, requests=40, prefix="warmup"))
                for concurrency, default in DEFAULT_REQUESTS.items():
                    requests = args.requests or default
                    level, seconds = asyncio.run(
                        run_level(base_url, concurrency=concurrency, requests=requests, prefix=f"c{concurrency}")
                    )
                    result = summarise(level.latencies_s, errors=level.errors, n=requests, seconds=seconds)
                    levels[f"c{concurrency}"] = result
                    print(_level_line(concurrency, result), flush=True)
                    if level.first_error:
                        print(f"  first error: {level.first_error}", flush=True)
                # 20 people chatting: each reads a reply for READING_S seconds before the next message.
                level, seconds = asyncio.run(
                    run_level(base_url, concurrency=20, requests=args.requests or 200, prefix="r20", think_s=READING_S)
                )
                result = summarise(level.latencies_s, errors=level.errors, n=args.requests or 200, seconds=seconds)
                levels["c20_reading"] = result
                print(_level_line(20, result) + f" (each person reads for {READING_S:.0f} s)", flush=True)
                memory = peak_memory(running)
        except StartError as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    targets = {
        "c1_median_under_150ms": _under(levels["c1"]["median"], TARGET_C1_MEDIAN_MS),
        "c20_p95_under_500ms": _under(levels["c20"]["p95"], TARGET_C20_P95_MS),
        "c20_reading_p95_under_500ms": _under(levels["c20_reading"]["p95"], TARGET_C20_P95_MS),
    }
    report = {
        "training_s": None if training_s is None else round(training_s, 1),
        "startup_s": round(startup_s, 1),
        "latency_ms": levels,
        "peak_memory_mb": memory,
        "targets": targets,
        "machine": {"cpus": os.cpu_count()},
    }
    print("Peak memory (MB): " + ", ".join(f"{name} {mb:.0f}" for name, mb in memory.items()))
    print("Training: " + ("unknown" if training_s is None else f"{training_s:.0f} s"))
    for name, met in targets.items():
        print(f"Target {name}: {'met' if met else 'NOT met'}")
    line = json.dumps(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(line + "\n")
    print(line)
    return 0


def _under(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def _level_line(concurrency: int, result: dict[str, Any]) -> str:
    who = "1 conversation" if concurrency == 1 else f"{concurrency} concurrent conversations"
    return (
        f"{who}: median {result['median']} ms, p95 {result['p95']} ms, {result['rps']} requests/s, "
        f"{result['errors']} errors in {result['n']} requests"
    )
