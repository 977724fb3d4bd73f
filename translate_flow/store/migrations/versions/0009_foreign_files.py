"""Translation-memory units keep the language variants of the file they came from.

A memory pair is by base language (en→de), so a TMX unit in en-US→de-AT still serves every
en→de lookup; the full tags go in source_variant and target_variant ("" when the tag is the base
itself), and an exact lookup prefers a unit of the variant asked for (store/tm_index.py). Two
columns with a constant default: PostgreSQL 11+ and SQLite add them without rewriting the table,
so a memory of a million units upgrades at once.

Revision ID: 0009
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("source_variant", "target_variant"):
        op.add_column(
            "tm_unit",
            sa.Column(column, sa.String(35), nullable=False, server_default=""),
        )


def downgrade() -> None:
    with op.batch_alter_table("tm_unit") as batch:
        batch.drop_column("target_variant")
        batch.drop_column("source_variant")
