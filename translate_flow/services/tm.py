"""The translation memory in the database: approved translations and imported TMX files."""

from __future__ import annotations

from typing import IO

from sqlmodel import Session, select

from translate_flow.langs import base_lang
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.models import TMUnit
from translate_flow.tm.memory import normalise, normalised_hash


def add_unit(
    session: Session,
    source_lang: str,
    target_lang: str,
    source: str,
    target: str,
    origin: str,
    created_by: str = "",
    article_id: int | None = None,
) -> bool:
    """Store a unit unless the memory already has this target for the same source.

    "Same source" is what the memory's exact match means (tm.memory.normalise): a unit that
    differs only in ё/е, quotes or spacing would never be found apart from the stored one.
    """
    key = normalised_hash(source)
    existing = session.exec(
        select(TMUnit).where(
            TMUnit.source_lang == source_lang,
            TMUnit.target_lang == target_lang,
            TMUnit.source_key == key,
            TMUnit.target == target,
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        TMUnit(
            source_lang=source_lang,
            target_lang=target_lang,
            source=source,
            target=target,
            source_normal=normalise(source),
            source_key=key,
            origin=origin,
            created_by=created_by,
            article_id=article_id,
        )
    )
    return True


def memory_units(session: Session, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
    """(source, target) pairs for one language pair, newest last (so the newest wins ties)."""
    rows = session.exec(
        select(TMUnit.source, TMUnit.target)
        .where(TMUnit.source_lang == source_lang, TMUnit.target_lang == target_lang)
        .order_by(TMUnit.id)
    ).all()
    return [(s, t) for s, t in rows]


def build_memory(session: Session, source_lang: str, target_lang: str):
    from translate_flow.tm.memory import TranslationMemory

    return TranslationMemory(memory_units(session, source_lang, target_lang))


def import_tmx(desk: Desk, path: str) -> dict:
    """Import a TMX file into the memory: all units or none."""
    from translate_flow.formats.tmx import iter_tmx

    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("tm-import")
        added = skipped = 0
        pairs: set[tuple[str, str]] = set()
        for entry in iter_tmx(path):
            src, tgt = base_lang(entry.source_lang), base_lang(entry.target_lang)
            pairs.add((src, tgt))
            if add_unit(session, src, tgt, entry.source, entry.target, f"tmx:{path}", actor.name):
                added += 1
            else:
                skipped += 1
            if (added + skipped) % 1000 == 0:
                session.flush()
        audit(session, actor, role, "tm-import", "tm", path, after={"added": added})
        return {
            "file": path,
            "added": added,
            "duplicates": skipped,
            "pairs": sorted(f"{s}-{t}" for s, t in pairs),
        }


def tm_stats(desk: Desk) -> list[dict]:
    from sqlalchemy import func

    with transaction(desk.engine) as session:
        rows = session.exec(
            select(TMUnit.source_lang, TMUnit.target_lang, func.count(TMUnit.id))
            .group_by(TMUnit.source_lang, TMUnit.target_lang)
            .order_by(TMUnit.source_lang, TMUnit.target_lang)
        ).all()
        return [{"source_lang": s, "target_lang": t, "units": n} for s, t, n in rows]


def tm_search(
    desk: Desk, queries: list[str], source_lang: str, target_lang: str, threshold: float, limit: int
) -> list[dict]:
    from translate_flow.store.tm_index import IndexedMemory

    # The indexed memory reads only candidates from the database, so a search over a memory of
    # millions of units does not load it first.
    with transaction(desk.engine) as session:
        memory = IndexedMemory(session, base_lang(source_lang), base_lang(target_lang))
        return [
            {
                "query": q,
                "matches": [
                    {"source": m.source, "target": m.target, "score": round(m.score, 1)}
                    for m in memory.lookup(q, threshold=threshold, limit=limit)
                ],
            }
            for q in queries
        ]


def export_tmx(
    desk: Desk,
    output: str | IO[bytes],
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> dict:
    """Write the memory (approved and imported units) as TMX 1.4, optionally one direction only.

    Units are streamed from the database to the file, so a memory of millions needs little memory.
    """
    from translate_flow.formats.tmx import TMEntry, write_tmx

    with transaction(desk.engine) as session:
        load_actor(session, desk.user_name)
        query = select(TMUnit)
        if source_lang:
            query = query.where(TMUnit.source_lang == base_lang(source_lang))
        if target_lang:
            query = query.where(TMUnit.target_lang == base_lang(target_lang))
        languages = session.exec(query.with_only_columns(TMUnit.source_lang).distinct()).all()
        # TMX's header names one source language; "*all*" says the units name their own.
        header_lang = languages[0] if len(languages) == 1 else "*all*"
        rows = session.exec(query.order_by(TMUnit.id).execution_options(yield_per=1000))
        entries = (
            TMEntry(
                source_lang=unit.source_lang,
                target_lang=unit.target_lang,
                source=unit.source,
                target=unit.target,
                created_at=unit.at,
                creator=unit.created_by or None,
            )
            for unit in rows
        )
        count = write_tmx(entries, header_lang, output)
        return {"units": count, "source_lang": source_lang, "target_lang": target_lang}
