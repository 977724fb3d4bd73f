"""Queries for approvals and the four-eyes rule."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from translate_flow.store.models import Approval, Revision, Translation


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


def approval_of_version(session: Session, version_id: int, lang: str) -> Approval | None:
    return session.exec(
        select(Approval).where(Approval.version_id == version_id, Approval.target_lang == lang)
    ).first()
