"""The life of a finding: raised, resolved, dismissed, reopened.

A check's finding is stored once and keeps its id while the problem it names is still there.
Each time a translation is checked (a new revision, `check`, a glossary re-check) the checks'
findings are matched with the translation's live ones by check, side, concept, kind and term
(for checks without a concept, the message): a match moves the stored finding along to the new
revision; a stored finding no check raises any more is resolved; a new one is raised
(services/finding_checks.py). This module reads findings and keeps a person's decisions.

A dismissal (a translator's or editor's "this is right here", with a reason) holds for that
check, concept and term on that segment until the text it was about changes: for a finding in
the translation, an edit touching its span (diff/tokens.map_span over the two revisions' word
diff; a finding about the whole translation, without a span, counts any change); for a finding
about the source (a glossary term missing from the translation), an edit touching the words
that render the term in the translation (its anchor: diff/tokens.rendering_span, the words that
begin like a suggested term's, "russische" for Russland; without such words only a new source
ends it). A new source is a new segment (`ingest --update`) whose findings start open. An edit
that touches the span or the anchor reopens the finding, and the audit log says so.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from translate_flow.errors import InputError, NotFoundError, StateError
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.store import finding_rows
from translate_flow.store.db import Session, transaction
from translate_flow.store.models import (
    Article,
    ArticleVersion,
    Finding,
    Revision,
    Segment,
    Translation,
    utcnow,
)

OPEN, DISMISSED, RESOLVED = "open", "dismissed", "resolved"


@dataclass
class FindingView:
    """A stored finding as the commands and the review screen show it."""

    id: int
    segment: int
    article: int
    lang: str
    check: str
    severity: str
    message: str
    side: str
    span: list[int] | None
    concept: str | None
    kind: str | None
    term: str | None
    suggestions: list[str]
    state: str  # open | dismissed | resolved
    revision: int  # the latest revision it was found on
    raised_revision: int | None
    dismissed_by: str | None = None
    dismissed_role: str | None = None
    dismissed_at: str | None = None
    dismissed_reason: str | None = None

    @property
    def blocking(self) -> bool:
        from translate_flow.qa.base import BLOCKING_SEVERITY

        return self.state == OPEN and self.severity == BLOCKING_SEVERITY

    def to_dict(self) -> dict:
        return asdict(self)


def state_of(row: Finding) -> str:
    if row.resolved_at is not None:
        return RESOLVED
    return DISMISSED if row.dismissed_at is not None else OPEN


def finding_fields(row: Finding) -> dict[str, Any]:
    """What every view of a finding shows besides its id and where it is (the review services'
    SegmentFinding and FindingView here), read from its row."""
    return {
        "check": row.check,
        "severity": row.severity,
        "message": row.message,
        "side": row.side,
        "span": [row.span_start, row.span_end] if row.span_start is not None else None,
        "concept": row.concept,
        "kind": row.kind,
        "term": row.term,
        "suggestions": json.loads(row.suggestions or "[]"),
        "state": state_of(row),
        "revision": row.revision_id,
        "raised_revision": row.raised_revision_id,
        "dismissed_by": row.dismissed_by,
        "dismissed_role": row.dismissed_role,
        "dismissed_at": row.dismissed_at.isoformat() if row.dismissed_at else None,
        "dismissed_reason": row.dismissed_reason,
    }


def view(row: Finding, segment_id: int, article_id: int, lang: str) -> FindingView:
    return FindingView(
        id=row.id, segment=segment_id, article=article_id, lang=lang, **finding_fields(row)
    )


def live_findings(session: Session, translation: Translation) -> list[Finding]:
    """The translation's findings not resolved: open and dismissed, oldest first."""
    return finding_rows.live_findings(session, translation.id)


def clear_dismissal(row: Finding) -> None:
    row.dismissed_by = row.dismissed_role = row.dismissed_reason = None
    row.dismissed_at = None
    row.anchor_start = row.anchor_end = None


def translation_findings(session: Session, translation: Translation) -> list[FindingView]:
    """Open and dismissed findings of one translation, for `segment show` and the screen."""
    segment = session.get(Segment, translation.segment_id)
    return [
        view(row, segment.id, translation.article_id, translation.target_lang)
        for row in live_findings(session, translation)
    ]


def read_findings(desk: Desk, segment_id: int, lang: str) -> list[FindingView]:
    """Open and dismissed findings of a segment's translation (state tells which)."""
    from translate_flow.services.access import require_read
    from translate_flow.store.lookups import get_segment, get_translation

    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        segment = get_segment(session, segment_id)
        require_read(session, actor, session.get(Article, segment.article_id))
        translation = get_translation(session, segment_id, lang)
        return [] if translation is None else translation_findings(session, translation)


