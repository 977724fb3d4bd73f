"""Mark translations a glossary change gave new findings (translation.glossary_affected).

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("translation") as batch_op:
        batch_op.add_column(sa.Column("glossary_affected", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("translation") as batch_op:
        batch_op.drop_column("glossary_affected")
