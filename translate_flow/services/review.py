"""The review queue and the translator's and editor's actions on one segment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from translate_flow.errors import InputError, NotFoundError, StateError
from translate_flow.langs import check_language, desk_languages
from translate_flow.services.access import hidden_articles, readable_article, require_read
from translate_flow.services.comments import Comment, comment_threads
from translate_flow.services.context import Actor, Desk, audit, load_actor
from translate_flow.services.locks import refuse_locked
from translate_flow.services.revisions import check_context_for, record_revision
from translate_flow.store.db import Session, transaction
from translate_flow.store.locking import lock_translation
from translate_flow.store.lookups import (
    current_origin,
    current_text,
    current_version,
    dismissed_findings,
    get_segment,
    get_translation,
    open_findings,
    revisions,
    successor_segment,
)
from translate_flow.store.models import (
    Article,
    ArticleVersion,
    Finding,
    Revision,
    Segment,
    Translation,
)
from translate_flow.store.review_queries import live_findings, queue_rows, revisions_by_id
from translate_flow.text.controls import one_line
from translate_flow.workflow.roles import EDITOR
from translate_flow.workflow.states import (
    APPROVED,
    NEW,
    OPEN_FOR_TRANSLATOR,
    STATUSES,
    TRANSLATED,
)


@dataclass
class SegmentFinding:
    """A finding as the review commands show it (state: open or dismissed)."""

    id: int
    check: str
    severity: str
    message: str
    side: str | None
    span: list[int] | None  # [start, end] on `side`
    concept: str | None
    kind: str | None
    term: str | None
    suggestions: list[str]
    state: str
    revision: int | None
    raised_revision: int | None
    dismissed_by: str | None
    dismissed_role: str | None
    dismissed_at: str | None  # ISO 8601
    dismissed_reason: str | None


@dataclass
class RevisionEntry:
    revision: int
    action: str
    origin: str
    status: str
    author: str | None
    role: str | None
    at: str  # ISO 8601
    comment: str | None
    score: float | None
    text: str


@dataclass
class HistoryEntry(RevisionEntry):
    """A revision and its change to the one before."""

    diff: list[dict[str, Any]]  # word opcodes (diff/tokens.py DiffOp.to_dict)
    spans: list[dict[str, Any]]  # diff/spans.py Span.to_dict


@dataclass
class QueueRow:
    segment: int
    article: int
    position: int
    lang: str
    status: str
    source: str
    target: str | None
    origin: str | None
    revision: int | None
    mt_error: str | None
    locked: bool
    glossary_affected: list[str]  # concepts whose change gave it new findings
    findings: list[SegmentFinding]
    comments: list[Comment]


@dataclass
class SegmentDetail:
    """`segment show`: one segment, its translation into one language and all around it."""

    segment: int
    article: int
    title: str
    position: int
    lang: str
    source_lang: str
    source: str
    previous_source: str | None  # the source before a source update, when it changed
    target: str | None
    status: str
    revision: int | None
    lock_version: int
    mt_error: str | None
    locked: bool
    glossary_affected: list[str]  # concepts whose change gave it new findings (as in `queue`)
    version: int  # the article version the segment belongs to
    current_version: int  # the article's current version
    replaced_by: int | None  # the current version's segment in its place, when not current
    findings: list[SegmentFinding]
    dismissed_findings: list[SegmentFinding]
    comments: list[Comment]
    history: list[RevisionEntry]


@dataclass
class SegmentChange:
    """What an action on a segment left: its status, current revision, text and findings.
    `already_accepted`: an accept of a segment accepted already, which records nothing;
    `same_text`: an edit giving the text an accepted or approved segment has, which records
    nothing either."""

    segment: int
    lang: str
    status: str
    revision: int | None
    text: str | None
    findings: list[SegmentFinding]
    already_accepted: bool = False
    same_text: bool = False

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "segment": self.segment,
            "lang": self.lang,
            "status": self.status,
            "revision": self.revision,
            "text": self.text,
        }
        if self.already_accepted:
            data["unchanged"] = data["already_accepted"] = True
        if self.same_text:
            data["unchanged"] = True
        data["findings"] = self.findings
        return data


def queue(
    desk: Desk,
    lang: str | None = None,
    status: str | None = None,
    article_id: int | None = None,
    glossary_affected: bool = False,
) -> list[QueueRow]:
    """Segments waiting for work; with an article, every segment of it in order.

    `glossary_affected`: only translations a glossary change gave new findings, in any status
    (services/glossary_recheck.py). Every row names those concepts in "glossary_affected".
    """
    if status is not None and status not in STATUSES:
        raise InputError(f"unknown status {status!r}; statuses are {', '.join(STATUSES)}")
    with transaction(desk.engine, write=False) as session:
        actor = load_actor(session, desk.user_name)
        if article_id is not None:
            readable_article(session, actor, article_id)
        if status:
            statuses: tuple[str, ...] | None = (status,)
        elif article_id is None and not glossary_affected:
            statuses = OPEN_FOR_TRANSLATOR
        else:
            statuses = None
        rows = queue_rows(
            session,
            lang=lang,
            article_id=article_id,
            statuses=statuses,
            hidden=hidden_articles(session, actor),
            glossary_affected=glossary_affected,
        )
        revs = revisions_by_id(
            session, [t.current_revision_id for t, _, _ in rows if t.current_revision_id]
        )
        findings = live_findings(session, [t.id for t, _, _ in rows])
        threads = comment_threads(session, [t.id for t, _, _ in rows])
        return [
            QueueRow(
                segment=segment.id,
                article=article.id,
                position=segment.position,
                lang=translation.target_lang,
                status=translation.status,
                source=segment.source,
                target=revs[translation.current_revision_id].text
                if translation.current_revision_id
                else None,
                origin=revs[translation.current_revision_id].origin
                if translation.current_revision_id
                else None,
                revision=translation.current_revision_id,
                mt_error=translation.mt_error,
                locked=segment.locked,
                glossary_affected=translation.glossary_affected.split(",")
                if translation.glossary_affected
                else [],
                findings=[segment_finding(f) for f in findings.get(translation.id, [])],
                comments=threads.get(translation.id, []),
            )
            for translation, segment, article in rows
        ]


def load_translation(
    session: Session, segment_id: int, lang: str, create: bool = False
) -> tuple[Segment, Article, Translation]:
    """The segment, its article and its translation into `lang` (created empty if asked)."""
    segment = get_segment(session, segment_id)
    article = session.get(Article, segment.article_id)
    translation = get_translation(session, segment_id, lang)
    if translation is None:
        if not create:
            raise NotFoundError(
                f"segment {segment_id} has no {lang} translation yet "
                f"(translate it with 'translate-flow translate {article.id} --to {lang}' "
                "or give one with 'segment edit --text')"
            )
        translation = Translation(
            segment_id=segment.id, article_id=article.id, target_lang=lang, status=NEW
        )
        session.add(translation)
        session.flush()
    return segment, article, translation


def segment_finding(f: Finding) -> SegmentFinding:
    from translate_flow.services.findings import finding_fields

    return SegmentFinding(id=f.id, **finding_fields(f))


def _revision_fields(r: Revision) -> dict[str, Any]:
    return {
        "revision": r.id,
        "action": r.action,
        "origin": r.origin,
        "status": r.status,
        "author": r.author,
        "role": r.role,
        "at": r.at.isoformat(),
        "comment": r.comment,
        "score": r.score,
        "text": r.text,
    }


def revision_entry(r: Revision) -> RevisionEntry:
    return RevisionEntry(**_revision_fields(r))


def show_segment(desk: Desk, segment_id: int, lang: str) -> SegmentDetail:
    with transaction(desk.engine, write=False) as session:
        segment, article, translation = load_translation(session, segment_id, lang)
        require_read(session, load_actor(session, desk.user_name), article)
        previous = session.get(Segment, segment.previous_id) if segment.previous_id else None
        version = current_version(session, article)
        own_version = version if segment.version_id == version.id else None
        replaced_by = None
        if own_version is None:
            own_version = session.get(ArticleVersion, segment.version_id)
            successor = successor_segment(session, segment, version.id)
            replaced_by = successor.id if successor is not None else None
        return SegmentDetail(
            segment=segment.id,
            article=article.id,
            title=article.title,
            position=segment.position,
            lang=lang,
            source_lang=article.source_lang,
            source=segment.source,
            previous_source=previous.source
            if previous and previous.source != segment.source
            else None,
            target=current_text(session, translation),
            status=translation.status,
            revision=translation.current_revision_id,
            lock_version=translation.lock_version,
            mt_error=translation.mt_error,
            locked=segment.locked,
            glossary_affected=translation.glossary_affected.split(",")
            if translation.glossary_affected
            else [],
            version=own_version.n,
            current_version=version.n,
            replaced_by=replaced_by,
            findings=[segment_finding(f) for f in open_findings(session, translation)],
            dismissed_findings=[
                segment_finding(f) for f in dismissed_findings(session, translation)
            ],
            comments=comment_threads(session, [translation.id]).get(translation.id, []),
            history=[revision_entry(r) for r in revisions(session, translation.id)],
        )


def history(desk: Desk, segment_id: int, lang: str) -> list[HistoryEntry]:
    """Every revision with its change to the one before: word opcodes ("diff") and the spans of
    diff/spans.py ("spans", by character inside a word where that reads better)."""
    from translate_flow.diff.spans import diff_spans
    from translate_flow.diff.tokens import diff_words

    with transaction(desk.engine, write=False) as session:
        _, article, translation = load_translation(session, segment_id, lang)
        require_read(session, load_actor(session, desk.user_name), article)
        result, previous = [], ""
        for r in revisions(session, translation.id):
            result.append(
                HistoryEntry(
                    **_revision_fields(r),
                    diff=[op.to_dict() for op in diff_words(previous, r.text)],
                    spans=[span.to_dict() for span in diff_spans(previous, r.text)],
                )
            )
            previous = r.text
        return result


def _check_base(translation: Translation, base_revision: int | None) -> int | None:
    """The lock the user saw: --base names the revision they edited from."""
    if base_revision is None:
        return None
    if base_revision != translation.current_revision_id:
        from translate_flow.errors import ConflictError

        raise ConflictError(
            f"segment {translation.segment_id} ({translation.target_lang}) was changed by someone "
            f"else since revision {base_revision} (now revision "
            f"{translation.current_revision_id}); show it again and redo your change"
        )
    return translation.lock_version


# What each action would do to a segment locked in the agency's file (a comment changes nothing).
_CHANGES = {"edit": "edited", "accept": "accepted", "reject": "rejected"}


def _act(
    desk: Desk,
    segment_id: int,
    lang: str,
    action: str,
    text: str | None = None,
    comment: str | None = None,
    base_revision: int | None = None,
) -> SegmentChange:
    if action == "edit":  # the one action that may create a translation in a new language
        lang = check_language(lang, desk_languages(desk.config), "--lang")
    with transaction(desk.engine) as session:
        actor: Actor = load_actor(session, desk.user_name)
        role = actor.require(action)
        segment, article, translation = load_translation(
            session, segment_id, lang, create=action == "edit"
        )
        require_read(session, actor, article)
        refuse_earlier_version(session, segment, article, lang)
        if action in _CHANGES:
            refuse_locked(segment, _CHANGES[action])
        # PostgreSQL: parallel actions on one segment take turns and each sees the one before.
        lock_translation(session, translation)
        expected = _check_base(translation, base_revision)
        if action == "edit":
            role = edit_role(actor, role, translation, article.id)
        if (
            action == "accept"
            and translation.status == TRANSLATED
            and not (translation.glossary_affected)
        ):
            # Accepting twice (or eight translators accepting at once) records one accept; a
            # comment given with the repeated accept is kept as a comment. Accepting again after
            # a glossary change is a new accept: it clears the glossary mark.
            if not comment:
                return _unchanged(session, segment, translation)
            action = "comment"
        if (
            action == "edit"
            and translation.status in (TRANSLATED, APPROVED)
            and not translation.glossary_affected
            and text == current_text(session, translation)
        ):
            # The text it has already: a new revision would un-approve an approved segment
            # (an editor's) and credit the text to whoever saved it again. A comment given with
            # it is kept as a comment.
            if not comment:
                return _unchanged(session, segment, translation, same_text=True)
            action = "comment"
        before = {"status": translation.status, "text": current_text(session, translation)}
        if action == "edit":
            new_text = text
            origin = "human"
        else:
            new_text = before["text"] or ""
            origin = current_origin(session, translation)
        revision = record_revision(
            session,
            translation,
            action=action,
            text=new_text,
            origin=origin,
            actor=actor,
            role=role,
            comment=comment,
            expected_lock=expected,
            check_context=check_context_for(session, article, lang, desk.config),
            source=segment.source,
        )
        after = {"status": translation.status, "text": new_text, "revision": revision.id}
        if comment:
            after["comment"] = comment
        audit(session, actor, role, action, "segment", segment.id, article.id, before, after)
        session.flush()
        findings = open_findings(session, translation)
        return SegmentChange(
            segment=segment.id,
            lang=lang,
            status=translation.status,
            revision=revision.id,
            text=new_text,
            findings=[segment_finding(f) for f in findings],
        )


def refuse_earlier_version(session: Session, segment: Segment, article: Article, lang: str) -> None:
    """A segment of a version a source update, merge or split replaced takes no more work: it
    would never reach the current version. The error names the segment that has the sentence
    now, when one has."""
    version = current_version(session, article)
    if segment.version_id == version.id:
        return
    successor = successor_segment(session, segment, version.id)
    where = (
        f"segment {successor.id} replaced it: "
        f"'translate-flow segment show {successor.id} --lang {lang}'"
        if successor is not None
        else f"see 'translate-flow queue --article {article.id} --lang {lang}'"
    )
    raise StateError(
        f"segment {segment.id} belongs to an earlier version of article {article.id} (now "
        f"version {article.current_version}) and takes no more changes; {where}"
    )


def _unchanged(
    session: Session, segment: Segment, translation: Translation, same_text: bool = False
) -> SegmentChange:
    return SegmentChange(
        segment=segment.id,
        lang=translation.target_lang,
        status=translation.status,
        revision=translation.current_revision_id,
        text=current_text(session, translation),
        findings=[segment_finding(f) for f in open_findings(session, translation)],
        already_accepted=not same_text,
        same_text=same_text,
    )


def edit_role(actor: Actor, role: str, translation: Translation, article_id: int) -> str:
    """The role a change of `translation`'s text is made in: `role`, but changing an approved
    text is an editor's act, refused to others, whatever else the editor is too."""
    if translation.status != APPROVED:
        return role
    if not actor.has(EDITOR):
        raise StateError(_approved_message(translation, article_id))
    return EDITOR if EDITOR in actor.roles else role


