"""The one way a translation changes: a new revision, a state transition, fresh findings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from translate_flow.errors import ConflictError
from translate_flow.qa.base import CheckContext
from translate_flow.services.context import Actor
from translate_flow.store.db import Session
from translate_flow.store.locking import update_translation_if_unchanged
from translate_flow.store.models import Article, Finding, Revision, Segment, Translation
from translate_flow.text.controls import describe, refuse_controls, strip_controls
from translate_flow.text.limits import MAX_COMMENT_CHARS, MAX_SEGMENT_CHARS, refuse_oversized
from translate_flow.workflow.states import transition


def record_revision(
    session: Session,
    translation: Translation,
    *,
    action: str,
    text: str,
    origin: str,
    actor: Actor | None,
    role: str = "",
    comment: str | None = None,
    score: float | None = None,
    expected_lock: int | None = None,
    check_context: CheckContext | None = None,
    source: str | None = None,
    status: str | None = None,
    carried_from: Translation | None = None,
) -> Revision:
    """Append a revision and move the translation to it.

    `expected_lock` is the lock_version the caller showed its user; when someone else changed the
    translation since, ConflictError is raised and nothing is written. With `check_context` the
    new revision is checked at once (services/findings.py: findings raised, kept, resolved,
    dismissals kept or reopened); `carried_from` is the translation of the same unchanged
    sentence in the previous article version, whose dismissals then hold.

    What a person writes (an edit, a comment) with a control character is refused; an engine's
    answer has them removed, and the revision gets a `control-characters` finding saying so.
    """
    removed: list[str] = []
    if action == "edit":
        refuse_controls(text, "the translation")
        refuse_oversized(text, "the translation", MAX_SEGMENT_CHARS)
    elif action == "machine-translate":
        text, removed = strip_controls(text)
    if comment:
        refuse_controls(comment, "the comment")
        refuse_oversized(comment, "the comment", MAX_COMMENT_CHARS)
    loaded_lock = translation.lock_version
    if expected_lock is not None and expected_lock != loaded_lock:
        raise ConflictError(_conflict_message(translation))
    new_status = status or transition(translation.status, action)
    revision = Revision(
        translation_id=translation.id,
        text=text,
        action=action,
        origin=origin,
        status=new_status,
        author=actor.name if actor else "",
        role=role,
        comment=comment,
        score=score,
    )
    session.add(revision)
    session.flush()
    if not update_translation_if_unchanged(
        session,
        translation,
        loaded_lock,
        status=new_status,
        current_revision_id=revision.id,
        mt_error=None,
        glossary_affected=None,
    ):
        raise ConflictError(_conflict_message(translation))
    if check_context is not None:
        if source is None:
            source = session.get(Segment, translation.segment_id).source
        from translate_flow.services.finding_checks import check_revision

        check_revision(
            session,
            translation,
            revision,
            source,
            check_context,
            actor=actor,
            role=role,
            carried_from=carried_from,
        )
    if removed:
        session.add(_removed_controls_finding(translation, revision, removed))
    return revision


def _removed_controls_finding(
    translation: Translation, revision: Revision, removed: list[str]
) -> Finding:
    shown = ", ".join(dict.fromkeys(describe(piece[0]) for piece in removed))
    return Finding(
        revision_id=revision.id,
        raised_revision_id=revision.id,
        translation_id=translation.id,
        check="control-characters",
        severity="warning",
        message=f"the engine's answer held {len(removed)} control character(s) or terminal "
        f"escape sequence(s) ({shown}); they were removed, check the translation",
        side="target",
    )


def _conflict_message(translation: Translation) -> str:
    return (
        f"segment {translation.segment_id} ({translation.target_lang}) was changed by someone "
        "else since you loaded it; show it again and redo your change"
    )


def check_context_for(
    session: Session,
    article: Article,
    target_lang: str,
    config: Mapping[str, Any] | None = None,
) -> CheckContext:
    """The glossary and the desk's check settings for the pair (qa/settings.py).

    `config` is the desk's configuration (Desk.config); without it the configuration file is read.
    """
    from translate_flow.qa.settings import effective_checks
    from translate_flow.services.glossary import matcher_for

    if config is None:
        from translate_flow.config import load_config

        config = load_config()
    return CheckContext(
        source_lang=article.source_lang,
        target_lang=target_lang,
        matcher=matcher_for(session, (article.source_lang, target_lang)),
        settings=effective_checks(config, article.source_lang, target_lang),
    )
