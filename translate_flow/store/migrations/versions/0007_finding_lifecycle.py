"""Findings live across revisions and can be dismissed (issue 14).

A finding keeps its id while the problem it names is still there: `revision_id` is the latest
revision it was found on, `raised_revision_id` the one it was first found on. A person may
dismiss it (who, in which role, when, why); a dismissed finding about the source may rest on
the words of the translation that render it (`anchor_start`, `anchor_end`, in the text of
`revision_id`). `resolved_at` marks a finding no check raises any more.

Revision ID: 0007
Revises: 0006
"""

from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("finding") as batch_op:
        batch_op.add_column(sa.Column("raised_revision_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("dismissed_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("dismissed_role", sa.String(length=30), nullable=True))
        batch_op.add_column(
            sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("dismissed_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("anchor_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("anchor_end", sa.Integer(), nullable=True))
    op.execute("UPDATE finding SET raised_revision_id = revision_id")


def downgrade() -> None:
    with op.batch_alter_table("finding") as batch_op:
        batch_op.drop_column("anchor_end")
        batch_op.drop_column("anchor_start")
        batch_op.drop_column("dismissed_reason")
        batch_op.drop_column("dismissed_at")
        batch_op.drop_column("dismissed_role")
        batch_op.drop_column("dismissed_by")
        batch_op.drop_column("raised_revision_id")
