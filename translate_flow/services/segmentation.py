"""Correcting the segmentation by hand: `segment merge A B` and `segment split A --at N`.

A correction makes the next version of the article: the same text, hash and file, with the
corrected segments. So every place that reads "the current segments" (queue, export, claims,
reports, the next source update) sees it at once, the old segments keep their translations and
history untouched in the previous version, and each new segment points to the one it came from
(`previous_id`), as after a source update. Translations follow:

- unchanged segments carry their translation and status over;
- a merged segment gets the two translations joined by a space; it keeps their status when
  both had the same one, else it is `source-changed` with the joined text as its draft;
- of a split segment, the first part gets the old translation as its draft (`source-changed`),
  the second part starts empty (`new`).

Approved segments are refused: an editor reopens them first (`segment reject`), so an approved
text never changes behind the approval. The translation-memory units that approving the old
segments made are deleted with the correction (store/tm_write.remove_approved_pairs): a
translator merges or splits because the old cut was wrong, and the memory must not offer those
fragments and their translations again. The corrected segments join the memory when they are
approved. A unit whose source is also a segment of another article stays, as may be that
article's pair.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import PurePath

from translate_flow.errors import InputError, StateError
from translate_flow.qa.base import CheckContext
from translate_flow.services.context import Actor, Desk, audit, load_actor
from translate_flow.services.revisions import check_context_for, record_revision
from translate_flow.store.db import Session, transaction
from translate_flow.store.lookups import (
    current_segments,
    current_text,
    current_version,
    get_article,
    get_segment,
    version_segments,
)
from translate_flow.store.models import Article, Segment, Translation, utcnow
from translate_flow.store.revision_rows import translations_for_segments
from translate_flow.workflow.states import APPROVED, NEW, SOURCE_CHANGED


@dataclass
class Correction:
    """What a merge or split did: the article's new version and its new segments."""

    article: int
    version: int
    segments: list[int]  # the new segment(s) made from the corrected one(s)
    sources: list[str]
    languages: list[str]  # the target languages whose translations were carried over


@dataclass
class _Piece:
    """One segment of the corrected version, and the old segments it comes from."""

    paragraph: int
    is_title: bool
    source: str
    space_after: str
    old: list[Segment]
    kind: str  # "unchanged" | "merged" | "split-first" | "split-rest"


def merge_segments(desk: Desk, first_id: int, second_id: int) -> Correction:
    """Join segment `first_id` and the one right after it in the same paragraph."""
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("edit")
        first, article, segments = _current(session, first_id)
        second = get_segment(session, second_id)
        if second.version_id != first.version_id or second.position != first.position + 1:
            raise InputError(
                f"segments {first_id} and {second_id} are not adjacent: merge a segment with the "
                "one right after it (see 'translate-flow queue --article "
                f"{article.id}' or 'show {article.id}')"
            )
        if second.paragraph != first.paragraph:
            raise InputError(
                f"segments {first_id} and {second_id} are in different paragraphs; "
                "only sentences of one paragraph can be merged"
            )
        _refuse_held(session, actor, [first, second])
        pieces = []
        for segment in segments:
            if segment.id == second.id:
                continue
            if segment.id == first.id:
                source = first.source + first.space_after + second.source
                pieces.append(
                    _Piece(
                        first.paragraph,
                        first.is_title,
                        source,
                        second.space_after,
                        [first, second],
                        "merged",
                    )
                )
            else:
                pieces.append(_unchanged(segment))
        comment = f"segments {first.id} and {second.id} merged"
        return _store(session, actor, role, article, pieces, "segment-merge", comment)


def merge_with_next(desk: Desk, segment_id: int) -> Correction:
    """Join segment `segment_id` and the sentence after it in its paragraph (the review
    screen's `j`); refused when it is the last sentence of its paragraph."""
    with transaction(desk.engine, write=False) as session:
        segment, _, segments = _current(session, segment_id)
        after = [s for s in segments if s.position == segment.position + 1]
        if not after or after[0].paragraph != segment.paragraph:
            raise InputError(
                f"segment {segment_id} is the last sentence of its paragraph: "
                "there is nothing to join it with"
            )
        next_id = after[0].id
    return merge_segments(desk, segment_id, next_id)


