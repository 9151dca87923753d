"""Faults, end to end: kill or pause each process during a running conversation, then bring it back.

One stack of its own for the whole module (each start costs a minute of shared CPU); every test
leaves it whole again. The API's Rasa timeout is the production one (4.5 s), not the e2e default.
Also sends the hostile input corpus (tests/data/hostile_messages.jsonl) through the real model.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e
CORPUS = Path(__file__).resolve().parent.parent / "data" / "hostile_messages.jsonl"
HELP_PHONE = "0131 510 9410"  # Scottish Independent Advocacy Alliance, in content/organisations.yml
REFUSALS = {"empty-message", "message-too-long", "invalid-json", "invalid-request"}


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory, stack_starter: Callable[..., Any]) -> Iterator[Any]:
    """The stack (tests/e2e/conftest.py `Stack`), with `kill(name)` and `restart(name)`."""
    with stack_starter(tmp_path_factory.mktemp("faults"), rasa_timeout_s=4.5) as running:
        yield running


@pytest.fixture(scope="module")
def client(faulty: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=faulty.base_url, timeout=30) as http:
        # A first message warms the model up, so no later reply is slow for that reason.
        http.post("/v1/chat", json={"conversation_id": "warm-up", "text": "hello"})
        yield http


def _say(client: httpx.Client, conversation: str, text: str) -> list[dict[str, Any]]:
    response = client.post("/v1/chat", json={"conversation_id": conversation, "text": text})
    assert response.status_code == 200, response.text
    messages: list[dict[str, Any]] = response.json()["messages"]
    assert messages
    return messages


def _tell_me_more(messages: list[dict[str, Any]]) -> str:
    return next(b["payload"] for m in messages for b in m.get("buttons", []) if b["title"] == "Tell me more")


def _parts(client: httpx.Client) -> dict[str, str]:
    parts: dict[str, str] = client.get("/health").json()["parts"]
    return parts


def test_action_server_down_gives_free_help_numbers_then_recovers_by_itself(faulty: Any, client: httpx.Client) -> None:
    first = _say(client, "fault-actions", "what is a direct payment")
    assert first[0]["topic"] == "option1_direct_payment"

    faulty.kill("action server")
    down = _say(client, "fault-actions", "what is option 2")
    assert down[0]["topic"] == "service_problem"
    assert HELP_PHONE in down[0]["text"] and "999" in down[0]["text"]
    assert _parts(client)["actions"] == "down"
    crisis = _say(client, "fault-actions", "i want to kill myself")
    assert crisis[0]["topic"] == "crisis"

    faulty.restart("action server")
    more = _say(client, "fault-actions", _tell_me_more(first))
    assert more[0]["topic"] == "option1_direct_payment"
    assert more[0]["text"] != first[0]["text"]
    assert _parts(client)["actions"] == "up"


def test_a_hanging_action_server_still_gets_an_answer_in_time(faulty: Any, client: httpx.Client) -> None:
    process = faulty.service("action server").process
    assert process is not None
    os.killpg(process.pid, signal.SIGSTOP)  # it accepts connections but never answers
    try:
        started = time.monotonic()
        response = client.post("/v1/chat", json={"conversation_id": "fault-hang", "text": "what is option 3"})
        seconds = time.monotonic() - started
    finally:
        os.killpg(process.pid, signal.SIGCONT)
    print(f"reply with a hanging action server: {response.status_code} in {seconds:.2f} s")
    assert seconds < 5  # the contract: an answer (or a friendly 503) within 5 s
    if response.status_code == 200:
        assert response.json()["messages"][0]["topic"] == "service_problem"
    else:
        assert response.json()["error"]["code"] == "assistant-unavailable"
    assert _say(client, "fault-hang", "what is option 3")[0]["topic"] == "option3_council_arranged"


def test_rasa_paused_or_down_gives_503_within_5_seconds_and_the_conversation_continues(
    faulty: Any, client: httpx.Client
) -> None:
    first = _say(client, "fault-rasa", "what is a direct payment")
    rasa = faulty.service("Rasa server").process
    assert rasa is not None

    os.killpg(rasa.pid, signal.SIGSTOP)  # slow: Rasa holds the connection and says nothing
    try:
        started = time.monotonic()
        slow = client.post("/v1/chat", json={"conversation_id": "fault-rasa", "text": "what is option 2"})
        slow_seconds = time.monotonic() - started
        assert _parts(client)["rasa"] == "down"
    finally:
        os.killpg(rasa.pid, signal.SIGCONT)
    faulty.kill("Rasa server")
    started = time.monotonic()
    down = client.post("/v1/chat", json={"conversation_id": "fault-rasa", "text": "what is option 2"})
    down_seconds = time.monotonic() - started
    print(f"503 with Rasa paused: {slow_seconds:.2f} s; with Rasa killed: {down_seconds:.2f} s")
    for response, seconds in ((slow, slow_seconds), (down, down_seconds)):
        assert response.status_code == 503 and response.json()["error"]["code"] == "assistant-unavailable"
        assert seconds < 5  # the contract: a friendly 503 within 5 s
    health = client.get("/health").json()
    assert health["status"] == "degraded" and health["parts"]["rasa"] == "down"
    assert health["parts"]["actions"] == "up" and health["parts"]["store"] == "up"

    faulty.restart("Rasa server")
    more = _say(client, "fault-rasa", _tell_me_more(first))  # the tracker store kept the conversation
    assert more[0]["topic"] == "option1_direct_payment" and more[0]["text"] != first[0]["text"]


def test_the_api_killed_and_restarted_continues_the_conversation(faulty: Any, client: httpx.Client) -> None:
    first = _say(client, "fault-api", "what is a direct payment")
    faulty.kill("API")
    with pytest.raises(httpx.TransportError):
        client.get("/health")
    faulty.restart("API")
    more = _say(client, "fault-api", _tell_me_more(first))
    assert more[0]["topic"] == "option1_direct_payment" and more[0]["text"] != first[0]["text"]


def _hostile_rows() -> list[dict[str, str]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_hostile_message_is_answered_or_cleanly_refused_by_the_real_model(client: httpx.Client) -> None:
    problems = []
    for number, row in enumerate(_hostile_rows()):
        body = json.dumps({"conversation_id": f"hostile-{number}", "text": row["text"]}).encode("ascii")
        response = client.post("/v1/chat", content=body, headers={"content-type": "application/json"})
        if response.status_code >= 500 or not response.headers["content-type"].startswith("application/json"):
            problems.append((row["name"], response.status_code, response.text[:200]))
            continue
        data = response.json()
        if response.status_code == 200:
            texts = [m["text"] for m in data["messages"]]
            if not texts or any("49" in t for t in texts if "7*7" in row["text"]):
                problems.append((row["name"], 200, texts))
        elif data["error"]["code"] not in REFUSALS:
            problems.append((row["name"], response.status_code, data))
    assert problems == []
    assert _parts(client) == {"rasa": "up", "actions": "up", "store": "up"}
