"""A terminologist's changes to one concept (add, edit, deprecate) and the glossary's history.

Each change is one transaction: load the acting user (the `glossary-change` permission), apply the
options to the concept as the database has it (terms/editing.py; a bad option raises before
anything is written), then write the concept, a GlossaryChange row with the concept before and
after, the next glossary version and an audit entry, and check again the open translations that
use the concept (services/glossary_recheck.py). A change that changes nothing writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from translate_flow.errors import InputError, NotFoundError, StateError
from translate_flow.services.context import Actor, Desk, audit, load_actor
from translate_flow.services.glossary import (
    bump_glossary_version,
    concept_to_dict,
    glossary_version,
    load_termbase,
    lock_glossary,
    store_concept,
)
from translate_flow.services.glossary_recheck import Recheck, recheck_after_glossary_change
from translate_flow.store import glossary_rows
from translate_flow.store.db import Session, transaction
from translate_flow.store.models import Concept as ConceptRow
from translate_flow.store.models import GlossaryChange
from translate_flow.terms import editing
from translate_flow.terms.model import Concept

PERMISSION = "glossary-change"


@dataclass
class ConceptChange:
    """A terminologist's change to one concept: the concept as it is now, the action (add, edit,
    deprecate), whether anything changed, the glossary version after it, each change
    (terms.editing.diff_concepts) and the re-check of open translations it caused."""

    concept: Concept
    action: str
    changed: bool
    glossary_version: str
    changes: list[dict[str, Any]]
    recheck: Recheck

    def to_json(self) -> dict[str, Any]:
        return {
            "concept": concept_to_dict(self.concept),
            "action": self.action,
            "changed": self.changed,
            "glossary_version": self.glossary_version,
            "changes": self.changes,
            **asdict(self.recheck),
        }


@dataclass
class GlossaryChangeEntry:
    """One change in the glossary's history; `before` and `after` are the concept as stored
    (concept_to_dict), None when it did not exist."""

    id: int
    concept: str
    action: str
    author: str | None
    at: str  # ISO 8601
    changes: list[dict[str, Any]]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def add_concept(
    desk: Desk,
    concept_id: str,
    terms: Sequence[str],
    subject: str | None = None,
    note: str | None = None,
) -> ConceptChange:
    """Add a concept with its terms (`LANG:TEXT[:STATUS][:TYPE]` each); its id must be new."""
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require(PERMISSION)
        lock_glossary(session)
        concept = editing.new_concept(
            concept_id, [editing.parse_term_spec(t) for t in terms], subject, note
        )
        if session.get(ConceptRow, concept.id) is not None:
            raise StateError(
                f"concept '{concept.id}' is already in the glossary; change it with "
                f"'translate-flow glossary edit {concept.id}'"
            )
        return _save(session, actor, role, "add", None, concept, desk.config)


def edit_concept(
    desk: Desk,
    concept_id: str,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    statuses: Sequence[str] = (),
    types: Sequence[str] = (),
    term_notes: Sequence[str] = (),
    subject: str | None = None,
    note: str | None = None,
) -> ConceptChange:
    """Add, remove and change terms, the subject and the note (see terms.editing.edit_concept)."""
    if not (add or remove or statuses or types or term_notes) and subject is None and note is None:
        raise InputError(
            "nothing to change: give --add-term, --remove-term, --set-status, --set-type, "
            "--set-term-note, --subject or --note"
        )
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require(PERMISSION)
        lock_glossary(session)
        before = _load_for_update(session, concept_id)
        after = editing.edit_concept(
            before,
            add=add,
            remove=remove,
            statuses=statuses,
            types=types,
            term_notes=term_notes,
            subject=subject,
            note=note,
        )
        return _save(session, actor, role, "edit", before, after, desk.config)


def deprecate_term(
    desk: Desk,
    concept_id: str,
    term: str,
    *,
    replacement: str | None = None,
    superseded: bool = False,
    note: str | None = None,
) -> ConceptChange:
    """Mark LANG:TERM deprecated (or superseded), optionally naming the term to use instead."""
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require(PERMISSION)
        lock_glossary(session)
        before = _load_for_update(session, concept_id)
        after = editing.deprecate_term(
            before,
            term,
            status="superseded" if superseded else "deprecated",
            replacement=replacement,
            note=note,
        )
        return _save(session, actor, role, "deprecate", before, after, desk.config)


def glossary_history(
    desk: Desk, concept_id: str | None = None, limit: int | None = None
) -> list[GlossaryChangeEntry]:
    """Glossary changes, oldest first (with `limit`, the newest `limit` of them)."""
    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1")
    with transaction(desk.engine, write=False) as session:
        rows = glossary_rows.glossary_changes(session, concept_id, limit)
        if concept_id is not None and not rows and session.get(ConceptRow, concept_id) is None:
            raise NotFoundError(f"concept {concept_id!r} is not in the glossary and has no history")
    return [_history_entry(row) for row in reversed(rows)]


def _history_entry(row: GlossaryChange) -> GlossaryChangeEntry:
    before = json.loads(row.before) if row.before else None
    after = json.loads(row.after) if row.after else None
    return GlossaryChangeEntry(
        id=row.id,
        concept=row.concept_id,
        action=row.action,
        author=row.author,
        at=row.at.isoformat(),
        changes=editing.diff_concepts(before, after),
        before=before,
        after=after,
    )


def _load_for_update(session: Session, concept_id: str) -> Concept:
    # FOR UPDATE (PostgreSQL): two terminologists editing one concept take turns instead of the
    # second silently undoing the first.
    row = glossary_rows.concept_for_update(session, concept_id)
    if row is None:
        raise NotFoundError(
            f"concept {concept_id!r} is not in the glossary (see 'translate-flow glossary list')"
        )
    return load_termbase(session).get(concept_id)


def _save(
    session: Session,
    actor: Actor,
    role: str,
    action: str,
    before: Concept | None,
    after: Concept,
    config: dict | None = None,
) -> ConceptChange:
    old = concept_to_dict(before) if before is not None else None
    new = concept_to_dict(after)
    if old == new:
        return ConceptChange(after, action, False, glossary_version(session), [], Recheck())
    store_concept(session, after)
    session.add(
        GlossaryChange(
            concept_id=after.id,
            action=action,
            author=actor.name,
            before=None if old is None else json.dumps(old, ensure_ascii=False),
            after=json.dumps(new, ensure_ascii=False),
        )
    )
    version = bump_glossary_version(session)
    audit(session, actor, role, f"glossary-{action}", "concept", after.id, before=old, after=new)
    recheck = recheck_after_glossary_change(session, {after.id: before}, config)
    return ConceptChange(
        after, action, True, str(version), editing.diff_concepts(old, new), recheck
    )