def split_segment(
    desk: Desk, segment_id: int, at: int | None = None, at_text: str | None = None
) -> Correction:
    """Split a segment in two before character `at` of its source, or before `at_text`."""
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("edit")
        segment, article, segments = _current(session, segment_id)
        offset = split_offset(segment.source, at, at_text)
        head, space, tail = split_source(segment.source, offset)
        _refuse_held(session, actor, [segment])
        pieces = []
        for other in segments:
            if other.id != segment.id:
                pieces.append(_unchanged(other))
                continue
            pieces.append(
                _Piece(other.paragraph, other.is_title, head, space, [other], "split-first")
            )
            pieces.append(
                _Piece(other.paragraph, other.is_title, tail, other.space_after, [], "split-rest")
            )
        comment = f"segment {segment.id} split at character {offset}"
        return _store(session, actor, role, article, pieces, "segment-split", comment)


def split_offset(source: str, at: int | None, at_text: str | None) -> int:
    """The character offset to split `source` at, from --at or --at-text (exactly one)."""
    if (at is None) == (at_text is None):
        raise InputError("give where to split: --at OFFSET or --at-text TEXT")
    if at_text is not None:
        count = source.count(at_text) if at_text.strip() else 0
        if count != 1:
            found = "does not occur" if count == 0 else f"occurs {count} times"
            raise InputError(f"--at-text {at_text!r} {found} in the segment; use --at OFFSET")
        offset = source.index(at_text)
        if not source[:offset].strip():
            raise InputError(
                f"--at-text {at_text!r} is where the segment starts: give the words the second "
                "part starts with"
            )
        return offset
    return at  # type: ignore[return-value]


def split_source(source: str, offset: int) -> tuple[str, str, str]:
    """(first part, the whitespace between, second part); both parts must hold text."""
    if not 0 < offset < len(source):
        raise InputError(
            f"--at {offset} is outside the segment: give an offset from 1 to {len(source) - 1}"
        )
    head, tail = source[:offset], source[offset:]
    stripped_head, stripped_tail = head.rstrip(), tail.lstrip()
    if not stripped_head or not stripped_tail:
        raise InputError(f"splitting at {offset} leaves an empty part; choose another offset")
    space = head[len(stripped_head) :] + tail[: len(tail) - len(stripped_tail)]
    return stripped_head, space, stripped_tail


def _current(session: Session, segment_id: int) -> tuple[Segment, Article, list[Segment]]:
    segment = get_segment(session, segment_id)
    article = get_article(session, segment.article_id)
    version = current_version(session, article)
    segments = version_segments(session, version.id)
    if segment.id not in {s.id for s in segments}:
        raise StateError(
            f"segment {segment_id} belongs to an earlier version of article {article.id}; "
            "correct the segments of its current version"
        )
    if version.original is not None:
        # The agency's file is written back unit by unit (`export --format original`): its
        # segmentation is the file's, and a joined or split unit would have nowhere to go.
        name = PurePath(version.source_name or "").name
        raise StateError(
            f"article {article.id} was ingested from the agency's file {name!r}, whose segments "
            "are its units and go back into it one by one; they cannot be merged or split here "
            "(ask the agency to re-segment)"
        )
    return segment, article, segments


def _refuse_held(session: Session, actor: Actor, segments: list[Segment]) -> None:
    """Refuse approved segments, and segments open in another translator's review screen (a
    live claim: their next action would land on the old version)."""
    from translate_flow.services.locks import refuse_locked

    for segment in segments:
        refuse_locked(segment, "merged or split")
    ids = [s.id for s in segments]
    translations = translations_for_segments(session, ids)
    now = utcnow()
    for translation in translations:
        expires = translation.claim_expires
        if expires is not None and expires.tzinfo is None:
            expires = expires.replace(tzinfo=now.tzinfo)  # SQLite gives back naive UTC times
        live = expires is not None and expires > now
        if live and translation.claimed_by and translation.claimed_by != actor.name:
            raise StateError(
                f"segment {translation.segment_id} ({translation.target_lang}) is open in "
                f"{translation.claimed_by}'s review screen; try again when they have moved on"
            )
    approved = next((t for t in translations if t.status == APPROVED), None)
    if approved is not None:
        raise StateError(
            f"segment {approved.segment_id} is approved in {approved.target_lang}; an editor "
            f"must reopen it first ('translate-flow segment reject {approved.segment_id} "
            f"--lang {approved.target_lang} --comment ...')"
        )


