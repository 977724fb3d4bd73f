"""Checking open translations again after a glossary change.

A glossary change can make a right translation wrong (a term deprecated) or a wrong one right (a
term admitted). After every change (`glossary add`, `edit`, `deprecate`, `import`), inside the
same transaction, the open (not approved) translations of current article versions whose source or
current target contains a term of a changed concept, as it was before or is after the change, are
checked again, and their findings are stored for the current revision as `check` stores them.

A translation that gets a finding it did not have is "glossary-affected": translation.
glossary_affected names the concepts, `queue --glossary-affected` lists it, and its next revision
clears the mark. A mark whose findings the change took away (a deprecation undone) goes too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from translate_flow.langs import base_lang
from translate_flow.qa.base import CheckContext
from translate_flow.qa.settings import effective_checks
from translate_flow.services.finding_checks import check_revision
from translate_flow.services.glossary import load_termbase, matcher_for
from translate_flow.store import glossary_rows
from translate_flow.store.db import Session
from translate_flow.store.locking import lock_article
from translate_flow.store.models import (
    Article,
    Revision,
    Segment,
    Translation,
)
from translate_flow.terms.model import Concept, Termbase
from translate_flow.workflow.states import NOT_APPROVED


@dataclass
class AffectedTranslation:
    """A translation a glossary change gave new findings: its segment, article, target
    language and the concepts of the new findings."""

    segment: int
    article: int
    lang: str
    concepts: list[str]


@dataclass
class Recheck:
    """What a glossary change checked again: open translations re-checked, how many of them
    got new findings, and those translations."""

    rechecked: int = 0
    with_new_findings: int = 0
    affected: list[AffectedTranslation] = field(default_factory=list)


def recheck_after_glossary_change(
    session: Session,
    before: Mapping[str, Concept | None],
    config: Mapping[str, Any] | None = None,
) -> Recheck:
    """Check again the open translations that use the changed concepts.

    `before` maps each changed concept id to the concept as it was (None: it is new); the
    database already holds the new glossary. A translation is re-checked when its source or its
    text holds a term of a changed concept, old or new.
    `config`: the desk's configuration, for its check settings (else the configuration file).
    """
    report = Recheck()
    if not before:
        return report
    candidates = _open_translations(session)
    if not candidates:
        return report
    from translate_flow.terms.matcher import TermMatcher

    termbase = load_termbase(session)
    langs = sorted(
        {base_lang(article.source_lang) for _, _, article, _ in candidates}
        | {base_lang(translation.target_lang) for translation, _, _, _ in candidates}
    )
    # A matcher over the changed concepts only, old and new terms together: a translation that
    # used a term the change removed needs checking as much as one using a term it added.
    changed = Termbase([_old_and_new(cid, old, termbase.get(cid)) for cid, old in before.items()])
    relevant = TermMatcher(changed, langs=langs)
    # The whole glossary as it is now (in this transaction), for the checks themselves.
    matcher = matcher_for(session, tuple(langs))
    # PostgreSQL: a `check` of these articles running meanwhile would add its findings beside
    # ours; lock the articles first, in id order as `check` does, so neither waits on the other
    # in a circle.
    for article_id in sorted({article.id for _, _, article, _ in candidates}):
        lock_article(session, article_id)
    if config is None:
        from translate_flow.config import load_config

        config = load_config()
    settings: dict[tuple[str, str], dict] = {}
    for translation, segment, article, revision in candidates:
        if not (
            relevant.find(segment.source, article.source_lang)
            or relevant.find(revision.text, translation.target_lang)
        ):
            continue
        pair = (article.source_lang, translation.target_lang)
        if pair not in settings:
            settings[pair] = effective_checks(config, *pair)
        context = CheckContext(*pair, matcher, settings=settings[pair])
        concepts = _check_again(session, translation, segment, revision, context)
        report.rechecked += 1
        if concepts:
            report.with_new_findings += 1
            report.affected.append(
                AffectedTranslation(segment.id, article.id, translation.target_lang, concepts)
            )
    return report


def _open_translations(session: Session) -> list[tuple[Translation, Segment, Article, Revision]]:
    return glossary_rows.open_translations(session, NOT_APPROVED)


def _old_and_new(concept_id: str, old: Concept | None, new: Concept | None) -> Concept:
    terms = (old.terms if old else []) + (new.terms if new else [])
    return Concept(concept_id, terms=terms)


def _check_again(
    session: Session,
    translation: Translation,
    segment: Segment,
    revision: Revision,
    context: CheckContext,
) -> list[str]:
    """Bring the revision's findings up to date; return the concepts of findings it did not have.

    Findings found again keep their ids and dismissals (services/findings.py); a changed
    suggestion is not a new finding.
    """
    outcome = check_revision(session, translation, revision, segment.source, context)
    new_concepts = {r.concept for r in outcome.raised if r.concept}
    still_open = {r.concept for r in outcome.current if r.concept and r.dismissed_at is None}
    marked = {c for c in (translation.glossary_affected or "").split(",") if c} & still_open
    concepts = sorted(new_concepts)
    value = ",".join(sorted(marked | new_concepts)) or None
    if value != translation.glossary_affected:
        # Only while the revision checked is still current: an edit that came in meanwhile has
        # cleared the mark, and its own findings are what counts.
        glossary_rows.mark_glossary_affected(session, translation.id, revision.id, value)
    return concepts
