"""Editor API users, their bearer tokens and roles, and the audit log of every change.

Tokens are `secrets.token_urlsafe(32)`; only their sha256 is stored. Editors save drafts;
reviewers can also publish, delete and restore published versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from assistant.content.store import audit_log, create_schema, users

ROLES = ("editor", "reviewer")
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,79}$")
COMMAND_LINE = "command-line"


class UserError(ValueError):
    """A user cannot be added: a bad name or role, or the name is taken."""


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def can_publish(self) -> bool:
        """Reviewers publish, delete and restore published versions; editors only save drafts."""
        return self.role == "reviewer"


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    actor: str
    action: str
    answer_id: str | None
    revision: int | None
    detail: str
    kind: str | None = None  # "answers", "organisations" or "glossary"; None for users


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(engine: Engine, name: str, *, role: str) -> str:
    """Add a user and return their new token. Only its hash is kept, so it cannot be shown again."""
    if not NAME_PATTERN.match(name):
        raise UserError("A name may use letters, digits and . _ @ - (1 to 80 characters).")
    if role not in ROLES:
        raise UserError(f"The role must be one of: {', '.join(ROLES)}.")
    create_schema(engine)
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        if conn.execute(sa.select(users.c.name).where(users.c.name == name)).first():
            raise UserError(f"There is already a user called '{name}'.")
        conn.execute(users.insert().values(name=name, role=role, token_hash=hash_token(token), created_at=_now()))
        record(conn, actor=COMMAND_LINE, action="add-user", detail=f"{name} ({role})")
    return token


def authenticate(engine: Engine, token: str) -> User | None:
    """The user whose token this is, or None."""
    query = sa.select(users.c.name, users.c.role).where(users.c.token_hash == hash_token(token))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return User(name=row.name, role=row.role) if row else None


def record(
    conn: Connection,
    *,
    actor: str,
    action: str,
    kind: str | None = None,
    answer_id: str | None = None,
    revision: int | None = None,
    detail: str = "",
) -> None:
    """Write one audit row, inside the caller's transaction so it commits with the change.

    `kind` is the kind of content changed ("answers", "organisations", "glossary"); `answer_id` its id.
    """
    conn.execute(
        audit_log.insert().values(
            at=_now(), actor=actor, action=action, kind=kind, answer_id=answer_id, revision=revision, detail=detail
        )
    )


def audit_entries(engine: Engine, *, answer_id: str | None = None, kind: str | None = None) -> list[AuditEntry]:
    """The audit log, oldest first (for one item when `answer_id` is given, of one kind when `kind` is)."""
    query = sa.select(audit_log).order_by(audit_log.c.id)
    if answer_id is not None:
        query = query.where(audit_log.c.answer_id == answer_id)
    if kind is not None:
        query = query.where(audit_log.c.kind == kind)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [AuditEntry(r.at, r.actor, r.action, r.answer_id, r.revision, r.detail, r.kind) for r in rows]
