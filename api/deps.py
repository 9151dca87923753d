"""Shared dependencies, as `Annotated` aliases for the routes."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine

from api.errors import ApiError
from assistant.content.store import get_engine
from assistant.content.users import ROLES, User, authenticate
from assistant.settings import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]
bearer = HTTPBearer(auto_error=False, description="A token from `python -m api add-user NAME --role ROLE`.")


def get_http_client(request: Request) -> httpx.AsyncClient:
    client: httpx.AsyncClient = request.app.state.http
    return client


def get_store(settings: SettingsDep) -> Engine:
    return get_engine(settings.content_db_url)


HttpDep = Annotated[httpx.AsyncClient, Depends(get_http_client)]
StoreDep = Annotated[Engine, Depends(get_store)]
CredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _unauthorised() -> ApiError:
    return ApiError(401, "unauthorised", headers={"WWW-Authenticate": "Bearer"})


def get_optional_user(request: Request, store: StoreDep, credentials: CredentialsDep) -> User | None:
    """No token: the public (None). A token that is not a user's: 401, never the public view."""
    if credentials is None:
        if request.headers.get("authorization"):
            raise _unauthorised()
        return None
    user = authenticate(store, credentials.credentials)
    if user is None:
        raise _unauthorised()
    return user


OptionalUserDep = Annotated[User | None, Depends(get_optional_user)]


def get_user(user: OptionalUserDep) -> User:
    """Any editor or reviewer; what each role may do is checked in `assistant.content.editing`."""
    if user is None:
        raise _unauthorised()
    return user


UserDep = Annotated[User, Depends(get_user)]


def get_editor(user: UserDep) -> User:
    """An editor or a reviewer: any other role is 403."""
    if user.role not in ROLES:
        raise ApiError(403, "forbidden")
    return user


EditorDep = Annotated[User, Depends(get_editor)]


def get_if_match(
    if_match: Annotated[str | None, Header(description="The ETag of the version you changed.")] = None,
) -> str:
    """Writes name the version they change; without it, two editors could overwrite each other."""
    if not if_match:
        raise ApiError(428, "if-match-required")
    return if_match


IfMatchDep = Annotated[str, Depends(get_if_match)]
