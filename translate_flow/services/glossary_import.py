"""Merging a glossary file into the desk's glossary (`glossary import`).

Apart from services/glossary.py because an import checks open translations again
(services/glossary_recheck.py), which reads the glossary through services/glossary.py.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from translate_flow.langs import desk_languages
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.services.glossary import (
    GlossaryFileSummary,
    bump_glossary_version,
    concept_to_dict,
    load_termbase,
    lock_glossary,
    read_glossary_file_with_summary,
    remove_concept,
    same_concept,
    store_concept,
)
from translate_flow.services.glossary_recheck import Recheck, recheck_after_glossary_change
from translate_flow.store.db import transaction
from translate_flow.store.models import GlossaryChange
from translate_flow.terms.fields import in_desk_languages
from translate_flow.terms.model import Concept, Term


@dataclass
class KeptTerm:
    """A term of a concept in the file that the file does not list: it stays."""

    concept: str
    lang: str
    term: str


@dataclass
class GlossaryImport:
    """What an import did (or, `dry_run`, would do): concepts added, changed and removed by id,
    how many were unchanged, the concepts and terms the file leaves out that stay, and the
    re-check of open translations (None on a dry run)."""

    file: str
    summary: GlossaryFileSummary
    dry_run: bool
    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: int
    not_in_file: list[str]
    kept_terms: list[KeptTerm] = field(default_factory=list)
    recheck: Recheck | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
            "file": self.file,
            "summary": self.summary,
            "dry_run": self.dry_run,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "not_in_file": self.not_in_file,
            "kept_terms": [asdict(t) for t in self.kept_terms],
        }
        if self.recheck is not None:
            data |= asdict(self.recheck)
        return data


def import_glossary(
    desk: Desk, path: str, remove_missing: bool = False, dry_run: bool = False
) -> GlossaryImport:
    """Merge a glossary file into the database: report what was added, changed and removed.

    Concepts are matched by id. Importing the same file twice, or a file the desk exported in any
    format, changes nothing: no history, no version bump, no re-check. An import only adds and
    changes: a concept in the database but not in the file is reported (`not_in_file`), and so
    is a term of a concept in the file that the file does not list (`kept_terms`), and both
    stay, since a file may hold part of the glossary. Terms in a language the desk does not
    work in (`[desk] languages`) are skipped and counted in the summary (`skipped_terms` per
    language, `skipped_concepts` for concepts with no other term), so a termbase in two dozen
    languages imports. With `remove_missing` the file is the whole
    truth: such concepts and terms are deleted, each change with a GlossaryChange row. With
    `dry_run` the same report is returned and nothing is written.
    """
    incoming, summary = read_glossary_file_with_summary(path)
    # Terms in languages the desk does not work in are counted and left out, not refused.
    selection = in_desk_languages(incoming, desk_languages(desk.config))
    incoming = selection.termbase
    summary.skipped_terms = selection.skipped_terms
    summary.skipped_concepts = len(selection.skipped_concepts)
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("glossary-change")
        lock_glossary(session)
        current = {c.id: c for c in load_termbase(session)}
        added, changed, unchanged = [], [], []
        kept_terms: list[KeptTerm] = []
        planned: list[tuple[Concept, Concept | None]] = []
        for concept in incoming:
            before = current.get(concept.id)
            if before is not None and not remove_missing:
                concept, kept = _merged(before, concept)
                kept_terms += [KeptTerm(concept.id, t.lang, t.text) for t in kept]
            if before is not None and same_concept(before, concept):
                unchanged.append(concept.id)
                continue
            planned.append((concept, before))
            (added if before is None else changed).append(concept.id)
        not_in_file = sorted(set(current) - {c.id for c in incoming})
        removed = not_in_file if remove_missing else []
        if remove_missing:
            not_in_file = []
        report = GlossaryImport(
            file=path,
            summary=summary,
            dry_run=dry_run,
            added=added,
            changed=changed,
            removed=removed,
            unchanged=len(unchanged),
            not_in_file=not_in_file,
            kept_terms=kept_terms,
        )
        if dry_run:
            return report
        for concept, before in planned:
            store_concept(session, concept)
            session.add(
                GlossaryChange(
                    concept_id=concept.id,
                    action="import" if before is None else "edit",
                    author=actor.name,
                    before=None if before is None else json.dumps(concept_to_dict(before)),
                    after=json.dumps(concept_to_dict(concept), ensure_ascii=False),
                )
            )
        for concept_id in removed:
            remove_concept(session, actor.name, current[concept_id])
        if added or changed or removed:
            bump_glossary_version(session)
            audit(
                session,
                actor,
                role,
                "glossary-import",
                "glossary",
                path,
                after={"added": added, "changed": changed, "removed": removed},
            )
        # Open translations using the added, changed or removed concepts are checked again.
        report.recheck = recheck_after_glossary_change(
            session,
            {concept_id: current.get(concept_id) for concept_id in added + changed + removed},
            desk.config,
        )
        return report


def _merged(before: Concept, incoming: Concept) -> tuple[Concept, list[Term]]:
    """`incoming` with what the file does not mention kept from `before`: its terms the file
    does not list (after the file's own, in their order) and a subject or note the file leaves
    empty. Returns the merged concept and the terms kept."""
    listed = {(t.lang, t.text) for t in incoming.terms}
    kept = [t for t in before.terms if (t.lang, t.text) not in listed]
    merged = Concept(
        incoming.id,
        incoming.subject if incoming.subject is not None else before.subject,
        incoming.note if incoming.note is not None else before.note,
    )
    merged.terms = [*incoming.terms, *kept]
    return merged, kept
