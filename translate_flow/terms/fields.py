"""The checks every glossary exchange format (TBX, CSV) applies to ids, languages and attributes.

Each function takes the value as found in the file and returns it in the model's form, or raises
`ValueError` with a message the reader prefixes with the file, line and entry. They accept what a
spreadsheet or another terminology tool writes (`Preferred`, `de-DE`) but never guess.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from translate_flow import langs
from translate_flow.errors import InputError
from translate_flow.terms.model import TERM_STATUSES, TERM_TYPES, Termbase
from translate_flow.text.controls import refuse_controls

# Larger files are refused before they are read. A desk glossary is far smaller (the diplomatic
# glossary is under 0.2 MB as TBX); a termbase this size belongs in a terminology system.
MAX_GLOSSARY_BYTES = 64 * 1024 * 1024

# A term is a word or a name, a few dozen characters; the longest official names of the
# diplomatic glossary are under 150. Notes and subjects are a few sentences at most. Far larger
# values are a broken file, and every list, match and check would carry them.
MAX_TERM_CHARS = 500
MAX_NOTE_CHARS = 10_000

CONCEPT_ID = re.compile(r"[A-Za-z0-9._-]+")
CONCEPT_ID_MAX = 100  # the width of concept.id in the database
CASE_VALUES = {"sensitive": True, "insensitive": False}
# A term is a name of its concept or a derived form of it (terms/model.py, Term.derived).
FORM_VALUES = {"derived": True, "name": False}

# A BCP 47 region: two letters (DE, AT) or three digits (419 = Latin America).
_REGION = re.compile(r"[A-Za-z]{2}|[0-9]{3}")


def concept_id(value: str) -> str:
    if not value:
        raise ValueError("no concept id")
    if not CONCEPT_ID.fullmatch(value):
        raise ValueError(f"bad concept id {value!r} (letters, digits, '-', '_', '.')")
    if len(value) > CONCEPT_ID_MAX:
        raise ValueError(f"concept id longer than {CONCEPT_ID_MAX} characters: {value[:20]!r}...")
    return value


@functools.lru_cache(maxsize=512)
def term_language(tag: str) -> str:
    """The model's language code for a tag: "de" and "de-DE" give "de"; "be-tarask" is refused.

    The tag is checked against BCP 47 by translate_flow.langs, the one check of a language code:
    a tag that is no language is refused with a suggestion where one is found ("german" -> "de"),
    and so is a three-letter code of a language BCP 47 writes with two ("deu" -> "de"). Whether
    the desk works in the language is the importer's business: a valid language it does not
    work in is skipped there, not refused here. The desk keeps one variety per language, so a
    region is dropped (a regional spelling carries a usage note instead). A script or variant
    subtag names a different written form (sr-Latn, be-tarask), which must not silently merge
    with the standard one.
    """
    cleaned = tag.strip()
    if not cleaned:
        raise ValueError("no language code")
    language, *subtags = re.split(r"[-_]", cleaned)
    standard = langs.standard_tag(cleaned)
    if standard is None:
        message = langs.unknown_code(cleaned)
        if not message.endswith(")"):  # no language found to suggest
            message += " (a BCP 47 code such as ru, be, de, en; a region may follow: de-DE)"
        raise ValueError(message)
    base = langs.base_lang(standard)
    if base != language.lower():
        raise ValueError(f"unknown language code {tag!r} (BCP 47 writes it {base!r})")
    if len(subtags) > 1 or (subtags and not _REGION.fullmatch(subtags[0])):
        raise ValueError(
            f"language tag {tag!r} names a script or variant; translate-flow keeps one form per "
            "language and accepts only a region after the code (de-DE, de-AT)"
        )
    return base


def term_status(value: str) -> str:
    return _choice(value, TERM_STATUSES, "status")


def term_type(value: str) -> str:
    return _choice(value, TERM_TYPES, "type")


def case_sensitive(value: str) -> bool:
    return CASE_VALUES[_choice(value, tuple(CASE_VALUES), "case")]


def term_form(value: str) -> bool:
    """True for a derived form: "derived" (any case); "name" is the default."""
    return FORM_VALUES[_choice(value, tuple(FORM_VALUES), "form")]


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    for candidate in allowed:
        if candidate.lower() == value.strip().lower():
            return candidate
    raise ValueError(f"unknown {what} {value!r} ({', '.join(allowed)})")


def check_termbase_texts(termbase: Termbase, source_name: str) -> None:
    """Refuse terms, notes and subjects with control characters or over the size limits.

    Raises InputError naming the file, the concept and the field.
    """
    for concept in termbase:
        where = f"{source_name}: concept '{concept.id}'"
        for what, value in (("subject", concept.subject), ("note", concept.note)):
            if value is not None:
                check_text(value, f"{where}: the {what}", MAX_NOTE_CHARS)
        for term in concept.terms:
            check_text(term.text, f"{where}: the {term.lang} term", MAX_TERM_CHARS)
            for what, value in (("note", term.note), ("part of speech", term.pos)):
                if value is not None:
                    check_text(value, f"{where}: the {what} of {term.text[:40]!r}", MAX_NOTE_CHARS)


def check_text(value: str, what: str, limit: int) -> str:
    """`value`, refused when it holds a control character or is longer than `limit`."""
    if len(value) > limit:
        raise InputError(
            f"{what} is {len(value):,} characters long; the limit is {limit:,} "
            "(docs/glossary-format.md)"
        )
    return refuse_controls(value, what)


@dataclass
class LanguageSelection:
    """What of a termbase is in the desk's languages, and what was left out."""

    termbase: Termbase
    skipped_terms: dict[str, int]  # per language the desk does not work in
    skipped_concepts: list[str]  # concepts with no term in the desk's languages


def in_desk_languages(termbase: Termbase, languages: Iterable[str]) -> LanguageSelection:
    """The concepts with only their terms in the desk's languages (`[desk] languages`).

    A termbase from IATE or a partner holds two dozen languages; the desk keeps those it works
    in and counts the rest, rather than refusing the file. A concept with no term left is left
    out as a whole (its subject and note describe terms the desk does not keep).
    """
    wanted = {langs.base_lang(code) for code in languages}
    kept = Termbase()
    skipped: dict[str, int] = {}
    empty: list[str] = []
    for concept in termbase:
        terms = [term for term in concept.terms if term.lang in wanted]
        for term in concept.terms:
            if term.lang not in wanted:
                skipped[term.lang] = skipped.get(term.lang, 0) + 1
        if not terms:
            empty.append(concept.id)
            continue
        if len(terms) < len(concept.terms):
            concept = replace(concept, terms=terms)
        kept.add(concept)
    return LanguageSelection(kept, dict(sorted(skipped.items())), empty)
