"""Where PostgreSQL keeps each translation-memory unit's row (tm_place), for reading candidates.

A fuzzy lookup reads the normalised sources of a few hundred candidate units. By id, each one
costs a descent of tm_unit's primary-key b-tree (three pages) and then its page of the table; by
its place (ctid) only the page: at a million units, 600 candidates took 3.7 ms by id and 1.7 ms
by place (docs/benchmarks.md). tm_place keeps the places of BLOCK_UNITS units per row
(store/tm_write.py, record_places), read once per lookup session like tm_length. A place is only
a hint: a row read by it must carry the id asked for, and the rest are read by id.

SQLite needs no such table: its tm_unit is stored in the b-tree of its integer primary key.

Dropped by migration 0022 (docs/decisions/tm-place-dropped.md): the table is still created here,
empty, so the chain of migrations stays as it was; 0022 removes it.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # 5,760 bytes a row: kept in the row (a page each) rather than moved out to TOAST, so a
    # session reads the table page after page.
    op.execute(
        "CREATE TABLE tm_place (block integer PRIMARY KEY, places bytea NOT NULL) "
        "WITH (toast_tuple_target = 8160)"
    )
    op.execute("ALTER TABLE tm_place ALTER COLUMN places SET STORAGE MAIN")


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS tm_place")
