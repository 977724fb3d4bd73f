"""The locks an agency's file puts on its units, as the `segment.locked` column (migration 0018)."""

from __future__ import annotations

from sqlmodel import Session, update

from translate_flow.store.models import Segment


def mark_locked(session: Session, segment_ids: list[int]) -> None:
    """Lock these segments: they stay as the agency's file has them."""
    for start in range(0, len(segment_ids), 500):
        chunk = segment_ids[start : start + 500]
        session.exec(update(Segment).where(Segment.id.in_(chunk)).values(locked=True))
