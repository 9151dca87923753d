"""The content API through the real app and a real SQLite store: roles, ETags, revisions, live answers."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from assistant.answering import reply_for_topic
from assistant.content import editing
from assistant.content import store as content_store
from assistant.content.files import AnswerFile, ContentFileError, answer_from_data, answer_paths, read_answer_file
from assistant.content.kinds import ANSWERS, AnswerKind
from assistant.content.store import answer_to_dict
from assistant.content.users import User, audit_entries
from assistant.paths import ANSWERS_DIR
from assistant.readability.answers import FileResult

pytestmark = pytest.mark.both_backends  # SQLite and PostgreSQL (tests/conftest.py)

ANSWER = "/v1/content/answers/advocacy"
NEW_SHORT = "An advocate is a person who helps you.\nThey are on your side."
TOO_LONG = "This sentence has far more than fifteen words in it so the checker will surely say it is too long."


def _read(client: TestClient, path: str, headers: dict[str, str]) -> tuple[dict[str, Any], str]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json(), response.headers["ETag"]


def _save(
    client: TestClient, headers: dict[str, str], etag: str, body: dict[str, Any], path: str = ANSWER
) -> httpx.Response:
    return client.put(path, json=body, headers={**headers, "If-Match": etag})


def _draft(client: TestClient, editor: dict[str, str], **changes: str) -> str:
    """Save a changed draft of the advocacy answer; return its ETag."""
    body, etag = _read(client, ANSWER, editor)
    response = _save(client, editor, etag, {**body, **changes})
    assert response.status_code == 200, response.text
    return str(response.headers["ETag"])


def _new_answer(**changes: Any) -> dict[str, Any]:
    body = answer_to_dict(read_answer_file(ANSWERS_DIR / "advocacy.md"))
    return {**body, "id": "advocacy-new-answer", "status": "draft", "related": [], **changes}


def test_public_list_shows_only_published_answers_and_filters_by_topic_and_words(client: TestClient) -> None:
    everything = client.get("/v1/content/answers").json()["items"]
    assert len(everything) > 40
    assert {item["status"] for item in everything} == {"published"}
    advocacy = client.get("/v1/content/answers", params={"topic": "advocacy"}).json()["items"]
    assert advocacy[0]["id"] == "advocacy"  # the topic's overview answer comes first, as the assistant uses it
    assert {item["topic"] for item in advocacy} == {"advocacy"}
    found = client.get("/v1/content/answers", params={"q": "Advocate SPEAK"}).json()["items"]
    assert "advocacy" in [item["id"] for item in found] and len(found) < len(everything)
    assert all("advocate" in json.dumps(item).lower() and "speak" in json.dumps(item).lower() for item in found)


def test_editors_list_the_latest_version_of_every_answer_with_drafts(
    client: TestClient, editor: dict[str, str]
) -> None:
    client.post("/v1/content/answers", json=_new_answer(), headers=editor)
    drafts = client.get("/v1/content/answers", params={"status": "draft"}, headers=editor).json()["items"]
    assert "advocacy-new-answer" in [item["id"] for item in drafts]
    public = client.get("/v1/content/answers", params={"status": "draft"}).json()["items"]
    assert public == []


def test_get_sets_a_strong_etag_that_changes_with_each_revision(client: TestClient, editor: dict[str, str]) -> None:
    body, etag = _read(client, ANSWER, {})
    assert body["id"] == "advocacy" and body["status"] == "published" and body["revision"] == 1
    assert etag.startswith('"') and not etag.startswith("W/")
    assert _read(client, ANSWER, editor)[1] == etag
    assert _draft(client, editor, title="Advocates") != etag


def test_unknown_answer_is_a_json_404(client: TestClient, editor: dict[str, str]) -> None:
    response = client.get("/v1/content/answers/no-such-answer", headers=editor)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not-found"


def test_create_makes_a_draft_that_the_public_and_the_assistant_do_not_see(
    client: TestClient, editor: dict[str, str], engine: Engine
) -> None:
    response = client.post("/v1/content/answers", json=_new_answer(), headers=editor)
    assert response.status_code == 201, response.text
    saved = response.json()
    assert saved["answer"]["status"] == "draft" and saved["answer"]["revision"] == 1
    assert saved["answer"]["updated_by"] == "eddie"
    assert saved["check"]["valid"] is True and "scores" in saved["check"]
    assert response.headers["ETag"]
    assert client.get("/v1/content/answers/advocacy-new-answer").status_code == 404
    assert content_store.get_answer(engine, "advocacy-new-answer") is None
    again = client.post("/v1/content/answers", json=_new_answer(), headers=editor)
    assert again.status_code == 409 and again.json()["error"]["code"] == "answer-exists"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"colour": "red"}, "unknown-key"),
        ({"id": "Not An Id"}, "bad-id"),
        ({"status": "live"}, "bad-status"),
        ({"last_reviewed": "yesterday"}, "bad-date"),
        ({"short": ""}, "missing-section"),
        ({"more": "Text\n## Extra\nMore text"}, "unknown-section"),
        ({"picture": {"openmoji": "1F4E3"}}, "bad-picture"),
        ({"topic": "weather"}, "unknown-topic"),
        ({"related": ["no-such-answer"]}, "unknown-related"),
        ({"organisations": ["no-such-organisation"]}, "unknown-organisation"),
    ],
)
def test_an_answer_that_breaks_the_content_rules_is_refused_with_its_code(
    client: TestClient, editor: dict[str, str], changes: dict[str, Any], code: str
) -> None:
    response = client.post("/v1/content/answers", json=_new_answer(**changes), headers=editor)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid-answer"
    assert error["detail"]["code"] == code


def test_put_must_keep_the_id_in_the_address(client: TestClient, editor: dict[str, str]) -> None:
    body, etag = _read(client, ANSWER, editor)
    response = _save(client, editor, etag, {**body, "id": "advocacy-find-an-advocate"})
    assert response.status_code == 422
    assert response.json()["error"]["detail"]["code"] == "id-not-path"


def test_the_api_and_the_files_agree_on_every_answer() -> None:
    for path in answer_paths(ANSWERS_DIR):
        answer = read_answer_file(path)
        assert answer_from_data(answer_to_dict(answer)) == answer
    with pytest.raises(ContentFileError) as caught:
        answer_from_data({**answer_to_dict(answer), "short": 5})
    assert caught.value.code == "bad-value"


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", ANSWER), ("DELETE", ANSWER), ("POST", f"{ANSWER}/publish"), ("POST", f"{ANSWER}/revisions/1/restore")],
)
def test_a_write_without_if_match_is_428(client: TestClient, reviewer: dict[str, str], method: str, path: str) -> None:
    body, _etag = _read(client, ANSWER, reviewer)
    response = client.request(method, path, json=body if method == "PUT" else None, headers=reviewer)
    assert response.status_code == 428
    assert response.json()["error"]["code"] == "if-match-required"


def test_two_editors_with_the_same_etag_the_first_save_wins_and_the_second_gets_412(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str]
) -> None:
    body, etag = _read(client, ANSWER, editor)
    first = _save(client, editor, etag, {**body, "title": "First editor"})
    assert first.status_code == 200
    second = _save(client, reviewer, etag, {**body, "title": "Second editor"})
    assert second.status_code == 412
    error = second.json()["error"]
    assert error["code"] == "etag-mismatch"
    assert error["detail"]["current"]["title"] == "First editor"
    assert second.headers["ETag"] == first.headers["ETag"]
    assert _read(client, ANSWER, editor)[0]["title"] == "First editor"
    stale_publish = client.post(f"{ANSWER}/publish", headers={**reviewer, "If-Match": etag})
    assert stale_publish.status_code == 412


def test_an_editor_saves_drafts_but_cannot_publish_or_delete(client: TestClient, editor: dict[str, str]) -> None:
    etag = _draft(client, editor, short=NEW_SHORT)
    for response in (
        client.post(f"{ANSWER}/publish", headers={**editor, "If-Match": etag}),
        client.delete(ANSWER, headers={**editor, "If-Match": etag}),
    ):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "forbidden"
    assert client.get(ANSWER).json()["short"] != NEW_SHORT


def test_editors_see_the_newer_draft_while_the_public_and_the_assistant_see_the_published_answer(
    client: TestClient, editor: dict[str, str], engine: Engine
) -> None:
    _draft(client, editor, short=NEW_SHORT)
    assert _read(client, ANSWER, editor)[0]["short"] == NEW_SHORT
    assert _read(client, ANSWER, editor)[0]["status"] == "draft"
    public = client.get(ANSWER).json()
    assert public["short"] != NEW_SHORT and public["status"] == "published"
    answer = content_store.get_answer(engine, "advocacy")
    assert answer is not None and answer.short != NEW_SHORT


def test_a_reviewer_publishes_and_the_assistant_says_the_new_text_without_a_restart(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str], engine: Engine
) -> None:
    etag = _draft(client, editor, short=NEW_SHORT)
    response = client.post(f"{ANSWER}/publish", headers={**reviewer, "If-Match": etag})
    assert response.status_code == 200, response.text
    assert response.json()["answer"]["status"] == "published"
    assert response.json()["check"]["valid"] is True
    assert client.get(ANSWER).json()["short"] == NEW_SHORT
    assert response.headers["ETag"] == client.get(ANSWER).headers["ETag"]
    [live] = [a for a in content_store.published_answers(engine, "advocacy") if a.id == "advocacy"]
    assert live.short == NEW_SHORT and live.status == "published"
    messages, chosen = reply_for_topic(engine, "advocacy", "what does an advocate do", answer_id="advocacy")
    assert chosen is not None and messages[0]["text"] == NEW_SHORT
    assert content_store.published_answers(engine, "advocacy")[0].id == "advocacy"  # the overview stays first


def test_publishing_an_answer_that_fails_a_hard_rule_is_422_and_nothing_is_published(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str], engine: Engine
) -> None:
    response = _save(client, editor, _read(client, ANSWER, editor)[1], {**client.get(ANSWER).json(), "short": TOO_LONG})
    assert response.status_code == 200  # a draft may fail a hard rule
    assert response.json()["check"]["valid"] is False
    assert "sentence-too-long" in {i["code"] for i in response.json()["check"]["issues"]}
    blocked = client.post(f"{ANSWER}/publish", headers={**reviewer, "If-Match": response.headers["ETag"]})
    assert blocked.status_code == 422
    error = blocked.json()["error"]
    assert error["code"] == "publish-blocked"
    assert "sentence-too-long" in {i["code"] for i in error["detail"]["issues"]}
    assert client.get(ANSWER).json()["short"] != TOO_LONG
    answer = content_store.get_answer(engine, "advocacy")
    assert answer is not None and answer.short != TOO_LONG
    assert _read(client, ANSWER, editor)[0]["revision"] == 2  # no revision was added


def test_revisions_list_every_version_with_its_number_author_and_diff(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str]
) -> None:
    etag = _draft(client, editor, short=NEW_SHORT)
    client.post(f"{ANSWER}/publish", headers={**reviewer, "If-Match": etag})
    response = client.get(f"{ANSWER}/revisions", headers=editor)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["revision"], i["action"], i["status"], i["author"]) for i in items] == [
        (3, "publish", "published", "rita"),
        (2, "save", "draft", "eddie"),
        (1, "seed", "published", "content-files"),
    ]
    assert "+An advocate is a person who helps you." in items[1]["diff"]
    assert "-An independent advocate is a person who is on your side." in items[1]["diff"]
    assert "+status: published" in items[0]["diff"]
    assert all(i["created_at"] for i in items)


def test_restoring_an_old_revision_makes_a_new_revision_and_publishes_it_again(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str]
) -> None:
    original = client.get(ANSWER).json()["short"]
    etag = _draft(client, editor, short=NEW_SHORT)
    etag = client.post(f"{ANSWER}/publish", headers={**reviewer, "If-Match": etag}).headers["ETag"]
    as_editor = client.post(f"{ANSWER}/revisions/1/restore", headers={**editor, "If-Match": etag})
    assert as_editor.status_code == 403  # revision 1 was published: restoring it publishes
    restored = client.post(f"{ANSWER}/revisions/1/restore", headers={**reviewer, "If-Match": etag})
    assert restored.status_code == 200, restored.text
    assert restored.json()["answer"]["revision"] == 4
    assert client.get(ANSWER).json()["short"] == original
    draft = client.post(f"{ANSWER}/revisions/2/restore", headers={**editor, "If-Match": restored.headers["ETag"]})
    assert draft.status_code == 200
    assert draft.json()["answer"] | {"short": NEW_SHORT, "status": "draft"} == draft.json()["answer"]
    assert client.get(ANSWER).json()["short"] == original  # a restored draft is not live
    missing = client.post(f"{ANSWER}/revisions/99/restore", headers={**editor, "If-Match": draft.headers["ETag"]})
    assert missing.status_code == 404


def test_soft_delete_hides_the_answer_from_the_public_and_the_assistant_and_restore_brings_it_back(
    client: TestClient, reviewer: dict[str, str], engine: Engine
) -> None:
    _body, etag = _read(client, ANSWER, reviewer)
    deleted = client.delete(ANSWER, headers={**reviewer, "If-Match": etag})
    assert deleted.status_code == 200 and deleted.json()["status"] == "deleted"
    assert client.get(ANSWER).status_code == 404
    assert "advocacy" not in [item["id"] for item in client.get("/v1/content/answers").json()["items"]]
    assert "advocacy" not in [a.id for a in content_store.published_answers(engine, "advocacy")]
    assert content_store.get_answer(engine, "advocacy") is None
    assert _read(client, ANSWER, reviewer)[0]["status"] == "deleted"  # editors still see it, to restore it
    gone = _save(client, reviewer, deleted.headers["ETag"], _read(client, ANSWER, reviewer)[0])
    assert gone.status_code == 404
    restored = client.post(f"{ANSWER}/revisions/1/restore", headers={**reviewer, "If-Match": deleted.headers["ETag"]})
    assert restored.status_code == 200
    assert client.get(ANSWER).status_code == 200
    assert content_store.published_answers(engine, "advocacy")[0].id == "advocacy"


def test_check_scores_text_without_saving(client: TestClient, editor: dict[str, str]) -> None:
    easy = client.post("/v1/content/check", json={"text": "You can get help. Ask your council."}, headers=editor)
    assert easy.status_code == 200
    assert easy.json()["passed"] is True and "grade" in easy.json()
    hard = client.post("/v1/content/check", json={"text": TOO_LONG}, headers=editor).json()
    assert hard["passed"] is False
    assert "sentence-too-long" in {i["code"] for i in hard["issues"]}
    assert client.post("/v1/content/check", json={"text": "You can get help."}).status_code == 401


def test_every_change_is_written_to_the_audit_log(
    client: TestClient, editor: dict[str, str], reviewer: dict[str, str], engine: Engine
) -> None:
    etag = _draft(client, editor, short=NEW_SHORT)
    etag = client.post(f"{ANSWER}/publish", headers={**reviewer, "If-Match": etag}).headers["ETag"]
    client.delete(ANSWER, headers={**reviewer, "If-Match": etag})
    client.post("/v1/content/answers", json=_new_answer(), headers=editor)
    entries = [(e.actor, e.action, e.answer_id, e.revision) for e in audit_entries(engine)]
    assert entries == [
        ("command-line", "add-user", None, None),
        ("command-line", "add-user", None, None),
        ("eddie", "save", "advocacy", 2),
        ("rita", "publish", "advocacy", 3),
        ("rita", "delete", "advocacy", 4),
        ("eddie", "create", "advocacy-new-answer", 1),
    ]
    assert all(e.at for e in audit_entries(engine))


def test_a_store_made_before_revisions_gets_a_first_revision_for_every_answer(store: Engine) -> None:
    with store.begin() as conn:
        conn.execute(content_store.answer_revisions.delete())
    assert content_store.seed_from_files(store, ANSWERS_DIR, ANSWERS_DIR.parent / "organisations.yml") == 0
    with store.connect() as conn:
        counts = conn.execute(sa.select(sa.func.count(), sa.func.max(content_store.answer_revisions.c.revision))).one()
        answers = conn.execute(sa.select(sa.func.count()).select_from(content_store.answers)).scalar_one()
    assert tuple(counts) == (answers, 1)


def test_openapi_documents_the_content_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/v1/content/answers"])
    assert {"get", "put", "delete"} <= set(paths["/v1/content/answers/{item_id}"])
    assert "post" in paths["/v1/content/answers/{item_id}/revisions/{revision}/restore"]
    assert "post" in paths["/v1/content/answers/{item_id}/unpublish"]
    body = paths["/v1/content/answers/{item_id}"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert "short" in body["properties"]
    assert json.dumps(spec).count("#/components/schemas/PictureModel") >= 1
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_a_save_made_while_a_publish_is_checked_wins_and_the_publish_gets_412(
    client: TestClient,
    editor: dict[str, str],
    reviewer: dict[str, str],
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    etag = _draft(client, editor, short=NEW_SHORT)
    real_check = AnswerKind.check

    def check_while_someone_saves(kind: AnswerKind, answer: AnswerFile) -> FileResult:
        monkeypatch.setattr(AnswerKind, "check", real_check)
        latest = editing.current(engine, ANSWERS, "advocacy", public=False)
        data = {**latest.to_dict(), "title": "Saved during the check"}
        editing.save(engine, ANSWERS, "advocacy", data, user=User("eve", "editor"), if_match=latest.etag)
        return real_check(kind, answer)

    monkeypatch.setattr(AnswerKind, "check", check_while_someone_saves)
    response = client.post(f"{ANSWER}/publish", headers={**reviewer, "If-Match": etag})
    assert response.status_code == 412
    assert response.json()["error"]["detail"]["current"]["title"] == "Saved during the check"
    answer = content_store.get_answer(engine, "advocacy")
    assert answer is not None and answer.short != NEW_SHORT
