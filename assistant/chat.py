"""Talk to the Rasa REST channel and translate its output into the API's message contract.

`reply_to` is the whole turn, safety first: the crisis check runs on what the person typed, Rasa
only ever sees the redacted text (`redact_for_nlu`: the tracker store never holds personal details), and an empty
answer (the action server is down) becomes plain words with free help phone numbers.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from assistant.crisis import detect_crisis
from assistant.redaction import redact_for_nlu
from assistant.replies import Message
from assistant.safety import crisis_reply
from assistant.service_problem import service_problem_reply
from assistant.settings import Settings

MESSAGE_KEYS = ("text", "buttons", "image", "topic")


class AssistantUnavailable(RuntimeError):
    """Rasa did not answer in time, or answered with an error."""


def clean_text(text: str) -> str:
    """What a person typed without invisible characters: control and format characters (NUL, zero-width
    spaces, right-to-left marks) become nothing, except tabs and line breaks, which become spaces."""
    return "".join(" " if ch in "\t\n\r" else ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch)[0] != "C")


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
    client: httpx.AsyncClient,
    rasa_url: str,
    conversation_id: str,
    text: str,
    *,
    timeout_s: float,
    connect_timeout_s: float | None = None,
) -> list[Message]:
    """Rasa's answer, or AssistantUnavailable after at most `timeout_s` in all (not per read)."""
    timeout = httpx.Timeout(timeout_s, connect=connect_timeout_s or timeout_s)
    try:
        response = await asyncio.wait_for(
            client.post(
                f"{rasa_url}/webhooks/rest/webhook",
                json={"sender": conversation_id, "message": text},
                # Rasa ignores it; a load balancer in front of several Rasa servers routes on it
                # (`hash $arg_conversation`, docs/deploy.md), so one conversation goes to one server.
                params={"conversation": conversation_id},
                timeout=timeout,
            ),
            timeout=timeout_s,
        )
        response.raise_for_status()
        return to_messages(response.json())
    except asyncio.TimeoutError:
        raise AssistantUnavailable(f"no answer within {timeout_s} s") from None
    except (httpx.HTTPError, ValueError) as exc:
        raise AssistantUnavailable(str(exc) or type(exc).__name__) from exc


def is_crisis_reply(messages: Iterable[Mapping[str, Any]]) -> bool:
    return any(m.get("topic") == "crisis" for m in messages)


async def reply_to(client: httpx.AsyncClient, settings: Settings, conversation_id: str, text: str) -> list[Message]:
    """One turn: the messages to show, or AssistantUnavailable (never for a person in crisis)."""
    in_crisis = detect_crisis(text)  # on the original text, before redaction: safety first
    try:
        messages = await send_to_rasa(
            client,
            settings.rasa_url,
            conversation_id,
            redact_for_nlu(text),  # what the tracker store keeps
            timeout_s=settings.rasa_timeout_s,
            connect_timeout_s=settings.rasa_connect_timeout_s,
        )
    except AssistantUnavailable:
        if in_crisis:
            return [crisis_reply()]
        raise
    if in_crisis and not is_crisis_reply(messages):
        messages = [crisis_reply(), *messages]
    return messages or service_problem_reply()
