"""Importing articles: read, detect the language, segment, store a new article or version."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from translate_flow.errors import InputError
from translate_flow.services.article_text import IngestSource, PreparedArticle, prepare
from translate_flow.services.context import Actor, Desk, audit, load_actor
from translate_flow.store import segment_rows
from translate_flow.store.db import Session, transaction
from translate_flow.store.locking import lock_counter
from translate_flow.store.lookups import (
    current_segments,
    current_text,
    current_version,
    get_article,
)
from translate_flow.store.models import Article, ArticleVersion, Segment, Translation
from translate_flow.store.revision_rows import translations_for_segments
from translate_flow.workflow.states import SOURCE_CHANGED


@dataclass
class ImportedArticle:
    """A new article: its id, display name, language, how its file was read, its segments and
    paragraphs, and, for an agency's XLIFF or PO file, the target language and how many targets
    were imported in each status (`imported` is None for an article file)."""

    article: int
    version: int
    title: str
    lang: str
    encoding: str
    format: str
    segments: int
    paragraphs: int
    file: str
    restricted: bool
    target_lang: str | None = None
    imported: dict[str, int] | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.imported is None:
            del data["target_lang"], data["imported"]
        return data


@dataclass
class SourceUpdate:
    """A new version of an article: its segments and how its sentences align with the previous
    version's (unchanged ones carried their translations over, changed ones kept them as
    drafts)."""

    article: int
    version: int
    title: str
    lang: str
    segments: int
    file: str
    unchanged: int
    changed: int
    inserted: int
    deleted: int


# The meta row article imports lock (store/locking.lock_counter).
INGEST_LOCK = "article_ingest"


def ingest(
    desk: Desk,
    sources: list[IngestSource],
    lang: str | None = None,
    title: str | None = None,
    update: int | None = None,
    restricted: bool = False,
    encoding: str | None = None,
) -> list[ImportedArticle] | list[SourceUpdate]:
    """Import every source as a new article, or (update) as the next version of one article.

    All or nothing: every file is read and segmented before anything is stored, and all of it is
    stored in one transaction.
    """
    if not sources:
        raise InputError("no article file given")
    if update is not None and len(sources) != 1:
        raise InputError("--update takes exactly one file: the new version of that article")
    from translate_flow.services.ingest_exchange import (
        is_exchange_file,
        prepare_exchange,
        store_targets,
    )

    if update is not None and is_exchange_file(sources[0].name):
        raise InputError("--update takes an article file (txt, md, html, docx), not XLIFF or PO")
    prepared, works = [], []
    for s in sources:
        if is_exchange_file(s.name):
            article, work = prepare_exchange(s.name, s.data, lang, title)
        else:
            article, work = prepare(s, lang, title, encoding), None
        prepared.append(article)
        works.append(work)
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("ingest")
        # PostgreSQL: imports take turns, so two imports of one file cannot both find it new.
        lock_counter(session, INGEST_LOCK)
        if update is not None:
            return [
                _store_update(session, actor, role, update, prepared[0], restricted, desk.config)
            ]
        results = []
        for article, work in zip(prepared, works, strict=True):
            existing = _same_text_article(session, article.hash)
            if existing is not None:
                raise InputError(
                    f"{article.name} is already imported as article {existing}; "
                    f"to import a new version use --update {existing}"
                )
            summary = _store_new(session, actor, role, article, restricted)
            if work is not None:
                # An agency's file: its targets are the first revisions, checked at once.
                summary.imported = store_targets(
                    session, actor, role, summary.article, work, article.name
                )
                summary.target_lang = work.target_lang or None
            results.append(summary)
        return results


def _same_text_article(session: Session, text_hash: str) -> int | None:
    return segment_rows.current_article_with_text(session, text_hash)


def add_version(
    session: Session, actor: Actor, article_row: Article, n: int, article: PreparedArticle
) -> tuple[ArticleVersion, list[Segment]]:
    version = ArticleVersion(
        article_id=article_row.id,
        n=n,
        title=article.title,
        text=article.text,
        hash=article.hash,
        source_name=article.name,
        encoding=article.encoding,
        format=article.format,
        imported_by=actor.name,
        original=article.original,
    )
    session.add(version)
    session.flush()
    segments = []
    for position, (paragraph, is_title, sentence, space) in enumerate(article.pieces):
        segment = Segment(
            article_id=article_row.id,
            version_id=version.id,
            position=position,
            paragraph=paragraph,
            is_title=is_title,
            source=sentence,
            space_after=space,
            block=article.blocks.get(paragraph, ""),
        )
        session.add(segment)
        segments.append(segment)
    session.flush()
    return version, segments


def _store_new(
    session: Session, actor: Actor, role: str, article: PreparedArticle, restricted: bool
) -> ImportedArticle:
    row = Article(
        title=article.title,
        source_lang=article.lang,
        restricted=restricted,
        current_version=1,
        created_by=actor.name,
    )
    session.add(row)
    session.flush()
    version, segments = add_version(session, actor, row, 1, article)
    summary = ImportedArticle(
        article=row.id,
        version=1,
        title=article.title,
        lang=article.lang,
        encoding=article.encoding,
        format=article.format,
        segments=len(segments),
        paragraphs=max(p for p, *_ in article.pieces),
        file=article.name,
        restricted=restricted,
    )
    audit(session, actor, role, "ingest", "article", row.id, row.id, after=summary.to_json())
    return summary


def _store_update(
    session: Session,
    actor: Actor,
    role: str,
    article_id: int,
    article: PreparedArticle,
    restricted: bool,
    config: dict | None = None,
) -> SourceUpdate:
    """The next version of an article; translations carried over or kept as drafts, each new
    revision checked at once against the new source (findings of a changed sentence start
    open; an unchanged sentence keeps its dismissals)."""
    from translate_flow.services.revisions import check_context_for, record_revision
    from translate_flow.text.align import align_segments, keep_segmentation

    row = get_article(session, article_id)
    if article.lang != row.source_lang:
        raise InputError(
            f"{article.name} is in {article.lang} but article {article_id} is in "
            f"{row.source_lang}; give --lang {row.source_lang} if detection was wrong"
        )
    old_segments = current_segments(session, row)
    if article.hash == current_version(session, row).hash:
        raise InputError(f"{article.name} is the same as article {article_id}'s current version")
    # Unchanged paragraphs keep their segmentation, corrections made by hand included.
    old_pieces = [(s.paragraph, s.source, s.space_after) for s in old_segments]
    article.pieces = keep_segmentation(old_pieces, article.pieces)
    if not article.named:
        article.title = row.title  # an untitled update keeps the name the article has
    version, new_segments = add_version(session, actor, row, row.current_version + 1, article)
    row.current_version = version.n
    row.title = article.title
    row.restricted = row.restricted or restricted
    session.add(row)

    old_translations: dict[int, list[Translation]] = {}
    for t in translations_for_segments(session, [s.id for s in old_segments]):
        old_translations.setdefault(t.segment_id, []).append(t)
    langs = sorted({t.target_lang for ts in old_translations.values() for t in ts})
    contexts = {lang: check_context_for(session, row, lang, config) for lang in langs}

    counts = {"unchanged": 0, "changed": 0, "inserted": 0, "deleted": 0}
    alignment = align_segments([s.source for s in old_segments], [s.source for s in new_segments])
    for old_index, new_index, kind in alignment:
        counts[kind] += 1
        if new_index is None:
            continue
        segment = new_segments[new_index]
        if old_index is not None:
            segment.previous_id = old_segments[old_index].id
            session.add(segment)
        olds = old_translations.get(old_segments[old_index].id, []) if old_index is not None else []
        by_lang = {t.target_lang: t for t in olds}
        for lang in langs:
            old_t = by_lang.get(lang)
            text = current_text(session, old_t)
            new_t = Translation(
                segment_id=segment.id, article_id=row.id, target_lang=lang, status="new"
            )
            session.add(new_t)
            session.flush()
            if kind == "inserted" or text is None:
                continue
            if kind == "unchanged":
                # The source is the same sentence: the translation and its status carry over.
                record_revision(
                    session,
                    new_t,
                    action="carry-over",
                    text=text,
                    origin="carry-over",
                    actor=actor,
                    role=role,
                    comment=f"carried over from version {version.n - 1}",
                    status=old_t.status,
                    check_context=contexts[lang],
                    source=segment.source,
                    carried_from=old_t,
                )
            else:
                record_revision(
                    session,
                    new_t,
                    action="source-change",
                    text=text,
                    origin="carry-over",
                    actor=actor,
                    role=role,
                    comment=f"source changed in version {version.n}; the old text is a draft",
                    status=SOURCE_CHANGED,
                    check_context=contexts[lang],
                    source=segment.source,
                )
    session.flush()
    summary = SourceUpdate(
        article=row.id,
        version=version.n,
        title=article.title,
        lang=article.lang,
        segments=len(new_segments),
        file=article.name,
        **counts,
    )
    audit(session, actor, role, "ingest-update", "article", row.id, row.id, after=asdict(summary))
    return summary
