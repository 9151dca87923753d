"""Bring a content store to the newest schema with Alembic, in-process (`assistant/migrations/`).

An empty database is upgraded from scratch. A database made before migrations (it has the
tables but no `alembic_version`) is adopted by `0001_baseline`, which creates only the tables it
lacks, and is then upgraded, so every answer and revision it holds is kept.
Each engine is brought to head once per process.
"""

from __future__ import annotations

import threading
import weakref
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
BASELINE = "0001_baseline"
_LOCK_KEY = 7_101_931  # a PostgreSQL advisory lock: one process migrates at a time
_done: weakref.WeakSet[Engine] = weakref.WeakSet()
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS_DIR))


def head() -> str:
    """The newest revision id."""
    found = _script().get_current_head()
    assert found is not None, "assistant/migrations/versions has no migration"
    return found


def _config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


def current_revision(conn: Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
    return None if found is None else str(found)


def upgrade(engine: Engine) -> None:
    """Upgrade the database to head (once per engine and process), in one transaction.

    A store made before migrations (tables, no `alembic_version`) goes through `0001_baseline` too:
    it creates only the baseline tables that are missing, so the store's rows are kept as they are.
    """
    if engine in _done:
        return
    with _lock:
        if engine in _done:
            return
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            if current_revision(conn) != head():
                command.upgrade(_config(conn), "head")
        _done.add(engine)
