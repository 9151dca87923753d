"""Reading a JSON object from a request body ourselves, so every bad body gets our own clear 4xx."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from api.errors import ApiError


async def read_json_object(request: Request, *, max_bytes: int) -> dict[str, Any]:
    """The body as a JSON object: 413 when too large, 400 `invalid-json` when not UTF-8 JSON or not an object."""
    body = await request.body()
    if len(body) > max_bytes:
        raise ApiError(413, "body-too-large")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):  # RecursionError: [[[[... nested deep
        raise ApiError(400, "invalid-json") from None
    if not isinstance(data, dict) or _has_lone_surrogate(data):
        raise ApiError(400, "invalid-json")
    return data


def _has_lone_surrogate(value: Any) -> bool:
    """True for text like "\\ud800": valid JSON escapes, but not Unicode text (it cannot be stored or sent on)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False
