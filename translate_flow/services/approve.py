"""An editor's approval of an article in one target language; approved text feeds the memory."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from translate_flow.errors import InputError, PermissionDenied, StateError
from translate_flow.qa.base import BLOCKING_SEVERITY
from translate_flow.services.context import Actor, Desk, audit, load_actor
from translate_flow.services.revisions import record_revision
from translate_flow.services.tm import add_unit
from translate_flow.store.access import add_restricted_unit
from translate_flow.store.approval_queries import (
    approval_of_version,
    last_approval_at,
    segments_changed_by,
)
from translate_flow.store.db import Session, transaction
from translate_flow.store.locking import lock_article
from translate_flow.store.lookups import (
    current_origin,
    current_segments,
    current_text,
    current_version,
    get_article,
    get_segment,
    open_findings,
    segment_successors,
    successor_segment,
    translations_by_segment,
)
from translate_flow.store.models import Approval, Article, Finding
from translate_flow.workflow.states import APPROVED, TRANSLATED


@dataclass
class ForcedOver:
    """What a forced approval went past: segment ids."""

    not_accepted: list[int]
    blocking: list[int]  # segments with an open blocking finding


@dataclass
class ApprovalResult:
    article: int
    version: int  # the version's number
    lang: str
    approved_segments: int  # segments this approval moved to approved
    segments: int
    forced: bool
    reason: str | None
    tm_units_added: int
    forced_over: ForcedOver | None  # None unless forced
    # Units an earlier approval of the article made whose text was corrected since.
    tm_units_removed: int = 0


def approve_article(
    desk: Desk, article_id: int, lang: str, force: bool = False, reason: str | None = None
) -> ApprovalResult:
    if force and not (reason and reason.strip()):
        raise InputError("--force needs --reason: the approval records why it was forced")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("force-approve" if force else "approve")
        article = get_article(session, article_id)
        lock_article(session, article.id)  # PostgreSQL: one approval of an article at a time
        version = current_version(session, article)
        segments = current_segments(session, article)
        translations = translations_by_segment(session, [s.id for s in segments], lang)
        missing = [s.id for s in segments if s.id not in translations]
        if len(missing) == len(segments):
            raise StateError(f"article {article_id} has no {lang} translation")
        empty = missing + [
            s.id
            for s in segments
            if s.id in translations and translations[s.id].current_revision_id is None
        ]
        if empty:
            raise StateError(
                f"cannot approve article {article_id} ({lang}): {len(empty)} segment(s) have no "
                f"translation, e.g. segment {empty[0]}"
            )
        if _four_eyes_applies(desk, actor):
            touched = _touched_since_approval(session, actor, article.id, lang, version.id)
            if touched:
                named = ", ".join(touched[:10]) + (" …" if len(touched) > 10 else "")
                raise PermissionDenied(
                    f"four eyes: {actor.name} edited or accepted {len(touched)} segment(s) of "
                    f"article {article_id} ({lang}) since its last approval ({named}); "
                    "a second editor must approve it"
                )
        not_accepted = [
            s.id for s in segments if translations[s.id].status not in (TRANSLATED, APPROVED)
        ]
        # Only open findings block: a dismissed one was judged right by a translator or editor.
        blocking_findings = [
            (s.id, f)
            for s in segments
            for f in open_findings(session, translations[s.id])
            if f.severity == BLOCKING_SEVERITY
        ]
        blocking = sorted({segment_id for segment_id, _ in blocking_findings})
        if not force and (not_accepted or blocking):
            parts = []
            if not_accepted:
                parts.append(
                    f"{len(not_accepted)} segment(s) not accepted yet (e.g. {not_accepted[0]})"
                )
            if blocking:
                parts.append(
                    f"{len(blocking_findings)} open blocking finding(s) in {len(blocking)} "
                    f"segment(s): {_list_findings(blocking_findings)}"
                )
            advice = "review them, or approve with --force --reason"
            if blocking_findings:
                first = blocking_findings[0][1].id
                advice = (
                    "fix them, dismiss one that is right with 'translate-flow finding dismiss "
                    f'{first} --reason "why it is right"\', or approve with --force --reason'
                )
            raise StateError(
                f"cannot approve article {article_id} ({lang}): " + "; ".join(parts) + "; " + advice
            )
        approved = 0
        for segment in segments:
            translation = translations[segment.id]
            if translation.status == APPROVED:
                continue
            text = current_text(session, translation)
            record_revision(
                session,
                translation,
                action="approve" if translation.status == TRANSLATED else "force-approve",
                text=text,
                origin=current_origin(session, translation),
                actor=actor,
                role=role,
                comment=reason if force else None,
            )
            approved += 1
        # A pair an earlier approval of this article put in the memory, since corrected (the
        # editor reopened the segment): the memory offers the correction alone.
        from translate_flow.store.tm_write import remove_superseded_approvals

        texts = {s.id: current_text(session, translations[s.id]) for s in segments}
        approved_now: dict[str, set[str]] = {}
        for segment in segments:
            approved_now.setdefault(segment.source, set()).add(texts[segment.id])
        superseded = remove_superseded_approvals(
            session.connection(), article.id, article.source_lang, lang, approved_now
        )
        added = 0
        for segment in segments:
            text = texts[segment.id]
            if article.restricted:
                # Never into the shared memory: the restricted part (services/access.py).
                if add_restricted_unit(
                    session, article.source_lang, lang, segment.source, text, actor.name, article.id
                ):
                    added += 1
            elif add_unit(
                session,
                article.source_lang,
                lang,
                segment.source,
                text,
                "approval",
                actor.name,
                article.id,
            ):
                added += 1
        approval = Approval(
            article_id=article.id,
            version_id=version.id,
            target_lang=lang,
            editor=actor.name,
            forced=force,
            reason=reason,
        )
        session.add(approval)
        session.flush()
        result = ApprovalResult(
            article=article.id,
            version=version.n,
            lang=lang,
            approved_segments=approved,
            segments=len(segments),
            forced=force,
            reason=reason,
            tm_units_added=added,
            tm_units_removed=superseded,
            forced_over=ForcedOver(not_accepted, blocking) if force else None,
        )
        after = asdict(result)
        audit(session, actor, role, "approve", "article", article.id, article.id, after=after)
        return result


def _list_findings(blocking: list[tuple[int, Finding]], limit: int = 10) -> str:
    named = [
        f"finding {f.id} (segment {segment_id}, {f.check}: {f.message})"
        for segment_id, f in blocking[:limit]
    ]
    more = f", and {len(blocking) - limit} more" if len(blocking) > limit else ""
    return ", ".join(named) + more


def _four_eyes_applies(desk: Desk, actor: Actor) -> bool:
    """The rule needs two editors; a single-user desk (no users defined) has only one person."""
    return not actor.single_user and desk.config.get("workflow", {}).get("four_eyes", True)


def _touched_since_approval(
    session: Session, actor: Actor, article_id: int, lang: str, version_id: int
) -> list[str]:
    """Segments whose translation the actor edited or accepted since the last approval, named
    by their segment in the current version; an edit in an earlier version (before a source
    update, merge or split carried it over) counts too."""
    since = last_approval_at(session, article_id, lang)
    touched = segments_changed_by(session, article_id, lang, actor.name, ("edit", "accept"), since)
    successors = segment_successors(session, article_id) if touched else {}
    named: dict[str, None] = {}
    for segment_id in touched:
        now = successor_segment(session, get_segment(session, segment_id), version_id, successors)
        named[str(now.id) if now is not None else f"{segment_id} of an earlier version"] = None
    return sorted(named, key=lambda name: int(name.split()[0]))


def is_approved(session: Session, article: Article, lang: str) -> bool:
    version = current_version(session, article)
    if approval_of_version(session, version.id, lang) is None:
        return False
    segments = current_segments(session, article)
    translations = translations_by_segment(session, [s.id for s in segments], lang)
    return all(s.id in translations and translations[s.id].status == APPROVED for s in segments)
