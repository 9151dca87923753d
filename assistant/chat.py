"""Talk to the Rasa REST channel and translate its output into the API's message contract."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from assistant.replies import Message

MESSAGE_KEYS = ("text", "buttons", "image", "topic")


class AssistantUnavailable(RuntimeError):
    """Rasa did not answer in time, or answered with an error."""


def to_messages(rasa_output: Iterable[Mapping[str, Any]]) -> list[Message]:
    """Rasa REST output -> `[{"text", "buttons"?, "image"?, "topic"}]`.

    Our actions and responses send custom JSON already in our shape; anything else (plain text or
    an image URL) is passed through with no topic.
    """
    messages: list[Message] = []
    for item in rasa_output:
        custom = item.get("custom")
        if isinstance(custom, Mapping) and custom.get("text"):
            message = {key: custom[key] for key in MESSAGE_KEYS if custom.get(key) is not None}
            message.setdefault("topic", None)
            messages.append(message)
        elif item.get("text"):
            message = {"text": item["text"], "topic": None}
            if item.get("buttons"):
                message["buttons"] = [{"title": b["title"], "payload": b["payload"]} for b in item["buttons"]]
            messages.append(message)
    return messages


async def send_to_rasa(
    client: httpx.AsyncClient, rasa_url: str, conversation_id: str, text: str, *, timeout_s: float
) -> list[Message]:
    try:
        response = await client.post(
            f"{rasa_url}/webhooks/rest/webhook",
            json={"sender": conversation_id, "message": text},
            timeout=timeout_s,
        )
        response.raise_for_status()
        return to_messages(response.json())
    except (httpx.HTTPError, ValueError) as exc:
        raise AssistantUnavailable(str(exc) or type(exc).__name__) from exc
