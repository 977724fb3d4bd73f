"""Mark a glossary term as a derived form of its concept (term.derived).

A derived form (the German adjective of a country: russisch for Russland) satisfies the concept
in a translation without being its name; terms/model.py explains the rule. Existing terms are
names, so the column starts false.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("term") as batch_op:
        batch_op.add_column(
            sa.Column("derived", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("term") as batch_op:
        batch_op.drop_column("derived")
