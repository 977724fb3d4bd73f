"""Reading the audit log: who did what to which object, when, and the state before and after."""

from __future__ import annotations

import json

from sqlmodel import select

from translate_flow.errors import InputError
from translate_flow.services.access import RESTRICTED_TEXT, hidden_articles
from translate_flow.services.context import Desk, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.models import AuditLog

DEFAULT_LIMIT = 50


def read_log(
    desk: Desk,
    article_id: int | None = None,
    user: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> list[dict]:
    """Audit entries, newest first; `limit` None or 0 means all of them."""
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 (everything) or more")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        hidden = hidden_articles(session, actor)
        query = select(AuditLog)
        if article_id is not None:
            query = query.where(AuditLog.article_id == article_id)
        if user:
            query = query.where(AuditLog.user == user)
        # Entries written in one transaction share a time to the microsecond at most; the id
        # keeps their order.
        query = query.order_by(AuditLog.at.desc(), AuditLog.id.desc())
        if limit:
            query = query.limit(limit)
        entries = [_entry(row) for row in session.exec(query).all()]
        for entry in entries:
            if entry["article"] in hidden:  # who did what stays visible; the texts do not
                entry["before"] = entry["after"] = RESTRICTED_TEXT
        return entries


def _entry(row: AuditLog) -> dict:
    return {
        "id": row.id,
        "at": row.at.isoformat(),
        "user": row.user,
        "by_admin": row.by_admin,
        "role": row.role,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "article": row.article_id,
        "before": None if row.before is None else json.loads(row.before),
        "after": None if row.after is None else json.loads(row.after),
    }
