"""How long we keep what people said, and deleting it: the retention job and "forget this conversation".

- `purge(settings)` deletes conversations whose last message is older than `retention_days` from
  Rasa's tracker store (table `events`) and feedback older than that from the content store, and
  unanswered questions older than `unanswered_retention_days` (`assistant.unanswered.forget_old`).
  The API runs it when it starts and then every hour; `python -m assistant purge` runs it now.
- `forget(settings, conversation_id)` deletes one conversation everywhere it is kept: its tracker
  events and its feedback (found by the conversation's hash). `python -m assistant forget ID`.

Unanswered questions hold no conversation id (only redacted text), so they cannot be found by one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.content.store import feedback, get_engine, unanswered
from assistant.settings import Settings
from assistant.unanswered import forget_old

# Rasa's SQLTrackerStore table (rasa/core/tracker_store.py): one row per event, `timestamp` in Unix seconds.
events = sa.table("events", sa.column("sender_id", sa.String), sa.column("timestamp", sa.Float))


@dataclass(frozen=True)
class Removed:
    conversations: int = 0
    events: int = 0
    feedback: int = 0
    unanswered: int = 0

    def describe(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in asdict(self).items())


def conversation_hash(conversation_id: str, key: str) -> str:
    """What feedback stores instead of the conversation id: HMAC-SHA256 with the secret key (if set)."""
    if not key:
        return hashlib.sha256(conversation_id.encode()).hexdigest()
    return hmac.new(key.encode(), conversation_id.encode(), hashlib.sha256).hexdigest()


def tracker_url(settings: Settings) -> str:
    """Rasa's tracker store: PostgreSQL when scaled out (`SDS_TRACKER_URL`), else the SQLite file."""
    return settings.tracker_url or f"sqlite:///{settings.tracker_db_path}"


def _has_table(conn: sa.engine.Connection, name: str) -> bool:
    """Asked on the transaction's own connection: a second one would wait for the SQLite write lock."""
    return bool(sa.inspect(conn).has_table(name))


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def purge_tracker(engine: Engine, *, before: dt.datetime) -> tuple[int, int]:
    """Delete every conversation whose last event is before `before`: (conversations, events)."""
    stale = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < before.timestamp())
    )
    with engine.begin() as conn:
        if not _has_table(conn, "events"):
            return 0, 0
        ids = list(conn.execute(stale).scalars())
        removed = 0
        for start in range(0, len(ids), 500):  # SQLite limits the number of bound values
            result = conn.execute(sa.delete(events).where(events.c.sender_id.in_(ids[start : start + 500])))
            removed += result.rowcount
    return len(ids), removed


def purge_feedback(engine: Engine, *, before: dt.datetime) -> int:
    """Delete feedback from before `before`."""
    naive = before.astimezone(dt.timezone.utc).replace(tzinfo=None)  # the store keeps naive UTC times
    with engine.begin() as conn:
        if not _has_table(conn, feedback.name):
            return 0
        return int(conn.execute(sa.delete(feedback).where(feedback.c.created_at < naive)).rowcount or 0)


def purge_unanswered(engine: Engine, *, days: int) -> int:
    with engine.connect() as conn:
        if not _has_table(conn, unanswered.name):
            return 0
    return forget_old(engine, days=days)


def purge(settings: Settings, *, now: dt.datetime | None = None) -> Removed:
    """Delete everything older than `settings.retention_days`."""
    before = (now or _utc_now()) - dt.timedelta(days=settings.retention_days)
    conversations, removed_events = purge_tracker(get_engine(tracker_url(settings)), before=before)
    content = get_engine(settings.content_db_url)
    return Removed(
        conversations,
        removed_events,
        purge_feedback(content, before=before),
        purge_unanswered(content, days=settings.unanswered_retention_days),
    )


def forget(settings: Settings, conversation_id: str) -> Removed:
    """Delete one conversation: its tracker events and its feedback."""
    tracker = get_engine(tracker_url(settings))
    removed_events = 0
    with tracker.begin() as conn:
        if _has_table(conn, "events"):
            removed_events = conn.execute(sa.delete(events).where(events.c.sender_id == conversation_id)).rowcount
    content = get_engine(settings.content_db_url)
    removed_feedback = 0
    # Both forms: feedback given before a key was set is hashed without one.
    hashes = {
        conversation_hash(conversation_id, settings.conversation_hash_key),
        conversation_hash(conversation_id, ""),
    }
    with content.begin() as conn:
        if _has_table(conn, feedback.name):
            removed_feedback = conn.execute(
                sa.delete(feedback).where(feedback.c.conversation_hash.in_(hashes))
            ).rowcount
    return Removed(conversations=1 if removed_events else 0, events=removed_events, feedback=removed_feedback)
