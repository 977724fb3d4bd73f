"""Queries for approvals and the four-eyes rule."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from translate_flow.store.models import Approval, Revision, Segment, Translation


def last_approval_at(session: Session, article_id: int, lang: str) -> datetime | None:
    """When the article was last approved in `lang` (any version), if ever."""
    return session.exec(
        select(func.max(Approval.at)).where(
            Approval.article_id == article_id, Approval.target_lang == lang
        )
    ).one()


def segments_changed_by(
    session: Session,
    article_id: int,
    lang: str,
    author: str,
    actions: tuple[str, ...],
    since: datetime | None,
) -> list[int]:
    """Segments of the article, in any of its versions, whose `lang` translation has a revision
    by `author` of one of `actions` (after `since`, when given), in order.

    Every version counts: a source update or a merge/split carries a translation over to a new
    segment with a revision of its own, and the edits made before it stay with the old one."""
    query = (
        select(Translation.segment_id)
        .join(Revision, Revision.translation_id == Translation.id)
        .where(
            Translation.article_id == article_id,
            Translation.target_lang == lang,
            Revision.author == author,
            Revision.action.in_(actions),
        )
        .distinct()
    )
    if since is not None:
        query = query.where(Revision.at > since)
    return sorted(session.exec(query).all())


def segment_successors(session: Session, article_id: int) -> dict[int, int]:
    """Per segment of the article: the segment of the next version aligned to it (the first,
    when a split made two)."""
    rows = session.exec(
        select(Segment.previous_id, Segment.id)
        .where(Segment.article_id == article_id, Segment.previous_id.is_not(None))
        .order_by(Segment.id)
    ).all()
    successors: dict[int, int] = {}
    for previous, segment in rows:
        successors.setdefault(previous, segment)
    return successors


def approval_of_version(session: Session, version_id: int, lang: str) -> Approval | None:
    return session.exec(
        select(Approval).where(Approval.version_id == version_id, Approval.target_lang == lang)
    ).first()
