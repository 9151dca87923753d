"""`make scale-demo`: the scaled-out stack (`assistant.scale_stack`) keeps every conversation while one
replica of each kind is killed and restarted.

Several simulated people chat through nginx, each conversation a few topic questions, each followed
by its "Tell me more" button, whose answer depends on the conversation so far (kept in PostgreSQL).
Meanwhile one Rasa server, one action server and one API process are killed (SIGKILL) and restarted,
one after another. A request that was in flight on a killed process may fail: the client tries it
once more, and those retries are counted. Every turn must then get its expected topic, and
PostgreSQL must hold every conversation's messages. The last line printed is a JSON summary.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from assistant.scale_stack import ScaleStack

# (question, topic of its answer); each is followed by the answer's "Tell me more" button.
QUESTIONS = [
    ("what is a direct payment", "option1_direct_payment"),
    ("how do i ask for an assessment", "assessment"),
    ("who can help me speak up at my assessment", "advocacy"),
    ("i look after my dad, can i get support as a carer", "carers_support"),
    ("what is an individual service fund", "option2_individual_service_fund"),
]
QUESTIONS_PER_CONVERSATION = 3
KILLS = ("rasa-1", "actions-1", "api-1")
RETRY_AFTER_S = 1.0
RETRYABLE_TOPICS = {"service_problem"}  # the API's reply when Rasa answered nothing (action server gone)


@dataclass
class Outcome:
    conversations: list[str] = field(default_factory=list)
    completed: int = 0
    turns: int = 0
    requests: int = 0
    retries: Counter[str] = field(default_factory=Counter)  # why the first try failed
    failures: list[str] = field(default_factory=list)


async def _turn(client: httpx.AsyncClient, cid: str, text: str, topic: str, outcome: Outcome) -> dict[str, str] | None:
    """Send one message (once more if the first try failed); its buttons, or None if the turn failed."""
    for attempt in (1, 2):
        outcome.requests += 1
        try:
            response = await client.post("/v1/chat", json={"conversation_id": cid, "text": text})
        except httpx.HTTPError as exc:
            reason, retryable = type(exc).__name__, True
        else:
            messages = response.json().get("messages", []) if response.status_code == 200 else []
            got = messages[0].get("topic") if messages else None
            if got == topic:
                outcome.turns += 1
                return {b["title"]: b["payload"] for m in messages for b in m.get("buttons", [])}
            reason = f"HTTP {response.status_code}" if response.status_code != 200 else f"topic {got}"
            retryable = response.status_code >= 500 or got in RETRYABLE_TOPICS
        if attempt == 1 and retryable:
            outcome.retries[reason] += 1
            await asyncio.sleep(RETRY_AFTER_S)
            continue
        outcome.failures.append(f"{cid} {text!r}: {reason} (expected {topic})")
        return None
    return None


async def _converse(client: httpx.AsyncClient, cid: str, first: int, outcome: Outcome, think_s: float) -> None:
    outcome.conversations.append(cid)
    for i in range(QUESTIONS_PER_CONVERSATION):
        question, topic = QUESTIONS[(first + i) % len(QUESTIONS)]
        buttons = await _turn(client, cid, question, topic, outcome)
        if buttons is None:
            return
        await asyncio.sleep(think_s)
        # The answer to "Tell me more" depends on the question before it: a lost conversation shows here.
        if await _turn(client, cid, buttons.get("Tell me more", "/tell_me_more"), topic, outcome) is None:
            return
        await asyncio.sleep(think_s)
    outcome.completed += 1


async def _chat_until(base_url: str, stop: threading.Event, outcome: Outcome, *, people: int, think_s: float) -> None:
    """`people` workers start conversation after conversation until `stop` is set."""
    async with httpx.AsyncClient(base_url=base_url, timeout=90) as client:

        async def person(number: int) -> None:
            count = 0
            while not stop.is_set():
                await _converse(client, f"scale-{number}-{count}", number + count, outcome, think_s)
                count += 1

        await asyncio.gather(*(person(n) for n in range(people)))


def kill_and_restart(stack: ScaleStack, names: tuple[str, ...], *, pause_s: float) -> list[dict[str, Any]]:
    """Kill each replica in turn; the rest serve for `pause_s`; restart it and let it serve for `pause_s`.

    Runs in the thread that started the stack (restarted processes die with the thread that made them).
    """
    results = []
    for name in names:
        stack.kill(name)
        print(f"Killed {name} (SIGKILL).", flush=True)
        time.sleep(pause_s)
        restart_s = stack.restart(name)
        print(f"Restarted {name}: ready in {restart_s:.1f} s.", flush=True)
        results.append({"process": name, "restart_s": round(restart_s, 1)})
        time.sleep(pause_s)
    return results


def events_in_tracker(stack: ScaleStack, conversation_ids: list[str]) -> dict[str, int]:
    """How many user messages PostgreSQL's tracker store holds for each conversation."""
    import sqlalchemy as sa

    engine = sa.create_engine(stack.database_url("tracker"))
    query = sa.text("SELECT sender_id, count(*) FROM events WHERE type_name = 'user' GROUP BY sender_id")
    with engine.connect() as connection:
        counts = {str(sender): int(n) for sender, n in connection.execute(query)}
    engine.dispose()
    return {cid: counts.get(cid, 0) for cid in conversation_ids}