def _approved_message(translation: Translation, article_id: int) -> str:
    """Why a translator may not change an approved translation, and whom to ask."""
    return (
        f"segment {translation.segment_id} ({translation.target_lang}) is approved; a translator "
        f"cannot change it: ask an editor of article {article_id} to reopen it with "
        f"'translate-flow segment reject {translation.segment_id} --lang "
        f"{translation.target_lang} --comment WHY'"
    )


def edit_segment(
    desk: Desk,
    segment_id: int,
    lang: str,
    text: str,
    comment: str | None = None,
    base_revision: int | None = None,
) -> SegmentChange:
    if text is None or not text.strip():
        raise InputError("the new translation is empty; give it with --text")
    return _act(desk, segment_id, lang, "edit", one_line(text), comment, base_revision)


def accept_segment(
    desk: Desk,
    segment_id: int,
    lang: str,
    comment: str | None = None,
    base_revision: int | None = None,
) -> SegmentChange:
    return _act(desk, segment_id, lang, "accept", None, comment, base_revision)


def reject_segment(
    desk: Desk, segment_id: int, lang: str, comment: str | None, base_revision: int | None = None
) -> SegmentChange:
    if not comment or not comment.strip():
        raise InputError("say why with --comment: the translator sees it in the queue")
    return _act(desk, segment_id, lang, "reject", None, comment.strip(), base_revision)


def comment_segment(
    desk: Desk, segment_id: int, lang: str, comment: str, base_revision: int | None = None
) -> SegmentChange:
    """A note on the segment, kept as a 'comment' revision (the status stays as it is)."""
    if not comment or not comment.strip():
        raise InputError("the comment is empty")
    return _act(desk, segment_id, lang, "comment", None, comment.strip(), base_revision)
