"""Hostile chat input through the real API (Rasa stubbed): every message is answered or cleanly refused.

The corpus, tests/data/hostile_messages.jsonl, is shared with tests/e2e/test_faults.py, which sends
it to the real model. Each line is `{"name", "text"}`; some texts hold lone surrogates as JSON escapes.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from assistant.paths import REPO_DIR
from assistant.settings import get_settings

CORPUS = REPO_DIR / "tests" / "data" / "hostile_messages.jsonl"
HOSTILE = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
REFUSALS = {"empty-message", "message-too-long", "invalid-json", "invalid-request", "body-too-large"}
TEMPLATES = ("{{7*7}}", "${7*7}", "<%= 7*7 %>")


def chat_body(conversation_id: str, text: str) -> bytes:
    """The request body as a client sends it: ASCII JSON, so lone surrogates stay \\uXXXX escapes."""
    return json.dumps({"conversation_id": conversation_id, "text": text}).encode("ascii")


def check_reply(response: httpx.Response, row: dict[str, str]) -> list[dict[str, Any]]:
    """200 with messages, or a 4xx with one of our error codes; never a 5xx, never HTML."""
    assert response.status_code < 500, (row["name"], response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200:
        assert body["messages"], row["name"]
        assert all(isinstance(m["text"], str) and m["text"] for m in body["messages"])
        return list(body["messages"])
    assert body["error"]["code"] in REFUSALS, (row["name"], body)
    return []


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One running app for the whole corpus (each start seeds a store)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SDS_VAR_DIR", str(tmp_path_factory.mktemp("var")))
        patch.setenv("SDS_CHAT_RATE_PER_CLIENT", "0")
        get_settings.cache_clear()
        with TestClient(create_app()) as test_client:
            yield test_client
    get_settings.cache_clear()


@pytest.fixture
def client(app: TestClient) -> TestClient:
    return app


@pytest.fixture
def sent_to_rasa(client: TestClient) -> list[str]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content)["message"])
        return httpx.Response(200, json=[{"recipient_id": "x", "custom": {"text": "An answer.", "topic": "t"}}])

    client.app.state.http = httpx.AsyncClient(transport=httpx.MockTransport(handler))  # type: ignore[attr-defined]
    return seen


@pytest.mark.parametrize("row", HOSTILE, ids=[row["name"] for row in HOSTILE])
def test_hostile_message_is_answered_or_cleanly_refused(
    client: TestClient, sent_to_rasa: list[str], row: dict[str, str]
) -> None:
    response = client.post("/v1/chat", content=chat_body("hostile", row["text"]))
    check_reply(response, row)
    for text in sent_to_rasa:  # what reaches Rasa (and so the tracker store) is clean text
        text.encode("utf-8")
        assert not any(unicodedata.category(ch)[0] == "C" for ch in text), repr(text)
        assert text.strip()


@pytest.mark.parametrize("template", TEMPLATES)
def test_template_strings_reach_rasa_as_plain_text(client: TestClient, sent_to_rasa: list[str], template: str) -> None:
    assert client.post("/v1/chat", content=chat_body("t", template)).status_code == 200
    assert sent_to_rasa == [template]


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 10_000 + b"]" * 10_000,
        b'{"conversation_id": "c", "text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"conversation_id": "c", "text": "\\ud800"}',
        b'{"conversation_id": "c", "text": "a", "text": 5}',
        b'{"conversation_id": "c", "text": "hi", "org": "<script>"}',
        b'{"conversation_id": "c\\u0000", "text": "hi"}',
        b"\xff\xfe{}",
        b"",
    ],
    ids=["deep-list", "deep-text", "lone-surrogate", "duplicate-key", "bad-org", "nul-in-id", "utf16-bom", "empty"],
)
def test_hostile_bodies_get_a_clean_4xx(client: TestClient, sent_to_rasa: list[str], body: bytes) -> None:
    response = client.post("/v1/chat", content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    assert response.json()["error"]["code"] in REFUSALS
    assert sent_to_rasa == []
