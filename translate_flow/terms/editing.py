"""A terminologist's edits to one concept, and what changed between two versions of a concept.

Pure functions over `terms.model` objects and the dictionaries `services.glossary.concept_to_dict`
makes of them (the shape glossary history keeps as JSON): no database, no clock.

On the command line a term is `LANG:TEXT[:STATUS][:TYPE]` (`ru:ОДКБ:preferred:abbreviation`,
`de:GUS-Staaten:admitted`, `de:OVKS`). Statuses and types have disjoint names, so either may come
first and both may be left out (preferred, fullForm). A reference to an existing term is
`LANG:TEXT`, and a setting `LANG:TEXT=VALUE`. Every edit keeps what the `.glossary` text format can
write back, so `glossary export` never meets a term it cannot hold.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from translate_flow.errors import InputError
from translate_flow.terms import fields
from translate_flow.terms.model import (
    REJECTED_STATUSES,
    TERM_STATUSES,
    TERM_TYPES,
    Concept,
    Term,
)

CONCEPT_ID = re.compile(r"[A-Za-z0-9._-]+")
_LANG = re.compile(r"[a-z]{2}")
# The fields of a term a terminologist changes in place (the text and language identify it).
TERM_FIELDS = ("status", "type", "pos", "case_sensitive", "note", "derived")


def check_concept_id(concept_id: str) -> str:
    if not CONCEPT_ID.fullmatch(concept_id):
        raise InputError(f"bad concept id {concept_id!r} (letters, digits, '-', '_', '.')")
    return concept_id


def check_lang(lang: str) -> str:
    if not _LANG.fullmatch(lang):
        raise InputError(
            f"bad language code {lang!r} (a two-letter lowercase ISO 639-1 code: ru, be, de, en)"
        )
    return lang


def check_status(status: str) -> str:
    if status not in TERM_STATUSES:
        raise InputError(f"unknown status {status!r} ({', '.join(TERM_STATUSES)})")
    return status


def check_type(term_type: str) -> str:
    if term_type not in TERM_TYPES:
        raise InputError(f"unknown term type {term_type!r} ({', '.join(TERM_TYPES)})")
    return term_type


def clean_text(value: str, what: str) -> str:
    """A term, note or subject as the text format can hold it: one line, no '|', trimmed."""
    value = value.strip()
    if not value:
        raise InputError(f"empty {what}")
    if "|" in value or "\n" in value or "\r" in value:
        raise InputError(f"{what} {value!r} cannot contain '|' or a line break")
    limit = fields.MAX_NOTE_CHARS if "note" in what or what == "subject" else fields.MAX_TERM_CHARS
    return fields.check_text(value, f"the {what}", limit)


def parse_term_ref(spec: str) -> tuple[str, str]:
    """`de:Weißrussland` -> ("de", "Weißrussland")."""
    lang, colon, text = spec.partition(":")
    if not colon:
        raise InputError(f"expected LANG:TERM, found {spec!r} (for example de:Weißrussland)")
    return check_lang(lang.strip()), clean_text(text, f"{lang.strip()} term")


def parse_term_spec(spec: str) -> Term:
    """`ru:ОДКБ:preferred:abbreviation` -> Term; status and type are optional, in any order, and
    `derived` marks a derived form (`de:russisch:derived`)."""
    lang, colon, rest = spec.partition(":")
    if not colon:
        raise InputError(
            f"expected LANG:TERM[:STATUS][:TYPE], found {spec!r} (for example de:OVKS:abbreviation)"
        )
    text, *settings = rest.split(":")
    term = Term(lang=check_lang(lang.strip()), text=clean_text(text, f"{lang.strip()} term"))
    seen: set[str] = set()
    for setting in (s.strip() for s in settings):
        if setting == "derived" and not term.derived:
            term.derived = True
            continue
        field = "status" if setting in TERM_STATUSES else "type" if setting in TERM_TYPES else None
        if field is None:
            raise InputError(
                f"{spec!r}: {setting!r} is neither a status ({', '.join(TERM_STATUSES)}) nor a "
                f"type ({', '.join(TERM_TYPES)}) nor 'derived'; a term cannot contain ':'"
            )
        if field in seen:
            raise InputError(f"{spec!r}: two {field}s")
        seen.add(field)
        setattr(term, field, setting)
    return term


def parse_assignment(spec: str) -> tuple[str, str, str]:
    """`de:Weißrussland=deprecated` -> ("de", "Weißrussland", "deprecated")."""
    # The first "=": a term has none, a note may.
    ref, equals, value = spec.partition("=")
    if not equals or not ref:
        raise InputError(f"expected LANG:TERM=VALUE, found {spec!r} (for example de:X=admitted)")
    lang, text = parse_term_ref(ref)
    return lang, text, value.strip()


def find_term(concept: Concept, lang: str, text: str) -> Term:
    for term in concept.terms:
        if term.lang == lang and term.text == text:
            return term
    known = ", ".join(t.text for t in concept.terms_in(lang))
    listing = f"its {lang} terms: {known}" if known else f"it has no {lang} term"
    raise InputError(f"concept '{concept.id}' has no {lang} term {text!r} ({listing})")


def new_concept(
    concept_id: str, terms: list[Term], subject: str | None = None, note: str | None = None
) -> Concept:
    if not terms:
        raise InputError(f"concept '{concept_id}' needs at least one term (--term LANG:TEXT)")
    concept = Concept(
        id=check_concept_id(concept_id),
        subject=None if subject is None else clean_text(subject, "subject"),
        note=None if note is None else clean_text(note, "note"),
    )
    for term in terms:
        add_term(concept, term)
    return concept


def add_term(concept: Concept, term: Term, before: Term | None = None) -> None:
    """Add a term (before `before`, else at the end); the same LANG:TEXT twice is refused."""
    if any(t.lang == term.lang and t.text == term.text for t in concept.terms):
        raise InputError(f"concept '{concept.id}' already has the {term.lang} term {term.text!r}")
    position = len(concept.terms) if before is None else concept.terms.index(before)
    concept.terms.insert(position, term)


def remove_term(concept: Concept, lang: str, text: str) -> None:
    concept.terms.remove(find_term(concept, lang, text))
    if not concept.terms:
        raise InputError(
            f"cannot remove the last term of concept '{concept.id}': a concept needs a term"
        )


def edit_concept(
    concept: Concept,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    statuses: Sequence[str] = (),
    types: Sequence[str] = (),
    term_notes: Sequence[str] = (),
    subject: str | None = None,
    note: str | None = None,
) -> Concept:
    """A changed copy of `concept`. Applied in this order: remove, add, statuses, types, term
    notes, subject, note. An empty subject, note or term note removes it."""
    result = copy.deepcopy(concept)
    for spec in remove:
        remove_term(result, *parse_term_ref(spec))
    for spec in add:
        add_term(result, parse_term_spec(spec))
    for spec in statuses:
        lang, text, value = parse_assignment(spec)
        find_term(result, lang, text).status = check_status(value)
    for spec in types:
        lang, text, value = parse_assignment(spec)
        find_term(result, lang, text).type = check_type(value)
    for spec in term_notes:
        lang, text, value = parse_assignment(spec)
        find_term(result, lang, text).note = clean_text(value, "term note") if value else None
    if subject is not None:
        result.subject = clean_text(subject, "subject") if subject.strip() else None
    if note is not None:
        result.note = clean_text(note, "note") if note.strip() else None
    return result


def deprecate_term(
    concept: Concept,
    term_ref: str,
    *,
    status: str = "deprecated",
    replacement: str | None = None,
    note: str | None = None,
) -> Concept:
    """A copy of `concept` in which LANG:TERM is deprecated (or superseded).

    `replacement` names the term to use instead, in the same language: an existing term becomes
    preferred; a new one is added as preferred just before the deprecated term, with its type and
    part of speech, so it comes first where the deprecated term stood.
    """
    if status not in REJECTED_STATUSES:
        raise InputError(f"a term is deprecated or superseded, not {status!r}")
    result = copy.deepcopy(concept)
    lang, text = parse_term_ref(term_ref)
    term = find_term(result, lang, text)
    term.status = status
    if note is not None:
        term.note = clean_text(note, "term note") if note.strip() else None
    if replacement is not None:
        wanted = clean_text(replacement.removeprefix(f"{lang}:"), "replacement")
        if wanted == text:
            raise InputError(f"{lang}:{text} cannot replace itself")
        existing = [t for t in result.terms_in(lang) if t.text == wanted]
        if existing:
            existing[0].status = "preferred"
        else:
            add_term(result, Term(lang, wanted, "preferred", term.type, term.pos), before=term)
    return result


# What changed between two versions of a concept (dictionaries as concept_to_dict makes them).


def diff_concepts(before: dict | None, after: dict | None) -> list[dict[str, Any]]:
    """The changes from `before` to `after`, each {change, lang, term, field, before, after}.

    `change` is "added" or "removed" (a term, or the concept itself when one side is None),
    "changed" (a field of a term, or the concept's subject or note) or "reordered".
    """
    changes: list[dict[str, Any]] = []
    if before is None or after is None:
        present = after if before is None else before
        kind = "added" if before is None else "removed"
        changes.append(_change(kind))
        for term in present["terms"]:
            summary = _term_summary(term)
            old, new = (None, summary) if before is None else (summary, None)
            changes.append(_change(kind, term["lang"], term["text"], old=old, new=new))
        return changes
    for field in ("subject", "note"):
        if before.get(field) != after.get(field):
            changes.append(_change("changed", field=field, old=before.get(field), new=after[field]))
    old_terms = {(t["lang"], t["text"]): t for t in before["terms"]}
    new_terms = {(t["lang"], t["text"]): t for t in after["terms"]}
    for key, term in old_terms.items():
        if key not in new_terms:
            changes.append(_change("removed", *key, old=_term_summary(term)))
    for key, term in new_terms.items():
        old = old_terms.get(key)
        if old is None:
            changes.append(_change("added", *key, new=_term_summary(term)))
            continue
        for field in TERM_FIELDS:
            if old.get(field) != term.get(field):
                changes.append(_change("changed", *key, field, old.get(field), term.get(field)))
    if not changes and before != after:
        changes.append(_change("reordered"))
    return changes


def _change(
    change: str,
    lang: str | None = None,
    term: str | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
) -> dict[str, Any]:
    return {
        "change": change,
        "lang": lang,
        "term": term,
        "field": field,
        "before": old,
        "after": new,
    }


def _term_summary(term: dict) -> str:
    derived = ", derived" if term.get("derived") else ""
    return f"{term['status']}, {term['type']}{derived}"


def describe_change(change: dict[str, Any]) -> str:
    """One line for a person: "+ de: GUS-Staaten (admitted, fullForm)", "de: X status a → b"."""
    kind, lang, term = change["change"], change["lang"], change["term"]
    if term is None:
        if kind == "changed":
            return f"{change['field']}: {_shown(change['before'])} → {_shown(change['after'])}"
        return {"added": "concept added", "removed": "concept removed"}.get(kind, "terms reordered")
    if kind == "added":
        return f"+ {lang}: {term} ({change['after']})"
    if kind == "removed":
        return f"- {lang}: {term}"
    old, new = _shown(change["before"]), _shown(change["after"])
    return f"{lang}: {term}: {change['field']} {old} → {new}"


def _shown(value: Any) -> str:
    return "(none)" if value is None else str(value)
