"""The content store: answers, organisations, feedback and unanswered questions in SQL (SQLite by default).

Seeded from `content/` on first start. The action server reads published answers from here at
run time, so a text change needs no retraining.

The `answers` table holds what the assistant says: the live (published) version of each answer.
The editor API (`assistant.content.editing`) keeps every version, drafts included, in
`answer_revisions`, its users in `users` and every change in `audit_log`. Organisations and glossary
terms are edited the same way (`organisation_revisions`, `glossary_revisions`; live in `organisations`
and `glossary_terms`). The schema is kept by Alembic migrations (`create_schema`), and
`seed_from_files` gives every item without history a first revision, so old stores keep working.
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
from assistant.content.glossary import GlossaryTerm, read_glossary
from assistant.content.organisations import Organisation, read_organisations
from assistant.paths import CONTENT_DIR

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


def _live_list_table(name: str) -> sa.Table:
    """The live (published) items of a single-list file, in the file's order, as the assistant reads them."""
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False, default=0),
        sa.Column("data", sa.Text, nullable=False),
    )


organisations = _live_list_table("organisations")

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


def _revision_table(name: str, id_column: str) -> sa.Table:
    """Every version of one kind of content item (see `assistant.content.revisions`)."""
    return sa.Table(
        name,
        metadata,
        sa.Column(id_column, sa.String(80), primary_key=True),
        sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("status", sa.String(20), nullable=False),  # draft, published or deleted
        sa.Column("action", sa.String(20), nullable=False),  # seed, create, save, publish, unpublish, delete, ...
        sa.Column("data", sa.Text, nullable=False),  # the item as JSON (`answer_to_dict`, `Organisation.to_data`)
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("diff", sa.Text, nullable=False, default=""),  # unified diff of the file text vs the revision before
    )


answer_revisions = _revision_table("answer_revisions", "answer_id")
organisation_revisions = _revision_table("organisation_revisions", "item_id")  # migration 0002_content_items
glossary_revisions = _revision_table("glossary_revisions", "item_id")  # migration 0002_content_items

glossary_terms = _live_list_table("glossary_terms")  # migration 0002_content_items

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
    sa.Column("answer_id", sa.String(80), nullable=True, index=True),  # the id of the item changed
    sa.Column("revision", sa.Integer, nullable=True),
    sa.Column("detail", sa.Text, nullable=False, default=""),
    sa.Column("kind", sa.String(20), nullable=True),  # answers, organisations or glossary (0002_content_items)
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
        timeout = _store_timeout_s()  # how long to wait for another writer's lock
        engine = sa.create_engine(url, future=True, connect_args={"check_same_thread": False, "timeout": timeout})

        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    if url.startswith("postgresql"):  # bounded waits: to connect, and for any one statement
        timeout = _store_timeout_s()
        connect_args = {
            "connect_timeout": max(1, round(timeout)),
            "options": f"-c statement_timeout={timeout * 1000:.0f}",
        }
        return sa.create_engine(url, future=True, pool_pre_ping=True, pool_timeout=timeout, connect_args=connect_args)
    return sa.create_engine(url, future=True, pool_pre_ping=True)


def _store_timeout_s() -> float:
    from assistant.settings import get_settings

    return get_settings().store_timeout_s


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
    """Bring the store to the newest schema with the migrations in `assistant/migrations/` (once per engine)."""
    from assistant.content.migrate import upgrade

    upgrade(engine)


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


def seed_from_files(
    engine: Engine, answers_dir: Path, organisations_path: Path, glossary_path: Path | None = None
) -> int:
    """Load the curated files into an empty store. Returns how many answers were added (0 if not empty).

    Organisations and glossary terms are loaded while they have no history: until someone edits
    them, the files are the truth. `glossary_path` defaults to `glossary.yml` beside the organisations.
    """
    create_schema(engine)
    glossary_path = glossary_path or organisations_path.with_name("glossary.yml")
    added = 0
    with engine.begin() as conn:
        if not _has_rows(conn, answers):
            loaded = sorted((read_answer_file(path) for path in answer_paths(answers_dir)), key=overview_first)
            for position, answer in enumerate(loaded):
                values = {"topic": answer.topic, "status": answer.status, "data": json.dumps(answer_to_dict(answer))}
                conn.execute(answers.insert().values(id=answer.id, position=position, updated_at=_now(), **values))
            added = len(loaded)
        if not _has_rows(conn, organisation_revisions):
            _replace(conn, organisations, [(org.id, org.to_data()) for org in read_organisations(organisations_path)])
        if not _has_rows(conn, glossary_revisions) and glossary_path.exists():
            _replace(conn, glossary_terms, [(term.id, glossary_data(term)) for term in read_glossary(glossary_path)])
        _first_revisions(conn, answers, answer_revisions, answers.c.status)
        _first_revisions(conn, organisations, organisation_revisions, sa.literal("published"))
        _first_revisions(conn, glossary_terms, glossary_revisions, sa.literal("published"))
    return added


def _has_rows(conn: sa.engine.Connection, table: sa.Table) -> bool:
    return conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None


def _replace(conn: sa.engine.Connection, live: sa.Table, items: list[tuple[str, dict[str, Any]]]) -> None:
    conn.execute(live.delete())
    for position, (item_id, data) in enumerate(items):
        conn.execute(live.insert().values(id=item_id, position=position, data=json.dumps(data)))


def _first_revisions(conn: sa.engine.Connection, live: sa.Table, history: sa.Table, status: Any) -> None:
    """Give every live item without history a revision 1 holding its row (stores made before revisions)."""
    item_id = next(iter(history.primary_key.columns))
    has_history = sa.select(item_id).where(item_id == live.c.id)
    rows = conn.execute(sa.select(live.c.id, status, live.c.data).where(~has_history.exists())).all()
    for row_id, row_status, data in rows:
        values = {"revision": 1, "status": row_status, "action": "seed", "author": SEED_AUTHOR, "diff": ""}
        conn.execute(history.insert().values({item_id.name: row_id, "data": data, "created_at": _now(), **values}))


def glossary_data(term: GlossaryTerm) -> dict[str, Any]:
    """A glossary term as the store keeps it: its id (for the content API), then the file's keys."""
    return {"id": term.id, **term.to_data()}


def published_glossary(engine: Engine) -> list[GlossaryTerm]:
    """The live glossary, in file order. Empty when the store has none (or no glossary table yet)."""
    query = sa.select(glossary_terms.c.data).order_by(glossary_terms.c.position)
    try:
        with engine.connect() as conn:
            rows = [json.loads(row) for row in conn.execute(query).scalars()]
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        return []
    return [GlossaryTerm(r["term"], r["meaning"], r["topic"], tuple(r.get("aliases", ()))) for r in rows]


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
    """The published organisations, in directory order. A store that never had any reads the file instead."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(organisations.c.data).order_by(organisations.c.position)).scalars().all()
        if not rows and not _has_rows(conn, organisation_revisions):
            return read_organisations(CONTENT_DIR / "organisations.yml")
    return [_organisation_from_dict(json.loads(row)) for row in rows]


def _organisation_from_dict(data: dict[str, Any]) -> Organisation:
    return Organisation(
        id=data["id"],
        name=data["name"],
        about=data["about"],
        kinds=tuple(data["kinds"]),
        areas=tuple(data["areas"]),
        sources=tuple(data.get("sources") or ()),
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
