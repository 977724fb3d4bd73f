"""Queries for who may read restricted articles, and the restricted part of the memory."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import true
from sqlmodel import Session, select

from translate_flow.store.models import Article, ArticleAssignment, RestrictedTMUnit


def is_assigned(session: Session, article_id: int, user_name: str) -> bool:
    found = session.exec(
        select(ArticleAssignment.id).where(
            ArticleAssignment.article_id == article_id, ArticleAssignment.user_name == user_name
        )
    ).first()
    return found is not None


def hidden_article_ids(session: Session, user_name: str, privileged: bool) -> set[int]:
    """Restricted articles USER_NAME may not read."""
    if privileged:
        return set()
    query = select(Article.id).where(Article.restricted == true(), Article.created_by != user_name)
    restricted = set(session.exec(query).all())
    if not restricted:
        return set()
    assigned = session.exec(
        select(ArticleAssignment.article_id).where(ArticleAssignment.user_name == user_name)
    ).all()
    return restricted - set(assigned)


def assignments(session: Session, article_id: int) -> list[ArticleAssignment]:
    query = select(ArticleAssignment).where(ArticleAssignment.article_id == article_id)
    return list(session.exec(query.order_by(ArticleAssignment.user_name)).all())


def find_assignment(session: Session, article_id: int, user_name: str) -> ArticleAssignment | None:
    return session.exec(
        select(ArticleAssignment).where(
            ArticleAssignment.article_id == article_id, ArticleAssignment.user_name == user_name
        )
    ).first()


def restricted_units(
    session: Session, source_lang: str | None = None, target_lang: str | None = None
) -> Iterator[RestrictedTMUnit]:
    query = select(RestrictedTMUnit)
    if source_lang:
        query = query.where(RestrictedTMUnit.source_lang == source_lang)
    if target_lang:
        query = query.where(RestrictedTMUnit.target_lang == target_lang)
    yield from session.exec(query.order_by(RestrictedTMUnit.id))


def add_restricted_unit(
    session: Session,
    source_lang: str,
    target_lang: str,
    source: str,
    target: str,
    created_by: str,
    article_id: int,
) -> bool:
    """Store an approved restricted pair; False when the same pair is already there."""
    existing = session.exec(
        select(RestrictedTMUnit.id).where(
            RestrictedTMUnit.source_lang == source_lang,
            RestrictedTMUnit.target_lang == target_lang,
            RestrictedTMUnit.source == source,
            RestrictedTMUnit.target == target,
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        RestrictedTMUnit(
            source_lang=source_lang,
            target_lang=target_lang,
            source=source,
            target=target,
            origin="approval",
            created_by=created_by,
            article_id=article_id,
        )
    )
    return True
