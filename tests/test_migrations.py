"""Schema migrations (`assistant/migrations/`): any content store is brought to the newest schema, keeping content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from assistant.content import migrate, sites  # noqa: F401  (sites: its table is on the shared metadata)
from assistant.content.store import answer_revisions, answers, get_engine, metadata, organisations, seed_from_files
from assistant.paths import ANSWERS_DIR, CONTENT_DIR

OLD_TABLES = (answers, organisations, answer_revisions)


def _rows(engine: Engine, table: sa.Table) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()]


def _old_style_store(url: str, seeded: Engine) -> None:
    """A store as `create_all` made it before migrations: the baseline tables, content, no alembic_version."""
    old = sa.create_engine(url, future=True)
    with old.begin() as conn:
        config = migrate._config(conn)
        command.upgrade(config, migrate.BASELINE)
        conn.execute(sa.text("DROP TABLE alembic_version"))
        for table in OLD_TABLES:
            rows = [dict(zip(table.columns.keys(), row, strict=True)) for row in _rows(seeded, table)]
            conn.execute(table.insert(), rows)
        first = dict(zip(answer_revisions.columns.keys(), _rows(seeded, answer_revisions)[0], strict=True))
        conn.execute(answer_revisions.insert().values({**first, "revision": 2, "action": "save", "status": "draft"}))
    old.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_database("sds_empty")
    yield url
    get_engine(url).dispose()
    server.drop_database("sds_empty")


def test_an_empty_database_is_migrated_to_exactly_the_tables_the_code_defines(empty_database: str) -> None:
    engine = get_engine(empty_database)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head()
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def test_a_store_made_before_migrations_is_upgraded_and_keeps_every_answer_and_revision(
    store: Engine, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _old_style_store(url, store)
    before = {table.name: _rows(get_engine(url), table) for table in OLD_TABLES}
    assert len(before["answer_revisions"]) == len(before["answers"]) + 1
    engine = get_engine(url)
    assert seed_from_files(engine, ANSWERS_DIR, CONTENT_DIR / "organisations.yml") == 0  # upgrades first
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head()
        assert {"organisation_revisions", "glossary_revisions", "glossary_terms"} <= set(
            sa.inspect(conn).get_table_names()
        )
    for table in OLD_TABLES:
        assert _rows(engine, table) == before[table.name]


def test_upgrading_twice_changes_nothing(store: Engine) -> None:
    with store.connect() as conn:
        first = migrate.current_revision(conn)
    migrate._done.discard(store)
    migrate.upgrade(store)
    with store.connect() as conn:
        assert migrate.current_revision(conn) == first == migrate.head()
