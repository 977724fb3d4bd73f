"""Reading the audit log: who did what to which object, when, and the state before and after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from translate_flow.errors import InputError
from translate_flow.services.access import RESTRICTED_TEXT, hidden_articles
from translate_flow.services.context import Desk, load_actor
from translate_flow.store.audit_queries import audit_entries
from translate_flow.store.db import transaction
from translate_flow.store.models import AuditLog

DEFAULT_LIMIT = 50


@dataclass
class AuditEntry:
    id: int
    at: str  # ISO 8601
    user: str
    by_admin: str | None  # the admin who acted as `user` (--user), if any
    role: str | None
    action: str
    object_type: str
    object_id: str
    article: int | None
    before: Any  # the recorded state, decoded from JSON
    after: Any

    @classmethod
    def of(cls, row: AuditLog) -> AuditEntry:
        return cls(
            id=row.id,
            at=row.at.isoformat(),
            user=row.user,
            by_admin=row.by_admin,
            role=row.role,
            action=row.action,
            object_type=row.object_type,
            object_id=row.object_id,
            article=row.article_id,
            before=None if row.before is None else json.loads(row.before),
            after=None if row.after is None else json.loads(row.after),
        )


def read_log(
    desk: Desk,
    article_id: int | None = None,
    user: str | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> list[AuditEntry]:
    """Audit entries, newest first; `limit` None or 0 means all of them."""
    if limit is not None and limit < 0:
        raise InputError("--limit must be 0 (everything) or more")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        hidden = hidden_articles(session, actor)
        entries = [AuditEntry.of(row) for row in audit_entries(session, article_id, user, limit)]
        for entry in entries:
            if entry.article in hidden:  # who did what stays visible; the texts do not
                entry.before = entry.after = RESTRICTED_TEXT
        return entries
