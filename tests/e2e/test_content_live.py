"""A published edit is what the very next chat message gets: answers and glossary terms, through the real stack.

No training and no restart: the action server and the Rasa glossary component read the content store
on every message. Each test puts the item back (restores revision 1), as the stack is shared.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e


def _publish(api: httpx.Client, headers: dict[str, str], path: str, **changes: str) -> str:
    current = api.get(path, headers=headers)
    saved = api.put(path, json={**current.json(), **changes}, headers={**headers, "If-Match": current.headers["ETag"]})
    assert saved.status_code == 200, saved.text
    published = api.post(f"{path}/publish", headers={**headers, "If-Match": saved.headers["ETag"]})
    assert published.status_code == 200, published.text
    return str(published.headers["ETag"])


def _reply(api: httpx.Client, conversation: str, text: str) -> str:
    response = api.post("/v1/chat", json={"conversation_id": conversation, "text": text})
    assert response.status_code == 200, response.text
    return " ".join(message["text"] for message in response.json()["messages"])


def _restore_first(api: httpx.Client, headers: dict[str, str], path: str, etag: str) -> None:
    restored = api.post(f"{path}/revisions/1/restore", headers={**headers, "If-Match": etag})
    assert restored.status_code == 200, restored.text


@pytest.mark.parametrize(
    ("path", "field", "value", "question"),
    [
        (
            "/v1/content/answers/advocacy",
            "short",
            "An advocate is a person on your side.\nThey help you say what you want.",
            "what does an advocate do",
        ),
        (
            "/v1/content/glossary/direct-payment",
            "meaning",
            "Money from the council for your support. You choose what to buy.",
            "what does direct payment mean",
        ),
    ],
)
def test_the_next_chat_message_after_a_publish_gets_the_new_text(
    api: httpx.Client, stack: Any, path: str, field: str, value: str, question: str
) -> None:
    token = stack.token(f"live-{field}", "reviewer")
    headers = {"Authorization": f"Bearer {token}"}
    assert value.split("\n")[0] not in _reply(api, f"before-{field}", question)
    etag = _publish(api, headers, path, **{field: value})
    try:
        assert value.split("\n")[0] in _reply(api, f"after-{field}", question)
    finally:
        _restore_first(api, headers, path, etag)
    assert value.split("\n")[0] not in _reply(api, f"restored-{field}", question)