# --- a person's decisions --------------------------------------------------------------------


def dismiss_finding(desk: Desk, finding_id: int, reason: str) -> FindingView:
    """Dismiss an open finding (translators and editors): who, role, when and why are kept."""
    if not reason or not reason.strip():
        raise InputError("say why with --reason: the dismissal is kept with it")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("dismiss-finding")
        row, translation, segment = _load(session, finding_id, actor)
        state = state_of(row)
        if state != OPEN:
            raise StateError(_not_open(row, state))
        row.dismissed_by = actor.name
        row.dismissed_role = role
        row.dismissed_at = utcnow()
        row.dismissed_reason = reason.strip()
        if row.side != "target":
            # About the source: rest the dismissal on the words that render it, if any.
            from translate_flow.diff.tokens import rendering_span

            text = session.get(Revision, row.revision_id).text
            anchor = rendering_span(text, json.loads(row.suggestions or "[]"))
            row.anchor_start, row.anchor_end = anchor or (None, None)
        return _saved(
            session, actor, role, "finding-dismiss", row, translation, segment, {"state": OPEN}
        )


def reopen_finding(desk: Desk, finding_id: int) -> FindingView:
    """Open a dismissed finding again (translators and editors)."""
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("reopen-finding")
        row, translation, segment = _load(session, finding_id, actor)
        state = state_of(row)
        if state != DISMISSED:
            raise StateError(f"finding {finding_id} is {state}, not dismissed: nothing to reopen")
        before = {
            "state": DISMISSED,
            "dismissed_by": row.dismissed_by,
            "dismissed_role": row.dismissed_role,
            "reason": row.dismissed_reason,
        }
        clear_dismissal(row)
        return _saved(session, actor, role, "finding-reopen", row, translation, segment, before)


def _saved(session, actor, role, action, row, translation, segment, before) -> FindingView:
    """Write a person's decision on a finding and its audit entry; the finding as it is now."""
    session.add(row)
    session.flush()
    result = view(row, segment.id, translation.article_id, translation.target_lang)
    after = _audit_after(result)
    audit(session, actor, role, action, "finding", row.id, translation.article_id, before, after)
    return result


def _audit_after(result: FindingView) -> dict:
    return {
        "state": result.state,
        "segment": result.segment,
        "lang": result.lang,
        "check": result.check,
        "concept": result.concept,
        "term": result.term,
        "message": result.message,
        "reason": result.dismissed_reason,
    }


def _not_open(row: Finding, state: str) -> str:
    if state == DISMISSED:
        return (
            f"finding {row.id} is already dismissed (by {row.dismissed_by}: "
            f"{row.dismissed_reason}); 'translate-flow finding reopen {row.id}' opens it again"
        )
    return f"finding {row.id} is resolved: the current text no longer has it"


def _load(session: Session, finding_id: int, actor) -> tuple[Finding, Translation, Segment]:
    from translate_flow.services.access import require_read

    row = session.get(Finding, finding_id)
    if row is None:
        raise NotFoundError(
            f"finding {finding_id} does not exist (see 'translate-flow finding list')"
        )
    translation = session.get(Translation, row.translation_id)
    segment = session.get(Segment, translation.segment_id)
    article = session.get(Article, segment.article_id)
    require_read(session, actor, article)
    version = session.get(ArticleVersion, segment.version_id)
    if version.n != article.current_version:
        raise StateError(
            f"finding {finding_id} is on version {version.n} of article {article.id}, which "
            f"version {article.current_version} replaced; see 'translate-flow finding list "
            f"--article {article.id}'"
        )
    return row, translation, segment


def list_findings(
    desk: Desk,
    article_id: int | None = None,
    lang: str | None = None,
    check: str | None = None,
    dismissed: bool = False,
) -> list[FindingView]:
    """Open findings (or, with `dismissed`, the dismissed ones) of current article versions."""
    from translate_flow.qa.runner import load_checks
    from translate_flow.services.access import hidden_articles, readable_article

    if check is not None and check not in load_checks():
        raise InputError(f"unknown check {check!r}; known checks: {', '.join(load_checks())}")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        if article_id is not None:
            readable_article(session, actor, article_id)
        hidden = hidden_articles(session, actor)
        found = current_findings(session, article_id, lang, check, dismissed)
        return [f for f in found if f.article not in hidden]


def current_findings(
    session: Session,
    article_id: int | None = None,
    lang: str | None = None,
    check: str | None = None,
    dismissed: bool = False,
) -> list[FindingView]:
    """Open (or dismissed) findings of the articles' current versions, in article order."""
    rows = finding_rows.current_finding_rows(session, article_id, lang, check, dismissed)
    return [view(f, s.id, t.article_id, t.target_lang) for f, t, s in rows]
