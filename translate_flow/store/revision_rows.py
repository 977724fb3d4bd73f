"""The queries of translations and their revisions that the checks, comments and lineage read."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import or_
from sqlmodel import Session, select

from translate_flow.store.models import Article, ArticleVersion, Revision, Segment, Translation

# How many ids one IN (...) list carries.
CHUNK = 500


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def checkable_translations(
    session: Session, article_id: int, statuses: Iterable[str], lang: str | None
) -> list[Translation]:
    """The translations of the article's current version in one of `statuses` that have a
    revision (of one target language when `lang`), in id order. Earlier versions' segments
    are history: checking them again would count findings no current segment has."""
    query = (
        select(Translation)
        .join(Segment, Segment.id == Translation.segment_id)
        .join(Article, Article.id == Translation.article_id)
        .join(ArticleVersion, ArticleVersion.id == Segment.version_id)
        .where(
            Translation.article_id == article_id,
            ArticleVersion.n == Article.current_version,
            Translation.status.in_(tuple(statuses)),
            Translation.current_revision_id.is_not(None),
        )
    )
    if lang:
        query = query.where(Translation.target_lang == lang)
    return list(session.exec(query.order_by(Translation.id)).all())


def commented_revisions(session: Session, translation_ids: list[int]) -> list[Revision]:
    """The revisions of these translations that carry a comment or start a round (reject,
    approve, force-approve), in id order."""
    found: list[Revision] = []
    for chunk in _chunks(translation_ids):
        query = (
            select(Revision)
            .where(
                Revision.translation_id.in_(chunk),
                or_(
                    Revision.comment.is_not(None),
                    Revision.action.in_(("reject", "approve", "force-approve")),
                ),
            )
            .order_by(Revision.id)
        )
        found += session.exec(query)
    return found


def revisions_of(session: Session, translation_ids: list[int]) -> list[Revision]:
    """Every revision of these translations, in id order within each chunk of ids."""
    found: list[Revision] = []
    for chunk in _chunks(translation_ids):
        found += session.exec(
            select(Revision).where(Revision.translation_id.in_(chunk)).order_by(Revision.id)
        )
    return found


def segments_by_id(session: Session, segment_ids: list[int]) -> dict[int, Segment]:
    result: dict[int, Segment] = {}
    for chunk in _chunks(segment_ids):
        result.update({s.id: s for s in session.exec(select(Segment).where(Segment.id.in_(chunk)))})
    return result


def translations_of_segments(session: Session, segment_ids: list[int]) -> list[Translation]:
    """Every translation of these segments (in chunks of ids; no order promised)."""
    found: list[Translation] = []
    for chunk in _chunks(segment_ids):
        found += session.exec(select(Translation).where(Translation.segment_id.in_(chunk)))
    return found


def translations_for_segments(session: Session, segment_ids: list[int]) -> list[Translation]:
    """Every translation of these segments, in one query (the segments of one article)."""
    return list(session.exec(select(Translation).where(Translation.segment_id.in_(segment_ids))))
