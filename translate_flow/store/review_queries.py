"""Queries for the review queue, the post-edit report and exports: translations of current
versions with their segments, their current revisions and live findings, read in chunks."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from translate_flow.store.models import (
    Article,
    ArticleVersion,
    Finding,
    Revision,
    Segment,
    Translation,
)

# Ids per IN (...) list: well under SQLite's and psycopg's parameter limits.
CHUNK = 500


def queue_rows(
    session: Session,
    *,
    lang: str | None = None,
    article_id: int | None = None,
    statuses: Iterable[str] | None = None,
    hidden: Iterable[int] = (),
    glossary_affected: bool = False,
) -> list[tuple[Translation, Segment, Article]]:
    """Translations of the current versions' segments, by article, language and position.
    `statuses` None: any status; `hidden`: articles left out; `glossary_affected`: only those a
    glossary change marked."""
    query = (
        select(Translation, Segment, Article)
        .join(Segment, Segment.id == Translation.segment_id)
        .join(Article, Article.id == Translation.article_id)
        .join(ArticleVersion, ArticleVersion.id == Segment.version_id)
        .where(ArticleVersion.n == Article.current_version)
    )
    if lang:
        query = query.where(Translation.target_lang == lang)
    if article_id is not None:
        query = query.where(Translation.article_id == article_id)
    hidden = list(hidden)
    if hidden:
        query = query.where(Translation.article_id.not_in(hidden))
    if glossary_affected:
        query = query.where(Translation.glossary_affected.is_not(None))
    if statuses is not None:
        query = query.where(Translation.status.in_(list(statuses)))
    return list(
        session.exec(query.order_by(Article.id, Translation.target_lang, Segment.position)).all()
    )


def current_translations(
    session: Session,
    *,
    article_id: int | None = None,
    lang: str | None = None,
    statuses: Iterable[str],
) -> list[tuple[Translation, Segment]]:
    """Translations of the current versions' segments in these statuses, by article, language
    and position."""
    query = (
        select(Translation, Segment)
        .join(Segment, Segment.id == Translation.segment_id)
        .join(Article, Article.id == Translation.article_id)
        .join(ArticleVersion, ArticleVersion.id == Segment.version_id)
        .where(
            ArticleVersion.n == Article.current_version,
            Translation.status.in_(list(statuses)),
        )
    )
    if article_id is not None:
        query = query.where(Translation.article_id == article_id)
    if lang:
        query = query.where(Translation.target_lang == lang)
    return list(
        session.exec(
            query.order_by(Translation.article_id, Translation.target_lang, Segment.position)
        ).all()
    )


def live_findings(session: Session, translation_ids: list[int]) -> dict[int, list[Finding]]:
    """Open and dismissed (not resolved) findings per translation, oldest first."""
    result: dict[int, list[Finding]] = {}
    for start in range(0, len(translation_ids), CHUNK):
        chunk = translation_ids[start : start + CHUNK]
        query = (
            select(Finding)
            .where(Finding.translation_id.in_(chunk), Finding.resolved_at.is_(None))
            .order_by(Finding.id)
        )
        for row in session.exec(query):
            result.setdefault(row.translation_id, []).append(row)
    return result


def revisions_by_id(session: Session, revision_ids: list[int]) -> dict[int, Revision]:
    result: dict[int, Revision] = {}
    for start in range(0, len(revision_ids), CHUNK):
        chunk = revision_ids[start : start + CHUNK]
        for revision in session.exec(select(Revision).where(Revision.id.in_(chunk))):
            result[revision.id] = revision
    return result


def sources_by_segment(session: Session, segment_ids: list[int]) -> dict[int, str]:
    """Segment id -> its source text."""
    result: dict[int, str] = {}
    for start in range(0, len(segment_ids), CHUNK):
        chunk = segment_ids[start : start + CHUNK]
        for segment in session.exec(select(Segment).where(Segment.id.in_(chunk))):
            result[segment.id] = segment.source
    return result
