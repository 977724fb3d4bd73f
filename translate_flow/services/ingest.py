"""Importing articles: read, detect the language, segment, store a new article or version."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlmodel import Session, select

from translate_flow.errors import InputError
from translate_flow.services.context import Actor, Desk, audit, load_actor
from translate_flow.store.lookups import (
    current_segments,
    current_text,
    current_version,
    get_article,
)
from translate_flow.store.db import transaction
from translate_flow.store.locking import lock_counter
from translate_flow.store.models import Article, ArticleVersion, Segment, Translation
from translate_flow.text.controls import refuse_controls
from translate_flow.text.limits import MAX_SEGMENT_CHARS, refuse_oversized
from translate_flow.workflow.states import SOURCE_CHANGED

LANGS = ("ru", "be")


@dataclass
class IngestSource:
    """A file on disk, or bytes read from standard input (name "-").

    `format` ("txt", "md", "html") overrides the file's suffix; standard input without it is
    plain text.
    """

    name: str
    data: bytes | None = None
    format: str | None = None


@dataclass
class PreparedArticle:
    name: str
    title: str  # the display name: --title, else the source's title, else derived for lists
    lang: str
    encoding: str
    format: str
    text: str  # the source's own text: its title (if it has one) and paragraphs
    # (paragraph number, is_title, source sentence, whitespace after it); paragraph 0 is the
    # source's title and is absent when the source has none
    pieces: list[tuple[int, bool, str, str]]
    # The name was given (--title) or is the source's title, not derived from the first
    # paragraph: a source update then renames the article, otherwise it keeps its name.
    named: bool = True
    original: bytes | None = None  # an agency's XLIFF or PO file, kept to be written back

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def prepare(
    source: IngestSource, lang: str | None, title: str | None, encoding: str | None = None
) -> PreparedArticle:
    """Read and segment one article without touching the database.

    Only a title the source has (a headline, a heading, an HTML title) becomes a segment; the
    display name `title` (else the source's title, else the start of the first paragraph) is
    what lists show, and is never translated or exported.
    """
    from translate_flow.text.langdetect import detect_language
    from translate_flow.text.readers import read_article, read_article_file
    from translate_flow.text.segment import segment_paragraph

    if source.data is not None:
        name = None if source.name == "-" else source.name
        article = read_article(source.data, name, source.format, encoding=encoding)
    else:
        article = read_article_file(source.name, source.format, encoding)
    if not article.paragraphs:
        raise InputError(f"{source.name}: no article text found")
    if lang in (None, "auto"):
        lang = detect_language("\n".join(article.paragraphs))
    elif lang not in LANGS:
        raise InputError(f"unsupported source language {lang!r}; use ru or be")
    if title is not None and not title.strip():
        raise InputError("--title is empty")
    display = " ".join((title or article.title or display_name(article.paragraphs[0])).split())
    blocks = [(0, article.title)] if article.title else []
    blocks += list(enumerate(article.paragraphs, start=1))
    refuse_controls(display, f"{source.name}: the title")
    for number, paragraph in blocks:
        refuse_controls(paragraph, f"{source.name}: paragraph {number}")
    pieces: list[tuple[int, bool, str, str]] = []
    for number, paragraph in blocks:
        for piece in segment_paragraph(paragraph, lang):
            sentence = piece.rstrip()
            refuse_oversized(
                sentence, f"{source.name}: a sentence of paragraph {number}", MAX_SEGMENT_CHARS
            )
            if sentence:
                pieces.append((number, number == 0, sentence, piece[len(sentence) :]))
    text = "\n\n".join(paragraph for _, paragraph in blocks)
    named = bool(title or article.title)
    return PreparedArticle(
        source.name, display, lang, article.encoding, article.format, text, pieces, named
    )


# An agency dateline opening a lead: "МОСКВА, 26 мая (БЕЛТА) – ", "МИНСК, 3 июля. ".
_DATELINE = re.compile(r"^[A-ZА-ЯЁІЎ][A-ZА-ЯЁІЎ\s-]+,[^–—.()]{0,40}(?:\([^)]{1,40}\))?\s*[–—.-]\s+")


def display_name(paragraph: str, limit: int = 80) -> str:
    """A name for lists derived from an untitled article's first paragraph: its first words,
    without an agency dateline, cut at a word with "…"."""
    text = _DATELINE.sub("", paragraph, count=1) or paragraph
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


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
) -> list[dict]:
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
                statuses = store_targets(
                    session, actor, role, summary["article"], work, article.name
                )
                summary |= {"target_lang": work.target_lang or None, "imported": statuses}
            results.append(summary)
        return results


def _same_text_article(session: Session, text_hash: str) -> int | None:
    row = session.exec(
        select(ArticleVersion.article_id, ArticleVersion.n, Article.current_version)
        .join(Article, Article.id == ArticleVersion.article_id)
        .where(ArticleVersion.hash == text_hash)
    ).first()
    if row and row[1] == row[2]:
        return row[0]
    return None


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
        )
        session.add(segment)
        segments.append(segment)
    session.flush()
    return version, segments


def _store_new(
    session: Session, actor: Actor, role: str, article: PreparedArticle, restricted: bool
) -> dict:
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
    summary = {
        "article": row.id,
        "version": 1,
        "title": article.title,
        "lang": article.lang,
        "encoding": article.encoding,
        "format": article.format,
        "segments": len(segments),
        "paragraphs": max(p for p, *_ in article.pieces),
        "file": article.name,
        "restricted": restricted,
    }
    audit(session, actor, role, "ingest", "article", row.id, row.id, after=summary)
    return summary


def _store_update(
    session: Session,
    actor: Actor,
    role: str,
    article_id: int,
    article: PreparedArticle,
    restricted: bool,
    config: dict | None = None,
) -> dict:
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
    for t in session.exec(
        select(Translation).where(Translation.segment_id.in_([s.id for s in old_segments]))
    ):
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
    summary = {
        "article": row.id,
        "version": version.n,
        "title": article.title,
        "lang": article.lang,
        "segments": len(new_segments),
        "file": article.name,
        **counts,
    }
    audit(session, actor, role, "ingest-update", "article", row.id, row.id, after=summary)
    return summary
