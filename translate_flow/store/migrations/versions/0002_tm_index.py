"""Trigram index over the translation memory's normalised sources, for fuzzy lookup at scale.

SQLite: an FTS5 table with the trigram tokenizer (SQLite 3.34 or newer) that mirrors
tm_unit.source_normal through triggers. PostgreSQL: the pg_trgm extension and a GIN index. Where
neither is available the memory falls back to scanning, so the migration never fails for it.

Revision ID: 0002
Revises: 0001
"""

import sqlite3

from alembic import op
from sqlalchemy import text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_TRIGRAM = tuple(int(p) for p in sqlite3.sqlite_version.split(".")[:2]) >= (3, 34)


def upgrade() -> None:
    bind = op.get_bind()
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
        # A savepoint: a role that may not create extensions keeps a working (scanning) memory.
        try:
            with bind.begin_nested():
                bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except Exception:
            return
        schema = bind.execute(
            text(
                "SELECT extnamespace::regnamespace::text FROM pg_extension "
                "WHERE extname = 'pg_trgm'"
            )
        ).scalar()
        op.execute(
            "CREATE INDEX ix_tm_unit_source_trgm ON tm_unit "
            f"USING gin (source_normal {schema}.gin_trgm_ops)"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS tm_unit_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS tm_unit_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_tm_unit_source_trgm")
