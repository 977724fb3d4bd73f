"""Lookups the services share: articles, current segments, translations, revisions."""

from __future__ import annotations

from sqlmodel import Session, select

from translate_flow.errors import NotFoundError
from translate_flow.store.models import (
    Article,
    ArticleVersion,
    Finding,
    Revision,
    Segment,
    Translation,
)


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"article {article_id} does not exist (see 'translate-flow status')")
    return article


def all_article_ids(session: Session) -> list[int]:
    return list(session.exec(select(Article.id).order_by(Article.id)).all())


def current_version(session: Session, article: Article) -> ArticleVersion:
    return session.exec(
        select(ArticleVersion).where(
            ArticleVersion.article_id == article.id, ArticleVersion.n == article.current_version
        )
    ).one()


def get_version(session: Session, article: Article, n: int) -> ArticleVersion:
    version = session.exec(
        select(ArticleVersion).where(ArticleVersion.article_id == article.id, ArticleVersion.n == n)
    ).first()
    if version is None:
        raise NotFoundError(
            f"article {article.id} has no version {n} (versions 1 to {article.current_version})"
        )
    return version


def version_segments(session: Session, version_id: int) -> list[Segment]:
    return list(
        session.exec(
            select(Segment).where(Segment.version_id == version_id).order_by(Segment.position)
        ).all()
    )


def current_segments(session: Session, article: Article) -> list[Segment]:
    return version_segments(session, current_version(session, article).id)


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


def successor_segment(
    session: Session,
    segment: Segment,
    version_id: int,
    successors: dict[int, int] | None = None,
) -> Segment | None:
    """The segment of version `version_id` that a source update or a merge/split aligned to
    `segment` (through `previous_id`, version after version), or None. `successors`: the
    article's `segment_successors`, when the caller follows several segments."""
    if successors is None:
        successors = segment_successors(session, segment.article_id)
    seen = {segment.id}
    while segment.version_id != version_id:
        following = successors.get(segment.id)
        if following is None or following in seen:
            return None
        seen.add(following)
        segment = session.get(Segment, following)
    return segment


def get_segment(session: Session, segment_id: int) -> Segment:
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise NotFoundError(f"segment {segment_id} does not exist")
    return segment


def get_translation(session: Session, segment_id: int, lang: str) -> Translation | None:
    return session.exec(
        select(Translation).where(
            Translation.segment_id == segment_id, Translation.target_lang == lang
        )
    ).first()


def translations_by_segment(
    session: Session, segment_ids: list[int], lang: str
) -> dict[int, Translation]:
    if not segment_ids:
        return {}
    rows = session.exec(
        select(Translation).where(
            Translation.segment_id.in_(segment_ids), Translation.target_lang == lang
        )
    ).all()
    return {t.segment_id: t for t in rows}


def current_text(session: Session, translation: Translation | None) -> str | None:
    if translation is None or translation.current_revision_id is None:
        return None
    return session.get(Revision, translation.current_revision_id).text


def current_origin(session: Session, translation: Translation, default: str = "human") -> str:
    """Where the current text came from (an engine name, "human", "tm", "carry-over")."""
    if translation.current_revision_id is None:
        return default
    return session.get(Revision, translation.current_revision_id).origin


def revisions(session: Session, translation_id: int) -> list[Revision]:
    return list(
        session.exec(
            select(Revision).where(Revision.translation_id == translation_id).order_by(Revision.id)
        ).all()
    )


def open_findings(session: Session, translation: Translation) -> list[Finding]:
    """Findings neither resolved nor dismissed (services/findings.py), oldest first."""
    return _live_findings(session, translation, dismissed=False)


def dismissed_findings(session: Session, translation: Translation) -> list[Finding]:
    """Findings a person dismissed that the current text still has, oldest first."""
    return _live_findings(session, translation, dismissed=True)


def _live_findings(session: Session, translation: Translation, dismissed: bool) -> list[Finding]:
    if translation.id is None:
        return []
    state = Finding.dismissed_at.is_not(None) if dismissed else Finding.dismissed_at.is_(None)
    query = select(Finding).where(
        Finding.translation_id == translation.id, Finding.resolved_at.is_(None), state
    )
    return list(session.exec(query.order_by(Finding.id)).all())
