"""The public API through the real FastAPI app: contract, bad input, and Rasa being down."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app

RASA_OUTPUT = [
    {"recipient_id": "c1", "custom": {"text": "A direct payment is money.", "topic": "option1_direct_payment",
                                      "image": {"src": "/pictures/1F4B7.svg", "alt": "Money"}, "answer_id": "x"}},
    {"recipient_id": "c1", "custom": {"text": "Free help", "topic": "option1_direct_payment",
                                      "buttons": [{"title": "Tell me more", "payload": "/tell_me_more"}]}},
    {"recipient_id": "c1", "text": "plain text from an old response"},
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def client(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app with Rasa's port pointing at a port where nothing listens."""
    monkeypatch.setenv("SDS_RASA_PORT", str(_free_port()))
    monkeypatch.setenv("SDS_ACTION_PORT", str(_free_port()))
    from assistant.settings import get_settings

    get_settings.cache_clear()
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def sent_to_rasa(client: TestClient) -> list[dict[str, Any]]:
    """Replace Rasa with a stub that records what it was sent and answers RASA_OUTPUT."""
    seen: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append({"url": str(request.url), "body": json.loads(request.content)})
        return httpx.Response(200, json=RASA_OUTPUT)

    client.app.state.http = httpx.AsyncClient(transport=httpx.MockTransport(handler))  # type: ignore[attr-defined]
    return seen


def test_chat_forwards_to_rasa_rest_channel_and_returns_the_contract(
    client: TestClient, sent_to_rasa: list[dict[str, Any]]
) -> None:
    response = client.post("/v1/chat", json={"conversation_id": "c1", "text": "  what is a direct payment "})
    assert response.status_code == 200
    # The conversation id in the query lets nginx send one conversation to one Rasa server (scale-out).
    assert sent_to_rasa[0]["url"].endswith("/webhooks/rest/webhook?conversation=c1")
    assert sent_to_rasa[0]["body"] == {"sender": "c1", "message": "what is a direct payment"}
    body = response.json()
    assert body["conversation_id"] == "c1"
    first, second, third = body["messages"]
    assert first == {"text": "A direct payment is money.", "topic": "option1_direct_payment",
                     "image": {"src": "/pictures/1F4B7.svg", "alt": "Money"}}  # fmt: skip
    assert second["buttons"] == [{"title": "Tell me more", "payload": "/tell_me_more"}]
    assert third == {"text": "plain text from an old response"}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"conversation_id": "c1", "text": ""}', 422, "empty-message"),
        (b'{"conversation_id": "c1", "text": "   \\n\\t "}', 422, "empty-message"),
        (json.dumps({"conversation_id": "c1", "text": "a" * 1001}).encode(), 422, "message-too-long"),
        (b'{"conversation_id": "c1", "text": ', 400, "invalid-json"),
        (b"not json at all", 400, "invalid-json"),
        (b'["a list"]', 400, "invalid-json"),
        (b'{"conversation_id": "c1", "text": "caf\xe9"}', 400, "invalid-json"),
        (b'{"conversation_id": "c1", "text": 42}', 422, "invalid-request"),
        (b'{"conversation_id": 7, "text": "hello"}', 422, "invalid-request"),
        (b'{"text": "hello"}', 422, "invalid-request"),
        (b'{"conversation_id": "bad id with spaces", "text": "hello"}', 422, "invalid-request"),
        (b'{"conversation_id": "c1", "text": "' + b"a" * 20000 + b'"}', 413, "body-too-large"),
    ],
)
def test_bad_chat_input_gets_a_clear_4xx_error(
    client: TestClient, sent_to_rasa: list[dict[str, Any]], body: bytes, status: int, code: str
) -> None:
    response = client.post("/v1/chat", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert sent_to_rasa == []


def test_exactly_1000_characters_is_accepted(client: TestClient, sent_to_rasa: list[dict[str, Any]]) -> None:
    response = client.post("/v1/chat", json={"conversation_id": "c1", "text": "a" * 1000})
    assert response.status_code == 200


def test_rasa_down_gives_a_friendly_503(client: TestClient) -> None:
    response = client.post("/v1/chat", json={"conversation_id": "c1", "text": "what is option 2"})
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "assistant-unavailable" and "999" in error["message"]


def test_crisis_message_gets_the_crisis_reply_even_when_rasa_is_down(client: TestClient) -> None:
    response = client.post("/v1/chat", json={"conversation_id": "c1", "text": "i want to kill myself"})
    assert response.status_code == 200
    (message,) = response.json()["messages"]
    assert message["topic"] == "crisis"
    for number in ("999", "111", "116 123"):
        assert number in message["text"]


def test_health_reports_each_part(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "parts": {"rasa": "down", "actions": "down", "store": "up"}}


def test_demo_page_hosts_the_chat_widget_and_its_script_is_served(client: TestClient) -> None:
    # The front page is the widget on an easy-read page; the log (role="log") is in its shadow DOM,
    # checked in a real browser by tests/browser/widget.test.mjs.
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "<sds-chat" in page.text and "/widget.js" in page.text and "/static/demo.css" in page.text
    assert client.get("/widget.js").status_code == 200


def test_pictures_are_served_from_openmoji_and_unknown_ones_are_404(client: TestClient) -> None:
    picture = client.get("/pictures/1F4B7.svg")
    assert picture.status_code == 200 and picture.headers["content-type"].startswith("image/svg+xml")
    missing = client.get("/pictures/..%2F..%2Fetc.svg")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not-found"


def test_unknown_path_is_a_json_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not-found"


def test_openapi_documents_the_chat_request_body(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schema = spec["paths"]["/v1/chat"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["required"]) == {"conversation_id", "text"}
