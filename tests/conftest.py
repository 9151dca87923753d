"""Shared fixtures. Tests use the real content files, a real SQLite store and (for e2e) real processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from assistant.content.store import get_engine, seed_from_files
from assistant.content.users import add_user
from assistant.paths import ANSWERS_DIR, CONTENT_DIR
from assistant.settings import get_settings


@pytest.fixture
def store(tmp_path: Path) -> Engine:
    """A fresh SQLite content store seeded from the real `content/` files."""
    engine = get_engine(f"sqlite:///{tmp_path / 'content.db'}")
    seed_from_files(engine, ANSWERS_DIR, CONTENT_DIR / "organisations.yml")
    return engine


@pytest.fixture
def settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the settings at a temporary var dir (for code that calls `get_settings()`)."""
    monkeypatch.setenv("SDS_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


@pytest.fixture
def client(settings_env: Path) -> Iterator[Any]:
    """The real app, started, on a temporary store. Modules that stub Rasa define their own."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def engine(client: Any) -> Engine:
    """The content store the running app uses (and the action server would use)."""
    return get_engine(get_settings().content_db_url)


@pytest.fixture
def editor(engine: Engine) -> dict[str, str]:
    return {"Authorization": f"Bearer {add_user(engine, 'eddie', role='editor')}"}


@pytest.fixture
def reviewer(engine: Engine) -> dict[str, str]:
    return {"Authorization": f"Bearer {add_user(engine, 'rita', role='reviewer')}"}
