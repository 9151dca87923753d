"""Production mode refuses to start with a default secret: the checks, and the real API process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.paths import REPO_DIR
from assistant.production import problems
from assistant.settings import Settings

GOOD_KEY = "0123456789abcdef" * 4


def _production(**overrides: object) -> Settings:
    values: dict[str, object] = {"environment": "production", "conversation_hash_key": GOOD_KEY}
    return Settings(**{**values, **overrides})


def test_development_mode_allows_the_defaults() -> None:
    assert problems(Settings(environment="development")) == []


def test_production_with_a_strong_key_and_sqlite_is_fine() -> None:
    assert problems(_production()) == []


@pytest.mark.parametrize(
    ("overrides", "names"),
    [
        ({"conversation_hash_key": ""}, "SDS_CONVERSATION_HASH_KEY"),
        ({"conversation_hash_key": "changeme"}, "SDS_CONVERSATION_HASH_KEY"),
        ({"conversation_hash_key": "short-key"}, "SDS_CONVERSATION_HASH_KEY"),
        ({"database_url": "postgresql://postgres:postgres@db.internal/sds"}, "SDS_DATABASE_URL"),
        ({"database_url": "postgresql://sds@db.internal/sds"}, "SDS_DATABASE_URL"),
        ({"database_url": "postgresql://sds:password@127.0.0.1/sds"}, "SDS_DATABASE_URL"),
        ({"environment": "prod"}, "SDS_ENVIRONMENT"),
    ],
)
def test_production_names_each_unsafe_setting(overrides: dict[str, object], names: str) -> None:
    found = problems(_production(**overrides))
    assert len(found) == 1 and names in found[0]


def test_a_strong_database_password_is_fine() -> None:
    assert problems(_production(database_url="postgresql://sds:Xk2v9q-long-Secret@db.internal/sds")) == []


def _start_api(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The API as `make run` starts it; it exits by itself when start-up fails, or after the timeout."""
    environment = {"PATH": os.environ.get("PATH", ""), "SDS_VAR_DIR": str(tmp_path), "HOME": str(tmp_path), **env}
    command = [sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", "0"]
    try:
        return subprocess.run(command, cwd=REPO_DIR, env=environment, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the API kept running: {exc.stderr!r}")


def test_the_api_refuses_to_start_in_production_with_the_default_key(tmp_path: Path) -> None:
    result = _start_api(tmp_path, SDS_ENVIRONMENT="production")
    assert result.returncode != 0
    assert "Refusing to start in production mode" in result.stderr
    assert "SDS_CONVERSATION_HASH_KEY" in result.stderr


def test_assistant_run_refuses_in_production_before_starting_anything(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "SDS_VAR_DIR": str(tmp_path), "SDS_ENVIRONMENT": "production"}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "run"], cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 2
    assert "SDS_CONVERSATION_HASH_KEY" in result.stderr


def test_rasa_and_the_action_server_are_started_on_loopback_only(tmp_path: Path) -> None:
    from assistant.supervisor import services

    started = {s.name: s for s in services(Settings(var_dir=tmp_path), tmp_path / "model.tar.gz")}
    rasa = started["Rasa server"].command
    assert rasa[rasa.index("-i") + 1] == "127.0.0.1"
    assert "--enable-api" not in rasa
    assert started["action server"].env["SANIC_HOST"] == "127.0.0.1"
