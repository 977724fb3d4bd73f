"""A unit locked in an agency's file (memoQ mq:locked, Trados sdl:seg locked) is a locked
segment: nobody edits, translates or imports over it, and `export --format original` writes it
back as it came.

The lock sits on the segment, not on a translation: it belongs to the unit as the agency's tool
cut it, whatever the target language; a locked unit without a target has no translation row to
carry it; and an ingested file is one version of one article that is never re-segmented by an
update, so the segment lives as long as the lock means something. A boolean with a constant
default: SQLite and PostgreSQL add it without rewriting the table.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "segment",
        sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("segment") as batch:
        batch.drop_column("locked")
