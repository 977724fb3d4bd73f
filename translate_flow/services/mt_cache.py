"""Clearing the machine-translation cache (the mt_cache table), so the next translate run asks
the engine again instead of answering from the cache: after an engine gave bad answers, after
its server was upgraded, or for one article."""

from __future__ import annotations

from dataclasses import dataclass

from translate_flow.errors import InputError
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.lookups import get_article
from translate_flow.store.mt_cache import clear_cache as clear_rows


@dataclass(frozen=True)
class CacheCleared:
    removed: int  # cache rows deleted
    engine: str | None
    article: int | None


def clear_cache(
    desk: Desk, engine: str | None = None, article_id: int | None = None
) -> CacheCleared:
    """Delete the cache rows of `engine` (a name or a chain such as apertium+libre; None: all),
    and with `article_id` only the answers that became machine translations of that article."""
    if engine is not None:
        _check_engine_name(engine)
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("translate")
        if article_id is not None:
            get_article(session, article_id)
        removed = clear_rows(session, [engine] if engine else None, article_id)
        after = {"engine": engine, "article": article_id, "removed": removed}
        audit(
            session, actor, role, "cache-clear", "mt_cache", engine or "*", article_id, after=after
        )
    return CacheCleared(removed, engine, article_id)


def _check_engine_name(name: str) -> None:
    from translate_flow.mt.registry import engine_names

    known = engine_names()
    unknown = [part for part in name.split("+") if part not in known]
    if unknown or not name:
        raise InputError(
            f"unknown engine {name!r}; known engines: {', '.join(known)} "
            "(or a chain such as apertium+libre)"
        )
