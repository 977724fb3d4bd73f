"""The kind of block a segment's paragraph is in the source: a heading, an item of a bulleted or
numbered list, a block quote, or a plain paragraph (empty), so the export rebuilds the source's
structure instead of flattening every heading and list item into a paragraph.

On the segment, as `paragraph` is: every segment of a paragraph carries the same kind, and a
segment split or merge, which stays inside one paragraph, keeps it. A short string with a constant
default: SQLite and PostgreSQL add it without rewriting the table, and articles ingested before
read as plain paragraphs, which is what their export has always made of them.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "segment",
        sa.Column("block", sa.String(length=8), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("segment") as batch:
        batch.drop_column("block")
