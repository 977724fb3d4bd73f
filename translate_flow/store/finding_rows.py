"""The queries of findings: a translation's live findings, the current findings of the desk."""

from __future__ import annotations

from sqlmodel import Session, select

from translate_flow.store.models import Article, ArticleVersion, Finding, Segment, Translation


def live_findings(session: Session, translation_id: int) -> list[Finding]:
    """The translation's findings not resolved (open and dismissed), oldest first."""
    return list(
        session.exec(
            select(Finding)
            .where(Finding.translation_id == translation_id, Finding.resolved_at.is_(None))
            .order_by(Finding.id)
        ).all()
    )


def current_finding_rows(
    session: Session,
    article_id: int | None,
    lang: str | None,
    check: str | None,
    dismissed: bool,
) -> list[tuple[Finding, Translation, Segment]]:
    """Unresolved findings of the articles' current versions, open or (`dismissed`) dismissed,
    by article, target language, segment position and id."""
    query = (
        select(Finding, Translation, Segment)
        .join(Translation, Translation.id == Finding.translation_id)
        .join(Segment, Segment.id == Translation.segment_id)
        .join(Article, Article.id == Segment.article_id)
        .join(ArticleVersion, ArticleVersion.id == Segment.version_id)
        .where(ArticleVersion.n == Article.current_version, Finding.resolved_at.is_(None))
    )
    if article_id is not None:
        query = query.where(Segment.article_id == article_id)
    if lang:
        query = query.where(Translation.target_lang == lang)
    if check:
        query = query.where(Finding.check == check)
    if dismissed:
        query = query.where(Finding.dismissed_at.is_not(None))
    else:
        query = query.where(Finding.dismissed_at.is_(None))
    order = (Segment.article_id, Translation.target_lang, Segment.position, Finding.id)
    return list(session.exec(query.order_by(*order)).all())
