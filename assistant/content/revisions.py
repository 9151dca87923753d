"""Answer revisions: every saved version of an answer, numbered from 1, with its author, time and diff.

The latest revision is what editors see; the newest `published` revision of an answer that has a
published row in `answers` is what the public and the assistant see.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from assistant.content.files import AnswerFile, render_answer
from assistant.content.store import answer_from_dict, answer_revisions, answer_to_dict, answers

STATUSES = ("draft", "published", "deleted")


@dataclass(frozen=True)
class Revision:
    answer_id: str
    revision: int
    status: str  # draft, published or deleted
    action: str  # seed, create, save, publish, delete, restore or import
    answer: AnswerFile
    author: str
    created_at: dt.datetime
    diff: str

    @property
    def etag(self) -> str:
        return make_etag(self.answer_id, self.revision)

    def to_dict(self) -> dict[str, Any]:
        """The answer as the API shows it: its fields, with this revision's status, number, time and author."""
        return {
            **answer_to_dict(self.answer),
            "status": self.status,
            "revision": self.revision,
            "updated_at": self.created_at.isoformat(),
            "updated_by": self.author,
        }


def make_etag(answer_id: str, revision: int) -> str:
    """A strong entity tag for one revision of one answer."""
    return '"' + hashlib.sha256(f"{answer_id}\n{revision}".encode()).hexdigest()[:32] + '"'


def etag_matches(if_match: str, etag: str) -> bool:
    """Strong comparison (RFC 9110): `*` or one of a comma-separated list of tags; weak tags never match."""
    tags = [tag.strip() for tag in if_match.split(",")]
    return "*" in tags or etag in tags


def _from_row(row: Row) -> Revision:
    return Revision(
        answer_id=row.answer_id,
        revision=row.revision,
        status=row.status,
        action=row.action,
        answer=answer_from_dict(json.loads(row.data)),
        author=row.author,
        created_at=row.created_at,
        diff=row.diff,
    )


def latest(conn: Connection, answer_id: str) -> Revision | None:
    query = (
        sa.select(answer_revisions)
        .where(answer_revisions.c.answer_id == answer_id)
        .order_by(answer_revisions.c.revision.desc())
        .limit(1)
    )
    row = conn.execute(query).first()
    return _from_row(row) if row else None


def get_revision(conn: Connection, answer_id: str, revision: int) -> Revision | None:
    query = sa.select(answer_revisions).where(
        answer_revisions.c.answer_id == answer_id, answer_revisions.c.revision == revision
    )
    row = conn.execute(query).first()
    return _from_row(row) if row else None


def history(conn: Connection, answer_id: str) -> list[Revision]:
    """Every revision of an answer, newest first."""
    query = (
        sa.select(answer_revisions)
        .where(answer_revisions.c.answer_id == answer_id)
        .order_by(answer_revisions.c.revision.desc())
    )
    return [_from_row(row) for row in conn.execute(query).all()]


def _newest(*conditions: Any) -> sa.sql.Subquery:
    return (
        sa.select(answer_revisions.c.answer_id, sa.func.max(answer_revisions.c.revision).label("revision"))
        .where(*conditions)
        .group_by(answer_revisions.c.answer_id)
        .subquery()
    )


def _joined(newest: sa.sql.Subquery) -> sa.sql.Select:
    return sa.select(answer_revisions).join(
        newest,
        sa.and_(answer_revisions.c.answer_id == newest.c.answer_id, answer_revisions.c.revision == newest.c.revision),
    )


def latest_all(conn: Connection) -> list[Revision]:
    """The latest revision of every answer, deleted ones included."""
    query = _joined(_newest()).order_by(answer_revisions.c.answer_id)
    return [_from_row(row) for row in conn.execute(query).all()]


def live_all(conn: Connection, answer_id: str | None = None) -> list[Revision]:
    """The revisions the assistant says now, in the order it uses them."""
    query = (
        _joined(_newest(answer_revisions.c.status == "published"))
        .join(answers, answers.c.id == answer_revisions.c.answer_id)
        .where(answers.c.status == "published")
        .order_by(answers.c.position)
    )
    if answer_id is not None:
        query = query.where(answers.c.id == answer_id)
    return [_from_row(row) for row in conn.execute(query).all()]


def text_diff(before: Revision | None, after: AnswerFile, revision: int) -> str:
    """A unified diff of the answer-file text of the revision before and the new one."""
    old = render_answer(before.answer).splitlines() if before else []
    new = render_answer(after).splitlines()
    start = f"revision {before.revision}" if before else "nothing"
    return "\n".join(difflib.unified_diff(old, new, start, f"revision {revision}", lineterm=""))


def append(
    conn: Connection, previous: Revision | None, answer: AnswerFile, *, status: str, action: str, author: str
) -> Revision:
    """Add the next revision. A concurrent writer that took the same number makes this an IntegrityError."""
    number = previous.revision + 1 if previous else 1
    created = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    diff = text_diff(previous, answer, number)
    conn.execute(
        answer_revisions.insert().values(
            answer_id=answer.id,
            revision=number,
            status=status,
            action=action,
            data=json.dumps(answer_to_dict(answer)),
            author=author,
            created_at=created,
            diff=diff,
        )
    )
    return Revision(answer.id, number, status, action, answer, author, created, diff)
