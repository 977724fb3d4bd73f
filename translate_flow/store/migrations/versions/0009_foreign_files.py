"""Files from other tools: memory units keep their language variants; an article ingested from
an agency's XLIFF or PO file keeps that file, to be written back with our targets.

A memory pair is by base language (en→de), so a TMX unit in en-US→de-AT still serves every
en→de lookup; the full tags go in source_variant and target_variant ("" when the tag is the base
itself), and a lookup prefers, among units with the same source, one of the variant asked for
(store/tm_index.py). Two
columns with a constant default: PostgreSQL 11+ and SQLite add them without rewriting the table,
so a memory of a million units upgrades at once.

article_version.original holds the bytes of the XLIFF or PO file an article version was ingested
from (NULL for every other article), which `export --format original` fills with the targets.

Revision ID: 0009
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("source_variant", "target_variant"):
        op.add_column(
            "tm_unit",
            sa.Column(column, sa.String(35), nullable=False, server_default=""),
        )
    op.add_column("article_version", sa.Column("original", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("article_version") as batch:
        batch.drop_column("original")
    with op.batch_alter_table("tm_unit") as batch:
        batch.drop_column("target_variant")
        batch.drop_column("source_variant")
