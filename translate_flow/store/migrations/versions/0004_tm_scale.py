"""Word-token index of the translation memory (tm_posting), replacing the trigram index of 0002.

The trigram index made an import of 100,000 units take minutes (every unit's ~100 trigrams went
through a trigger) and a lookup hundreds of milliseconds. tm_posting keeps, per token of a language
pair and length band, packed lists of unit ids (store/tm_write.py); the same plain table serves
SQLite (WITHOUT ROWID: the rows live in the primary-key b-tree) and PostgreSQL. Existing units are
indexed here, so a database upgraded from 0003 answers lookups at once.

Revision ID: 0004
Revises: 0003
"""

import sqlite3

from alembic import op
from sqlalchemy import text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SQLITE_TRIGRAM = tuple(int(p) for p in sqlite3.sqlite_version.split(".")[:2]) >= (3, 34)


def upgrade() -> None:
    from translate_flow.store.tm_write import rebuild_postings

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS tm_unit_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS tm_unit_fts")
        op.execute(
            "CREATE TABLE tm_posting (token INTEGER NOT NULL, band INTEGER NOT NULL, "
            "first_id INTEGER NOT NULL, units INTEGER NOT NULL, ids BLOB NOT NULL, "
            "PRIMARY KEY (token, band, first_id)) WITHOUT ROWID"
        )
    else:
        op.execute("DROP INDEX IF EXISTS ix_tm_unit_source_trgm")
        op.execute(
            "CREATE TABLE tm_posting (token bigint NOT NULL, band smallint NOT NULL, "
            "first_id bigint NOT NULL, units integer NOT NULL, ids bytea NOT NULL, "
            "PRIMARY KEY (token, band, first_id))"
        )
        # Packed ids do not compress; storing them uncompressed saves pglz the attempt.
        op.execute("ALTER TABLE tm_posting ALTER COLUMN ids SET STORAGE EXTERNAL")
    rebuild_postings(bind)


def downgrade() -> None:
    bind = op.get_bind()
    op.execute("DROP TABLE IF EXISTS tm_posting")
    # Back to the trigram index of 0002.
    if bind.dialect.name == "sqlite":
        if not SQLITE_TRIGRAM:
            return
        op.execute(
            "CREATE VIRTUAL TABLE tm_unit_fts USING fts5(source_normal, "
            "content='tm_unit', content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER tm_unit_fts_insert AFTER INSERT ON tm_unit BEGIN "
            "INSERT INTO tm_unit_fts(rowid, source_normal) VALUES (new.id, new.source_normal); END"
        )
        op.execute(
            "CREATE TRIGGER tm_unit_fts_delete AFTER DELETE ON tm_unit BEGIN "
            "INSERT INTO tm_unit_fts(tm_unit_fts, rowid, source_normal) "
            "VALUES ('delete', old.id, old.source_normal); END"
        )
        op.execute(
            "CREATE TRIGGER tm_unit_fts_update AFTER UPDATE OF source_normal ON tm_unit BEGIN "
            "INSERT INTO tm_unit_fts(tm_unit_fts, rowid, source_normal) "
            "VALUES ('delete', old.id, old.source_normal); "
            "INSERT INTO tm_unit_fts(rowid, source_normal) VALUES (new.id, new.source_normal); END"
        )
        op.execute("INSERT INTO tm_unit_fts(tm_unit_fts) VALUES ('rebuild')")
    elif bind.dialect.name == "postgresql":
        schema = bind.execute(
            text(
                "SELECT extnamespace::regnamespace::text FROM pg_extension "
                "WHERE extname = 'pg_trgm'"
            )
        ).scalar()
        if schema is not None:
            op.execute(
                "CREATE INDEX ix_tm_unit_source_trgm ON tm_unit "
                f"USING gin (source_normal {schema}.gin_trgm_ops)"
            )
