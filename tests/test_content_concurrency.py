"""Many editors saving at once on SQLite and on PostgreSQL: every save either lands or gets 412; none is lost."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.engine import Engine

from assistant.content import editing
from assistant.content.kinds import ANSWERS, GLOSSARY
from assistant.content.users import User

pytestmark = pytest.mark.both_backends  # SQLite and PostgreSQL (tests/conftest.py)
WRITERS = 4
SAVES_EACH = 5


def _save_until_it_lands(store: Engine, writer: int, number: int, start: threading.Barrier) -> tuple[int, str, int]:
    """Read, then save with that ETag; after a 412, read again and retry. Returns (revision, title, 412s)."""
    title = f"Writer {writer} save {number}"
    user = User(f"writer-{writer}", "editor")
    stale = 0
    if number == 0:
        start.wait()
    while True:
        latest = editing.current(store, ANSWERS, "advocacy", public=False)
        try:
            saved = editing.save(
                store, ANSWERS, "advocacy", {**latest.to_dict(), "title": title}, user=user, if_match=latest.etag
            )
        except editing.StaleEtag:
            stale += 1
            continue
        return saved.revision.revision, title, stale


def test_concurrent_saves_of_one_answer_each_land_once_in_their_own_revision(store: Engine) -> None:
    start = threading.Barrier(WRITERS)

    def writer(index: int) -> list[tuple[int, str, int]]:
        return [_save_until_it_lands(store, index, n, start) for n in range(SAVES_EACH)]

    with ThreadPoolExecutor(WRITERS) as pool:
        landed = [result for results in pool.map(writer, range(WRITERS)) for result in results]
    history = {r.revision: r for r in editing.history(store, ANSWERS, "advocacy")}
    assert sorted(history) == list(range(1, WRITERS * SAVES_EACH + 2))  # the seed, then every save
    for revision, title, _stale in landed:
        assert history[revision].item.title == title and history[revision].action == "save"
    assert len({revision for revision, _title, _stale in landed}) == WRITERS * SAVES_EACH


def test_two_editors_creating_the_same_term_at_once_one_wins_and_the_other_is_told(store: Engine) -> None:
    body = {"term": "care at home", "topic": "what_is_sds", "meaning": "Help in your own home."}
    start = threading.Barrier(2)

    def create(index: int) -> str:
        start.wait()
        try:
            editing.create(store, GLOSSARY, body, user=User(f"editor-{index}", "editor"))
        except editing.ItemExists as exc:
            return exc.code
        return "created"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(create, range(2)))
    assert outcomes == ["created", "term-exists"]
    assert [r.revision for r in editing.history(store, GLOSSARY, "care-at-home")] == [1]
