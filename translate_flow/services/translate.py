"""Machine-translating articles into target languages.

Each article × target language is committed on its own, so a run stopped halfway keeps what it
finished and the next run picks up the rest (segments already translated are not sent again).
Bad input (an unknown article, engine or language) is refused before anything is sent or stored,
and so is an engine that is not on-premises for a restricted article or an --offline run.

Every answer of a network engine is kept in the mt_cache table (key: mt/cache.py), so a sentence
is sent once: translating an article again, or another article with the same sentence, is answered
from the cache. Two runs storing the same new answer at once both succeed: the second insert of a
key does nothing.

Glossary terms reach the engine as placeholders (mt/terms.py), or, for engines that apply them
themselves (openai in its prompt, deepl as a DeepL glossary), through Engine.use_glossary.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from translate_flow.errors import InputError, StateError
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.services.queries import (
    all_article_ids,
    current_segments,
    get_article,
    translations_by_segment,
)
from translate_flow.services.revisions import check_context_for, record_revision
from translate_flow.store.db import transaction
from translate_flow.store.locking import ensure_translations, lock_translation
from translate_flow.store.models import Article, MTCache, Translation
from translate_flow.workflow.states import MACHINE_TRANSLATED, NEW, SOURCE_CHANGED


@dataclass
class TranslateSummary:
    engine: str
    translated: int = 0
    skipped: int = 0
    failed: int = 0
    unmatched: int = 0  # tm engine: no memory match good enough (not a failure)
    from_cache: int = 0  # translated from the mt_cache table, nothing sent
    characters_sent: int = 0  # to every engine outside this process, retries included
    characters_by_engine: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    articles: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. a DeepL glossary created or refused

    def to_dict(self) -> dict:
        return {
            "engine": self.engine,
            "translated": self.translated,
            "skipped": self.skipped,
            "failed": self.failed,
            "unmatched": self.unmatched,
            "from_cache": self.from_cache,
            "characters_sent": self.characters_sent,
            "characters_by_engine": self.characters_by_engine,
            "reasons": self.reasons,
            "articles": self.articles,
            "notes": self.notes,
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
    offline: bool = False,
    on_total: Callable[[int], None] | None = None,
) -> TranslateSummary:
    """`progress` is called with the number of segments of each article × language done;
    `on_total` once, first, with the number of segments of the whole run."""
    from translate_flow.mt.layer import characters_sent
    from translate_flow.mt.registry import build_engine

    env = dict(os.environ)
    # A network engine is built once for the run, so its concurrency bound and circuit breaker
    # cover every article and language; a misconfigured engine fails here, before any work.
    shared_engine = None if engine_name == "tm" else build_engine(engine_name, desk.config, env)
    if offline and shared_engine is not None and not shared_engine.on_premises:
        raise StateError(
            f"--offline: {engine_name} is not on-premises, so nothing is sent to it; use --engine "
            f"tm, apertium, or an engine configured with "
            f"TRANSLATE_FLOW_{_setting_name(engine_name)}_ONPREM=1"
        )
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
            if article.restricted and shared_engine is not None:
                _refuse_unless_on_premises(article, shared_engine, engine_name)
        if on_total is not None:
            on_total(sum(len(current_segments(session, a)) for a in articles) * len(targets))
    protected: dict[tuple[str, str], object] = {}  # others: glossary terms of the pair protected

    def engine_for(session: Session, source: str, target: str):
        if shared_engine is not None:
            if (source, target) not in protected:
                protected[source, target] = _with_term_protection(
                    session, shared_engine, source, target, summary.notes
                )
            return protected[source, target]
        # The indexed memory reads matches from the database in this article's transaction
        # instead of loading the pair's memory (up to millions of units) into RAM; it sees units
        # approved earlier in the run, and building it costs nothing.
        from translate_flow.store.tm_index import IndexedMemory

        memory = IndexedMemory(session, source, target)
        return build_engine("tm", desk.config, env, memory=memory)

    for article in articles:
        for target in targets:
            with transaction(desk.engine) as session:
                actor = load_actor(session, desk.user_name)
                role = actor.require("translate")
                article_row = session.get(Article, article.id)
                if shared_engine is not None and (article_row.restricted or offline):
                    # Before engine_for: preparing an engine may already send the glossary.
                    _refuse_unless_on_premises(article_row, shared_engine, engine_name)
                engine = engine_for(session, article_row.source_lang, target)
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
    if shared_engine is not None:
        summary.characters_by_engine = characters_sent(shared_engine)
        summary.characters_sent = sum(summary.characters_by_engine.values())
    return summary


def _with_term_protection(
    session: Session, engine, source: str, target: str, notes: list[str] | None = None
):
    """The engine with the glossary's terms of this language pair applied by the engine itself
    where it can (Engine.use_glossary), else protected with placeholders (mt/terms.py). What the
    engine reports about it (a DeepL glossary created or refused) is added to `notes`."""
    from translate_flow.services.glossary import glossary_version, matcher_for

    matcher = matcher_for(session, langs=(source,))
    if matcher is None:
        return engine
    from translate_flow.mt.terms import (
        PROTECTED_POS,
        EngineWithGlossary,
        TermProtectingEngine,
        pair_glossary,
    )

    use = engine.use_glossary(pair_glossary(matcher, source, target, glossary_version(session)))
    if use.note and notes is not None:
        notes.append(use.note)
    if use.how is not None:
        return EngineWithGlossary(engine, use)
    accepted = {}
    for concept in matcher.termbase:
        terms = concept.accepted_terms(target)
        if terms and all((t.pos or "noun") in PROTECTED_POS for t in terms):
            accepted[concept.id] = terms
    if not accepted:
        return engine

    def find_terms(text: str) -> list[tuple[int, int, str]]:
        spans = []
        for hit in matcher.find(text, source):
            terms = accepted.get(hit.concept_id)
            if terms and (hit.term.pos or "noun") in PROTECTED_POS:
                # Республика Беларусь is Republik Belarus, Беларусь is Belarus: the same type.
                same_type = [t for t in terms if t.type == hit.term.type]
                spans.append((hit.start, hit.end, (same_type or terms)[0].text))
        return spans

    return TermProtectingEngine(engine, find_terms)


def _setting_name(engine_name: str) -> str:
    # In a chain (apertium+libre) the network engine is the last one; apertium is always local.
    return engine_name.split("+")[-1].upper()


def _refuse_unless_on_premises(article: Article, engine, engine_name: str) -> None:
    if engine.on_premises:
        return
    raise StateError(
        f"article {article.id} is restricted: it may only go to on-premises "
        f"engines, and {engine_name} is not one (use --engine tm, or an engine "
        f"configured with TRANSLATE_FLOW_{_setting_name(engine_name)}_ONPREM=1)"
    )


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
    # A parallel run of this article creating the same translations is no error (store/locking).
    ensure_translations(session, article.id, [s.id for s in segments], target)
    existing = translations_by_segment(session, [s.id for s in segments], target)
    todo: list[tuple[Translation, str]] = []
    # The lock_version each translation had when this run chose it (see _changed_meanwhile).
    seen: dict[int, int] = {}
    for segment in segments:
        translation = existing[segment.id]
        seen[translation.id] = translation.lock_version
        # Only empty segments by default; --retranslate also replaces machine output and the
        # drafts of source-changed segments (as new revisions: the old text stays in history).
        if translation.status == NEW or (
            retranslate and translation.status in (MACHINE_TRANSLATED, SOURCE_CHANGED)
        ):
            todo.append((translation, segment.source))
        else:
            summary.skipped += 1
    counts = {
        "article": article.id,
        "lang": target,
        "segments": len(segments),
        "translated": 0,
        "failed": 0,
    }
    if not todo:
        return counts
    context = check_context_for(session, article, target)
    results, cached = _translate_cached(
        session, engine, [src for _, src in todo], article.source_lang, target
    )
    summary.from_cache += cached
    for (translation, source), result in zip(todo, results, strict=True):
        if _changed_meanwhile(session, translation, seen[translation.id], summary):
            continue
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


def _changed_meanwhile(
    session: Session, translation: Translation, seen_lock: int, summary: TranslateSummary
) -> bool:
    """Lock the translation and tell whether someone changed it since this run read it (a
    translator's edit, another run): then that change is kept, this segment is skipped with a
    note, and the run stores every other result."""
    lock_translation(session, translation)
    if translation.lock_version == seen_lock:
        return False
    summary.skipped += 1
    summary.notes.append(
        f"segment {translation.segment_id} ({translation.target_lang}) was changed by someone "
        f"else during the run (now {translation.status}); their change is kept"
    )
    return True


def _translate_cached(
    session: Session, engine, texts: list[str], source: str, target: str
) -> tuple[list, int]:
    """The engine's results for `texts`, from the mt_cache table where it has them; new answers
    are stored. Returns the results and how many came from the cache."""
    from translate_flow.mt.base import MTResult
    from translate_flow.mt.cache import cache_key, is_cached_engine
    from translate_flow.services.glossary import glossary_version

    if not is_cached_engine(engine.name):
        return engine.translate_batch(texts, source, target), 0
    version = glossary_version(session)
    settings = engine.output_settings()
    keys = [cache_key(engine.name, settings, source, target, version, t) for t in texts]
    stored = _cached_outputs(session, set(keys))
    missing = [i for i, key in enumerate(keys) if key not in stored]
    # The layer sends identical texts of the batch once.
    answers = engine.translate_batch([texts[i] for i in missing], source, target) if missing else []
    results: list = [None] * len(texts)
    for i, key in enumerate(keys):
        if key in stored:
            results[i] = MTResult(text=stored[key], origin=engine.name)
    new_rows: dict[str, str] = {}
    for i, answer in zip(missing, answers, strict=True):
        results[i] = answer
        if answer.text is not None and keys[i] not in stored:
            new_rows.setdefault(keys[i], answer.text)
    _store_in_cache(session, engine.name, source, target, new_rows)
    return results, len(texts) - len(missing)


def _store_in_cache(
    session: Session, engine: str, source: str, target: str, outputs: dict[str, str]
) -> None:
    """Insert new cache rows. A key another run stored meanwhile (both sent the same sentence)
    is left as it is: the same key means the same request, so either answer will do, and a
    unique-key error would cost this run the whole article × language."""
    from sqlalchemy.dialects import postgresql, sqlite

    from translate_flow.store.models import utcnow

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


def _cached_outputs(session: Session, keys: set[str]) -> dict[str, str]:
    from sqlmodel import select

    found: dict[str, str] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):  # within every database's parameter limit
        chunk = ordered[start : start + 500]
        rows = session.exec(select(MTCache).where(MTCache.key.in_(chunk))).all()
        found.update({row.key: row.output for row in rows})
    return found
