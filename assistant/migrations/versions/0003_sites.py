"""Embedding organisations ("sites"): each organisation's widget settings as JSON (`assistant.content.sites`).

Revision ID: 0003_sites
Revises: 0002_content_items
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003_sites"
down_revision: str | None = "0002_content_items"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.String(60), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("etag", sa.String(40), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sites")
