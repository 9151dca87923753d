"""Unanswered questions: fallback and out-of-scope messages are kept redacted, and editors read them grouped."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from api.main import create_app
from assistant import unanswered as unanswered_module
from assistant.content.store import create_schema, get_engine, unanswered
from assistant.content.users import add_user, audit_entries
from assistant.settings import get_settings
from assistant.unanswered import forget_old, normalise, record, record_if_unanswered, unanswered_questions

URL = "/v1/content/unanswered"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _reply(topic: str) -> list[dict[str, Any]]:
    return [
        {"recipient_id": "c1", "custom": {"text": "A reply.", "topic": topic}},
        {"recipient_id": "c1", "custom": {"text": "Free help", "topic": "option1_direct_payment"}},
    ]


@pytest.fixture
def rasa_reply() -> list[dict[str, Any]]:
    """What the stubbed Rasa answers: change it in a test."""
    return _reply("fallback")


@pytest.fixture
def client(
    settings_env: Path, monkeypatch: pytest.MonkeyPatch, rasa_reply: list[dict[str, Any]]
) -> Iterator[TestClient]:
    monkeypatch.setenv("SDS_RASA_PORT", str(_free_port()))
    get_settings.cache_clear()
    with TestClient(create_app()) as test_client:
        transport = httpx.MockTransport(lambda _request: httpx.Response(200, json=rasa_reply))
        test_client.app.state.http = httpx.AsyncClient(transport=transport)  # type: ignore[attr-defined]
        yield test_client


def _chat(client: TestClient, text: str) -> None:
    response = client.post("/v1/chat", json={"conversation_id": "c1", "text": text})
    assert response.status_code == 200, response.text


def _stored(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(row.text, row.topic) for row in conn.execute(sa.select(unanswered).order_by(unanswered.c.id))]


@pytest.mark.parametrize(
    ("topic", "stored"),
    [("fallback", True), ("out_of_scope", True), ("option1_direct_payment", False), ("crisis", False)],
)
def test_chat_records_only_messages_whose_first_reply_is_a_fallback_or_out_of_scope(
    client: TestClient, engine: Engine, rasa_reply: list[dict[str, Any]], topic: str, stored: bool
) -> None:
    rasa_reply[:] = _reply(topic)
    _chat(client, "my name is Jane Smith, can I get a blue badge? 07700 900123")
    expected = [("my name is [name], can I get a blue badge? [phone]", topic)] if stored else []
    assert _stored(engine) == expected


def test_a_later_fallback_message_in_the_reply_is_not_recorded(
    client: TestClient, engine: Engine, rasa_reply: list[dict[str, Any]]
) -> None:
    rasa_reply[:] = list(reversed(_reply("fallback")))
    _chat(client, "tell me about direct payments")
    assert _stored(engine) == []


def test_a_crisis_message_is_never_recorded_even_if_rasa_misses_it(client: TestClient, engine: Engine) -> None:
    _chat(client, "i want to kill myself")
    assert _stored(engine) == []


def test_the_stored_row_has_no_conversation_id_and_a_utc_time(client: TestClient, engine: Engine) -> None:
    before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    _chat(client, "can I get a blue badge")
    assert {column.name for column in unanswered.columns} == {"id", "text", "normalised", "topic", "created_at"}
    with engine.connect() as conn:
        created = conn.execute(sa.select(unanswered.c.created_at)).scalar_one()
    assert before - dt.timedelta(seconds=1) <= created <= dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def test_a_failing_store_never_breaks_the_chat(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise sa.exc.OperationalError("INSERT", {}, Exception("disk full"))

    monkeypatch.setattr(unanswered_module, "record", broken)
    response = client.post("/v1/chat", json={"conversation_id": "c1", "text": "can I get a blue badge"})
    assert response.status_code == 200
    assert response.json()["messages"][0]["topic"] == "fallback"
    assert "Could not record an unanswered message" in caplog.text


def test_record_if_unanswered_never_raises_for_a_bad_store_url() -> None:
    messages = [{"text": "Sorry?", "topic": "fallback"}]
    assert record_if_unanswered("not-a-database-url://", "can I get a blue badge", messages) is False


def test_editors_see_unanswered_questions_grouped_and_counted_most_frequent_first(
    client: TestClient, editor: dict[str, str], rasa_reply: list[dict[str, Any]]
) -> None:
    for text in ("Can I get a blue badge?", "can i get a  BLUE badge", "can I get a blue badge!!"):
        _chat(client, text)
    rasa_reply[:] = _reply("out_of_scope")
    for text in ("what's the weather", "What's the weather?"):
        _chat(client, text)
    _chat(client, "my name is Jane, tell me a joke")
    response = client.get(URL, headers=editor)
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert [(i["text"], i["topic"], i["count"]) for i in items] == [
        ("can I get a blue badge!!", "fallback", 3),
        ("What's the weather?", "out_of_scope", 2),
        ("my name is [name], tell me a joke", "out_of_scope", 1),
    ]
    assert all(dt.datetime.fromisoformat(i["last_seen"]) for i in items)
    only = client.get(URL, params={"topic": "fallback"}, headers=editor).json()["items"]
    assert [i["count"] for i in only] == [3]
    assert len(client.get(URL, params={"limit": 2}, headers=editor).json()["items"]) == 2


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"topic": "weather"}])
def test_bad_unanswered_filters_are_422(client: TestClient, editor: dict[str, str], params: dict[str, Any]) -> None:
    response = client.get(URL, params=params, headers=editor)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid-request"


def test_unanswered_questions_need_an_editor_or_reviewer_token(client: TestClient, engine: Engine) -> None:
    assert client.get(URL).status_code == 401
    assert client.get(URL, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    reviewer = {"Authorization": f"Bearer {add_user(engine, 'rita', role='reviewer')}"}
    assert client.get(URL, headers=reviewer).json() == {"items": []}
    token = add_user(engine, "vera", role="editor")
    with engine.begin() as conn:  # a role from elsewhere (a future "viewer") must not read them
        conn.execute(sa.text("UPDATE users SET role = 'viewer' WHERE name = 'vera'"))
    forbidden = client.get(URL, headers={"Authorization": f"Bearer {token}"})
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("text", "key"),
    [("Can I get a Blue Badge?", "can i get a blue badge"), ("  what\tabout   pets ?! ", "what about pets")],
)
def test_normalise_ignores_case_spaces_and_end_punctuation(text: str, key: str) -> None:
    assert normalise(text) == key


def test_the_latest_wording_represents_its_group_and_ties_go_to_the_most_recent(store: Engine) -> None:
    for text, topic in [("Pets?", "out_of_scope"), ("pets", "fallback"), ("weather", "out_of_scope")]:
        record(store, text, topic=topic)
    found = unanswered_questions(store)
    assert [(q.text, q.topic, q.count) for q in found] == [("pets", "fallback", 2), ("weather", "out_of_scope", 1)]
    assert [q.text for q in unanswered_questions(store, topic="out_of_scope")] == ["weather", "Pets?"]
    assert [q.count for q in unanswered_questions(store, limit=1)] == [2]


def _insert(engine: Engine, text: str, *, days_ago: float) -> None:
    created = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=days_ago)
    with engine.begin() as conn:
        conn.execute(
            unanswered.insert().values(text=text, normalised=normalise(text), topic="fallback", created_at=created)
        )


def test_an_editor_dismisses_a_group_and_only_that_group_goes(
    client: TestClient, editor: dict[str, str], engine: Engine
) -> None:
    for text in ("Can I get a blue badge?", "can i get a blue badge", "what about pets"):
        _chat(client, text)
    assert client.post(f"{URL}/dismiss", json={"text": "CAN I get a blue badge"}).status_code == 401
    response = client.post(f"{URL}/dismiss", json={"text": "CAN I get a blue badge"}, headers=editor)
    assert response.status_code == 200 and response.json() == {"dismissed": 2}
    assert [i["text"] for i in client.get(URL, headers=editor).json()["items"]] == ["what about pets"]
    assert client.post(f"{URL}/dismiss", json={"text": "no such question"}, headers=editor).json() == {"dismissed": 0}
    assert client.post(f"{URL}/dismiss", json={"text": ""}, headers=editor).status_code == 422
    assert [(e.actor, e.action, e.detail) for e in audit_entries(engine) if e.action == "dismiss-unanswered"] == [
        ("eddie", "dismiss-unanswered", "2")
    ]


def test_messages_older_than_the_retention_setting_are_deleted(store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDS_UNANSWERED_RETENTION_DAYS", "30")
    get_settings.cache_clear()
    _insert(store, "old question", days_ago=31)
    _insert(store, "recent question", days_ago=29)
    assert forget_old(store) == 1
    assert [q.text for q in unanswered_questions(store)] == ["recent question"]
    assert forget_old(store, days=1) == 1
    get_settings.cache_clear()


def test_a_new_message_sweeps_old_ones_at_most_once_an_hour(store: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    unanswered_module._last_sweep.pop(store, None)
    _insert(store, "old question", days_ago=400)
    record(store, "first new one", topic="fallback")  # the first write in this process sweeps
    assert [q.text for q in unanswered_questions(store)] == ["first new one"]
    _insert(store, "another old one", days_ago=400)
    record(store, "second new one", topic="fallback")  # within the hour: no sweep
    assert len(unanswered_questions(store)) == 3
    monkeypatch.setattr(unanswered_module, "SWEEP_EVERY_S", 0)
    record(store, "third new one", topic="fallback")
    assert "another old one" not in [q.text for q in unanswered_questions(store)]


def test_the_api_deletes_old_unanswered_messages_when_it_starts(settings_env: Path) -> None:
    engine = get_engine(get_settings().content_db_url)
    create_schema(engine)
    _insert(engine, "old question", days_ago=31)
    _insert(engine, "recent question", days_ago=1)
    with TestClient(create_app()):
        assert [q.text for q in unanswered_questions(engine)] == ["recent question"]
