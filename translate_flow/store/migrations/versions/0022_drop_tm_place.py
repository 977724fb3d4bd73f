"""The translation memory without tm_place: candidates are read by id on PostgreSQL too.

tm_place (migration 0006) kept each unit's row place (ctid) so that a lookup could read its
candidates by place rather than through the primary key. At a million units that saved about as
much as noise (docs/decisions/tm-place-dropped.md), cost every lookup session a read of the whole
table, every import a query and a write per batch, and left the administrator a duty: after VACUUM
FULL, CLUSTER or a restore the places were stale until `tm reindex`. Nothing reads it any more.

Revision ID: 0022
Revises: 0017
"""

from alembic import op

revision = "0022"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP TABLE IF EXISTS tm_place")


def downgrade() -> None:
    # Empty, as 0006 made it: a lookup of that code reads every unit without a place by id.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE tm_place (block integer PRIMARY KEY, places bytea NOT NULL) "
        "WITH (toast_tuple_target = 8160)"
    )
    op.execute("ALTER TABLE tm_place ALTER COLUMN places SET STORAGE MAIN")
