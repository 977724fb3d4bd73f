"""Optimistic locking of translations; row locks and atomic counters for concurrent commands.

A writer names the lock_version it loaded; the update only happens while the row still has it, so
two people editing the same segment cannot overwrite each other: the second one is told instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from translate_flow.store.models import Article, Meta, Translation, utcnow


def update_translation_if_unchanged(
    session: Session, translation: Translation, expected_lock: int, **changes: Any
) -> bool:
    values = dict(changes, lock_version=expected_lock + 1, updated_at=utcnow())
    result = session.execute(
        update(Translation)
        .where(Translation.id == translation.id, Translation.lock_version == expected_lock)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    for key, value in values.items():
        setattr(translation, key, value)
    return True


# Pessimistic locks for read-modify-write commands on PostgreSQL (docs/reliability.md). SQLite
# needs none of them: a writing transaction already holds the database's write lock (store/db.py),
# and SQLAlchemy renders no FOR UPDATE there.


def lock_article(session: Session, article_id: int) -> None:
    """Hold the article's row until commit: commands that rewrite an article's translations or
    findings (check, translate's store step, approve) on one article take turns."""
    session.execute(select(Article.id).where(Article.id == article_id).with_for_update())


def lock_translation(session: Session, translation: Translation) -> Translation:
    """Lock the translation's row and read it again as the last committed writer left it."""
    session.refresh(translation, with_for_update=True)
    return translation


def ensure_translations(
    session: Session, article_id: int, segment_ids: list[int], target_lang: str
) -> None:
    """Create the missing (segment, language) translations as status new. Two runs creating the
    same one at once both succeed: the second insert of a (segment, language) does nothing,
    where a plain INSERT would fail the second run with a unique-constraint error."""
    from sqlalchemy.dialects import postgresql, sqlite

    if not segment_ids:
        return
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    now = utcnow()
    rows = [
        {
            "segment_id": segment_id,
            "article_id": article_id,
            "target_lang": target_lang,
            "status": "new",
            "lock_version": 0,
            "updated_at": now,
        }
        for segment_id in sorted(segment_ids)  # one order in every run: no deadlock
    ]
    for start in range(0, len(rows), 200):  # within every database's parameter limit
        statement = insert(Translation).values(rows[start : start + 200])
        session.execute(
            statement.on_conflict_do_nothing(index_elements=["segment_id", "target_lang"])
        )


def next_counter(session: Session, key: str) -> int:
    """Increment the integer kept in meta[key] in the database and return the new value.

    One UPDATE … RETURNING: on PostgreSQL it waits for (and then counts after) a concurrent
    increment of the same key, so n parallel increments give n different values; the row stays
    locked until commit, which also makes the callers take turns.
    """
    from sqlalchemy import Integer, String, cast
    from sqlalchemy.dialects import postgresql, sqlite

    statement = (
        update(Meta)
        .where(Meta.key == key)
        .values(value=cast(cast(Meta.value, Integer) + 1, String))
        .returning(Meta.value)
        .execution_options(synchronize_session=False)
    )
    value = session.execute(statement).scalar()
    if value is None:
        dialect = session.get_bind().dialect.name
        insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
        session.execute(
            insert(Meta).values(key=key, value="0").on_conflict_do_nothing(index_elements=["key"])
        )
        value = session.execute(statement).scalar()
    return int(value)


def lock_counter(session: Session, key: str) -> None:
    """Hold meta[key]'s row until commit (created at 0 if missing): the writers of what the counter
    counts (the glossary for glossary_version) take turns from their first read."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    if dialect != "postgresql":
        return  # SQLite: the writing transaction already holds the database's write lock
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    session.execute(
        insert(Meta).values(key=key, value="0").on_conflict_do_nothing(index_elements=["key"])
    )
    session.execute(select(Meta.key).where(Meta.key == key).with_for_update())
