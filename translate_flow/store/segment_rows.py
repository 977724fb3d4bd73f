"""The queries of an article's versions and segments that importing and re-segmenting need."""

from __future__ import annotations

from sqlmodel import Session, select

from translate_flow.store.models import Article, ArticleVersion


def current_article_with_text(session: Session, text_hash: str) -> int | None:
    """The article whose current version has this text (by its hash), if any."""
    row = session.exec(
        select(ArticleVersion.article_id, ArticleVersion.n, Article.current_version)
        .join(Article, Article.id == ArticleVersion.article_id)
        .where(ArticleVersion.hash == text_hash)
    ).first()
    if row and row[1] == row[2]:
        return row[0]
    return None
