"""Alembic environment for the content store. Run by `assistant.content.migrate.upgrade` in-process.

Every module that defines tables on the shared `metadata` is imported here, so autogenerate sees them.
The caller passes an open connection in `config.attributes["connection"]`; the `alembic` command
line gets one from `sqlalchemy.url` or, without it, from the settings (`SDS_DATABASE_URL`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

import assistant.content.sites  # noqa: F401  (defines the `sites` table on the shared metadata)
from assistant.content.store import metadata

config = context.config
target_metadata = metadata


def _run(connection: sa.engine.Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from assistant.settings import get_settings

        url = get_settings().content_db_url
    engine = sa.create_engine(url, future=True)
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
