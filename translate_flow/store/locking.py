"""Optimistic locking of translations.

A writer names the lock_version it loaded; the update only happens while the row still has it, so
two people editing the same segment cannot overwrite each other: the second one is told instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from translate_flow.store.models import Translation, utcnow


def update_translation_if_unchanged(
    session: Session, translation: Translation, expected_lock: int, **changes: Any
) -> bool:
    values = dict(changes, lock_version=expected_lock + 1, updated_at=utcnow())
    result = session.execute(
        update(Translation)
        .where(Translation.id == translation.id, Translation.lock_version == expected_lock)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    for key, value in values.items():
        setattr(translation, key, value)
    return True
