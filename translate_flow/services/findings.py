"""The life of a finding: raised, resolved, dismissed, reopened.

A check's finding is stored once and keeps its id while the problem it names is still there.
Each time a translation is checked (a new revision, `check`, a glossary re-check) the checks'
findings are matched with the translation's live ones by check, side, concept, kind and term
(for checks without a concept, the message): a match moves the stored finding along to the new
revision; a stored finding no check raises any more is resolved; a new one is raised.

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
from dataclasses import asdict, dataclass, field

from sqlmodel import Session, select

from translate_flow.errors import InputError, NotFoundError, StateError
from translate_flow.qa.base import CheckContext
from translate_flow.qa.base import Finding as CheckFinding
from translate_flow.services.context import Actor, Desk, audit, load_actor
from translate_flow.store.db import transaction
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


def state_of(row: Finding) -> str:
    if row.resolved_at is not None:
        return RESOLVED
    return DISMISSED if row.dismissed_at is not None else OPEN


def view(row: Finding, segment_id: int, article_id: int, lang: str) -> FindingView:
    return FindingView(
        id=row.id,
        segment=segment_id,
        article=article_id,
        lang=lang,
        check=row.check,
        severity=row.severity,
        message=row.message,
        side=row.side,
        span=[row.span_start, row.span_end] if row.span_start is not None else None,
        concept=row.concept,
        kind=row.kind,
        term=row.term,
        suggestions=json.loads(row.suggestions or "[]"),
        state=state_of(row),
        revision=row.revision_id,
        raised_revision=row.raised_revision_id,
        dismissed_by=row.dismissed_by,
        dismissed_role=row.dismissed_role,
        dismissed_at=row.dismissed_at.isoformat() if row.dismissed_at else None,
        dismissed_reason=row.dismissed_reason,
    )


def live_findings(session: Session, translation: Translation) -> list[Finding]:
    """The translation's findings not resolved: open and dismissed, oldest first."""
    return list(
        session.exec(
            select(Finding)
            .where(Finding.translation_id == translation.id, Finding.resolved_at.is_(None))
            .order_by(Finding.id)
        ).all()
    )


def translation_findings(session: Session, translation: Translation) -> list[FindingView]:
    """Open and dismissed findings of one translation, for `segment show` and the screen."""
    segment = session.get(Segment, translation.segment_id)
    return [
        view(row, segment.id, translation.article_id, translation.target_lang)
        for row in live_findings(session, translation)
    ]


def read_findings(desk: Desk, segment_id: int, lang: str) -> list[FindingView]:
    """Open and dismissed findings of a segment's translation (state tells which)."""
    from translate_flow.services.queries import get_segment, get_translation

    with transaction(desk.engine) as session:
        load_actor(session, desk.user_name)
        get_segment(session, segment_id)
        translation = get_translation(session, segment_id, lang)
        return [] if translation is None else translation_findings(session, translation)


# --- checking -------------------------------------------------------------------------------


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
                _clear_dismissal(row)
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


def _clear_dismissal(row: Finding) -> None:
    row.dismissed_by = row.dismissed_role = row.dismissed_reason = None
    row.dismissed_at = None
    row.anchor_start = row.anchor_end = None


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


# --- a person's decisions --------------------------------------------------------------------


def dismiss_finding(desk: Desk, finding_id: int, reason: str) -> FindingView:
    """Dismiss an open finding (translators and editors): who, role, when and why are kept."""
    if not reason or not reason.strip():
        raise InputError("say why with --reason: the dismissal is kept with it")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("dismiss-finding")
        row, translation, segment = _load(session, finding_id)
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
        session.add(row)
        session.flush()
        result = view(row, segment.id, translation.article_id, translation.target_lang)
        audit(
            session,
            actor,
            role,
            "finding-dismiss",
            "finding",
            row.id,
            translation.article_id,
            before={"state": OPEN},
            after=_audit_after(result),
        )
        return result


def reopen_finding(desk: Desk, finding_id: int) -> FindingView:
    """Open a dismissed finding again (translators and editors)."""
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("reopen-finding")
        row, translation, segment = _load(session, finding_id)
        state = state_of(row)
        if state != DISMISSED:
            raise StateError(f"finding {finding_id} is {state}, not dismissed: nothing to reopen")
        before = {
            "state": DISMISSED,
            "dismissed_by": row.dismissed_by,
            "dismissed_role": row.dismissed_role,
            "reason": row.dismissed_reason,
        }
        _clear_dismissal(row)
        session.add(row)
        session.flush()
        result = view(row, segment.id, translation.article_id, translation.target_lang)
        audit(
            session,
            actor,
            role,
            "finding-reopen",
            "finding",
            row.id,
            translation.article_id,
            before=before,
            after=_audit_after(result),
        )
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


def _load(session: Session, finding_id: int) -> tuple[Finding, Translation, Segment]:
    row = session.get(Finding, finding_id)
    if row is None:
        raise NotFoundError(
            f"finding {finding_id} does not exist (see 'translate-flow finding list')"
        )
    translation = session.get(Translation, row.translation_id)
    segment = session.get(Segment, translation.segment_id)
    article = session.get(Article, segment.article_id)
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
    from translate_flow.services.queries import get_article

    if check is not None and check not in load_checks():
        raise InputError(f"unknown check {check!r}; known checks: {', '.join(load_checks())}")
    with transaction(desk.engine) as session:
        load_actor(session, desk.user_name)
        if article_id is not None:
            get_article(session, article_id)
        return current_findings(session, article_id, lang, check, dismissed)


def current_findings(
    session: Session,
    article_id: int | None = None,
    lang: str | None = None,
    check: str | None = None,
    dismissed: bool = False,
) -> list[FindingView]:
    """Open (or dismissed) findings of the articles' current versions, in article order."""
    query = (
        select(Finding, Translation, Segment)
        .join(Translation, Translation.id == Finding.translation_id)
        .join(Segment, Segment.id == Translation.segment_id)
        .join(Article, Article.id == Segment.article_id)
        .join(ArticleVersion, ArticleVersion.id == Segment.version_id)
        .where(ArticleVersion.n == Article.current_version, Finding.resolved_at.is_(None))
    )
    if article_id is not None:
        query = query.where(Segment.article_id == article_id)
    if lang:
        query = query.where(Translation.target_lang == lang)
    if check:
        query = query.where(Finding.check == check)
    if dismissed:
        query = query.where(Finding.dismissed_at.is_not(None))
    else:
        query = query.where(Finding.dismissed_at.is_(None))
    order = (Segment.article_id, Translation.target_lang, Segment.position, Finding.id)
    rows = session.exec(query.order_by(*order)).all()
    return [view(f, s.id, t.article_id, t.target_lang) for f, t, s in rows]
