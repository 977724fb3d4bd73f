"""Queries for the audit log."""

from __future__ import annotations

from sqlmodel import Session, select

from translate_flow.store.models import AuditLog


def audit_entries(
    session: Session, article_id: int | None, user: str | None, limit: int | None
) -> list[AuditLog]:
    """Entries newest first, of one article and/or one user; `limit` None or 0: all."""
    query = select(AuditLog)
    if article_id is not None:
        query = query.where(AuditLog.article_id == article_id)
    if user:
        query = query.where(AuditLog.user == user)
    # Entries written in one transaction share a time to the microsecond at most; the id keeps
    # their order.
    query = query.order_by(AuditLog.at.desc(), AuditLog.id.desc())
    if limit:
        query = query.limit(limit)
    return list(session.exec(query).all())
