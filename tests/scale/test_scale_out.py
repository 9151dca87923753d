"""The scaled-out stack on one machine: PostgreSQL, Redis, 2 action servers, 2 Rasa servers, 2 APIs
and nginx (`assistant.scale_stack`). Run by `make test-scale`, not by `make test`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.scale import KILLS, QUESTIONS, print_summary, routing, run_kill_test
from assistant.scale_stack import ScaleStack, scaled_out
from assistant.settings import get_settings
from assistant.training import train_if_needed

pytestmark = pytest.mark.scale
PEOPLE = 6


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaleStack]:
    model, _ = train_if_needed(get_settings().model_dir)
    tmp: Path = tmp_path_factory.mktemp("scale")
    try:
        with scaled_out(tmp, model) as stack:
            yield stack
    except Exception:
        for log in sorted((tmp / "logs").glob("*.log")):
            print(f"== {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        raise


def _topic(client: httpx.Client, conversation: str, text: str) -> str | None:
    response = client.post("/v1/chat", json={"conversation_id": conversation, "text": text})
    assert response.status_code == 200, response.text
    topic: str | None = response.json()["messages"][0].get("topic")
    return topic


def test_tell_me_more_answers_the_question_asked_before_it(scaled: ScaleStack) -> None:
    """What the kill test relies on: a conversation that lost its history would not get the topic."""
    with httpx.Client(base_url=scaled.public_url, timeout=60) as client:
        assert _topic(client, "fresh-1", "/tell_me_more") not in {topic for _, topic in QUESTIONS}
        assert _topic(client, "fresh-2", "what is a direct payment") == "option1_direct_payment"
        assert _topic(client, "fresh-2", "/tell_me_more") == "option1_direct_payment"


def test_nginx_sends_each_conversation_to_one_rasa_server_and_uses_both(scaled: ScaleStack) -> None:
    with httpx.Client(base_url=scaled.public_url, timeout=60) as client:
        for number in range(12):
            for text in ("what is a direct payment", "/tell_me_more", "how do i ask for an assessment"):
                _topic(client, f"sticky-{number}", text)
    routed = routing(scaled, prefix="sticky-")
    assert routed["conversations_on_two_servers"] == 0
    assert set(routed["requests_per_rasa_server"]) == {"rasa-1", "rasa-2"}
    assert sum(routed["requests_per_rasa_server"].values()) == 36


def test_no_conversation_is_lost_while_one_of_each_replica_is_killed_and_restarted(scaled: ScaleStack) -> None:
    summary = run_kill_test(scaled, people=PEOPLE)
    print_summary(summary)

    assert summary["failed_turns"] == 0, summary["failures"]
    assert summary["completed"] == summary["conversations"] > PEOPLE
    assert summary["conversations_in_postgres"] == summary["conversations"], summary["missing_in_postgres"]
    assert [kill["process"] for kill in summary["kills"]] == list(KILLS)
    # A retry is only for a request in flight on a killed process: at most one a person per kill.
    assert summary["retries"] <= PEOPLE * len(KILLS)
    assert all(scaled.procs[name].alive for name in KILLS)
    assert summary["no_conversation_lost"]
