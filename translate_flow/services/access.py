"""Who may read a restricted article, and the restricted part of the translation memory.

A restricted article (`ingest --restricted`) is read by editors and admins, by whoever imported
it, and by the translators an editor assigned to it (`article assign`): its text, translations,
findings, history, exports, reports and the texts the audit log keeps of it. Everyone else sees
that it exists (its id in `status`) but not what it says. In single-user mode the one user reads
all.

Its approved pairs go to a part of the memory of their own (store/models.py RestrictedTMUnit),
searched when restricted work is translated and by readers with the grant (editors, admins), and
exported only on an admin's request (`tm export --restricted`).
"""

from __future__ import annotations

from dataclasses import dataclass

from translate_flow.errors import InputError, PermissionDenied
from translate_flow.services.context import Actor, Desk, audit, load_actor
from translate_flow.store import access as store
from translate_flow.store.db import Session, transaction
from translate_flow.store.lookups import get_article
from translate_flow.store.models import Article, ArticleAssignment
from translate_flow.store.user_queries import user_exists
from translate_flow.tm.memory import DEFAULT_THRESHOLD, MemoryLookup, TMMatch, TranslationMemory
from translate_flow.workflow.roles import EDITOR

# What a reader without the grant sees of a restricted article's title and texts.
RESTRICTED_TEXT = "[restricted]"


def privileged(actor: Actor) -> bool:
    """Reads every restricted article: editors, admins, the user of a single-user desk."""
    return actor.single_user or actor.has(EDITOR)


def may_read(session: Session, actor: Actor, article: Article) -> bool:
    if not article.restricted or privileged(actor) or article.created_by == actor.name:
        return True
    return store.is_assigned(session, article.id, actor.name)


def require_read(session: Session, actor: Actor, article: Article) -> None:
    if not may_read(session, actor, article):
        raise PermissionDenied(
            f"permission denied: article {article.id} is restricted; editors, admins and the "
            f"translators assigned to it read it (an editor assigns with 'translate-flow article "
            f"assign {article.id} {actor.name}')"
        )


def readable_article(session: Session, actor: Actor, article_id: int) -> Article:
    """The article, when the actor may read it; NotFoundError or PermissionDenied otherwise."""
    article = get_article(session, article_id)
    require_read(session, actor, article)
    return article


def hidden_articles(session: Session, actor: Actor) -> set[int]:
    """Ids of the restricted articles the actor may not read."""
    return store.hidden_article_ids(session, actor.name, privileged(actor))


@dataclass
class AssignmentChange:
    """An article's readers after `assign`: `changed` False when it was so already."""

    article: int
    restricted: bool
    user: str
    changed: bool
    assigned: list[str]


@dataclass
class Assignment:
    user: str
    by: str  # the editor who assigned
    at: str  # ISO 8601


@dataclass
class Assignments:
    article: int
    restricted: bool
    assigned: list[Assignment]


def assign(desk: Desk, article_id: int, user_name: str, remove: bool = False) -> AssignmentChange:
    """Let a translator read and work on a restricted article (or take that back)."""
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("assign")
        article = get_article(session, article_id)
        if not user_exists(session, user_name):
            raise InputError(f"{user_name} is not a translate-flow user")
        existing = store.find_assignment(session, article.id, user_name)
        if remove:
            if existing is None:
                raise InputError(f"{user_name} is not assigned to article {article.id}")
            session.delete(existing)
            action = "unassign"
        else:
            if existing is not None:
                return _assignment_result(session, article, user_name, changed=False)
            session.add(
                ArticleAssignment(
                    article_id=article.id, user_name=user_name, assigned_by=actor.name
                )
            )
            action = "assign"
        session.flush()
        audit(session, actor, role, action, "article", article.id, article.id, after=user_name)
        return _assignment_result(session, article, user_name, changed=True)


def _assignment_result(
    session: Session, article: Article, user: str, changed: bool
) -> AssignmentChange:
    return AssignmentChange(
        article=article.id,
        restricted=article.restricted,
        user=user,
        changed=changed,
        assigned=[a.user_name for a in store.assignments(session, article.id)],
    )


def list_assignments(desk: Desk, article_id: int) -> Assignments:
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        article = readable_article(session, actor, article_id)
        return Assignments(
            article=article.id,
            restricted=article.restricted,
            assigned=[
                Assignment(user=a.user_name, by=a.assigned_by, at=a.at.isoformat())
                for a in store.assignments(session, article.id)
            ],
        )


class WithRestrictedUnits:
    """The shared memory plus the restricted pairs of one language pair that the reader may
    read, best matches first."""

    def __init__(
        self,
        shared: MemoryLookup,
        session: Session,
        source_lang: str,
        target_lang: str,
        hidden: set[int] | frozenset[int] = frozenset(),
    ) -> None:
        self.shared = shared
        self.source_lang = source_lang
        self.target_lang = target_lang
        units = store.restricted_units(session, source_lang, target_lang)
        self.restricted = TranslationMemory(
            # Only pairs of articles the reader may read (`hidden`: those they may not).
            ((u.source, u.target) for u in units if u.article_id not in hidden),
            source_lang=source_lang,
            target_lang=target_lang,
        )

    def lookup(
        self, text: str, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[TMMatch]:
        matches = self.restricted.lookup(text, threshold, limit) + self.shared.lookup(
            text, threshold, limit
        )
        # A restricted pair wins a tie: it comes from the desk's own confidential work.
        return sorted(matches, key=lambda m: -m.score)[:limit]
