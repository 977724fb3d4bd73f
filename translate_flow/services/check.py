"""Re-running the quality checks on current translations."""

from __future__ import annotations

from sqlmodel import select

from translate_flow.services.context import Desk, load_actor
from translate_flow.services.queries import all_article_ids, get_article
from translate_flow.services.revisions import check_context_for, store_findings
from translate_flow.store.db import transaction
from translate_flow.store.locking import lock_article
from translate_flow.store.models import Finding, Revision, Segment, Translation
from translate_flow.workflow.states import NOT_APPROVED


def check_articles(desk: Desk, article_ids: list[int] | None, lang: str | None) -> list[dict]:
    """Check every not-yet-approved translation again; person-resolved findings are kept."""
    results = []
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        actor.require("check")
        ids = article_ids or all_article_ids(session)
        # PostgreSQL: parallel checks of one article take turns, so each replaces the open
        # findings the one before stored instead of both adding theirs (SQLite: store/db.py).
        # Locked up front in id order, as a glossary change's recheck does: no deadlock.
        for article_id in sorted(set(ids)):
            lock_article(session, get_article(session, article_id).id)
        for article_id in ids:
            article = get_article(session, article_id)
            query = select(Translation).where(
                Translation.article_id == article.id,
                Translation.status.in_(NOT_APPROVED),
                Translation.current_revision_id.is_not(None),
            )
            if lang:
                query = query.where(Translation.target_lang == lang)
            per_lang: dict[str, dict] = {}
            contexts = {}
            for translation in session.exec(query.order_by(Translation.id)).all():
                tl = translation.target_lang
                if tl not in contexts:
                    contexts[tl] = check_context_for(session, article, tl)
                revision = session.get(Revision, translation.current_revision_id)
                source = session.get(Segment, translation.segment_id).source
                for old in session.exec(
                    select(Finding).where(
                        Finding.revision_id == revision.id, Finding.resolved_at.is_(None)
                    )
                ).all():
                    session.delete(old)
                session.flush()
                rows = store_findings(session, translation, revision, source, contexts[tl])
                counts = per_lang.setdefault(
                    tl,
                    {
                        "article": article.id,
                        "lang": tl,
                        "checked": 0,
                        "errors": 0,
                        "warnings": 0,
                        "by_check": {},
                    },
                )
                counts["checked"] += 1
                for row in rows:
                    counts["errors" if row.severity == "error" else "warnings"] += 1
                    counts["by_check"][row.check] = counts["by_check"].get(row.check, 0) + 1
            results.extend(per_lang.values())
    return results
