"""Machine-translating articles into target languages.

Each article × target language is committed on its own, so a run stopped halfway keeps what it
finished and the next run picks up the rest (segments already translated are not sent again).
Bad input (an unknown article, engine or language) is refused before anything is sent or stored.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from translate_flow.errors import InputError, StateError
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.services.queries import all_article_ids, current_segments, get_article
from translate_flow.services.revisions import check_context_for, record_revision
from translate_flow.store.db import transaction
from translate_flow.store.models import Article, Translation
from translate_flow.workflow.states import MACHINE_TRANSLATED, NEW, SOURCE_CHANGED

TARGET_LANG_CODES = ("de", "en", "fr", "es", "it", "pl", "uk", "ru", "be", "zh", "ar", "tr")


@dataclass
class TranslateSummary:
    engine: str
    translated: int = 0
    skipped: int = 0
    failed: int = 0
    unmatched: int = 0  # tm engine: no memory match good enough (not a failure)
    characters_sent: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    articles: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "engine": self.engine,
            "translated": self.translated,
            "skipped": self.skipped,
            "failed": self.failed,
            "unmatched": self.unmatched,
            "characters_sent": self.characters_sent,
            "reasons": self.reasons,
            "articles": self.articles,
        }


def parse_targets(value: str) -> list[str]:
    targets = [t.strip().lower() for t in value.split(",") if t.strip()]
    if not targets:
        raise InputError("give at least one target language with --to (e.g. --to de,en)")
    for t in targets:
        if len(t) != 2 or not t.isalpha():
            raise InputError(f"{t!r} is not a language code; use two letters such as de or en")
    return targets


def translate_articles(
    desk: Desk,
    article_ids: list[int] | None,
    targets: list[str],
    engine_name: str = "tm",
    retranslate: bool = False,
    progress: Callable[[int], None] | None = None,
) -> TranslateSummary:
    from translate_flow.mt.registry import create_engine, engine_settings

    settings = engine_settings(engine_name, desk.config, dict(os.environ))
    summary = TranslateSummary(engine=engine_name)
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        actor.require("translate")
        ids = article_ids or all_article_ids(session)
        if not ids:
            raise StateError("there are no articles yet; import one with 'translate-flow ingest'")
        articles = [get_article(session, i) for i in ids]
        for article in articles:
            if article.source_lang in targets:
                raise InputError(
                    f"article {article.id} is already in {article.source_lang}; "
                    "choose other target languages"
                )
    # The engine is created once (a misconfigured engine fails here, before any work).
    engine_cache: dict[tuple[str, str], object] = {}

    def engine_for(session: Session, source: str, target: str):
        key = (source, target)
        if key not in engine_cache:
            memory = None
            if engine_name == "tm":
                from translate_flow.services.tm import build_memory

                memory = build_memory(session, source, target)
            engine_cache[key] = create_engine(engine_name, settings, memory=memory)
        return engine_cache[key]

    for article in articles:
        for target in targets:
            with transaction(desk.engine) as session:
                actor = load_actor(session, desk.user_name)
                role = actor.require("translate")
                article_row = session.get(Article, article.id)
                engine = engine_for(session, article_row.source_lang, target)
                if article_row.restricted and not getattr(engine, "on_premises", False):
                    raise StateError(
                        f"article {article_row.id} is restricted: it may only go to on-premises "
                        f"engines, and {engine_name} is not one (use --engine tm, or an engine "
                        f"configured with TRANSLATE_FLOW_{engine_name.upper()}_ONPREM=1)"
                    )
                result = _translate_one(
                    session, actor, role, article_row, target, engine, retranslate, summary
                )
                summary.articles.append(result)
                audit(
                    session,
                    actor,
                    role,
                    "translate",
                    "article",
                    article_row.id,
                    article_row.id,
                    after=result,
                )
            if progress:
                progress(result["segments"])
    return summary


def _translate_one(
    session: Session,
    actor,
    role: str,
    article: Article,
    target: str,
    engine,
    retranslate: bool,
    summary: TranslateSummary,
) -> dict:
    segments = current_segments(session, article)
    existing = _existing_translations(session, article.id, target)
    todo: list[tuple[Translation, str]] = []
    for segment in segments:
        translation = existing.get(segment.id)
        if translation is None:
            translation = Translation(
                segment_id=segment.id, article_id=article.id, target_lang=target, status=NEW
            )
            session.add(translation)
            session.flush()
        # Only empty segments by default; --retranslate also replaces machine output and the
        # drafts of source-changed segments (as new revisions: the old text stays in history).
        if translation.status == NEW or (
            retranslate and translation.status in (MACHINE_TRANSLATED, SOURCE_CHANGED)
        ):
            todo.append((translation, segment.source))
        else:
            summary.skipped += 1
    counts = {"article": article.id, "lang": target, "segments": len(segments), "translated": 0,
              "failed": 0}
    if not todo:
        return counts
    context = check_context_for(session, article, target)
    results = engine.translate_batch([src for _, src in todo], article.source_lang, target)
    for (translation, source), result in zip(todo, results, strict=True):
        if result.text is None:
            translation.mt_error = result.error or "not translated"
            session.add(translation)
            if engine.name == "tm":
                summary.unmatched += 1
                continue
            summary.failed += 1
            counts["failed"] += 1
            reason = result.error or "not translated"
            summary.reasons[reason] = summary.reasons.get(reason, 0) + 1
            continue
        summary.characters_sent += len(source)
        record_revision(
            session,
            translation,
            action="machine-translate",
            text=result.text,
            origin=result.origin or engine.name,
            actor=actor,
            role=role,
            score=result.score,
            check_context=context,
            source=source,
        )
        summary.translated += 1
        counts["translated"] += 1
    return counts


def _existing_translations(session: Session, article_id: int, target: str) -> dict[int, Translation]:
    from sqlmodel import select

    rows = session.exec(
        select(Translation).where(
            Translation.article_id == article_id, Translation.target_lang == target
        )
    ).all()
    return {t.segment_id: t for t in rows}
