"""`GET /health`: the state of Rasa, the action server and the content store."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import APIRouter

from api.deps import HttpDep, SettingsDep, StoreDep
from api.schemas import Health, PartState
from assistant.content.store import ping

router = APIRouter(tags=["health"])


async def _is_up(http: httpx.AsyncClient, url: str) -> str:
    try:
        response = await http.get(url, timeout=2.0)
    except httpx.HTTPError:
        return "down"
    return "up" if response.status_code == 200 else "down"


@router.get("/health", response_model=Health)
async def health(settings: SettingsDep, http: HttpDep, store: StoreDep) -> Health:
    rasa, actions = await asyncio.gather(
        _is_up(http, f"{settings.rasa_url}/"), _is_up(http, f"{settings.action_url}/health")
    )
    store_state = "up" if await asyncio.to_thread(ping, store) else "down"
    parts = PartState(rasa=rasa, actions=actions, store=store_state)
    status = "ok" if {rasa, actions, store_state} == {"up"} else "degraded"
    return Health(status=status, parts=parts)
