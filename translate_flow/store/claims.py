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

from sqlalchemy import and_, func, literal_column, or_, select, update
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


def _queue_query(columns, *, lang, article_id, statuses, sqlite_by_article: bool = False):
    query = (
        select(*columns)
        .join(Segment, Segment.id == Translation.segment_id)
        .join(Article, Article.id == Translation.article_id)
        .join(ArticleVersion, ArticleVersion.id == Segment.version_id)
        .where(ArticleVersion.n == Article.current_version)
    )
    target_lang, status = Translation.target_lang, Translation.status
    if sqlite_by_article:
        # SQLite, without ANALYZE statistics, takes an equality on any indexed column for a
        # narrow one and walks the target_lang or status index, which on a one-language desk
        # holds every row. A unary + (SQLite's documented way) keeps those columns off their
        # indexes, so the article_id index is walked in order and the first match ends it.
        target_lang = literal_column("+translation.target_lang", type_=target_lang.type)
        status = literal_column("+translation.status", type_=status.type)
    if lang:
        query = query.where(target_lang == lang)
    if article_id is not None:
        query = query.where(Translation.article_id == article_id)
    if statuses:
        query = query.where(status.in_(list(statuses)))
    return query


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
    hidden: Sequence[int] = (),
) -> list[int]:
    """Ids of claimable translations in queue order, after `after` (current versions only):
    up to `limit` of the first article that has any, leaving out the articles in `hidden`
    (restricted ones the user may not read).

    Looked for one article at a time: the rest of the article at hand, then the next article
    that has a candidate. Ordering the whole queue to take its first rows made every key of the
    review screen sort all of it (a third of a second at 100,000 segments on SQLite, which
    cannot use an index for the three-column order across joined tables).
    """
    filters = {"lang": lang, "article_id": article_id, "statuses": statuses}
    claimable = claimable_by(user, now)
    found: list[int] = []
    if after is not None:
        found = _in_article(session, after[0], claimable, after, limit, filters)
    current = after[0] if after is not None else None
    sqlite = session.get_bind().dialect.name == "sqlite"
    while not found:  # the first article with candidates is enough for one claim
        following = (
            _queue_query([Translation.article_id], **filters, sqlite_by_article=sqlite)
            .where(claimable)
            .order_by(Translation.article_id)
            .limit(1)
        )
        if current is not None:
            following = following.where(Translation.article_id > current)
        if hidden:
            following = following.where(Translation.article_id.not_in(list(hidden)))
        current = session.execute(following).scalar()
        if current is None:
            break
        found = _in_article(session, current, claimable, None, limit, filters)
    return found


def _in_article(session, article, claimable, after, limit, filters) -> list[int]:
    query = (
        _queue_query([Translation.id], **filters)
        .where(Translation.article_id == article, claimable)
        .order_by(Translation.target_lang, Segment.position)
        .limit(limit)
    )
    if after is not None:
        query = query.where(_after(after))
    if session.get_bind().dialect.name != "postgresql":
        return list(session.execute(query).scalars())
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


def queue_size(
    session: Session, *, lang: str | None, article_id: int | None, statuses: Sequence[str] | None
) -> int:
    """How many translations the queue holds, claimed or not."""
    query = _queue_query(
        [func.count(Translation.id)],
        **{"lang": lang, "article_id": article_id, "statuses": statuses},
    )
    return session.execute(query).scalar_one()


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


def translation_id_of(session: Session, segment_id: int, lang: str) -> int | None:
    """The translation of one segment into `lang`, if it has one."""
    return session.execute(
        select(Translation.id).where(
            Translation.segment_id == segment_id, Translation.target_lang == lang
        )
    ).scalar()


def successor_translations(session: Session, segment_ids: list[int]) -> dict[tuple[int, str], int]:
    """(segment of an earlier version, language) -> the translation of the segment a merge or
    split made of it (`previous_id`)."""
    rows = session.execute(
        select(Segment.previous_id, Translation.id, Translation.target_lang)
        .join(Translation, Translation.segment_id == Segment.id)
        .where(Segment.previous_id.in_(segment_ids))
    ).all()
    return {(previous, lang): translation for previous, translation, lang in rows}
