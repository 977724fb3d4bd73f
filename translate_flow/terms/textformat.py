"""Read and write the glossary text format (`*.glossary`, see docs/glossary-format.md).

Errors name the file and line, because a terminologist fixes them in an editor:
"diplomatic.glossary line 14: unknown status 'prefered' (preferred, admitted, deprecated, ...)".
`dump_glossary` writes the canonical form; `parse_glossary(dump_glossary(tb)) == tb`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from translate_flow import langs
from translate_flow.errors import InputError
from translate_flow.terms import fields
from translate_flow.terms.model import TERM_STATUSES, TERM_TYPES, Concept, Term, Termbase

_CONCEPT_ID = re.compile(r"[A-Za-z0-9._-]+")
# A language code as the desk stores it: ISO 639-1, or three letters for a language without one
# (fil, haw); a three-letter code of a language that has two letters is refused (rus: ru).
_LANG = re.compile(r"[a-z]{2,3}")
# Something that was probably meant as a language code: ru_RU, RU, de-AT, rus.
_LANG_LIKE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z]{2,4})?")
_ATTRIBUTES = ("status", "type", "form", "pos", "case", "note")
_CASE_VALUES = {"sensitive": True, "insensitive": False}
# `form=derived` marks a derived form (terms/model.py); `form=name`, the default, a name.
_FORM_VALUES = {"derived": True, "name": False}


@dataclass
class _Block:
    concept: Concept
    line: int
    seen: set[str] = field(default_factory=set)


def _meant_language(key: str) -> str:
    """ "; did you mean 'ru'?" for a key that names a language another way ("rus", "ru_RU",
    "German"), else nothing."""
    standard = langs.standard_tag(key)
    if standard is not None:
        return f"; did you mean '{langs.base_lang(standard)}'?"
    message = langs.unknown_code(key)
    if "(did you mean" in message:
        return "; " + message.partition("(")[2].rstrip(")")
    return ""


class _Reader:
    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.termbase = Termbase()
        self.block: _Block | None = None
        self.after_blank = False

    def error(self, line_number: int, message: str) -> InputError:
        return InputError(f"{self.source_name} line {line_number}: {message}")

    def read(self, text: str) -> Termbase:
        lines = text.lstrip("\ufeff").splitlines()
        if lines and lines[-1].strip() and not text.endswith(("\n", "\r")):
            # Every editor and dump_glossary end the last line with a line break; without one
            # the file was probably cut off inside an entry, and its last term is cut short.
            raise self.error(
                len(lines),
                "the file ends without a line break, inside an entry; it looks cut off "
                "(if the file is complete, end it with a line break)",
            )
        for number, raw in enumerate(lines, start=1):
            line = raw.strip()
            if not line:
                self.after_blank = True
                continue
            if line.startswith("#"):
                continue
            self.read_line(number, line)
        self.close_block()
        return self.termbase

    def read_line(self, number: int, line: str) -> None:
        key, colon, value = line.partition(":")
        key = key.strip()
        value = value.strip()
        if not colon:
            raise self.error(number, f"expected 'KEY: VALUE', found {line!r}")
        if key == "concept":
            self.start_block(number, value)
            return
        if self.block is None:
            what = "term line" if _LANG_LIKE.fullmatch(key) else f"'{key}:'"
            raise self.error(number, f"{what} before any 'concept:' line")
        if self.after_blank:
            # A blank line ends a block; what follows must start a new one.
            raise self.error(
                number,
                f"expected 'concept: ID' after a blank line, found '{key}:' (blocks are "
                "separated by blank lines, so a block cannot contain one)",
            )
        if key in ("subject", "note"):
            if key in self.block.seen:
                raise self.error(number, f"second '{key}:' in concept '{self.block.concept.id}'")
            if not value:
                raise self.error(number, f"empty '{key}:'")
            self.block.seen.add(key)
            setattr(self.block.concept, key, value)
            return
        if _LANG.fullmatch(key) and (len(key) == 2 or langs.standard_tag(key) == key):
            try:
                lang = fields.term_language(key)
            except ValueError as error:
                raise self.error(number, str(error)) from None
            self.block.concept.terms.append(self.read_term(number, lang, value))
            return
        meant = _meant_language(key)
        if _LANG_LIKE.fullmatch(key):
            raise self.error(
                number,
                f"bad language code '{key}' "
                "(a lowercase ISO 639-1 code: ru, be, de, en; three letters only for a "
                f"language without one{meant})",
            )
        raise self.error(
            number,
            f"unknown field '{key}' (concept, subject, note or a language code like ru{meant})",
        )

    def start_block(self, number: int, concept_id: str) -> None:
        self.close_block()
        if not _CONCEPT_ID.fullmatch(concept_id):
            raise self.error(
                number, f"bad concept id {concept_id!r} (letters, digits, '-', '_', '.')"
            )
        if self.termbase.get(concept_id) is not None:
            raise self.error(number, f"duplicate concept id '{concept_id}'")
        self.block = _Block(Concept(id=concept_id), number)
        self.after_blank = False

    def close_block(self) -> None:
        if self.block is None:
            return
        if not self.block.concept.terms:
            raise self.error(self.block.line, f"concept '{self.block.concept.id}' has no terms")
        self.termbase.add(self.block.concept)
        self.block = None

    def read_term(self, number: int, lang: str, value: str) -> Term:
        text, *attributes = (part.strip() for part in value.split("|"))
        if not text:
            raise self.error(number, f"empty {lang} term")
        term = Term(lang=lang, text=text)
        seen: set[str] = set()
        for attribute in attributes:
            name, equals, setting = (part.strip() for part in attribute.partition("="))
            if not equals:
                raise self.error(number, f"expected 'key=value' after '|', found {attribute!r}")
            if name not in _ATTRIBUTES:
                raise self.error(number, f"unknown attribute '{name}' ({', '.join(_ATTRIBUTES)})")
            if name in seen:
                raise self.error(number, f"attribute '{name}' given twice")
            seen.add(name)
            self.set_attribute(number, term, name, setting)
        assert self.block is not None
        for other in self.block.concept.terms:
            if other.lang == lang and other.text == text:
                raise self.error(
                    number, f"duplicate {lang} term '{text}' in concept '{self.block.concept.id}'"
                )
        return term

    def set_attribute(self, number: int, term: Term, name: str, value: str) -> None:
        if not value:
            raise self.error(number, f"empty value for '{name}'")
        if name == "status":
            if value not in TERM_STATUSES:
                raise self.error(number, f"unknown status '{value}' ({', '.join(TERM_STATUSES)})")
            term.status = value
        elif name == "type":
            if value not in TERM_TYPES:
                raise self.error(number, f"unknown type '{value}' ({', '.join(TERM_TYPES)})")
            term.type = value
        elif name == "case":
            if value not in _CASE_VALUES:
                raise self.error(number, f"unknown case '{value}' (sensitive, insensitive)")
            term.case_sensitive = _CASE_VALUES[value]
        elif name == "form":
            if value not in _FORM_VALUES:
                raise self.error(number, f"unknown form '{value}' (derived, name)")
            term.derived = _FORM_VALUES[value]
        elif name == "pos":
            term.pos = value
        else:
            term.note = value


def parse_glossary(text: str, source_name: str = "<glossary>") -> Termbase:
    """Read glossary text; raise InputError naming `source_name` and the line on any mistake."""
    return _Reader(source_name).read(text)


def load_glossary(path: str | Path) -> Termbase:
    """Read a `.glossary` file (UTF-8)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"glossary not found: {path}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path.name}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InputError(f"cannot read glossary {path}: {error.strerror}") from None
    return parse_glossary(text, path.name)