def _unchanged(segment: Segment) -> _Piece:
    kind = "unchanged"
    return _Piece(
        segment.paragraph, segment.is_title, segment.source, segment.space_after, [segment], kind
    )


def _store(
    session: Session,
    actor: Actor,
    role: str,
    article: Article,
    pieces: list[_Piece],
    action: str,
    comment: str,
    text: str | None = None,
) -> Correction:
    """Write the corrected segments as the article's next version; `text`, when given, is the
    new version's source text (else the current version's)."""
    from translate_flow.services.article_text import PreparedArticle
    from translate_flow.services.ingest import add_version

    old_version = current_version(session, article)
    prepared = PreparedArticle(
        name=old_version.source_name,
        title=old_version.title,
        lang=article.source_lang,
        encoding=old_version.encoding,
        format=old_version.format,
        text=old_version.text if text is None else text,
        pieces=[(p.paragraph, p.is_title, p.source, p.space_after) for p in pieces],
        # A merge or split stays inside a paragraph: each keeps the block it was.
        blocks={s.paragraph: s.block for p in pieces for s in p.old if s.block},
    )
    version, segments = add_version(session, actor, article, old_version.n + 1, prepared)
    article.current_version = version.n
    session.add(article)

    old_ids = [s.id for p in pieces for s in p.old]
    translations: dict[tuple[int, str], Translation] = {
        (t.segment_id, t.target_lang): t for t in translations_for_segments(session, old_ids)
    }
    languages = sorted({lang for _, lang in translations})
    # The carried translations are checked again, as any new revision is: their findings belong
    # to the revision, and an error must still block the approval of the new version.
    contexts = {lang: check_context_for(session, article, lang) for lang in languages}
    changed = []
    for piece, segment in zip(pieces, segments, strict=True):
        if piece.old and piece.kind != "split-rest":
            segment.previous_id = piece.old[0].id
            session.add(segment)
        if piece.kind != "unchanged":
            changed.append(segment)
        for lang in languages:
            translation = Translation(
                segment_id=segment.id, article_id=article.id, target_lang=lang, status=NEW
            )
            session.add(translation)
            session.flush()
            olds = [translations.get((s.id, lang)) for s in piece.old]
            _carry(
                session, actor, role, translation, piece, olds, version.n, comment, contexts[lang]
            )
    session.flush()
    correction = Correction(
        article=article.id,
        version=version.n,
        segments=[s.id for s in changed],
        sources=[s.source for s in changed],
        languages=languages,
    )
    corrected = [s.id for p in pieces if p.kind != "unchanged" for s in p.old]
    before = {"version": old_version.n, "segments": corrected}
    # The memory units made when the old segments were approved pair a fragment with its
    # translation (or two sentences with theirs): they go, and the corrected segments join the
    # memory when they are approved again.
    from translate_flow.store.tm_write import remove_approved_pairs

    kept_sources = {segment.source for segment in segments}
    removed = remove_approved_pairs(
        session.connection(),
        article.id,
        [s.source for p in pieces if p.kind != "unchanged" for s in p.old],
        keep=kept_sources,
    )
    if removed:
        before["tm_units_removed"] = removed
    audit(
        session,
        actor,
        role,
        action,
        "article",
        article.id,
        article.id,
        before,
        asdict(correction),
    )
    return correction


