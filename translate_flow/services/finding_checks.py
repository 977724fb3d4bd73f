"""Checking a revision: the checks' findings matched with the translation's live ones.

Each check of a translation (a new revision through `record_revision`, `check`, a glossary
re-check) goes through `check_revision`: a finding found again keeps its row and id and moves to
the new revision, one no check raises any more is resolved, a new one is raised; a dismissal
holds while what it is about is untouched (services/findings.py says when).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from translate_flow.qa.base import CheckContext
from translate_flow.qa.base import Finding as CheckFinding
from translate_flow.services.context import Actor, audit
from translate_flow.services.findings import clear_dismissal, live_findings
from translate_flow.store.db import Session
from translate_flow.store.models import Finding, Revision, Translation, utcnow


@dataclass
class CheckOutcome:
    """What checking one revision changed: the findings it raised, kept, resolved, reopened."""

    raised: list[Finding] = field(default_factory=list)
    kept: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    reopened: list[Finding] = field(default_factory=list)

    @property
    def current(self) -> list[Finding]:
        return self.kept + self.raised


def check_revision(
    session: Session,
    translation: Translation,
    revision: Revision,
    source: str,
    context: CheckContext,
    actor: Actor | None = None,
    role: str = "",
    carried_from: Translation | None = None,
) -> CheckOutcome:
    """Check `revision` (the translation's current one) and bring its findings up to date.

    `carried_from`: the translation of the same, unchanged source sentence in the article's
    previous version (`ingest --update`); its dismissals hold for the carried-over text.
    """
    from translate_flow.diff.tokens import map_span
    from translate_flow.qa.runner import run_checks

    found = run_checks(source, revision.text, context)
    live = live_findings(session, translation)
    texts: dict[int, str] = {revision.id: revision.text}
    outcome = CheckOutcome()
    unmatched = list(live)

    def old_text(row: Finding) -> str:
        if row.revision_id not in texts:
            texts[row.revision_id] = session.get(Revision, row.revision_id).text
        return texts[row.revision_id]

    def moved_span(row: Finding) -> tuple[int, int] | None:
        if row.span_start is None:
            return None
        if row.side != "target":
            return row.span_start, row.span_end
        return map_span(old_text(row), revision.text, row.span_start, row.span_end)

    def same_place(row: Finding, new: CheckFinding) -> bool:
        if row.span_start is None:
            return new.span is None
        moved = moved_span(row)
        return moved is not None and moved == new.span

    for new in found:
        candidates = [row for row in unmatched if signature(row) == signature(new)]
        if not candidates:
            outcome.raised.append(_raise(session, translation, revision, new))
            continue
        exact = [row for row in candidates if same_place(row, new)]
        row = (exact or candidates)[0]
        unmatched.remove(row)
        if row.dismissed_at is not None:
            anchor = _moved_anchor(row, old_text(row), revision.text)
            untouched = bool(exact) and (
                (row.side != "target" and anchor is not False)
                or (row.side == "target" and row.span_start is not None)
                or old_text(row) == revision.text
            )
            if untouched:
                row.anchor_start, row.anchor_end = anchor or (None, None)
            else:
                clear_dismissal(row)
                outcome.reopened.append(row)
        _move(row, revision, new)
        session.add(row)
        outcome.kept.append(row)
    for row in unmatched:
        row.resolved_at = utcnow()
        row.resolved_by = actor.name if actor else ""
        session.add(row)
        outcome.resolved.append(row)
    if carried_from is not None:
        _carry_dismissals(session, carried_from, outcome.raised)
    session.flush()
    for row in outcome.reopened:
        if actor is not None:
            audit(
                session,
                actor,
                role,
                "finding-reopen",
                "finding",
                row.id,
                translation.article_id,
                after={
                    "segment": translation.segment_id,
                    "lang": translation.target_lang,
                    "revision": revision.id,
                    "reason": "the new revision changed the text the dismissal was about",
                },
            )
    return outcome


def signature(finding: Finding | CheckFinding) -> tuple:
    """The same problem again, even if its message changed (a term admitted adds a suggestion)."""
    if finding.concept:
        return (finding.check, finding.side, finding.concept, finding.kind, finding.term)
    return (finding.check, finding.side, finding.message)


def _raise(
    session: Session, translation: Translation, revision: Revision, new: CheckFinding
) -> Finding:
    row = Finding(
        revision_id=revision.id,
        raised_revision_id=revision.id,
        translation_id=translation.id,
        check=new.check,
        severity=new.severity,
        message=new.message,
        side=new.side,
        span_start=new.span[0] if new.span else None,
        span_end=new.span[1] if new.span else None,
        concept=new.concept,
        kind=new.kind,
        term=new.term,
        suggestions=json.dumps(new.suggestions, ensure_ascii=False),
    )
    session.add(row)
    return row


def _move(row: Finding, revision: Revision, new: CheckFinding) -> None:
    row.revision_id = revision.id
    row.severity = new.severity
    row.message = new.message
    row.span_start = new.span[0] if new.span else None
    row.span_end = new.span[1] if new.span else None
    row.term = new.term
    row.suggestions = json.dumps(new.suggestions, ensure_ascii=False)


def _moved_anchor(row: Finding, old: str, new: str) -> tuple[int, int] | None | bool:
    """Where a dismissal's anchor is in the new text: None without one, False when touched."""
    from translate_flow.diff.tokens import map_span

    if row.anchor_start is None:
        return None
    moved = map_span(old, new, row.anchor_start, row.anchor_end)
    return False if moved is None else moved


def _carry_dismissals(session: Session, old: Translation, raised: list[Finding]) -> None:
    """The same sentence and the same text as in the previous version: same dismissals."""
    dismissed = [row for row in live_findings(session, old) if row.dismissed_at is not None]
    for row in raised:
        for previous in dismissed:
            if signature(previous) == signature(row) and (
                previous.span_start,
                previous.span_end,
            ) == (row.span_start, row.span_end):
                row.dismissed_by = previous.dismissed_by
                row.dismissed_role = previous.dismissed_role
                row.dismissed_at = previous.dismissed_at
                row.dismissed_reason = previous.dismissed_reason
                row.anchor_start, row.anchor_end = previous.anchor_start, previous.anchor_end
                dismissed.remove(previous)
                break
