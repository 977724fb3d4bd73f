"""The queries of services/tm.py that are neither the index's lookups (tm_index.py) nor its
writing (tm_write.py): the units per language pair, the units in order for an export, and the
vacuum after a big import."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from translate_flow.store.models import TMUnit


def units_per_pair(session: Session) -> list[tuple[str, str, int]]:
    """(source language, target language, units) for each pair the memory holds, in order."""
    return [
        (source_lang, target_lang, units)
        for source_lang, target_lang, units in session.exec(
            select(TMUnit.source_lang, TMUnit.target_lang, func.count(TMUnit.id))
            .group_by(TMUnit.source_lang, TMUnit.target_lang)
            .order_by(TMUnit.source_lang, TMUnit.target_lang)
        ).all()
    ]


def _units(source_lang: str | None, target_lang: str | None):
    query = select(TMUnit)
    if source_lang:
        query = query.where(TMUnit.source_lang == source_lang)
    if target_lang:
        query = query.where(TMUnit.target_lang == target_lang)
    return query


def source_languages(
    session: Session, source_lang: str | None = None, target_lang: str | None = None
) -> list[str]:
    """The distinct source languages of the units (of one direction, when given)."""
    query = _units(source_lang, target_lang)
    return list(session.exec(query.with_only_columns(TMUnit.source_lang).distinct()).all())


def units_in_order(
    session: Session, source_lang: str | None = None, target_lang: str | None = None
) -> Iterator[TMUnit]:
    """The units (of one direction, when given) by id, read from the database a thousand at a
    time, so a memory of millions streams through little memory."""
    query = _units(source_lang, target_lang).order_by(TMUnit.id)
    yield from session.exec(query.execution_options(yield_per=1000))


def vacuum_memory_tables(engine: Engine) -> None:
    """VACUUM (ANALYZE) the memory's tables on PostgreSQL, outside any transaction; nothing on
    SQLite."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("VACUUM (ANALYZE) tm_unit, tm_posting")
