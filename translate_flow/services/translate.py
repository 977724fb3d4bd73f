"""Machine-translating articles into target languages.

Each article × target language is committed on its own, so a run stopped halfway keeps what it
finished and the next run picks up the rest (segments already translated are not sent again).
Bad input (an unknown article, engine or language) is refused before anything is sent or stored,
and so is an engine that is not on-premises for a restricted article or an --offline run.

Each article × language goes in three steps: read what to translate and what the cache holds,
ask the engine with no transaction open (a slow engine locks nothing), then store the answers in
one short write transaction, keeping any segment a translator edited meanwhile.

Every answer of a network engine is kept in the mt_cache table (key: mt/cache.py), so a sentence
is sent once: translating an article again, or another article with the same sentence, is answered
from the cache. Two runs storing the same new answer at once both succeed: the second insert of a
key does nothing. A restricted article's answers are neither kept nor read there: every desk role
may read the table.

Glossary terms reach the engine as placeholders (mt/terms.py), or, for engines that apply them
themselves (openai in its prompt, deepl as a DeepL glossary), through Engine.use_glossary.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from translate_flow.errors import InputError, StateError
from translate_flow.langs import check_language, desk_languages
from translate_flow.services.access import hidden_articles, readable_article
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.services.revisions import check_context_for, record_revision
from translate_flow.store.db import Session, transaction
from translate_flow.store.locking import ensure_translations, lock_translation
from translate_flow.store.lookups import (
    all_article_ids,
    current_segments,
    get_article,
    translations_by_segment,
)
from translate_flow.store.models import Article, Translation
from translate_flow.store.mt_cache import cached_outputs, store_outputs
from translate_flow.workflow.states import MACHINE_TRANSLATED, NEW, SOURCE_CHANGED

if TYPE_CHECKING:
    from translate_flow.mt.base import Engine


@dataclass
class ArticleTranslation:
    """One article × target language of a run: its segments, how many got a machine
    translation, how many failed."""

    article: int
    lang: str
    segments: int
    translated: int
    failed: int


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
    articles: list[ArticleTranslation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. a DeepL glossary created or refused


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
    from translate_flow.mt.registry import build_engine, on_premises_advice

    languages = desk_languages(desk.config)
    targets = [check_language(t, languages, "--to") for t in targets]
    if not targets:
        raise InputError("give at least one target language with --to (e.g. --to de,en)")
    env = dict(os.environ)
    # A network engine is built once for the run, so its concurrency bound and circuit breaker
    # cover every article and language; a misconfigured engine fails here, before any work.
    shared_engine = None if engine_name == "tm" else build_engine(engine_name, desk.config, env)
    if offline and shared_engine is not None and not shared_engine.on_premises:
        raise StateError(
            f"--offline: {engine_name} is not on-premises, so nothing is sent to it; "
            f"{on_premises_advice(engine_name)}"
        )
    summary = TranslateSummary(engine=engine_name)
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        actor.require("translate")
        hidden = hidden_articles(session, actor)
        if article_ids:
            articles = [readable_article(session, actor, i) for i in article_ids]
        else:
            ids = [i for i in all_article_ids(session) if i not in hidden]
            if not ids:
                raise StateError(
                    "there are no articles yet; import one with 'translate-flow ingest'"
                )
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

    def engine_for(session: Session, source: str, target: str, restricted: bool = False) -> Engine:
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
        if restricted:  # restricted work may reuse the restricted part of the memory too
            from translate_flow.services.access import WithRestrictedUnits

            memory = WithRestrictedUnits(memory, session, source, target, hidden)
        return build_engine("tm", desk.config, env, memory=memory)

    for article in articles:
        for target in targets:
            # 1. Read what to translate and what the cache holds. Nothing is written, so nothing
            # is locked while the engine works (SQLite's write lock, PostgreSQL's row locks).
            with transaction(desk.engine) as session:
                actor = load_actor(session, desk.user_name)
                actor.require("translate")
                article_row = session.get(Article, article.id)
                if shared_engine is not None and (article_row.restricted or offline):
                    # Before engine_for: preparing an engine may already send the glossary.
                    _refuse_unless_on_premises(article_row, shared_engine, engine_name)
                engine = engine_for(
                    session, article_row.source_lang, target, restricted=article_row.restricted
                )
                work = _plan(session, article_row, target, retranslate)
                if work.locked:
                    from translate_flow.services.locks import locked_note

                    summary.notes.append(locked_note(article_row.id, target, work.locked))
                batch = _MTBatch.from_cache(
                    session,
                    engine,
                    work.sources,
                    article_row.source_lang,
                    target,
                    restricted=article_row.restricted,
                )
                if shared_engine is None:
                    batch.ask(engine)  # the memory reads its matches through this session
            # 2. Ask the engine, outside any transaction: it may take minutes of retries.
            if shared_engine is not None:
                batch.ask(engine)
            # 3. Store the answers in one short write transaction.
            with transaction(desk.engine) as session:
                actor = load_actor(session, desk.user_name)
                role = actor.require("translate")
                article_row = session.get(Article, article.id)
                result = _store(
                    session, actor, role, article_row, target, engine, work, batch, desk.config
                )
                _add_to_summary(summary, result, batch)
                summary.articles.append(ArticleTranslation(**result))
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
            # A derived form (российский for Россия) is not the concept's name: left to the engine.
            if terms and not hit.term.derived and (hit.term.pos or "noun") in PROTECTED_POS:
                # Республика Беларусь is Republik Belarus, Беларусь is Belarus: the same type.
                same_type = [t for t in terms if t.type == hit.term.type]
                spans.append((hit.start, hit.end, (same_type or terms)[0].text))
        return spans

    return TermProtectingEngine(engine, find_terms)


def _refuse_unless_on_premises(article: Article, engine, engine_name: str) -> None:
    from translate_flow.mt.registry import on_premises_advice

    if engine.on_premises:
        return
    raise StateError(
        f"article {article.id} is restricted: it may only go to on-premises "
        f"engines, and {engine_name} is not one ({on_premises_advice(engine_name)})"
    )


@dataclass
class _Work:
    """What one article × language has to translate, as read before the engine is asked: the
    segments, and the lock version of each one's translation (None: no translation row yet), so
    an edit made while the engine worked is kept, not overwritten."""

    segments: int
    segment_ids: list[int]
    sources: list[str]
    locks: dict[int, int | None]
    skipped: int
    locked: int = 0  # segments locked in the agency's file, among the skipped


def _plan(session: Session, article: Article, target: str, retranslate: bool) -> _Work:
    segments = current_segments(session, article)
    existing = translations_by_segment(session, [s.id for s in segments], target)
    work = _Work(len(segments), [], [], {}, 0)
    for segment in segments:
        translation = existing.get(segment.id)
        if segment.locked:  # as the agency's file has it (services/locks.py)
            work.skipped += 1
            work.locked += 1
        elif _wants_machine_translation(translation, retranslate):
            work.segment_ids.append(segment.id)
            work.sources.append(segment.source)
            work.locks[segment.id] = translation.lock_version if translation else None
        else:
            work.skipped += 1
    return work


def _wants_machine_translation(translation: Translation | None, retranslate: bool) -> bool:
    # Only empty segments by default; --retranslate also replaces machine output and the
    # drafts of source-changed segments (as new revisions: the old text stays in history).
    if translation is None or translation.status == NEW:
        return True
    return retranslate and translation.status in (MACHINE_TRANSLATED, SOURCE_CHANGED)


@dataclass
class _MTBatch:
    """The texts of one article × language, their cache keys, and the answers: from the cache
    (read first), else from the engine (asked with no transaction open)."""

    texts: list[str]
    source: str
    target: str
    keys: list[str | None]
    results: list = field(default_factory=list)
    cached: int = 0  # answered from the cache
    new_rows: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_cache(
        cls,
        session: Session,
        engine: Engine,
        texts: list[str],
        source: str,
        target: str,
        restricted: bool = False,
    ) -> _MTBatch:
        from translate_flow.mt.base import MTResult
        from translate_flow.mt.cache import cache_key, is_cached_engine
        from translate_flow.services.glossary import terminology_for

        # A restricted article's answers stay out of the cache: its rows name no article, so
        # every desk role reads them (psql included), as the shared memory would; the restricted
        # memory is kept apart for the same reason.
        if restricted or not is_cached_engine(engine.name) or not texts:
            return cls(texts, source, target, [None] * len(texts), [None] * len(texts))
        # The key holds the entries of the glossary concepts found in each text, not the whole
        # glossary's version: an unrelated glossary change re-sends nothing (mt/cache.py).
        terminology = terminology_for(session, source)
        settings = engine.output_settings()
        keys = [cache_key(engine.name, settings, source, target, terminology(t), t) for t in texts]
        stored = cached_outputs(session, set(keys))
        results = [
            MTResult(text=stored[key], origin=engine.name) if key in stored else None
            for key in keys
        ]
        return cls(texts, source, target, list(keys), results)

    def ask(self, engine: Engine) -> None:
        """Fill every result the cache did not answer from the engine; keep new answers for
        the cache. An empty answer to a non-empty text is a failure (mt/base.py), never kept."""
        from translate_flow.mt.base import blank_answers_failed

        missing = [i for i, result in enumerate(self.results) if result is None]
        self.cached = len(self.texts) - len(missing)
        if not missing:
            return
        # The layer sends identical texts of the batch once.
        sent = [self.texts[i] for i in missing]
        answers = engine.translate_batch(sent, self.source, self.target)
        answers = blank_answers_failed(sent, answers, engine.name)
        for i, answer in zip(missing, answers, strict=True):
            self.results[i] = answer
            key = self.keys[i]
            if key is not None and answer.text is not None:
                self.new_rows.setdefault(key, answer.text)


def _store(
    session: Session,
    actor,
    role: str,
    article: Article,
    target: str,
    engine,
    work: _Work,
    batch: _MTBatch,
    config: dict | None = None,
) -> dict:
    """Write the engine's answers: a revision for each segment still waiting for one. A segment
    someone edited (or a parallel run translated) while the engine worked keeps that text."""
    from translate_flow.mt.http import mask_secrets

    counts = {
        "article": article.id,
        "lang": target,
        "segments": work.segments,
        "translated": 0,
        "failed": 0,
        "unmatched": 0,
        "skipped": work.skipped,
        "reasons": [],
        "notes": [],
    }
    store_outputs(session, engine.name, batch.source, batch.target, batch.new_rows)
    if not work.segment_ids:
        return counts
    current = {s.id for s in current_segments(session, article)}
    still = [segment_id for segment_id in work.segment_ids if segment_id in current]
    # A parallel run of this article creating the same translations is no error (store/locking).
    ensure_translations(session, article.id, still, target)
    existing = translations_by_segment(session, still, target)
    context = check_context_for(session, article, target, config)
    for segment_id, source, result in zip(
        work.segment_ids, work.sources, batch.results, strict=True
    ):
        if segment_id not in current:
            counts["skipped"] += 1
            continue
        translation = existing[segment_id]
        # PostgreSQL: lock it, then compare with what the run read: a translation that did not
        # exist then has lock_version 0 now.
        lock_translation(session, translation)
        if translation.lock_version != (work.locks[segment_id] or 0):
            counts["skipped"] += 1
            counts["notes"].append(
                f"segment {segment_id} ({target}) was changed by someone else during the run "
                f"(now {translation.status}); their change is kept"
            )
            continue
        if result.text is None:
            # Network engines mask their reasons already; this covers any other (a plug-in).
            translation.mt_error = mask_secrets(result.error or "not translated")
            session.add(translation)
            if engine.name == "tm":
                counts["unmatched"] += 1
            else:
                counts["failed"] += 1
                counts["reasons"].append(translation.mt_error)
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
        counts["translated"] += 1
    return counts


def _add_to_summary(summary: TranslateSummary, counts: dict, batch: _MTBatch) -> None:
    """Add one article × language to the run's summary; `counts` keeps what the audit log and
    --json show per article."""
    summary.translated += counts["translated"]
    summary.failed += counts["failed"]
    summary.unmatched += counts.pop("unmatched")
    summary.skipped += counts.pop("skipped")
    summary.from_cache += batch.cached
    for reason in counts.pop("reasons"):
        summary.reasons[reason] = summary.reasons.get(reason, 0) + 1
    summary.notes.extend(counts.pop("notes"))


@dataclass
class Proposal:
    """One sentence translated again on request (the review screen's `r`), not yet saved."""

    segment: int
    lang: str
    engine: str
    text: str
    origin: str  # what a kept proposal records as the revision's origin
    score: float | None = None
    from_cache: bool = False


def propose_translation(desk: Desk, segment_id: int, lang: str, engine_name: str) -> Proposal:
    """Translate one segment with `engine_name` the way `translate` does: the engine's settings
    from the config and environment, the on-premises rule for restricted articles, the glossary
    (applied by the engine or protected with placeholders) and the mt_cache table.

    Nothing but the cache is written: the translator decides whether the proposal is kept. A
    network engine is asked outside any transaction, so a slow server holds no lock.
    """
    from translate_flow.mt.registry import build_engine
    from translate_flow.services.access import WithRestrictedUnits, require_read
    from translate_flow.services.locks import refuse_locked
    from translate_flow.store.lookups import get_segment

    env = dict(os.environ)
    network = None if engine_name == "tm" else build_engine(engine_name, desk.config, env)
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        actor.require("translate")
        segment = get_segment(session, segment_id)
        article = session.get(Article, segment.article_id)
        require_read(session, actor, article)
        refuse_locked(segment, "translated")
        source_lang, source = article.source_lang, segment.source
        if source_lang == lang:
            raise InputError(f"article {article.id} is already in {lang}")
        if network is None:
            # The memory reads the database through this transaction's connection.
            from translate_flow.store.tm_index import IndexedMemory

            memory = IndexedMemory(session, source_lang, lang)
            if article.restricted:
                hidden = hidden_articles(session, actor)
                memory = WithRestrictedUnits(memory, session, source_lang, lang, hidden)
            [result] = build_engine("tm", desk.config, env, memory=memory).translate_batch(
                [source], source_lang, lang
            )
            return _proposal(segment_id, lang, engine_name, result)
        if article.restricted:
            _refuse_unless_on_premises(article, network, engine_name)
        engine = _with_term_protection(session, network, source_lang, lang)
        batch = _MTBatch.from_cache(
            session, engine, [source], source_lang, lang, restricted=article.restricted
        )
    if batch.results[0] is not None:
        cached = batch.results[0]
        return Proposal(segment_id, lang, engine_name, cached.text, engine.name, from_cache=True)
    batch.ask(engine)  # no transaction open: a slow engine locks nothing
    proposal = _proposal(segment_id, lang, engine_name, batch.results[0])
    if batch.new_rows:
        with transaction(desk.engine) as session:
            store_outputs(session, engine.name, source_lang, lang, batch.new_rows)
    return proposal


def _proposal(segment_id: int, lang: str, engine_name: str, result) -> Proposal:
    if result.text is None:
        reason = result.error or "not translated"
        raise StateError(reason if reason.startswith(engine_name) else f"{engine_name}: {reason}")
    return Proposal(
        segment_id, lang, engine_name, result.text, result.origin or engine_name, result.score
    )
