"""Claims for the review screen: two translators walking the same queue never get one segment.

The screen claims the segment it shows, renews the claim on every action and releases it when it
moves on or quits. A claim left by a crashed screen expires after LEASE, so nothing stays locked
for long; the same user can take their own stale claim back at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from translate_flow.errors import InputError
from translate_flow.services.access import hidden_articles
from translate_flow.services.context import Desk, load_actor
from translate_flow.store import claims as store
from translate_flow.store.db import Session, transaction
from translate_flow.store.models import Article, Segment, Translation, utcnow
from translate_flow.workflow.states import OPEN_FOR_TRANSLATOR, STATUSES

LEASE = timedelta(minutes=15)
# Candidates tried per round on SQLite, where another screen may win one between our SELECT and
# our UPDATE; PostgreSQL's SKIP LOCKED hands out one at a time.
_BATCH = 20


@dataclass
class QueueEntry:
    """A segment of the review queue, as claimed for one screen."""

    translation: int
    segment: int
    article: int
    title: str  # the article's
    lang: str
    position: int
    status: str
    claimed_by: str | None
    claim_expires: datetime | None

    @property
    def key(self) -> tuple[int, str, int]:
        """Where it stands in the queue: (article, lang, position)."""
        return (self.article, self.lang, self.position)


def queue_statuses(status: str | None, article_id: int | None) -> tuple[str, ...] | None:
    """The statuses the review queue walks: as `translate-flow queue` chooses them."""
    if status is not None:
        if status not in STATUSES:
            raise InputError(f"unknown status {status!r}; statuses are {', '.join(STATUSES)}")
        return (status,)
    return None if article_id is not None else OPEN_FOR_TRANSLATOR


def claim_next(
    desk: Desk,
    lang: str | None = None,
    article_id: int | None = None,
    status: str | None = None,
    after: tuple[int, str, int] | None = None,
    now: datetime | None = None,
    release: int | None = None,
) -> QueueEntry | None:
    """Claim the first free queue entry after `after` (article, lang, position); None at the end.
    `release`: a translation to give back in the same transaction (the screen moving on writes
    once, not twice)."""
    statuses = queue_statuses(status, article_id)
    now = now or utcnow()
    expires = now + LEASE
    with transaction(desk.engine) as session:
        hidden = sorted(hidden_articles(session, load_actor(session, desk.user_name)))
        if release is not None:
            store.drop_claim(session, release, desk.user_name)
        while True:
            ids = store.candidate_ids(
                session,
                desk.user_name,
                now,
                lang=lang,
                article_id=article_id,
                statuses=statuses,
                after=after,
                limit=_BATCH,
                hidden=hidden,
            )
            if not ids:
                return None
            for translation_id in ids:
                if store.take_claim(session, translation_id, desk.user_name, now, expires):
                    return _entry(session, translation_id)
            # Every candidate of this round went to other screens meanwhile: look again.


def queue_size(
    desk: Desk, lang: str | None = None, article_id: int | None = None, status: str | None = None
) -> int:
    """How many segments the review queue of these options holds (claimed ones included)."""
    statuses = queue_statuses(status, article_id)
    with transaction(desk.engine) as session:
        return store.queue_size(session, lang=lang, article_id=article_id, statuses=statuses)


def claim(desk: Desk, translation_id: int, now: datetime | None = None) -> bool:
    """Claim or renew one translation; False when another translator holds it."""
    now = now or utcnow()
    with transaction(desk.engine) as session:
        return store.take_claim(session, translation_id, desk.user_name, now, now + LEASE)


def claim_segment(desk: Desk, segment_id: int, lang: str) -> QueueEntry | None:
    """Claim the translation of one segment into `lang`, as `claim_next` would; its queue entry,
    or None when another translator holds it (or it has no translation into `lang`)."""
    now = utcnow()
    with transaction(desk.engine) as session:
        translation_id = store.translation_id_of(session, segment_id, lang)
        if translation_id is None:
            return None
        if not store.take_claim(session, translation_id, desk.user_name, now, now + LEASE):
            return None
        return _entry(session, translation_id)


def successor_entries(desk: Desk, entries: list[QueueEntry]) -> list[QueueEntry]:
    """Queue entries of segments of an earlier version, moved to the segments a merge or split
    made of them (`previous_id`); an entry whose segment has no successor stays as it is."""
    if not entries:
        return []
    with transaction(desk.engine, write=False) as session:
        moved = store.successor_translations(session, [e.segment for e in entries])
        return [
            _entry(session, moved[key]) if key in moved else entry
            for entry in entries
            for key in [(entry.segment, entry.lang)]
        ]


def release(desk: Desk, translation_id: int) -> bool:
    """Give the segment back to the queue (only our own claim is released)."""
    with transaction(desk.engine) as session:
        return store.drop_claim(session, translation_id, desk.user_name)


def release_all(desk: Desk) -> int:
    """Release every claim of this user, e.g. after a crashed screen."""
    with transaction(desk.engine) as session:
        return store.drop_all_claims(session, desk.user_name)


def holder(desk: Desk, translation_id: int, now: datetime | None = None) -> str | None:
    """Who holds a live claim on the translation, if anyone."""
    now = now or utcnow()
    with transaction(desk.engine) as session:
        user, expires = store.claim_holder(session, translation_id)
    if user is None or expires is None or _aware(expires) < now:
        return None
    return user


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def _entry(session: Session, translation_id: int) -> QueueEntry:
    translation = session.get(Translation, translation_id)
    session.refresh(translation)
    segment = session.get(Segment, translation.segment_id)
    article = session.get(Article, translation.article_id)
    return QueueEntry(
        translation=translation.id,
        segment=segment.id,
        article=article.id,
        title=article.title,
        lang=translation.target_lang,
        position=segment.position,
        status=translation.status,
        claimed_by=translation.claimed_by,
        claim_expires=translation.claim_expires,
    )
