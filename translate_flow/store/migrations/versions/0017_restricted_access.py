"""Restricted articles: who is assigned to read them, and their approved pairs kept apart from
the shared translation memory.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_assignment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("article.id"), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("assigned_by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("article_id", "user_name"),
    )
    op.create_index("ix_article_assignment_article_id", "article_assignment", ["article_id"])
    op.create_index("ix_article_assignment_user_name", "article_assignment", ["user_name"])
    op.create_table(
        "tm_restricted_unit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_lang", sa.String(length=8), nullable=False),
        sa.Column("target_lang", sa.String(length=8), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_tm_restricted_pair", "tm_restricted_unit", ["source_lang", "target_lang"])
    op.create_index("ix_tm_restricted_unit_article_id", "tm_restricted_unit", ["article_id"])


def downgrade() -> None:
    op.drop_table("tm_restricted_unit")
    op.drop_table("article_assignment")
