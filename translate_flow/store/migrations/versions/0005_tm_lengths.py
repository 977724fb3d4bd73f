"""Each translation-memory unit's length in blocks (tm_length), for ranking lookup candidates.

The lookup ranks units by the weight of the tokens they share with the query over the sum of
both lengths; until now a unit's length was only known as its length band (25 % wide), and
members of a family of formulaic sentences could not be told apart before rescoring. tm_length
keeps the lengths of BLOCK_UNITS units per row (store/tm_write.py), read once per lookup session.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from translate_flow.store.tm_write import rebuild_lengths

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE TABLE tm_length (block INTEGER NOT NULL PRIMARY KEY, lengths BLOB NOT NULL)"
        )
    else:
        op.execute("CREATE TABLE tm_length (block integer PRIMARY KEY, lengths bytea NOT NULL)")
    rebuild_lengths(bind)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS tm_length")
