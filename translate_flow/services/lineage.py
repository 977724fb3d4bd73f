"""A translation's revisions back through the versions of its article.

A source update (services/ingest.py) gives every segment of the new version a new translation.
When the sentence is unchanged, that translation starts with a "carry-over" revision holding the
old text, and `segment.previous_id` points at the old segment. Whoever asks what the engine wrote
and who changed it (the post-edit report, the highlighted HTML export) must look through that
link, or an update would hide the original machine translation and the translator's edits.

A "source-change" revision ends the line on purpose: the old text translated another sentence, so
comparing it with the new translation would measure the source change, not the post-editing. So
does a carry-over onto another source: a merge joins two translations into one "carry-over"
revision, and the first part's history alone would count the second sentence as an edit.
"""

from __future__ import annotations

from collections.abc import Iterable

from translate_flow.store import revision_rows
from translate_flow.store.db import Session
from translate_flow.store.models import Revision, Segment, Translation

CARRY_OVER = "carry-over"
MACHINE_TRANSLATE = "machine-translate"


def lineages(session: Session, translations: Iterable[Translation]) -> dict[int, list[Revision]]:
    """Per translation id: its revisions, oldest first, preceded by the revisions of the
    translations it was carried over from (each up to the moment it was carried over)."""
    translations = list(translations)
    own = _revisions(session, [t.id for t in translations])
    result = {t.id: own.get(t.id, []) for t in translations}
    segments = _segments(session, [t.segment_id for t in translations])
    # translation id -> (the older segment, the language, the carry-over revision's id, the
    # source the carried text translates)
    pending: dict[int, tuple[int, str, int, str]] = {}
    for t in translations:
        segment = segments.get(t.segment_id)
        link = _link(result[t.id], segment)
        if link is not None:
            pending[t.id] = (link[0], t.target_lang, link[1], segment.source)
    while pending:
        older = _translations(session, {(seg, lang) for seg, lang, _, _ in pending.values()})
        older_revisions = _revisions(session, [t.id for t in older.values()])
        older_segments = _segments(session, [seg for seg, _, _, _ in pending.values()])
        following: dict[int, tuple[int, str, int, str]] = {}
        for translation_id, (segment_id, lang, cutoff, source) in pending.items():
            previous = older.get((segment_id, lang))
            older_segment = older_segments.get(segment_id)
            if previous is None or older_segment is None or older_segment.source != source:
                continue
            earlier = [r for r in older_revisions.get(previous.id, []) if r.id < cutoff]
            result[translation_id] = earlier + result[translation_id]
            link = _link(earlier, older_segment)
            if link is not None:
                following[translation_id] = (link[0], lang, link[1], source)
        pending = following
    return result


def machine_baseline(revisions: list[Revision]) -> int | None:
    """The index of the machine translation people worked from: the engine's last output (a
    retranslation replaces an earlier one before anybody accepts it), or None."""
    for index in range(len(revisions) - 1, -1, -1):
        if revisions[index].action == MACHINE_TRANSLATE:
            return index
    return None


def _link(revisions: list[Revision], segment: Segment | None) -> tuple[int, int] | None:
    """(older segment id, carry-over revision id) when the line goes on to an older version."""
    if not revisions or revisions[0].action != CARRY_OVER:
        return None
    if segment is None or segment.previous_id is None:
        return None
    return segment.previous_id, revisions[0].id


def _revisions(session: Session, ids: list[int]) -> dict[int, list[Revision]]:
    result: dict[int, list[Revision]] = {}
    for revision in revision_rows.revisions_of(session, ids):
        result.setdefault(revision.translation_id, []).append(revision)
    return result


def _segments(session: Session, ids: list[int]) -> dict[int, Segment]:
    return revision_rows.segments_by_id(session, sorted(set(ids)))


def _translations(
    session: Session, keys: set[tuple[int, str]]
) -> dict[tuple[int, str], Translation]:
    segment_ids = sorted({segment_id for segment_id, _ in keys})
    result: dict[tuple[int, str], Translation] = {}
    for t in revision_rows.translations_of_segments(session, segment_ids):
        if (t.segment_id, t.target_lang) in keys:
            result[(t.segment_id, t.target_lang)] = t
    return result
