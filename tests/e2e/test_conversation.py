"""End to end: the real trained model, real Rasa and action server processes, the real API over HTTP.

The `api` fixture (tests/e2e/conftest.py) starts the product on free ports, so it never clashes with
a running `make run`.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from assistant.topics import in_scope_labels

pytestmark = pytest.mark.e2e


def _say(client: httpx.Client, conversation: str, text: str) -> list[dict[str, Any]]:
    response = client.post("/v1/chat", json={"conversation_id": conversation, "text": text})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["conversation_id"] == conversation
    messages: list[dict[str, Any]] = body["messages"]
    assert messages, "the assistant said nothing"
    return messages


def _buttons(messages: list[dict[str, Any]]) -> dict[str, str]:
    return {b["title"]: b["payload"] for m in messages for b in m.get("buttons", [])}


def test_health_reports_every_part_up(api: httpx.Client) -> None:
    response = api.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert all(part == "up" for part in body["parts"].values()), body


def test_a_topic_question_gets_the_easy_read_answer_and_its_buttons_work(api: httpx.Client) -> None:
    first = _say(api, "e2e-topic", "what is a direct payment")
    assert first[0]["topic"] == "option1_direct_payment"
    assert first[0]["image"]["alt"]
    assert api.get(first[0]["image"]["src"]).status_code == 200
    buttons = _buttons(first)
    assert {"Tell me more", "Find free help", "Yes", "No"} <= set(buttons)

    more = _say(api, "e2e-topic", buttons["Tell me more"])
    assert more[0]["topic"] == "option1_direct_payment"
    assert more[0]["text"] != first[0]["text"]

    thanks = _say(api, "e2e-topic", buttons["Yes"])
    assert "thank" in thanks[0]["text"].lower()

    help_ = _say(api, "e2e-topic", buttons["Find free help"])
    assert help_[0]["topic"] == "independent_support_organisations"


def test_a_person_in_danger_gets_the_crisis_reply_first(api: httpx.Client) -> None:
    _say(api, "e2e-crisis", "how do i ask for an assessment")
    messages = _say(api, "e2e-crisis", "my carer hits me and i am scared")
    assert messages[0]["topic"] == "crisis"
    for number in ("999", "111", "116 123"):
        assert number in messages[0]["text"]


# Messages with no topic in them. Which of them the classifier is unsure about (fallback) and which it
# calls out of scope depends on the trained model; none may ever be answered as a topic.
UNCLEAR = [
    "blorp snazzle wib",
    "hmm the thing with the stuff",
    "zxq vvk plim",
    "what about the other one then",
    "the blue one maybe",
    "qwerty uiop asdf",
]


def test_an_unclear_message_asks_did_you_mean_then_offers_the_menu(api: httpx.Client) -> None:
    fallbacks = []
    for text in UNCLEAR:
        messages = _say(api, "e2e-fallback", text)
        assert messages[0]["topic"] not in in_scope_labels(), text
        if messages[0]["topic"] == "fallback":
            fallbacks.append(_buttons(messages))
    assert len(fallbacks) >= 2, "the model should be unsure about at least 2 of these messages"
    first, second = fallbacks[:2]
    assert "Something else" in first and 2 <= len(first) <= 4
    assert {"Show me the menu", "Find free help"} <= set(second)


def test_something_off_topic_is_declined_kindly(api: httpx.Client) -> None:
    messages = _say(api, "e2e-oos", "what is the weather like in glasgow tomorrow")
    assert messages[0]["topic"] == "out_of_scope"
