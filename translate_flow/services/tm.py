"""The translation memory in the database: approved translations and imported TMX files."""

from __future__ import annotations

import hashlib
import unicodedata

from sqlmodel import Session, select

from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.models import TMUnit


def source_hash(text: str) -> str:
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


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
    """Store a unit unless the same source/target pair is already in the memory."""
    digest = source_hash(source)
    existing = session.exec(
        select(TMUnit).where(
            TMUnit.source_lang == source_lang,
            TMUnit.target_lang == target_lang,
            TMUnit.source_hash == digest,
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
            source_hash=digest,
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


def _base_lang(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def import_tmx(desk: Desk, path: str) -> dict:
    """Import a TMX file into the memory: all units or none."""
    from translate_flow.formats.tmx import iter_tmx

    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("tm-import")
        added = skipped = 0
        pairs: set[tuple[str, str]] = set()
        for entry in iter_tmx(path):
            src, tgt = _base_lang(entry.source_lang), _base_lang(entry.target_lang)
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


def tm_search(desk: Desk, queries: list[str], source_lang: str, target_lang: str, threshold: float,
              limit: int) -> list[dict]:
    with transaction(desk.engine) as session:
        memory = build_memory(session, source_lang, target_lang)
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
