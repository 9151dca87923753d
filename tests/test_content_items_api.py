"""Answers, organisations and glossary terms through the content API behave the same: drafts, publish, 412, roles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from assistant.answering import reply_for_topic
from assistant.content import store as content_store
from assistant.content.glossary import read_glossary
from assistant.content.kinds import GLOSSARY, ORGANISATIONS
from assistant.content.organisations import read_organisations
from assistant.content.users import audit_entries
from assistant.definitions import find_definition_question
from assistant.paths import CONTENT_DIR

pytestmark = pytest.mark.both_backends  # SQLite and PostgreSQL (tests/conftest.py)


def _live_answer_title(engine: Engine) -> str | None:
    answer = content_store.get_answer(engine, "advocacy")
    return answer.title if answer else None


def _live_about(engine: Engine) -> str | None:
    return next((o.about for o in content_store.all_organisations(engine) if o.id == "samaritans"), None)


def _live_meaning(engine: Engine) -> str | None:
    term = find_definition_question("what is a direct payment", terms=content_store.published_glossary(engine))
    return term.meaning if term and term.id == "direct-payment" else None


@dataclass(frozen=True)
class Case:
    path: str  # one item, live and named by no answer
    field: str
    value: str
    live: Callable[[Engine], str | None]  # what the assistant reads now

    def __str__(self) -> str:
        return self.path.split("/")[3]


CASES = [
    Case("/v1/content/answers/advocacy", "title", "Advocates are on your side", _live_answer_title),
    Case("/v1/content/organisations/samaritans", "about", "You can talk to them at any time.", _live_about),
    Case(
        "/v1/content/glossary/direct-payment", "meaning", "Money from the council. You buy your support.", _live_meaning
    ),
]
each_kind = pytest.mark.parametrize("case", CASES, ids=str)


def _read(client: TestClient, path: str, headers: dict[str, str]) -> tuple[dict[str, Any], str]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json(), response.headers["ETag"]


def _save(client: TestClient, case: Case, headers: dict[str, str], etag: str, value: str) -> Any:
    body = {**_read(client, case.path, headers)[0], case.field: value}
    return client.put(case.path, json=body, headers={**headers, "If-Match": etag})


@each_kind
def test_reading_published_items_needs_no_token_and_a_get_has_a_strong_etag(client: TestClient, case: Case) -> None:
    listing = client.get(case.path.rsplit("/", 1)[0])
    assert listing.status_code == 200
    items = listing.json()["items"]
    assert items and {item["status"] for item in items} == {"published"}
    body, etag = _read(client, case.path, {})
    assert body["revision"] == 1 and body["updated_by"] == "content-files"
    assert etag.startswith('"') and not etag.startswith("W/")


@each_kind
def test_a_draft_is_live_only_after_a_reviewer_publishes_it(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str], engine: Engine, case: Case
) -> None:
    before = case.live(engine)
    saved = _save(client, case, editor, _read(client, case.path, editor)[1], case.value)
    assert saved.status_code == 200, saved.text
    assert saved.json()["check"] and case.live(engine) == before != case.value
    assert client.get(case.path).json()[case.field] != case.value
    etag = saved.headers["ETag"]
    assert client.post(f"{case.path}/publish", headers={**editor, "If-Match": etag}).status_code == 403
    published = client.post(f"{case.path}/publish", headers={**reviewer, "If-Match": etag})
    assert published.status_code == 200, published.text
    assert case.live(engine) == case.value
    assert client.get(case.path).json()[case.field] == case.value


@each_kind
def test_a_save_with_a_stale_etag_is_412_with_the_current_version_and_the_first_save_is_kept(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str], case: Case
) -> None:
    etag = _read(client, case.path, editor)[1]
    first = _save(client, case, editor, etag, case.value)
    assert first.status_code == 200
    second = _save(client, case, reviewer, etag, "Something else entirely.")
    assert second.status_code == 412
    assert second.json()["error"]["detail"]["current"][case.field] == case.value
    assert second.headers["ETag"] == first.headers["ETag"]
    assert client.put(case.path, json={}, headers=editor).status_code == 428


@each_kind
def test_unpublish_takes_an_item_off_the_air_and_publish_brings_it_back(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str], engine: Engine, case: Case
) -> None:
    etag = _read(client, case.path, reviewer)[1]
    assert client.post(f"{case.path}/unpublish", headers={**editor, "If-Match": etag}).status_code == 403
    off = client.post(f"{case.path}/unpublish", headers={**reviewer, "If-Match": etag})
    assert off.status_code == 200 and off.json()["status"] == "draft"
    assert client.get(case.path).status_code == 404 and case.live(engine) is None
    again = client.post(f"{case.path}/unpublish", headers={**reviewer, "If-Match": off.headers["ETag"]})
    assert again.status_code == 409 and again.json()["error"]["code"] == "not-published"
    back = client.post(f"{case.path}/publish", headers={**reviewer, "If-Match": off.headers["ETag"]})
    assert back.status_code == 200 and case.live(engine) is not None


@each_kind
def test_soft_delete_then_restore_brings_the_item_back_with_its_history_and_audit(
    client: TestClient, reviewer: dict[str, str], engine: Engine, case: Case
) -> None:
    etag = _read(client, case.path, reviewer)[1]
    deleted = client.delete(case.path, headers={**reviewer, "If-Match": etag})
    assert deleted.status_code == 200 and deleted.json()["status"] == "deleted"
    assert client.get(case.path).status_code == 404 and case.live(engine) is None
    restored = client.post(
        f"{case.path}/revisions/1/restore", headers={**reviewer, "If-Match": deleted.headers["ETag"]}
    )
    assert restored.status_code == 200, restored.text
    assert case.live(engine) is not None
    history = client.get(f"{case.path}/revisions", headers=reviewer).json()["items"]
    assert [(i["revision"], i["action"], i["author"]) for i in history] == [
        (3, "restore", "rita"),
        (2, "delete", "rita"),
        (1, "seed", "content-files"),
    ]
    kind = case.path.split("/")[3]
    assert [(e.action, e.revision) for e in audit_entries(engine, kind=kind)] == [("delete", 2), ("restore", 3)]


@pytest.mark.parametrize(
    ("path", "changes", "code"),
    [
        ("/v1/content/organisations", {"colour": "red"}, "unknown-key"),
        ("/v1/content/organisations", {"name": None}, "bad-value"),
        ("/v1/content/organisations", {"id": "Not An Id"}, "bad-id"),
        ("/v1/content/organisations", {"kinds": ["shopping"]}, "bad-value"),
        ("/v1/content/organisations", {"areas": ["Atlantis"]}, "unknown-area"),
        ("/v1/content/glossary", {"colour": "red"}, "unknown-key"),
        ("/v1/content/glossary", {"topic": "weather"}, "bad-topic"),
        ("/v1/content/glossary", {"aliases": ["SDS"]}, "duplicate-term"),
        ("/v1/content/glossary", {"meaning": "Long. " * 60}, "bad-value"),
        ("/v1/content/glossary", {"term": "!!!"}, "bad-id"),
    ],
)
def test_an_item_that_breaks_its_file_schema_is_422_with_a_stable_code(
    client: TestClient, editor: dict[str, str], path: str, changes: dict[str, Any], code: str
) -> None:
    new = {"id": "new-org", "name": "New", "about": "They help.", "kinds": ["advocacy"], "areas": ["all"]}
    base = {**new, "sources": ["https://example.org"]} if "organisations" in path else {}
    if not base:
        base = {"term": "care at home", "topic": "what_is_sds", "meaning": "Help in your own home."}
    response = client.post(path, json={**base, **changes}, headers=editor)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == ("invalid-organisation" if "organisations" in path else "invalid-term")
    assert error["detail"]["code"] == code


def test_an_organisation_that_live_answers_name_cannot_be_deleted_or_unpublished(
    client: TestClient, reviewer: dict[str, str]
) -> None:
    path = "/v1/content/organisations/siaa"
    etag = _read(client, path, reviewer)[1]
    for response in (
        client.delete(path, headers={**reviewer, "If-Match": etag}),
        client.post(f"{path}/unpublish", headers={**reviewer, "If-Match": etag}),
    ):
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "in-use"
        assert "advocacy" in response.json()["error"]["detail"]["answers"]
    assert client.get(path).status_code == 200


def test_a_new_glossary_term_is_answered_by_the_assistant_once_published(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str], engine: Engine
) -> None:
    meaning = "Help you get in your own home. It can be help to wash or dress."
    body = {"term": "care at home", "aliases": ["home care"], "topic": "what_is_sds", "meaning": meaning}
    created = client.post("/v1/content/glossary", json=body, headers=editor)
    assert created.status_code == 201, created.text
    assert created.json()["term"]["id"] == "care-at-home" and created.json()["term"]["status"] == "draft"
    assert find_definition_question("what does home care mean") is None  # a draft is not live
    published = client.post(
        "/v1/content/glossary/care-at-home/publish", headers={**reviewer, "If-Match": created.headers["ETag"]}
    )
    assert published.status_code == 200, published.text
    term = find_definition_question("what does home care mean")  # as the Rasa component asks
    assert term is not None and term.meaning == meaning
    messages, _answer = reply_for_topic(engine, "what_is_sds", "what does home care mean")
    assert meaning in messages[0]["text"]


def test_organisations_and_glossary_terms_read_from_the_store_equal_the_files(store: Engine) -> None:
    with store.connect() as conn:
        from assistant.content.revisions import latest_all

        organisations = [r.item for r in latest_all(conn, ORGANISATIONS)]
        terms = [r.item for r in latest_all(conn, GLOSSARY)]
    assert sorted(organisations, key=lambda o: o.id) == sorted(
        read_organisations(CONTENT_DIR / "organisations.yml"), key=lambda o: o.id
    )
    assert sorted(terms, key=lambda t: t.id) == sorted(read_glossary(CONTENT_DIR / "glossary.yml"), key=lambda t: t.id)
    assert content_store.all_organisations(store) == read_organisations(CONTENT_DIR / "organisations.yml")
