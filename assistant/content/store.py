"""The content store: answers, organisations, feedback and unanswered questions in SQL (SQLite by default).

Seeded from `content/` on first start. The action server reads published answers from here at
run time, so a text change needs no retraining.

The `answers` table holds what the assistant says: the live (published) version of each answer.
The editor API (`assistant.content.editing`) keeps every version, drafts included, in
`answer_revisions`, its users in `users` and every change in `audit_log`. These three tables are
new: `create_all` adds them to an existing database and `seed_from_files` gives every answer
without history a first revision, so old stores keep working.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.content.files import AnswerFile, Picture, answer_metadata, answer_paths, read_answer_file
from assistant.content.organisations import Organisation, read_organisations

metadata = sa.MetaData()

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column("topic", sa.String(60), nullable=False, index=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

organisations = sa.Table(
    "organisations",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    sa.Column("data", sa.Text, nullable=False),
)

feedback = sa.Table(
    "feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_hash", sa.String(64), nullable=False),
    sa.Column("topic", sa.String(60), nullable=True),
    sa.Column("answer_id", sa.String(80), nullable=True),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)


answer_revisions = sa.Table(
    "answer_revisions",
    metadata,
    sa.Column("answer_id", sa.String(80), primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("status", sa.String(20), nullable=False),  # draft, published or deleted
    sa.Column("action", sa.String(20), nullable=False),  # seed, create, save, publish, delete, restore or import
    sa.Column("data", sa.Text, nullable=False),  # the answer as `answer_to_dict` JSON
    sa.Column("author", sa.String(80), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("diff", sa.Text, nullable=False, default=""),  # unified diff of the answer text vs the revision before
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # sha256 hex; the token is never stored
    sa.Column("created_at", sa.DateTime, nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(80), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("answer_id", sa.String(80), nullable=True, index=True),
    sa.Column("revision", sa.Integer, nullable=True),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)

# Messages the assistant could not answer (fallback or out of scope), redacted, for editors to
# see what to write next. No conversation id is kept; `normalised` is the grouping key.
unanswered = sa.Table(
    "unanswered",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("text", sa.String(500), nullable=False),
    sa.Column("normalised", sa.String(500), nullable=False, index=True),
    sa.Column("topic", sa.String(60), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

SEED_AUTHOR = "content-files"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


@lru_cache(maxsize=4)
def get_engine(url: str) -> Engine:
    """One engine per URL and process. SQLite gets WAL so readers never block the writer."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, future=True, connect_args={"check_same_thread": False, "timeout": 15})

        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return sa.create_engine(url, future=True, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the sqlite3 module, starts transactions (see _sqlite_begin_immediate).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    """Take the write lock when a transaction starts, waiting up to the timeout for another writer.

    With a plain BEGIN, a transaction that reads and then writes fails at once with "database is
    locked" when another process wrote in between; with BEGIN IMMEDIATE it waits its turn instead.
    """
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_schema(engine: Engine) -> None:
    metadata.create_all(engine)


def answer_to_dict(answer: AnswerFile) -> dict[str, Any]:
    return {
        **answer_metadata(answer),
        "short": answer.short,
        "more": answer.more,
        "simpler": answer.simpler,
    }


def answer_from_dict(data: dict[str, Any]) -> AnswerFile:
    return AnswerFile(
        id=data["id"],
        topic=data["topic"],
        title=data["title"],
        status=data["status"],
        last_reviewed=dt.date.fromisoformat(data["last_reviewed"]),
        keywords=tuple(data["keywords"]),
        related=tuple(data["related"]),
        organisations=tuple(data["organisations"]),
        picture=Picture(**data["picture"]),
        sources=tuple(data["sources"]),
        short=data["short"],
        more=data["more"],
        simpler=data.get("simpler", ""),
    )


def overview_first(answer: AnswerFile) -> tuple[bool, str]:
    """Sort key: a topic's overview answer (its id is the label with hyphens) first, then by id."""
    return (answer.id != answer.topic.replace("_", "-"), answer.id)


def seed_from_files(engine: Engine, answers_dir: Path, organisations_path: Path) -> int:
    """Load the curated files into an empty store. Returns how many answers were added (0 if not empty)."""
    create_schema(engine)
    with engine.begin() as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(answers)).scalar_one():
            _first_revisions(conn)
            return 0
        loaded = sorted((read_answer_file(path) for path in answer_paths(answers_dir)), key=overview_first)
        for position, answer in enumerate(loaded):
            conn.execute(
                answers.insert().values(
                    id=answer.id,
                    topic=answer.topic,
                    status=answer.status,
                    position=position,
                    data=json.dumps(answer_to_dict(answer)),
                    updated_at=_now(),
                )
            )
        conn.execute(organisations.delete())
        for position, org in enumerate(read_organisations(organisations_path)):
            conn.execute(organisations.insert().values(id=org.id, position=position, data=json.dumps(org.to_dict())))
        _first_revisions(conn)
    return len(loaded)


def _first_revisions(conn: sa.engine.Connection) -> None:
    """Give every answer without history a revision 1 holding its row (stores made before revisions)."""
    has_history = sa.select(answer_revisions.c.answer_id).where(answer_revisions.c.answer_id == answers.c.id)
    rows = conn.execute(sa.select(answers.c.id, answers.c.status, answers.c.data).where(~has_history.exists()))
    for answer_id, status, data in rows.all():
        conn.execute(
            answer_revisions.insert().values(
                answer_id=answer_id,
                revision=1,
                status=status,
                action="seed",
                data=data,
                author=SEED_AUTHOR,
                created_at=_now(),
                diff="",
            )
        )


def published_answers(engine: Engine, topic: str | None = None) -> list[AnswerFile]:
    query = sa.select(answers.c.data).where(answers.c.status == "published").order_by(answers.c.position)
    if topic is not None:
        query = query.where(answers.c.topic == topic)
    with engine.connect() as conn:
        return [answer_from_dict(json.loads(row)) for row in conn.execute(query).scalars()]


def get_answer(engine: Engine, answer_id: str) -> AnswerFile | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(answers.c.data).where(answers.c.id == answer_id)).scalar_one_or_none()
    return answer_from_dict(json.loads(row)) if row else None


def all_organisations(engine: Engine) -> list[Organisation]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(organisations.c.data).order_by(organisations.c.position)).scalars()
        return [_organisation_from_dict(json.loads(row)) for row in rows]


def _organisation_from_dict(data: dict[str, Any]) -> Organisation:
    return Organisation(
        id=data["id"],
        name=data["name"],
        about=data["about"],
        kinds=tuple(data["kinds"]),
        areas=tuple(data["areas"]),
        sources=(),
        phone=data.get("phone") or "",
        phone_hours=data.get("phone_hours") or "",
        website=data.get("website") or "",
        email=data.get("email") or "",
    )


def record_feedback(
    engine: Engine, *, conversation_hash: str, topic: str | None, answer_id: str | None, helpful: bool
) -> None:
    with engine.begin() as conn:
        conn.execute(
            feedback.insert().values(
                conversation_hash=conversation_hash,
                topic=topic,
                answer_id=answer_id,
                helpful=helpful,
                created_at=_now(),
            )
        )


def feedback_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(feedback.c.helpful, sa.func.count()).group_by(feedback.c.helpful)).all()
    return {("helpful" if helpful else "not_helpful"): count for helpful, count in rows}


def ping(engine: Engine) -> bool:
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return False
    return True
