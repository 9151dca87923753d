"""Organisations and glossary terms edited like answers: revisions tables, the live glossary, audit `kind`.

Revision ID: 0002_content_items
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002_content_items"
down_revision: str | None = "0001_baseline"
branch_labels: str | None = None
depends_on: str | None = None


def _revisions(name: str) -> None:
    op.create_table(
        name,
        sa.Column("item_id", sa.String(80), primary_key=True),
        sa.Column("revision", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("diff", sa.Text, nullable=False),
    )


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("kind", sa.String(20), nullable=True))
    op.execute("UPDATE audit_log SET kind = 'answers' WHERE answer_id IS NOT NULL")
    _revisions("organisation_revisions")
    _revisions("glossary_revisions")
    op.create_table(
        "glossary_terms",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("glossary_terms", "glossary_revisions", "organisation_revisions"):
        op.drop_table(table)
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("kind")