def routing(stack: ScaleStack, *, prefix: str = "scale-") -> dict[str, Any]:
    """From nginx's log, for conversations whose id starts with `prefix`: requests per Rasa server, how
    many nginx moved to another server, and how many conversations more than one server answered."""
    names = {f"127.0.0.1:{port}": f"rasa-{i}" for i, port in enumerate(stack.ports.rasa_servers, 1)}
    per_server: Counter[str] = Counter()
    servers_of: dict[str, set[str]] = {}
    moved = 0
    for line in (stack.logs / "nginx-access.log").read_text().splitlines():
        port, _status, conversation, upstream = line.split(" ", 3)
        if port != str(stack.ports.rasa) or not conversation.startswith(prefix):
            continue
        tried = [names.get(addr.strip(), addr.strip()) for addr in upstream.split(",")]
        moved += len(tried) > 1
        per_server[tried[-1]] += 1
        servers_of.setdefault(conversation, set()).add(tried[-1])
    return {
        "requests_per_rasa_server": dict(per_server),
        "moved_by_nginx": moved,
        "conversations_on_two_servers": sum(len(s) > 1 for s in servers_of.values()),
    }


def run_kill_test(stack: ScaleStack, *, people: int = 6, think_s: float = 0.5, pause_s: float = 5.0) -> dict[str, Any]:
    """Conversations through nginx while each kind of replica is killed and restarted; a summary."""
    outcome, stop = Outcome(), threading.Event()
    chat = threading.Thread(
        target=lambda: asyncio.run(_chat_until(stack.public_url, stop, outcome, people=people, think_s=think_s))
    )
    started = time.monotonic()
    chat.start()
    try:
        time.sleep(pause_s)  # every worker is in a conversation before the first kill
        kills = kill_and_restart(stack, KILLS, pause_s=pause_s)
    finally:
        stop.set()  # each person finishes the conversation they are in
        chat.join()
    in_tracker = events_in_tracker(stack, outcome.conversations)
    missing = [cid for cid, n in in_tracker.items() if n == 0]
    summary = {
        "conversations": len(outcome.conversations),
        "completed": outcome.completed,
        "turns": outcome.turns,
        "requests": outcome.requests,
        "retries": sum(outcome.retries.values()),
        "retries_by_reason": dict(outcome.retries),
        "failed_turns": len(outcome.failures),
        "failures": outcome.failures[:10],
        "kills": kills,
        "conversations_in_postgres": len(in_tracker) - len(missing),
        "missing_in_postgres": missing[:10],
        "routing": routing(stack),
        "seconds": round(time.monotonic() - started, 1),
    }
    summary["no_conversation_lost"] = not outcome.failures and not missing and outcome.completed == len(in_tracker)
    return summary


def print_summary(summary: dict[str, Any]) -> None:
    print(
        f"{summary['conversations']} conversations, {summary['completed']} completed, {summary['turns']} turns, "
        f"{summary['requests']} requests, {summary['retries']} retried once "
        f"({', '.join(f'{k} x{n}' for k, n in summary['retries_by_reason'].items()) or 'none'}), "
        f"{summary['failed_turns']} failed turns, in {summary['seconds']} s"
    )
    for kill in summary["kills"]:
        print(f"  killed {kill['process']}: restarted, ready again in {kill['restart_s']} s")
    print(f"  in PostgreSQL: {summary['conversations_in_postgres']} of {summary['conversations']} conversations")
    print(f"  routing: {summary['routing']}")
    for failure in summary["failures"]:
        print(f"  failed: {failure}")
    print("No conversation lost." if summary["no_conversation_lost"] else "A CONVERSATION WAS LOST.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant scale-demo", description=__doc__)
    parser.add_argument("--people", type=int, default=6, help="simulated people chatting at once (default: 6)")
    parser.add_argument("--load", type=float, default=0, metavar="SECONDS", help="also a load run through nginx")
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from assistant.scale_stack import scaled_out
    from assistant.settings import get_settings
    from assistant.supervisor import StartError
    from assistant.training import train_if_needed

    model, _ = train_if_needed(get_settings().model_dir)
    with tempfile.TemporaryDirectory(prefix="sds-scale-") as tmp:
        try:
            with scaled_out(Path(tmp), model, log=sys.stdout) as stack:
                summary = run_kill_test(stack, people=args.people)
                print_summary(summary)
                if args.load:
                    from assistant.load import format_table, run_levels

                    reports = run_levels(
                        stack.public_url, stack.pgids(), conversations=[20], seconds=args.load, think_s=0
                    )
                    print(format_table(reports))
                    summary["load"] = reports
        except StartError as exc:
            print(f"scale-demo: {exc}", file=sys.stderr)
            return 1
    print(json.dumps(summary))
    return 0 if summary["no_conversation_lost"] else 1