def _carry(
    session: Session,
    actor: Actor,
    role: str,
    translation: Translation,
    piece: _Piece,
    olds: list[Translation | None],
    n: int,
    comment: str,
    context: CheckContext,
) -> None:
    if piece.kind == "split-rest":
        return  # the second part of a split starts empty
    texts = [current_text(session, t) if t is not None else None for t in olds]
    present = [text.strip() for text in texts if text and text.strip()]
    if not present:
        return
    statuses = {t.status if t is not None else NEW for t in olds}
    if piece.kind == "unchanged" or (piece.kind == "merged" and len(statuses) == 1):
        action, [status] = "carry-over", statuses
        if piece.kind == "unchanged":
            note = f"carried over to version {n}"
        else:
            note = f"{comment}: the translations joined"
    else:
        action, status = "source-change", SOURCE_CHANGED
        what = "the translations joined" if piece.kind == "merged" else "the old translation"
        note = f"{comment}; {what} is the draft"
    record_revision(
        session,
        translation,
        action=action,
        text=" ".join(present),
        origin="carry-over",
        actor=actor,
        role=role,
        comment=note,
        status=status,
        check_context=context,
        source=piece.source,
        # The same sentence with the same text: its dismissed findings hold, as on a source
        # update (services/ingest.py).
        carried_from=olds[0] if piece.kind == "unchanged" else None,
    )


# --- titles invented before titles came from the source only ------------------------------------

# What an import before the title fix made of an untitled article's lead: its first 80
# characters, cut at a word, and " …" (services/ingest.py of that time, `_first_words`).
_INVENTED_LIMIT = 80


def invented_title(title: str, first_paragraph: str) -> bool:
    """Is `title` the one an old import made up from the first paragraph?

    Only the cut form is recognised: a first paragraph of 80 characters or less was copied
    whole, and a source whose own headline repeats its first paragraph looks the same, so such
    an article is left alone.
    """
    if len(first_paragraph) <= _INVENTED_LIMIT:
        return False
    return title == first_paragraph[:_INVENTED_LIMIT].rsplit(" ", 1)[0] + " …"


@dataclass
class RepairedTitle:
    """An invented title segment removed: the article, its new version, the title's text."""

    article: int
    version: int
    title: str


@dataclass
class SkippedTitle:
    """An invented title left in place, and why."""

    article: int
    reason: str


@dataclass
class TitleRepair:
    """What `repair_invented_titles` found and did."""

    repaired: list[RepairedTitle]
    skipped: list[SkippedTitle]
    dry_run: bool


def repair_invented_titles(desk: Desk, dry_run: bool = False) -> TitleRepair:
    """Remove the title segment an old import invented from the lead (admins).

    Articles imported before titles came from the source only have, as paragraph 0, the lead's
    first 80 characters and " …": a fragment to translate and a line in every export that the
    source never had. Each such article gets a next version without it, as a segment merge
    does: the other segments carry their translations and statuses over, and the fragment and
    its translations stay, with their history, in the previous version, so no one's work is
    lost. The memory units approving the fragment made are deleted. An article whose title
    segment is approved in some language, or open in someone's review screen, is skipped and
    reported: an editor reopens it first. The display name stays.
    """
    from translate_flow.store.lookups import all_article_ids
    from translate_flow.store.tm_write import remove_approved_pairs

    with transaction(desk.engine, write=not dry_run) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("title-repair")
        repaired: list[RepairedTitle] = []
        skipped: list[SkippedTitle] = []
        for article_id in all_article_ids(session):
            article = get_article(session, article_id)
            segments = current_segments(session, article)
            title = [s for s in segments if s.paragraph == 0]
            first = [s for s in segments if s.paragraph == 1]
            if not title or not first:
                continue
            title_text = "".join(s.source + s.space_after for s in title).strip()
            first_text = "".join(s.source + s.space_after for s in first).rstrip()
            version = current_version(session, article)
            prefix = title_text + "\n\n"
            if not invented_title(title_text, first_text) or not version.text.startswith(prefix):
                continue
            try:
                _refuse_held(session, actor, title)
            except StateError as refused:
                skipped.append(SkippedTitle(article.id, str(refused)))
                continue
            repaired.append(RepairedTitle(article.id, version.n + 1, title_text))
            if dry_run:
                continue
            pieces = [_unchanged(s) for s in segments if s.paragraph != 0]
            comment = "the title an old import made up from the lead removed"
            _store(
                session,
                actor,
                role,
                article,
                pieces,
                "title-repair",
                comment,
                text=version.text[len(prefix) :],
            )
            remove_approved_pairs(session.connection(), article.id, [s.source for s in title])
        return TitleRepair(repaired, skipped, dry_run)
