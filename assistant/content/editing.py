"""Edit content through the content API: create, save drafts, publish, unpublish, delete and restore.

Works on any kind of item (`assistant.content.kinds`: answers, organisations, glossary terms).
Every change is a new revision (see `revisions.py`) and an audit row, written in one transaction.
Writes name the revision they change (its ETag); a stale one is refused, so no edit is lost.
Publishing writes the item into its live table, which the action server reads on every message:
the assistant uses the new version at once, with no training and no restart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from assistant.content import revisions
from assistant.content.files import ContentFileError
from assistant.content.revisions import Kind, Revision
from assistant.content.users import User, record
from assistant.readability.answers import FileResult


class EditError(Exception):
    """An edit that cannot be made. Each subclass has a stable `code`."""

    code = "edit-error"


class NotFound(EditError):
    code = "not-found"


class NotAllowed(EditError):
    code = "forbidden"


class ItemExists(EditError):
    def __init__(self, kind: Kind, item_id: str) -> None:
        super().__init__(item_id)
        self.code = f"{kind.noun}-exists"  # answer-exists, organisation-exists, term-exists


class InvalidItem(EditError):
    def __init__(self, kind: Kind, error: ContentFileError) -> None:
        super().__init__(str(error))
        self.code = f"invalid-{kind.noun}"  # invalid-answer, invalid-organisation, invalid-term
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


class InUse(EditError):
    code = "in-use"

    def __init__(self, answer_ids: list[str]) -> None:
        super().__init__(", ".join(answer_ids))
        self.answer_ids = answer_ids


class NotPublished(EditError):
    code = "not-published"


@dataclass(frozen=True)
class Saved:
    """A new revision and the easy-read check of its text."""

    revision: Revision
    check: FileResult


def list_items(
    engine: Engine,
    kind: Kind,
    *,
    public: bool,
    topic: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> list[Revision]:
    """Published items (public), or the latest revision of every item (editors), filtered."""
    with engine.connect() as conn:
        found = revisions.live_all(conn, kind) if public else revisions.latest_all(conn, kind)
    words = q.lower().split() if q else []
    return [
        r
        for r in found
        if (topic is None or kind.topic(r.item) == topic)
        and (status is None or r.status == status)
        and all(word in kind.search_text(r.item) for word in words)
    ]


def current(engine: Engine, kind: Kind, item_id: str, *, public: bool) -> Revision:
    """What the public sees (the live version) or what editors see (the latest revision)."""
    with engine.connect() as conn:
        if public:
            found = next(iter(revisions.live_all(conn, kind, item_id)), None)
        else:
            found = revisions.latest(conn, kind, item_id)
    if found is None:
        raise NotFound(item_id)
    return found


def history(engine: Engine, kind: Kind, item_id: str) -> list[Revision]:
    with engine.connect() as conn:
        found = revisions.history(conn, kind, item_id)
    if not found:
        raise NotFound(item_id)
    return found


def create(engine: Engine, kind: Kind, data: Mapping[str, Any], *, user: User) -> Saved:
    item = _validated(engine, kind, data, path_id=None)
    item_id = kind.item_id(item)
    try:
        with writing(engine, kind, item_id) as conn:
            if revisions.latest(conn, kind, item_id) or conn.execute(_live_row(kind, item_id)).first():
                raise ItemExists(kind, item_id)
            new = revisions.append(conn, kind, None, item, status="draft", action="create", author=user.name)
            _audit(conn, kind, user, "create", new)
    except StaleEtag:  # someone created the same id at the same moment
        raise ItemExists(kind, item_id) from None
    return Saved(new, kind.check(item))


def save(engine: Engine, kind: Kind, item_id: str, data: Mapping[str, Any], *, user: User, if_match: str) -> Saved:
    """Save a new draft. The live version does not change until a reviewer publishes."""
    _editable(engine, kind, item_id, if_match)
    item = _validated(engine, kind, data, path_id=item_id)
    with writing(engine, kind, item_id) as conn:
        previous = _editable_in(conn, kind, item_id, if_match)
        new = revisions.append(conn, kind, previous, item, status="draft", action="save", author=user.name)
        _audit(conn, kind, user, "save", new)
    return Saved(new, kind.check(item))


def publish(engine: Engine, kind: Kind, item_id: str, *, user: User, if_match: str) -> Saved:
    """Make the latest revision live. Refused when a hard easy-read rule fails (nothing is written)."""
    _must_publish(user, "publish")
    latest = _editable(engine, kind, item_id, if_match)
    return _go_live(engine, latest, latest.item, action="publish", user=user)


def unpublish(engine: Engine, kind: Kind, item_id: str, *, user: User, if_match: str) -> Revision:
    """Take the item off the air: it becomes a draft again, which a reviewer can publish later."""
    return _take_off_air(engine, kind, item_id, user=user, if_match=if_match, status="draft", action="unpublish")


def delete(engine: Engine, kind: Kind, item_id: str, *, user: User, if_match: str) -> Revision:
    """Soft delete: the assistant and the public stop seeing the item; its history stays, to restore."""
    return _take_off_air(engine, kind, item_id, user=user, if_match=if_match, status="deleted", action="delete")


def restore(engine: Engine, kind: Kind, item_id: str, number: int, *, user: User, if_match: str) -> Saved:
    """Copy an old revision into a new one. A published revision is published again (reviewers only)."""
    with engine.connect() as conn:
        latest, source = revisions.latest(conn, kind, item_id), revisions.get_revision(conn, kind, item_id, number)
    if latest is None or source is None:
        raise NotFound(item_id)
    _check_etag(latest, if_match)
    if source.status == "published":
        _must_publish(user, "restore a published revision")
        return _go_live(engine, latest, source.item, action="restore", user=user)
    item = kind.with_status(source.item, "draft")
    with writing(engine, kind, item_id) as conn:
        previous = _unchanged(conn, latest)
        new = revisions.append(conn, kind, previous, item, status="draft", action="restore", author=user.name)
        _audit(conn, kind, user, "restore", new, detail=str(number))
    return Saved(new, kind.check(item))


def _take_off_air(
    engine: Engine, kind: Kind, item_id: str, *, user: User, if_match: str, status: str, action: str
) -> Revision:
    _must_publish(user, action)
    with writing(engine, kind, item_id) as conn:
        previous = _editable_in(conn, kind, item_id, if_match)
        live = kind.is_live(conn, item_id)
        if action == "unpublish" and not live:
            raise NotPublished(item_id)
        users_of_it = kind.in_use_by(conn, item_id) if live else []
        if users_of_it:
            raise InUse(users_of_it)
        item = kind.with_status(previous.item, status) if status != "deleted" else previous.item
        new = revisions.append(conn, kind, previous, item, status=status, action=action, author=user.name)
        kind.remove_live(conn, item_id)
        _audit(conn, kind, user, action, new)
    return new


def _go_live(engine: Engine, latest: Revision, item: Any, *, action: str, user: User) -> Saved:
    kind = latest.kind
    live = kind.with_status(item, "published")
    result = kind.check(live)  # outside the transaction: the checker takes a moment
    if result.gated and result.hard:
        raise PublishBlocked(result)
    with writing(engine, kind, latest.item_id) as conn:
        previous = _unchanged(conn, latest)
        new = revisions.append(conn, kind, previous, live, status="published", action=action, author=user.name)
        kind.write_live(conn, live)
        _audit(conn, kind, user, action, new, detail=str(latest.revision) if action == "publish" else "")
    return Saved(new, result)


def _must_publish(user: User, what: str) -> None:
    if not user.can_publish:
        raise NotAllowed(what)


def _audit(conn: Connection, kind: Kind, user: User, action: str, new: Revision, *, detail: str = "") -> None:
    record(
        conn,
        actor=user.name,
        action=action,
        kind=kind.name,
        answer_id=new.item_id,
        revision=new.revision,
        detail=detail,
    )


def _live_row(kind: Kind, item_id: str) -> sa.sql.Select:
    return sa.select(kind.live.c.id).where(kind.live.c.id == item_id)


def _validated(engine: Engine, kind: Kind, data: Mapping[str, Any], *, path_id: str | None) -> Any:
    """The item by its content-file rules, with every id it names known. Saved as a draft."""
    try:
        with engine.connect() as conn:
            item = kind.parse(conn, data, path_id=path_id)
    except ContentFileError as exc:
        raise InvalidItem(kind, exc) from None
    return kind.with_status(item, "draft")


def _check_etag(latest: Revision, if_match: str) -> None:
    if not revisions.etag_matches(if_match, latest.etag):
        raise StaleEtag(latest)


def _editable(engine: Engine, kind: Kind, item_id: str, if_match: str) -> Revision:
    with engine.connect() as conn:
        return _editable_in(conn, kind, item_id, if_match)


def _editable_in(conn: Connection, kind: Kind, item_id: str, if_match: str) -> Revision:
    """The latest revision, if it exists, is not deleted and is the one `if_match` names."""
    latest = revisions.latest(conn, kind, item_id)
    if latest is None or latest.status == "deleted":
        raise NotFound(item_id)
    _check_etag(latest, if_match)
    return latest


def _unchanged(conn: Connection, seen: Revision) -> Revision:
    """Inside the write: refuse if someone saved after `seen` was read (while the checker ran)."""
    latest = revisions.latest(conn, seen.kind, seen.item_id)
    if latest is None or latest.revision != seen.revision:
        raise StaleEtag(latest or seen)
    return latest


@contextmanager
def writing(engine: Engine, kind: Kind, item_id: str | None = None) -> Iterator[Connection]:
    """One transaction, one writer of a kind at a time, so a read-then-write never loses an edit.

    SQLite: the store begins every transaction with BEGIN IMMEDIATE (one writer at a time).
    PostgreSQL: a transaction-scoped advisory lock per kind. Should two writers of `item_id` still
    take the same revision number, the second gets `StaleEtag` with the current version.
    """
    try:
        with engine.begin() as conn:
            lock(conn, kind)
            yield conn
    except sa.exc.IntegrityError:
        if item_id is None:
            raise
        with engine.connect() as conn:
            latest = revisions.latest(conn, kind, item_id)
        if latest is None:
            raise
        raise StaleEtag(latest) from None


def lock(conn: Connection, kind: Kind) -> None:
    """Inside a transaction: wait until no other writer of this kind is writing (PostgreSQL).

    SQLite needs nothing: the store begins every transaction with BEGIN IMMEDIATE, one writer at a time.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"content/{kind.name}"})
