"""Shared dependencies, as `Annotated` aliases for the routes."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, Request
from sqlalchemy.engine import Engine

from assistant.content.store import get_engine
from assistant.settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_http_client(request: Request) -> httpx.AsyncClient:
    client: httpx.AsyncClient = request.app.state.http
    return client


def get_store(settings: SettingsDep) -> Engine:
    return get_engine(settings.content_db_url)


HttpDep = Annotated[httpx.AsyncClient, Depends(get_http_client)]
StoreDep = Annotated[Engine, Depends(get_store)]
