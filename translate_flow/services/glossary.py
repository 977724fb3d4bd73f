"""The desk's glossary in the database: import, list, find; the matcher the checks use."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from sqlmodel import Session, delete, select

from translate_flow.errors import InputError, NotFoundError
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.models import Concept as ConceptRow
from translate_flow.store.models import GlossaryChange, Meta, utcnow
from translate_flow.store.models import Term as TermRow
from translate_flow.terms.model import Concept, Term, Termbase

GLOSSARY_VERSION_KEY = "glossary_version"

# One matcher per glossary version and process: building it lemmatises every term.
_matcher_cache: dict[tuple, object] = {}


def glossary_version(session: Session) -> str:
    row = session.get(Meta, GLOSSARY_VERSION_KEY)
    return row.value if row else "0"


def _bump_version(session: Session) -> None:
    row = session.get(Meta, GLOSSARY_VERSION_KEY)
    if row is None:
        session.add(Meta(key=GLOSSARY_VERSION_KEY, value="1"))
    else:
        row.value = str(int(row.value) + 1)
        session.add(row)


def load_termbase(session: Session) -> Termbase:
    concepts = {c.id: Concept(c.id, c.subject, c.note) for c in session.exec(select(ConceptRow))}
    for t in session.exec(select(TermRow).order_by(TermRow.concept_id, TermRow.position)):
        concepts[t.concept_id].terms.append(
            Term(t.lang, t.text, t.status, t.type, t.pos, t.case_sensitive, t.note)
        )
    return Termbase(sorted(concepts.values(), key=lambda c: c.id))


def matcher_for(session: Session, langs: tuple[str, ...] | None = None):
    """The TermMatcher for the current glossary, or None when the glossary is empty.

    `langs` limits the index to the languages at hand: building the Belarusian side loads the
    hunspell dictionary, which a Russian article never needs.
    """
    key = (glossary_version(session), langs)
    if key not in _matcher_cache:
        termbase = load_termbase(session)
        if len(termbase) == 0:
            _matcher_cache[key] = None
        else:
            from translate_flow.terms.matcher import TermMatcher

            _matcher_cache[key] = TermMatcher(termbase, langs=langs)
    return _matcher_cache[key]


def concept_to_dict(concept: Concept) -> dict:
    return {
        "id": concept.id,
        "subject": concept.subject,
        "note": concept.note,
        "terms": [asdict(t) for t in concept.terms],
    }


def _store_concept(session: Session, concept: Concept) -> None:
    row = session.get(ConceptRow, concept.id)
    if row is None:
        row = ConceptRow(id=concept.id)
    row.subject = concept.subject
    row.note = concept.note
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    session.exec(delete(TermRow).where(TermRow.concept_id == concept.id))
    for position, term in enumerate(concept.terms):
        session.add(
            TermRow(
                concept_id=concept.id,
                position=position,
                lang=term.lang,
                text=term.text,
                status=term.status,
                type=term.type,
                pos=term.pos,
                case_sensitive=term.case_sensitive,
                note=term.note,
            )
        )


def read_glossary_file(path: str) -> Termbase:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    suffix = p.suffix.lower()
    if suffix in (".glossary", ".txt"):
        from translate_flow.terms.textformat import load_glossary

        return load_glossary(p)
    raise InputError(f"{path}: unknown glossary format {suffix!r} (expected .glossary)")


def import_glossary(desk: Desk, path: str) -> dict:
    """Merge a glossary file into the database: report what was added, changed and removed.

    Concepts are matched by id. Importing the same file twice changes nothing.
    """
    incoming = read_glossary_file(path)
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("glossary-change")
        current = {c.id: c for c in load_termbase(session)}
        added, changed, unchanged = [], [], []
        for concept in incoming:
            before = current.get(concept.id)
            if before is not None and concept_to_dict(before) == concept_to_dict(concept):
                unchanged.append(concept.id)
                continue
            _store_concept(session, concept)
            session.add(
                GlossaryChange(
                    concept_id=concept.id,
                    action="import" if before is None else "edit",
                    author=actor.name,
                    before=None if before is None else json.dumps(concept_to_dict(before)),
                    after=json.dumps(concept_to_dict(concept), ensure_ascii=False),
                )
            )
            (added if before is None else changed).append(concept.id)
        not_in_file = sorted(set(current) - {c.id for c in incoming})
        if added or changed:
            _bump_version(session)
            audit(
                session,
                actor,
                role,
                "glossary-import",
                "glossary",
                path,
                after={"added": added, "changed": changed},
            )
        return {
            "file": path,
            "added": added,
            "changed": changed,
            "unchanged": len(unchanged),
            "not_in_file": not_in_file,
        }


def list_concepts(desk: Desk) -> list[dict]:
    with transaction(desk.engine) as session:
        return [concept_to_dict(c) for c in load_termbase(session)]


def show_concept(desk: Desk, concept_id: str) -> dict:
    with transaction(desk.engine) as session:
        termbase = load_termbase(session)
        concept = termbase.get(concept_id)
        if concept is None:
            raise NotFoundError(f"concept {concept_id!r} is not in the glossary")
        return concept_to_dict(concept)


def find_concepts(desk: Desk, text: str, lang: str | None = None) -> list[dict]:
    """Concepts whose terms occur in `text`, in any word form the matcher understands."""
    from translate_flow.text.langdetect import detect_language

    with transaction(desk.engine) as session:
        matcher = matcher_for(session)
        termbase = load_termbase(session)
    if matcher is None:
        return []
    langs = [lang] if lang else _guess_langs(text, detect_language)
    found: dict[str, dict] = {}
    for lg in langs:
        for hit in matcher.find(text, lg):
            entry = found.setdefault(hit.concept_id, concept_to_dict(termbase.get(hit.concept_id)))
            entry.setdefault("hits", []).append(
                {"lang": lg, "text": hit.text, "term": hit.term.text, "span": [hit.start, hit.end]}
            )
    return list(found.values())


def _guess_langs(text: str, detect_language) -> list[str]:
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        try:
            return [detect_language(text)]
        except InputError:
            return ["ru", "be"]
    return ["de", "en"]
