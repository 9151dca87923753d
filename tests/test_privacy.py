"""Privacy: what is kept is redacted, old conversations are deleted, one conversation can be forgotten.

Real SQLite files throughout: a tracker store with Rasa's `events` table (the schema Rasa 3.6's
SQLTrackerStore creates) and the content store; the API runs for real with Rasa stubbed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from assistant.content import store as content_store
from assistant.log_redaction import redact_record
from assistant.paths import REPO_DIR
from assistant.retention import conversation_hash, forget, purge
from assistant.settings import Settings, get_settings

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
# The table Rasa 3.6's SQLTrackerStore creates (rasa/core/tracker_store.py, SQLEvent).
RASA_EVENTS_DDL = """
CREATE TABLE events (
    id INTEGER NOT NULL, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT, PRIMARY KEY (id)
);
CREATE INDEX ix_events_sender_id ON events (sender_id);
"""


def _settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(var_dir=tmp_path, **overrides)


def _add_events(path: str, sender: str, *days_ago: float) -> None:
    with sqlite3.connect(path) as db:
        if not db.execute("SELECT name FROM sqlite_master WHERE name = 'events'").fetchone():
            db.executescript(RASA_EVENTS_DDL)
        for days in days_ago:
            stamp = (NOW - dt.timedelta(days=days)).timestamp()
            db.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')",
                (sender, stamp),
            )


def _senders(path: str) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT sender_id, count(*) FROM events GROUP BY sender_id").fetchall())


def _add_feedback(settings: Settings, conversation_id: str, days_ago: float) -> None:
    engine = content_store.get_engine(settings.content_db_url)
    content_store.create_schema(engine)
    key_hash = conversation_hash(conversation_id, settings.conversation_hash_key)
    content_store.record_feedback(engine, conversation_hash=key_hash, topic="t", answer_id=None, helpful=True)
    when = (NOW - dt.timedelta(days=days_ago)).replace(tzinfo=None)
    with engine.begin() as conn:
        conn.execute(
            sa.update(content_store.feedback)
            .where(content_store.feedback.c.conversation_hash == key_hash)
            .values(created_at=when)
        )


def _feedback_hashes(settings: Settings) -> list[str]:
    with content_store.get_engine(settings.content_db_url).connect() as conn:
        return list(conn.execute(sa.select(content_store.feedback.c.conversation_hash)).scalars())


def test_purge_deletes_conversations_whose_last_message_is_older_than_the_retention(tmp_path: Path) -> None:
    settings = _settings(tmp_path, retention_days=30)
    _add_events(settings.tracker_db_path, "old", 45, 40, 31)
    _add_events(settings.tracker_db_path, "still-talking", 60, 2)  # started long ago, last message recent
    _add_events(settings.tracker_db_path, "new", 1)
    _add_feedback(settings, "old", 31)
    _add_feedback(settings, "new", 1)

    removed = purge(settings, now=NOW)

    assert (removed.conversations, removed.events, removed.feedback) == (1, 3, 1)
    assert _senders(settings.tracker_db_path) == {"still-talking": 2, "new": 1}
    assert _feedback_hashes(settings) == [conversation_hash("new", "")]


def test_purge_deletes_old_unanswered_questions(tmp_path: Path) -> None:
    settings = _settings(tmp_path, unanswered_retention_days=7)
    engine = content_store.get_engine(settings.content_db_url)
    content_store.create_schema(engine)
    now = dt.datetime.now(dt.timezone.utc)  # `assistant.unanswered.forget_old` counts from now
    with engine.begin() as conn:
        for text, days in (("old question", 8), ("new question", 6)):
            when = (now - dt.timedelta(days=days)).replace(tzinfo=None)
            conn.execute(
                content_store.unanswered.insert().values(text=text, normalised=text, topic="t", created_at=when)
            )
    assert purge(settings, now=NOW).unanswered == 1
    with engine.connect() as conn:
        assert list(conn.execute(sa.select(content_store.unanswered.c.text)).scalars()) == ["new question"]


def test_purge_with_no_tracker_table_yet_removes_nothing(tmp_path: Path) -> None:
    assert purge(_settings(tmp_path), now=NOW).events == 0


def test_forget_deletes_one_conversation_everywhere_and_nothing_else(tmp_path: Path) -> None:
    settings = _settings(tmp_path, conversation_hash_key="k" * 40)
    _add_events(settings.tracker_db_path, "forget-me", 1, 0)
    _add_events(settings.tracker_db_path, "keep-me", 1)
    _add_feedback(settings, "forget-me", 0)
    _add_feedback(settings, "keep-me", 0)

    removed = forget(settings, "forget-me")

    assert (removed.conversations, removed.events, removed.feedback) == (1, 2, 1)
    assert _senders(settings.tracker_db_path) == {"keep-me": 1}
    assert _feedback_hashes(settings) == [conversation_hash("keep-me", settings.conversation_hash_key)]


def test_feedback_hash_uses_the_secret_key() -> None:
    assert conversation_hash("c1", "key-one") != conversation_hash("c1", "key-two")
    assert conversation_hash("c1", "key-one") == conversation_hash("c1", "key-one")
    assert len(conversation_hash("c1", "")) == 64


def _cli(*args: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "SDS_VAR_DIR": str(var_dir), "HOME": str(var_dir)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_forget_and_purge_commands_say_what_they_removed(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _add_events(settings.tracker_db_path, "c-forget", 0)
    _add_events(settings.tracker_db_path, "c-ancient", 400)

    forgot = _cli("forget", "c-forget", var_dir=tmp_path)
    assert forgot.returncode == 0, forgot.stderr
    assert "c-forget" in forgot.stdout and "1 events" in forgot.stdout
    purged = _cli("purge", var_dir=tmp_path)
    assert purged.returncode == 0, purged.stderr
    assert "1 conversations" in purged.stdout
    assert _senders(settings.tracker_db_path) == {}


# --- The API: Rasa sees only redacted text; crisis detection sees the original --------------------


@pytest.fixture
def api(settings_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("SDS_CHAT_RATE_PER_CLIENT", "0")
    get_settings.cache_clear()
    from api.main import create_app

    with TestClient(create_app()) as client:
        yield client


def _stub_rasa(client: TestClient, answer: list[dict[str, Any]]) -> list[str]:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content)["message"])
        return httpx.Response(200, json=answer)

    client.app.state.http = httpx.AsyncClient(transport=httpx.MockTransport(handler))  # type: ignore[attr-defined]
    return seen


ANSWER = [{"recipient_id": "c1", "custom": {"text": "Option 2 means you choose.", "topic": "option2"}}]


def test_rasa_gets_the_redacted_message_so_the_tracker_store_never_holds_personal_details(api: TestClient) -> None:
    seen = _stub_rasa(api, ANSWER)
    text = "my name is Jane Smith, my number is 07700 900123 and I live at G12 8QQ. What is option 2?"
    response = api.post("/v1/chat", json={"conversation_id": "c1", "text": text})
    assert response.status_code == 200
    assert seen == ["my name is, my number is and I live at. What is option 2?"]


def test_a_crisis_is_found_in_the_original_text_even_if_rasa_misses_it(api: TestClient) -> None:
    _stub_rasa(api, ANSWER)  # a Rasa that did not see the crisis
    response = api.post("/v1/chat", json={"conversation_id": "c1", "text": "I'm called Sam and i want to kill myself"})
    messages = response.json()["messages"]
    assert messages[0]["topic"] == "crisis" and "999" in messages[0]["text"]
    assert messages[1]["text"] == "Option 2 means you choose."


def test_no_reply_from_rasa_means_plain_words_and_free_help_phone_numbers(api: TestClient) -> None:
    _stub_rasa(api, [])  # what Rasa sends when the action server is down
    response = api.post("/v1/chat", json={"conversation_id": "c1", "text": "what is option 2"})
    assert response.status_code == 200
    (message,) = response.json()["messages"]
    assert message["topic"] == "service_problem"
    assert "0131 510 9410" in message["text"] and "999" in message["text"]


def test_log_records_are_redacted() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "said %s to %r", ("jo@example.org", {"p": "07700 900123"}), None
    )
    assert redact_record(record).getMessage() == "said [email] to {'p': '[phone]'}"
    access = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s "%s"', ("1.2.3.4:5", "GET /?e=a@b.org"), None
    )
    assert redact_record(access).args == ("1.2.3.4:5", "GET /?e=[email]")


@pytest.mark.parametrize(("imports", "expected"), [("import assistant", "False"), ("pass", "True")])
def test_rasa_telemetry_is_off_in_every_process_we_start(tmp_path: Path, imports: str, expected: str) -> None:
    # A machine where someone once said yes to Rasa's telemetry: only our package's default stops it.
    config = tmp_path / ".config" / "rasa" / "global.yml"
    config.parent.mkdir(parents=True)
    config.write_text("metrics:\n  enabled: true\n  rasa_user_id: abc\n  date: 2026-01-01 00:00:00\n")
    code = f"{imports}; from rasa.telemetry import is_telemetry_enabled; print(is_telemetry_enabled())"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_DIR, env=env, capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_the_action_server_redacts_its_logs_once_it_imports_the_actions() -> None:
    code = "import logging, actions; logging.basicConfig(); logging.getLogger('x').warning('call me on 07700 900123')"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_DIR, capture_output=True, text=True, timeout=120)
    assert "call me on [phone]" in result.stderr, result.stderr


def test_the_running_api_redacts_its_logs(api: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("api.routes.chat").warning("Rasa said: %s", "my name is Jane, jo@example.org")
    assert caplog.records[-1].getMessage() == "Rasa said: my name is [name], [email]"
