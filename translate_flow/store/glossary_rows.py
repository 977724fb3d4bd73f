"""The glossary's queries: concepts and terms, the version counter's value, the change history,
and the open translations a glossary change has to check again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, delete, func, select

from translate_flow.store.models import (
    Article,
    ArticleVersion,
    GlossaryChange,
    Meta,
    Revision,
    Segment,
    Translation,
)
from translate_flow.store.models import Concept as ConceptRow
from translate_flow.store.models import Term as TermRow


def meta_value(session: Session, key: str) -> str | None:
    return session.exec(select(Meta.value).where(Meta.key == key)).first()


def concept_rows(session: Session) -> list[ConceptRow]:
    return list(session.exec(select(ConceptRow)))


def term_rows(session: Session) -> list[TermRow]:
    """Every term, by concept and then in the concept's own order."""
    return list(session.exec(select(TermRow).order_by(TermRow.concept_id, TermRow.position)))


def glossary_counts(session: Session) -> tuple[int, datetime | None, int]:
    """Concepts, the newest concept's updated_at and terms: three aggregates, no row read."""
    concepts, newest = session.exec(
        select(func.count(), func.max(ConceptRow.updated_at)).select_from(ConceptRow)
    ).one()
    terms = session.exec(select(func.count()).select_from(TermRow)).one()
    return concepts, newest, terms


def delete_terms(session: Session, concept_id: str) -> None:
    session.exec(delete(TermRow).where(TermRow.concept_id == concept_id))


def delete_concept(session: Session, concept_id: str) -> None:
    """The concept and its terms."""
    delete_terms(session, concept_id)
    session.exec(delete(ConceptRow).where(ConceptRow.id == concept_id))


def concept_for_update(session: Session, concept_id: str) -> ConceptRow | None:
    """The concept row, locked (PostgreSQL: FOR UPDATE) until the transaction ends."""
    return session.exec(
        select(ConceptRow).where(ConceptRow.id == concept_id).with_for_update()
    ).first()


def glossary_changes(
    session: Session, concept_id: str | None, limit: int | None
) -> list[GlossaryChange]:
    """The newest `limit` changes (all when None), of one concept or all, newest first."""
    query = select(GlossaryChange)
    if concept_id is not None:
        query = query.where(GlossaryChange.concept_id == concept_id)
    return list(session.exec(query.order_by(GlossaryChange.id.desc()).limit(limit)).all())


def open_translations(
    session: Session, statuses: tuple[str, ...] | frozenset[str] | set[str]
) -> list[tuple[Translation, Segment, Article, Revision]]:
    """The translations of current versions in one of `statuses`, each with its segment,
    article and current revision, in id order."""
    query = (
        select(Translation, Segment, Article, Revision)
        .join(Segment, Segment.id == Translation.segment_id)
        .join(Article, Article.id == Translation.article_id)
        .join(ArticleVersion, ArticleVersion.id == Segment.version_id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(ArticleVersion.n == Article.current_version, Translation.status.in_(statuses))
        .order_by(Translation.id)
    )
    return list(session.exec(query).all())


def mark_glossary_affected(
    session: Session, translation_id: int, revision_id: int, value: str | None
) -> None:
    """Set the translation's glossary_affected mark, only while `revision_id` is its current
    revision (an edit that came in meanwhile has cleared the mark)."""
    session.execute(
        update(Translation)
        .where(Translation.id == translation_id, Translation.current_revision_id == revision_id)
        .values(glossary_affected=value)
        .execution_options(synchronize_session=False)
    )