def _check_value(concept_id: str, what: str, value: str) -> str:
    if "|" in value or "\n" in value or "\r" in value or value != value.strip() or not value:
        raise InputError(
            f"concept '{concept_id}': {what} {value!r} cannot be written to the glossary text "
            "format (empty, surrounding spaces, '|' or a line break)"
        )
    return value


def dump_glossary(termbase: Termbase) -> str:
    """Write the canonical text form: defaults omitted, one blank line between concepts."""
    blocks = []
    for concept in termbase:
        if not _CONCEPT_ID.fullmatch(concept.id):
            raise InputError(f"concept id {concept.id!r} cannot be written to the text format")
        if not concept.terms:
            raise InputError(f"concept '{concept.id}' has no terms")
        lines = [f"concept: {concept.id}"]
        if concept.subject is not None:
            lines.append(f"subject: {_check_value(concept.id, 'subject', concept.subject)}")
        if concept.note is not None:
            lines.append(f"note: {_check_value(concept.id, 'note', concept.note)}")
        for term in concept.terms:
            lines.append(_term_line(concept.id, term))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _term_line(concept_id: str, term: Term) -> str:
    if not _LANG.fullmatch(term.lang):
        raise InputError(f"concept '{concept_id}': bad language code {term.lang!r}")
    if term.status not in TERM_STATUSES or term.type not in TERM_TYPES:
        raise InputError(
            f"concept '{concept_id}': term {term.text!r} has status {term.status!r} and type "
            f"{term.type!r}; the text format knows {', '.join(TERM_STATUSES)} and "
            f"{', '.join(TERM_TYPES)}"
        )
    parts = [f"{term.lang}: {_check_value(concept_id, 'term', term.text)}"]
    if term.status != "preferred":
        parts.append(f"status={term.status}")
    if term.type != "fullForm":
        parts.append(f"type={term.type}")
    if term.derived:
        parts.append("form=derived")
    if term.pos is not None:
        parts.append(f"pos={_check_value(concept_id, 'pos', term.pos)}")
    if term.case_sensitive is not None:
        parts.append(f"case={'sensitive' if term.case_sensitive else 'insensitive'}")
    if term.note is not None:
        parts.append(f"note={_check_value(concept_id, 'note', term.note)}")
    return " | ".join(parts)
