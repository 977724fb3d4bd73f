"""Claims on translations: which translator has a segment on their review screen, until when.

A claim is two columns of `translation` (claimed_by, claim_expires), not a row lock: it outlives
the transaction that took it, so a second translator's screen passes the segment by. Taking one is
a conditional UPDATE whose WHERE clause only matches a free, stale or already-own claim; the
rowcount says whether we won. On PostgreSQL the candidate is also selected FOR UPDATE SKIP LOCKED,
one row at a time, so two screens asking at the same moment never wait on each other, and when
every candidate is locked the claim waits for one rather than report an empty queue; SQLite
serialises writers, and the conditional UPDATE alone is enough there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from translate_flow.store.models import Article, ArticleVersion, Segment, Translation

# (article id, target language, position): the order the review queue is walked in.
QueueKey = tuple[int, str, int]


def claimable_by(user: str, now: datetime) -> ColumnElement[bool]:
    """Free, expired, or already held by `user`."""
    return or_(
        Translation.claimed_by.is_(None),
        Translation.claim_expires.is_(None),
        Translation.claim_expires < now,
        Translation.claimed_by == user,
    )


def _after(key: QueueKey) -> ColumnElement[bool]:
    article_id, lang, position = key
    return or_(
        Article.id > article_id,
        and_(Article.id == article_id, Translation.target_lang > lang),
        and_(
            Article.id == article_id,
            Translation.target_lang == lang,
            Segment.position > position,
        ),
    )


def candidate_ids(
    session: Session,
    user: str,
    now: datetime,
    *,
    lang: str | None,
    article_id: int | None,
    statuses: Sequence[str] | None,
    after: QueueKey | None,
    limit: int,
) -> list[int]:
    """Ids of claimable translations in queue order, after `after` (current versions only)."""
    query = (
        select(Translation.id)
        .join(Segment, Segment.id == Translation.segment_id)
        .join(Article, Article.id == Translation.article_id)
        .join(ArticleVersion, ArticleVersion.id == Segment.version_id)
        .where(ArticleVersion.n == Article.current_version, claimable_by(user, now))
    )
    if lang:
        query = query.where(Translation.target_lang == lang)
    if article_id is not None:
        query = query.where(Translation.article_id == article_id)
    if statuses:
        query = query.where(Translation.status.in_(list(statuses)))
    if after is not None:
        query = query.where(_after(after))
    query = query.order_by(Article.id, Translation.target_lang, Segment.position)
    if session.get_bind().dialect.name != "postgresql":
        return list(session.execute(query.limit(limit)).scalars())
    # Rows another screen is claiming right now are passed over, not waited for. One row at a
    # time: locking a batch kept the rest of it from every other screen until this transaction
    # ended, and they reported an empty queue while those segments were free (issue 17).
    found = list(
        session.execute(query.limit(1).with_for_update(of=Translation, skip_locked=True)).scalars()
    )
    if found:
        return found
    # Nothing unlocked: the claimable rows left (if any) are locked by other transactions, a
    # screen claiming them or a command changing them. Wait for the first one instead of
    # reporting an empty queue; the lock re-reads it, so a row claimed meanwhile drops out.
    return list(session.execute(query.limit(1).with_for_update(of=Translation)).scalars())


def take_claim(
    session: Session, translation_id: int, user: str, now: datetime, expires: datetime
) -> bool:
    """Claim (or renew) one translation for `user`; False when someone else holds it."""
    result = session.execute(
        update(Translation)
        .where(Translation.id == translation_id, claimable_by(user, now))
        .values(claimed_by=user, claim_expires=expires)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def drop_claim(session: Session, translation_id: int, user: str) -> bool:
    """Release `user`'s claim; another translator's claim is left alone."""
    result = session.execute(
        update(Translation)
        .where(Translation.id == translation_id, Translation.claimed_by == user)
        .values(claimed_by=None, claim_expires=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def drop_all_claims(session: Session, user: str) -> int:
    result = session.execute(
        update(Translation)
        .where(Translation.claimed_by == user)
        .values(claimed_by=None, claim_expires=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def claim_holder(session: Session, translation_id: int) -> tuple[str | None, datetime | None]:
    row = session.execute(
        select(Translation.claimed_by, Translation.claim_expires).where(
            Translation.id == translation_id
        )
    ).first()
    return (row[0], row[1]) if row else (None, None)
