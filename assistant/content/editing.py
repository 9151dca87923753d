"""Edit answers through the content API: create, save drafts, publish, delete and restore.

Every change is a new revision (see `revisions.py`) and an audit row, written in one transaction.
Writes name the revision they change (its ETag); a stale one is refused, so no edit is lost.
Publishing writes the answer into the `answers` table, which the action server reads on every
message: the assistant says the new text at once, with no training and no restart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from assistant.content import revisions
from assistant.content.files import AnswerFile, ContentFileError, answer_from_data, parse_answer, render_answer
from assistant.content.revisions import Revision
from assistant.content.store import answer_revisions, answer_to_dict, answers, organisations
from assistant.content.users import User, record
from assistant.readability.answers import FileResult, check_answer
from assistant.topics import in_scope_labels

READ_ONLY = ("revision", "updated_at", "updated_by")  # shown by GET, ignored when sent back


class EditError(Exception):
    """An edit that cannot be made. Each subclass has a stable `code`."""

    code = "edit-error"


class NotFound(EditError):
    code = "not-found"


class AnswerExists(EditError):
    code = "answer-exists"


class NotAllowed(EditError):
    code = "forbidden"


class InvalidAnswer(EditError):
    code = "invalid-answer"

    def __init__(self, error: ContentFileError) -> None:
        super().__init__(str(error))
        self.error = error


class StaleEtag(EditError):
    code = "etag-mismatch"

    def __init__(self, current: Revision) -> None:
        super().__init__(current.etag)
        self.current = current


class PublishBlocked(EditError):
    code = "publish-blocked"

    def __init__(self, check: FileResult) -> None:
        super().__init__(", ".join(sorted({i.code for i in check.hard})))
        self.check = check


@dataclass(frozen=True)
class Saved:
    """A new revision and the easy-read check of its text."""

    revision: Revision
    check: FileResult


def check(answer: AnswerFile) -> FileResult:
    """Check an answer as if it were published: hard issues make it invalid."""
    parsed = parse_answer(render_answer(answer))  # gives the checker file line numbers
    return check_answer(parsed, path=Path(f"{answer.id}.md"), gated=True)


def list_answers(
    engine: Engine, *, public: bool, topic: str | None = None, status: str | None = None, q: str | None = None
) -> list[Revision]:
    """Published answers (public), or the latest revision of every answer (editors), filtered."""
    with engine.connect() as conn:
        found = revisions.live_all(conn) if public else revisions.latest_all(conn)
    words = q.lower().split() if q else []
    return [
        r
        for r in found
        if (topic is None or r.answer.topic == topic)
        and (status is None or r.status == status)
        and all(word in _search_text(r.answer) for word in words)
    ]


def _search_text(answer: AnswerFile) -> str:
    return " ".join([answer.id, answer.title, *answer.keywords, answer.short, answer.more, answer.simpler]).lower()


def current(engine: Engine, answer_id: str, *, public: bool) -> Revision:
    """What the public sees (the live version) or what editors see (the latest revision)."""
    with engine.connect() as conn:
        found = next(iter(revisions.live_all(conn, answer_id)), None) if public else revisions.latest(conn, answer_id)
    if found is None:
        raise NotFound(answer_id)
    return found


def history(engine: Engine, answer_id: str) -> list[Revision]:
    with engine.connect() as conn:
        found = revisions.history(conn, answer_id)
    if not found:
        raise NotFound(answer_id)
    return found


def create_answer(engine: Engine, data: Mapping[str, Any], *, user: User) -> Saved:
    answer = _validated(engine, data, path_id=None)
    try:
        with _writing(engine, answer.id) as conn:
            exists = conn.execute(sa.select(answers.c.id).where(answers.c.id == answer.id)).first()
            if exists or revisions.latest(conn, answer.id):
                raise AnswerExists(answer.id)
            new = revisions.append(conn, None, answer, status="draft", action="create", author=user.name)
            record(conn, actor=user.name, action="create", answer_id=answer.id, revision=new.revision)
    except StaleEtag:  # someone created the same id at the same moment
        raise AnswerExists(answer.id) from None
    return Saved(new, check(answer))


def save_answer(engine: Engine, answer_id: str, data: Mapping[str, Any], *, user: User, if_match: str) -> Saved:
    """Save a new draft. The live version does not change until a reviewer publishes."""
    _editable(engine, answer_id, if_match)
    answer = _validated(engine, data, path_id=answer_id)
    with _writing(engine, answer_id) as conn:
        previous = _editable_in(conn, answer_id, if_match)
        new = revisions.append(conn, previous, answer, status="draft", action="save", author=user.name)
        record(conn, actor=user.name, action="save", answer_id=answer_id, revision=new.revision)
    return Saved(new, check(answer))


def publish_answer(engine: Engine, answer_id: str, *, user: User, if_match: str) -> Saved:
    """Make the latest revision live. Refused when a hard easy-read rule fails (nothing is written)."""
    if not user.can_publish:
        raise NotAllowed("publish")
    latest = _editable(engine, answer_id, if_match)
    return _go_live(engine, latest, latest.answer, action="publish", user=user)


def delete_answer(engine: Engine, answer_id: str, *, user: User, if_match: str) -> Revision:
    """Soft delete: the assistant and the public stop seeing the answer; its history stays, to restore."""
    if not user.can_publish:
        raise NotAllowed("delete")
    with _writing(engine, answer_id) as conn:
        previous = _editable_in(conn, answer_id, if_match)
        new = revisions.append(conn, previous, previous.answer, status="deleted", action="delete", author=user.name)
        conn.execute(answers.delete().where(answers.c.id == answer_id))
        record(conn, actor=user.name, action="delete", answer_id=answer_id, revision=new.revision)
    return new


def restore_revision(engine: Engine, answer_id: str, number: int, *, user: User, if_match: str) -> Saved:
    """Copy an old revision into a new one. A published revision is published again (reviewers only)."""
    with engine.connect() as conn:
        latest, source = revisions.latest(conn, answer_id), revisions.get_revision(conn, answer_id, number)
    if latest is None or source is None:
        raise NotFound(answer_id)
    _check_etag(latest, if_match)
    if source.status == "published":
        if not user.can_publish:
            raise NotAllowed("restore a published revision")
        return _go_live(engine, latest, source.answer, action="restore", user=user)
    answer = dataclasses.replace(source.answer, status="draft")
    with _writing(engine, answer_id) as conn:
        previous = _unchanged(conn, latest)
        new = revisions.append(conn, previous, answer, status="draft", action="restore", author=user.name)
        record(conn, actor=user.name, action="restore", answer_id=answer_id, revision=new.revision, detail=str(number))
    return Saved(new, check(answer))


def _go_live(engine: Engine, latest: Revision, answer: AnswerFile, *, action: str, user: User) -> Saved:
    live = dataclasses.replace(answer, status="published")
    result = check(live)  # outside the transaction: the checker takes a moment
    if result.hard:
        raise PublishBlocked(result)
    with _writing(engine, latest.answer_id) as conn:
        previous = _unchanged(conn, latest)
        new = revisions.append(conn, previous, live, status="published", action=action, author=user.name)
        write_live_row(conn, live)
        detail = str(latest.revision) if action == "publish" else ""
        record(conn, actor=user.name, action=action, answer_id=live.id, revision=new.revision, detail=detail)
    return Saved(new, result)


def write_live_row(conn: Connection, answer: AnswerFile) -> None:
    """Put the published answer where `store.published_answers` and `store.get_answer` read it."""
    values = {
        "topic": answer.topic,
        "status": "published",
        "data": json.dumps(answer_to_dict(answer)),
        "updated_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
    }
    if conn.execute(sa.select(answers.c.id).where(answers.c.id == answer.id)).first():
        conn.execute(answers.update().where(answers.c.id == answer.id).values(**values))
    else:
        conn.execute(answers.insert().values(id=answer.id, position=0, **values))
    rows = conn.execute(sa.select(answers.c.id, answers.c.topic, answers.c.position)).all()
    order = sorted(rows, key=lambda r: (r.id != r.topic.replace("_", "-"), r.id))  # as `store.overview_first`
    for position, row in enumerate(order):
        if row.position != position:
            conn.execute(answers.update().where(answers.c.id == row.id).values(position=position))


def _validated(engine: Engine, data: Mapping[str, Any], *, path_id: str | None) -> AnswerFile:
    """The answer by the content-file rules, with every id it names known. Saved as a draft."""
    try:
        answer = answer_from_data({key: value for key, value in data.items() if key not in READ_ONLY})
    except ContentFileError as exc:
        raise InvalidAnswer(exc) from None
    with engine.connect() as conn:
        known, orgs = known_ids(conn)
    try:
        check_references(answer, answer_ids=known, organisation_ids=orgs, path_id=path_id)
    except ContentFileError as exc:
        raise InvalidAnswer(exc) from None
    return dataclasses.replace(answer, status="draft")


def known_ids(conn: Connection) -> tuple[set[str], set[str]]:
    """Every answer id the store has ever had (deleted ones too), and every organisation id."""
    known = set(conn.execute(sa.select(answers.c.id)).scalars())
    known |= set(conn.execute(sa.select(answer_revisions.c.answer_id).distinct()).scalars())
    return known, set(conn.execute(sa.select(organisations.c.id)).scalars())


def check_references(
    answer: AnswerFile, *, answer_ids: set[str], organisation_ids: set[str], path_id: str | None
) -> None:
    """Raise `ContentFileError` if the answer names an unknown topic, answer or organisation."""
    problems = [
        ("id-not-path", path_id is not None and answer.id != path_id, f"The id must be '{path_id}'."),
        ("unknown-topic", answer.topic not in in_scope_labels(), f"There is no topic '{answer.topic}'."),
        ("self-related", answer.id in answer.related, "An answer cannot be related to itself."),
        ("unknown-related", not set(answer.related) <= answer_ids, "Every related answer must exist."),
        ("no-organisation", not answer.organisations, "Name at least one organisation that gives free help."),
        ("unknown-organisation", not set(answer.organisations) <= organisation_ids, "Every organisation must exist."),
    ]
    for code, failed, message in problems:
        if failed:
            raise ContentFileError(code, message)


def _check_etag(latest: Revision, if_match: str) -> None:
    if not revisions.etag_matches(if_match, latest.etag):
        raise StaleEtag(latest)


def _editable(engine: Engine, answer_id: str, if_match: str) -> Revision:
    with engine.connect() as conn:
        return _editable_in(conn, answer_id, if_match)


def _editable_in(conn: Connection, answer_id: str, if_match: str) -> Revision:
    """The latest revision, if it exists, is not deleted and is the one `if_match` names."""
    latest = revisions.latest(conn, answer_id)
    if latest is None or latest.status == "deleted":
        raise NotFound(answer_id)
    _check_etag(latest, if_match)
    return latest


def _unchanged(conn: Connection, seen: Revision) -> Revision:
    """Inside the write: refuse if someone saved after `seen` was read (while the checker ran)."""
    latest = revisions.latest(conn, seen.answer_id)
    if latest is None or latest.revision != seen.revision:
        raise StaleEtag(latest or seen)
    return latest


@contextmanager
def _writing(engine: Engine, answer_id: str) -> Iterator[Connection]:
    """One transaction. Two writers that took the same revision number: the second gets `StaleEtag`."""
    try:
        with engine.begin() as conn:
            yield conn
    except sa.exc.IntegrityError:
        with engine.connect() as conn:
            latest = revisions.latest(conn, answer_id)
        if latest is None:
            raise
        raise StaleEtag(latest) from None
