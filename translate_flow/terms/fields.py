"""The checks every glossary exchange format (TBX, CSV) applies to ids, languages and attributes.

Each function takes the value as found in the file and returns it in the model's form, or raises
`ValueError` with a message the reader prefixes with the file, line and entry. They accept what a
spreadsheet or another terminology tool writes (`Preferred`, `de-DE`) but never guess.
"""

from __future__ import annotations

import re

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

# ISO 639-1: the two-letter codes the model keeps (the deprecated iw, in, ji, mo, sh are not here).
ISO_639_1 = frozenset(
    """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
    hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
    lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
    or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    """.split()
)
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


def term_language(tag: str) -> str:
    """The model's language code for a tag: "de" and "de-DE" give "de"; "be-tarask" is refused.

    The desk keeps one variety per language, so a region is dropped (a regional spelling carries a
    usage note instead). A script or variant subtag names a different written form (sr-Latn,
    be-tarask), which must not silently merge with the standard one.
    """
    cleaned = tag.strip()
    if not cleaned:
        raise ValueError("no language code")
    language, *subtags = re.split(r"[-_]", cleaned)
    if len(language) != 2 or not language.isascii() or not language.isalpha():
        raise ValueError(
            f"unknown language code {tag!r} (an ISO 639-1 code such as ru, be, de, en, "
            "optionally with a region: de-DE)"
        )
    language = language.lower()
    if language not in ISO_639_1:
        raise ValueError(f"unknown language code {tag!r} ({language!r} is not an ISO 639-1 code)")
    if len(subtags) > 1 or (subtags and not _REGION.fullmatch(subtags[0])):
        raise ValueError(
            f"language tag {tag!r} names a script or variant; translate-flow keeps one form per "
            "language and accepts only a region after the code (de-DE, de-AT)"
        )
    return language


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
