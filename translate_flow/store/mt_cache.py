"""The mt_cache table: engine answers by cache key (mt/cache.py), looked up, stored, cleared."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from translate_flow.store.models import MTCache, Revision, Translation, utcnow


def store_outputs(
    session: Session, engine: str, source: str, target: str, outputs: dict[str, str]
) -> None:
    """Insert new cache rows. A key another run stored meanwhile (both sent the same sentence)
    is left as it is: the same key means the same request, so either answer will do, and a
    unique-key error would cost this run the whole article × language."""
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    at = utcnow()
    rows = [
        {
            "key": key,
            "engine": engine,
            "source_lang": source,
            "target_lang": target,
            "output": outputs[key],
            "at": at,
        }
        for key in sorted(outputs)  # one order in every run: concurrent inserts cannot deadlock
    ]
    if insert is None:  # a database without ON CONFLICT: plain inserts
        session.add_all(MTCache(**row) for row in rows)
        session.flush()
        return
    for start in range(0, len(rows), 100):  # within every database's parameter limit
        statement = insert(MTCache).values(rows[start : start + 100])
        session.exec(statement.on_conflict_do_nothing(index_elements=["key"]))


def cached_outputs(session: Session, keys: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):  # within every database's parameter limit
        chunk = ordered[start : start + 500]
        rows = session.exec(select(MTCache).where(MTCache.key.in_(chunk))).all()
        found.update({row.key: row.output for row in rows})
    return found


def clear_cache(
    session: Session, engines: list[str] | None = None, article_id: int | None = None
) -> int:
    """Delete cache rows: of these engine names (None: every engine), and with `article_id` only
    the answers that became a machine revision of that article (whatever the engine settings or
    glossary version they were stored under). Returns how many rows went."""
    statement = delete(MTCache)
    if engines is not None:
        statement = statement.where(MTCache.engine.in_(engines))
    if article_id is not None:
        outputs = (
            select(Revision.text)
            .join(Translation, Translation.id == Revision.translation_id)
            .where(Translation.article_id == article_id, Revision.action == "machine-translate")
        )
        statement = statement.where(MTCache.output.in_(outputs))
    return session.exec(statement).rowcount or 0
