"""The conversation on a segment: an editor's rejection and the comments that follow it.

Comments are revisions (append-only): a `reject` carries the editor's reason, a `comment` keeps
the status, and an edit or accept may carry a note. A segment's thread is what the translator
has to read now: everything from its latest rejection on, or, never rejected since its last
approval, the notes written since.
"""

from __future__ import annotations

from dataclasses import dataclass

from translate_flow.store.db import Session
from translate_flow.store.models import Revision
from translate_flow.store.revision_rows import commented_revisions

# Actions whose comment a person wrote (carry-over and source-change comments are the tool's).
PERSON_ACTIONS = ("reject", "comment", "edit", "accept", "force-approve")


@dataclass(frozen=True)
class Comment:
    """One comment of a thread: the revision that carries it, what was done, by whom, when."""

    revision: int
    action: str
    author: str
    role: str
    at: str  # ISO 8601
    text: str


def comment_thread(revisions: list[Revision]) -> list[Comment]:
    """The comments to show, oldest first, from revisions in order (pure)."""
    start = 0
    for index, revision in enumerate(revisions):
        if revision.action == "reject":
            start = index
        elif revision.action in ("approve", "force-approve"):
            start = index + 1 if revision.action == "approve" else index
    return [
        Comment(
            revision=r.id,
            action=r.action,
            author=r.author,
            role=r.role,
            at=r.at.isoformat(),
            text=r.comment,
        )
        for r in revisions[start:]
        if r.comment and r.action in PERSON_ACTIONS
    ]


def comment_threads(session: Session, translation_ids: list[int]) -> dict[int, list[Comment]]:
    """Each translation's thread; only revisions that carry a comment or start a round are read."""
    by_translation: dict[int, list[Revision]] = {}
    for revision in commented_revisions(session, translation_ids):
        by_translation.setdefault(revision.translation_id, []).append(revision)
    return {tid: thread for tid, revs in by_translation.items() if (thread := comment_thread(revs))}
