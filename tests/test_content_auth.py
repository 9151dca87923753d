"""Who may use the content API: bearer tokens stored hashed, made by `python -m api add-user`."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from assistant.content.users import add_user
from assistant.paths import REPO_DIR

pytestmark = pytest.mark.both_backends  # SQLite and PostgreSQL (tests/conftest.py)

ANSWER = "/v1/content/answers/advocacy"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/v1/content/answers"),
        ("PUT", ANSWER),
        ("DELETE", ANSWER),
        ("POST", f"{ANSWER}/publish"),
        ("GET", f"{ANSWER}/revisions"),
        ("POST", f"{ANSWER}/revisions/1/restore"),
        ("POST", "/v1/content/check"),
    ],
)
def test_everything_but_reading_published_answers_needs_a_token(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, json={}, headers={"If-Match": "*"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorised"
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("authorization", ["Bearer not-a-real-token", "Basic ZWRkaWU6cGFzcw=="])
def test_a_bad_token_is_401_even_where_no_token_is_needed(client: TestClient, authorization: str) -> None:
    response = client.get(ANSWER, headers={"Authorization": authorization})
    assert response.status_code == 401


def test_tokens_are_stored_as_sha256_hashes_only(engine: Engine) -> None:
    token = add_user(engine, "hash-check", role="editor")
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT token_hash FROM users WHERE name = 'hash-check'")).scalar_one()
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored


def test_add_user_command_prints_a_token_that_works(client: TestClient, settings_env: Path) -> None:
    env = {**os.environ, "SDS_VAR_DIR": str(settings_env)}
    command = [sys.executable, "-m", "api", "add-user", "casey", "--role", "reviewer"]
    done = subprocess.run(command, cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{ANSWER}/revisions", headers=headers).status_code == 200
    again = subprocess.run(command, cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert again.returncode == 1 and "already" in again.stderr
