"""Re-running the quality checks on current translations."""

from __future__ import annotations

from dataclasses import dataclass, field

from translate_flow.services.context import Desk, load_actor
from translate_flow.services.finding_checks import check_revision
from translate_flow.services.findings import DISMISSED, FindingView, state_of, view
from translate_flow.services.revisions import check_context_for
from translate_flow.store.db import transaction
from translate_flow.store.locking import lock_article
from translate_flow.store.lookups import all_article_ids, get_article
from translate_flow.store.models import Revision, Segment
from translate_flow.store.revision_rows import checkable_translations
from translate_flow.workflow.states import NOT_APPROVED


@dataclass
class CheckSummary:
    """One article's translation into one language after `check`: translations checked, open
    errors and warnings, dismissed findings, open findings per check, and every open or
    dismissed finding."""

    article: int
    lang: str
    checked: int = 0
    errors: int = 0
    warnings: int = 0
    dismissed: int = 0
    by_check: dict[str, int] = field(default_factory=dict)
    findings: list[FindingView] = field(default_factory=list)


def check_articles(
    desk: Desk, article_ids: list[int] | None, lang: str | None
) -> list[CheckSummary]:
    """Check every not-yet-approved translation again.

    Findings found again keep their ids and their dismissals; those no check raises any more
    are resolved. Per article and language: counts of open errors and warnings, dismissed
    findings, and every open or dismissed finding with its id ("findings").
    """
    results: list[CheckSummary] = []
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("check")
        ids = article_ids or all_article_ids(session)
        # PostgreSQL: parallel checks of one article take turns, so each replaces the open
        # findings the one before stored instead of both adding theirs (SQLite: store/db.py).
        # Locked up front in id order, as a glossary change's recheck does: no deadlock.
        for article_id in sorted(set(ids)):
            lock_article(session, get_article(session, article_id).id)
        for article_id in ids:
            article = get_article(session, article_id)
            per_lang: dict[str, CheckSummary] = {}
            contexts = {}
            for translation in checkable_translations(session, article.id, NOT_APPROVED, lang):
                tl = translation.target_lang
                if tl not in contexts:
                    contexts[tl] = check_context_for(session, article, tl, desk.config)
                revision = session.get(Revision, translation.current_revision_id)
                source = session.get(Segment, translation.segment_id).source
                outcome = check_revision(
                    session, translation, revision, source, contexts[tl], actor, role
                )
                counts = per_lang.setdefault(tl, CheckSummary(article.id, tl))
                counts.checked += 1
                for row in sorted(outcome.current, key=lambda r: r.id):
                    counts.findings.append(view(row, translation.segment_id, article.id, tl))
                    if state_of(row) == DISMISSED:
                        counts.dismissed += 1
                        continue
                    if row.severity == "error":
                        counts.errors += 1
                    else:
                        counts.warnings += 1
                    counts.by_check[row.check] = counts.by_check.get(row.check, 0) + 1
            results.extend(per_lang.values())
    return results
