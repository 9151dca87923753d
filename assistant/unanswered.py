"""Unanswered questions: messages whose reply was a fallback or out of scope, kept redacted for editors.

The chat API calls `record_if_unanswered` after each reply. Only the redacted text, its topic and
the time are stored: no conversation id, and never a message that looks like a crisis. Editors read
`unanswered_questions`: the same question asked many times is one row with a count. An editor
dismisses a group once it is dealt with. Messages older than the `unanswered_retention_days`
setting are deleted when the API starts and, at most hourly, after a new one is stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from assistant.content.store import get_engine, unanswered
from assistant.content.users import User
from assistant.content.users import record as record_audit
from assistant.crisis import detect_crisis
from assistant.redaction import redact
from assistant.settings import get_settings

UNANSWERED_TOPICS = ("fallback", "out_of_scope")
MAX_TEXT = 500  # the `unanswered.text` column's length
SWEEP_EVERY_S = 3600  # how often, at most, old messages are deleted after a write
_last_sweep: weakref.WeakKeyDictionary[Engine, float] = weakref.WeakKeyDictionary()
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
log = logging.getLogger(__name__)
_SPACES = re.compile(r"\s+")
_TRAILING_PUNCTUATION = re.compile(r"[\s.,;:!?…]+$")


@dataclass(frozen=True)
class UnansweredQuestion:
    text: str  # the redacted text of the latest message in the group
    topic: str  # the topic of that message
    count: int
    last_seen: dt.datetime  # UTC

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "topic": self.topic, "count": self.count, "last_seen": self.last_seen}


def normalise(text: str) -> str:
    """The grouping key: lower case, single spaces, no trailing punctuation."""
    return _TRAILING_PUNCTUATION.sub("", _SPACES.sub(" ", text.lower()).strip())


def unanswered_topic(messages: Sequence[Mapping[str, Any]]) -> str | None:
    """`fallback` or `out_of_scope` when the first message of the reply is one; else None."""
    if not messages or any(m.get("topic") == "crisis" for m in messages):
        return None
    topic = messages[0].get("topic")
    return topic if topic in UNANSWERED_TOPICS else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def record(engine: Engine, text: str, *, topic: str) -> None:
    """Store one unanswered message, redacted (and cut to the column's length)."""
    redacted = redact(text).replace("\x00", "")[:MAX_TEXT]
    with engine.begin() as conn:
        values = {"text": redacted, "normalised": normalise(redacted), "topic": topic, "created_at": _now()}
        conn.execute(unanswered.insert().values(**values))
    forget_old_at_most_hourly(engine)


def forget_old(engine: Engine, *, days: int | None = None) -> int:
    """Delete unanswered messages older than `days` (default: the `unanswered_retention_days` setting)."""
    days = get_settings().unanswered_retention_days if days is None else days
    cutoff = _now() - dt.timedelta(days=days)
    with engine.begin() as conn:
        deleted = conn.execute(unanswered.delete().where(unanswered.c.created_at < cutoff)).rowcount
    _last_sweep[engine] = time.monotonic()
    return int(deleted or 0)


def forget_old_at_most_hourly(engine: Engine) -> None:
    """`forget_old`, unless this process did it for this store within the last hour (a cheap check on write)."""
    last = _last_sweep.get(engine)
    if last is None or time.monotonic() - last >= SWEEP_EVERY_S:
        forget_old(engine)


def dismiss(engine: Engine, text: str, *, user: User) -> int:
    """An editor has dealt with a question: delete its whole group (same normalised text). Returns how many."""
    key = normalise(text.replace("\x00", ""))  # as `record` stores it (PostgreSQL text has no NUL)
    with engine.begin() as conn:
        deleted = int(conn.execute(unanswered.delete().where(unanswered.c.normalised == key)).rowcount or 0)
        if deleted:
            record_audit(conn, actor=user.name, action="dismiss-unanswered", detail=str(deleted))
    return deleted


def record_if_unanswered(db_url: str, text: str, messages: Sequence[Mapping[str, Any]]) -> bool:
    """Store `text` if the reply was a fallback or out of scope and it is not a crisis. Never raises.

    Returns whether it was stored. A failing store is logged: the chat carries on.
    """
    topic = unanswered_topic(messages)
    if topic is None:
        return False
    try:
        if detect_crisis(text):
            return False
        record(get_engine(db_url), text, topic=topic)
    except Exception:  # recording is a by-product: whatever goes wrong, the chat must carry on
        log.warning("Could not record an unanswered message", exc_info=True)
        return False
    return True


def unanswered_questions(
    engine: Engine, *, topic: str | None = None, limit: int = DEFAULT_LIMIT
) -> list[UnansweredQuestion]:
    """Unanswered messages grouped by their normalised text, most frequent first (then most recent)."""
    limit = max(1, min(limit, MAX_LIMIT))
    conditions = [] if topic is None else [unanswered.c.topic == topic]
    last_seen = sa.func.max(unanswered.c.created_at).label("last_seen")
    groups = (
        sa.select(sa.func.count().label("count"), last_seen, sa.func.max(unanswered.c.id).label("last_id"))
        .where(*conditions)
        .group_by(unanswered.c.normalised)
        .order_by(sa.desc("count"), sa.desc("last_seen"), sa.desc("last_id"))
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(groups).all()
        ids = [row.last_id for row in rows]
        query = sa.select(unanswered.c.id, unanswered.c.text, unanswered.c.topic).where(unanswered.c.id.in_(ids))
        latest = {row.id: (row.text, row.topic) for row in conn.execute(query).all()} if ids else {}
    # Ids grow with time, so the group's highest id is its latest message.
    return [UnansweredQuestion(*latest[row.last_id], count=row.count, last_seen=row.last_seen) for row in rows]
