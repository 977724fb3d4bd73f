"""Read and write TBX termbases: TBX v3 (ISO 30042:2019, root `tbx`) and TBX 2.0 (root `martif`).

Reading takes TBX-Basic v3 in both styles, DCA (`<termNote type="termType">`) and DCT (the data
category is the element: `<basic:termType>`, `<min:subjectField>`), and TBX 2.0 with `tig` or
`ntig` term sections. The file is streamed entry by entry through formats.xmlsafe (no entities, no
DTD, no network), so memory holds the termbase, not the XML tree.

Files from other tools are read, not refused: a picklist value outside TBX-Basic becomes the
nearest one (tbx_picklists.py), an entry without a usable id gets a stable one made from its
terms, what the model has no place for is left out, and a TbxReport counts all of it for the
import summary. Only a file that is not TBX, not well-formed or not safe XML, or that would lose
terms silently (a duplicate id, a duplicate term, an unknown language) is refused.

Writing gives TBX-Basic v3 DCA, valid against the TBX-Basic RELAX NG schema and the DCA Schematron
rules, or TBX 2.0 (TBX-Basic, martif). What the model keeps that TBX-Basic has no data category
for (case sensitivity, a part of speech outside its picklist, a derived form) travels as a term
note in the form the text format uses, `case=sensitive`, `pos=properNoun` or `form=derived`, so
export and import are lossless.
docs/glossary-format.md documents the whole mapping.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from translate_flow.errors import InputError
from translate_flow.formats.xmlsafe import iterparse_safe, text_without
from translate_flow.terms import fields
from translate_flow.terms.model import Concept, Term, Termbase
from translate_flow.terms.tbx_picklists import nearest_status, nearest_type

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# In DCA style these elements carry a data category named by their `type` attribute.
_DCA_CARRIERS = frozenset(
    {
        "descrip",
        "descripNote",
        "termNote",
        "admin",
        "adminNote",
        "transac",
        "transacNote",
        "ref",
        "xref",
    }
)
# A *Grp element wraps one data category and its source or note; the first child says which.
_GROUPS = frozenset({"descripGrp", "adminGrp", "termNoteGrp"})

_STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "superseded": "supersededTerm-admn-sts",
}
_STATUS_FROM_TBX = {value.lower(): status for status, value in _STATUS_TO_TBX.items()}
# TBX-Min names two of them differently.
_STATUS_FROM_TBX |= {"notrecommended": "deprecated", "obsolete": "superseded"}
# TBX-Basic's termType has one value the model lacks: a phrase is a full form of several words.
_TYPE_ALIASES = {"phrase": "fullForm"}
# What the reader takes from an entry, a language section and a term section; the rest is
# counted as ignored in the report.
_ENTRY_USED = frozenset({"subjectField", "definition", "note"})
_LANGUAGE_USED = frozenset({"definition"})
_TERM_USED = frozenset({"term", "administrativeStatus", "termType", "partOfSpeech", "note"})
# TBX-Basic v3 allows only these parts of speech (the DCA Schematron checks it).
_BASIC_POS = frozenset({"adjective", "noun", "other", "verb", "adverb"})
_ATTRIBUTE_NOTE = re.compile(r"(case)=(sensitive|insensitive)|(pos)=(\S+)|(form)=(derived)")
_LINE_BREAKS = re.compile(r"\s*[\r\n]\s*")


@dataclass(frozen=True)
class _Dialect:
    entry: str
    language: str
    term_sections: frozenset[str]


_V3 = _Dialect("conceptEntry", "langSec", frozenset({"termSec"}))
_V2 = _Dialect("termEntry", "langSet", frozenset({"tig", "ntig"}))


@dataclass
class TbxReport:
    """What reading a file from another tool changed or left out, for the import summary."""

    # "termType synonym → variant": how many terms.
    mapped: Counter[str] = field(default_factory=Counter)
    # "transacGrp", "entry without terms": how many were left out.
    ignored: Counter[str] = field(default_factory=Counter)
    # Entries without a usable id, given a stable one made from their terms.
    ids_assigned: int = 0


def load_tbx(path: str | Path) -> Termbase:
    """Read a TBX file, v3 or 2.0 (told apart by the root element)."""
    return load_tbx_with_report(path)[0]


def load_tbx_with_report(path: str | Path) -> tuple[Termbase, TbxReport]:
    """Read a TBX file and say what was mapped to TBX-Basic values or left out."""
    path = Path(path)
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"glossary not found: {path}") from None
    except OSError as error:
        raise InputError(f"cannot read glossary {path}: {error.strerror}") from None
    with stream:
        reader = _Reader(path.name)
        return reader.read(stream), reader.report


def parse_tbx(data: bytes, source_name: str = "<tbx>") -> Termbase:
    """Read TBX from bytes; raise InputError naming `source_name`, the line and the entry."""
    return parse_tbx_with_report(data, source_name)[0]


def parse_tbx_with_report(data: bytes, source_name: str = "<tbx>") -> tuple[Termbase, TbxReport]:
    reader = _Reader(source_name)
    return reader.read(io.BytesIO(data)), reader.report


class _Reader:
    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.termbase = Termbase()
        self.first_lines: dict[str, int | None] = {}
        self.dialect: _Dialect | None = None
        self.core_namespace = ""
        self.report = TbxReport()
        # Entries without a usable id, given one when the file has been read (ids must not
        # clash with ids that come later in the file).
        self.unnamed: list[tuple[int | None, Concept]] = []

    def error(self, line: int | None, message: str, entry: str | None = None) -> InputError:
        where = f"{self.source_name} line {line}" if line else self.source_name
        if entry:
            message = f"entry '{entry}': {message}"
        return InputError(f"{where}: {message}")

    def read(self, stream: IO[bytes]) -> Termbase:
        events = iterparse_safe(stream, self.source_name, events=("start", "end"))
        for event, element in events:
            if self.dialect is None:
                self.start(element)
            elif event == "end" and _local(element.tag) == self.dialect.entry:
                concept = self.read_entry(element)
                if concept is not None and concept.id:
                    self.termbase.add(concept)
                # Drop what is read, so a large file never becomes a large tree.
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del element.getparent()[0]
        for _line, concept in self.unnamed:
            concept.id = self.stable_id(concept)
            self.termbase.add(concept)
        return self.termbase

    def stable_id(self, concept: Concept) -> str:
        """An id made from the entry's terms: the same file gives the same ids every time."""
        digest = hashlib.sha256(
            "\n".join(f"{t.lang}\t{t.text}" for t in concept.terms).encode("utf-8")
        ).hexdigest()
        candidate = f"tbx-{digest[:12]}"
        n = 1
        while candidate in self.first_lines:
            n += 1
            candidate = f"tbx-{digest[:12]}-{n}"
        self.first_lines[candidate] = None
        self.report.ids_assigned += 1
        return candidate

    def start(self, root: Any) -> None:
        namespace, local = _split(root.tag)
        if local == "tbx":
            self.dialect = _V3
        elif local == "martif":
            self.dialect = _V2
        else:
            raise self.error(
                root.sourceline,
                f"root element <{local}> is neither TBX v3 <tbx> nor TBX 2.0 <martif>",
            )
        self.core_namespace = namespace

    def category(self, element: Any) -> str:
        """The data category an element holds: 'subjectField', 'note', 'langSec', 'term', ..."""
        namespace, local = _split(element.tag)
        if namespace != self.core_namespace:
            return local  # DCT style: <min:subjectField>
        if local in _DCA_CARRIERS:
            return element.get("type", "")
        return local

    def read_entry(self, element: Any) -> Concept | None:
        """The entry's concept; None for an entry without terms (counted as ignored). A concept
        whose entry has no usable id gets its id once the whole file is read."""
        assert self.dialect is not None
        line = element.sourceline
        raw_id = (element.get("id") or "").strip()
        concept_id = ""
        if raw_id:
            try:
                concept_id = fields.concept_id(_id_from_xml(raw_id))
            except ValueError:
                # Another tool's id (a GUID with braces, a name with spaces) is not one of ours.
                self.report.mapped["concept id not usable here → made from the terms"] += 1
        if concept_id in self.first_lines:
            first = self.first_lines[concept_id]
            raise self.error(line, f"duplicate concept id '{concept_id}' (first at line {first})")
        if concept_id:
            self.first_lines[concept_id] = line
        concept = Concept(concept_id)
        subjects: list[str] = []
        definitions: list[str] = []
        notes: list[str] = []
        language_definitions: list[str] = []
        for child in _fields(element):
            kind = self.category(child)
            if kind == "subjectField":
                subjects.append(_text(child))
            elif kind == "definition":
                definitions.append(_text(child))
            elif kind == "note":
                notes.append(_text(child))
            elif kind == self.dialect.language:
                self.read_language(child, concept, language_definitions)
            else:
                self.ignore(child, kind)
        if not concept.terms:
            self.report.ignored["entry without terms"] += 1
            return None
        concept.subject = _join(subjects)
        # The model has one concept note: the definition, else a language's definition, else notes.
        concept.note = _join(definitions) or _join(language_definitions[:1]) or _join(notes)
        if not concept.id:
            self.unnamed.append((line, concept))
        return concept

    def ignore(self, element: Any, kind: str) -> None:
        self.report.ignored[kind or _local(element.tag)] += 1

    def read_language(self, element: Any, concept: Concept, definitions: list[str]) -> None:
        assert self.dialect is not None
        tag = element.get(XML_LANG)
        if tag is None:
            raise self.error(
                element.sourceline, f"<{self.dialect.language}> without xml:lang", concept.id
            )
        try:
            lang = fields.term_language(tag)
        except ValueError as problem:
            raise self.error(element.sourceline, str(problem), concept.id) from None
        for child in _fields(element):
            kind = self.category(child)
            if kind == "definition":
                definitions.append(_text(child))
            elif kind in self.dialect.term_sections:
                term = self.read_term(child, lang, concept.id)
                if term is None:
                    self.report.ignored["term section without a term"] += 1
                    continue
                if any(t.lang == lang and t.text == term.text for t in concept.terms):
                    raise self.error(
                        child.sourceline, f"duplicate {lang} term '{term.text}'", concept.id
                    )
                concept.terms.append(term)
            else:
                self.ignore(child, kind)

    def read_term(self, section: Any, lang: str, concept_id: str) -> Term | None:
        term = Term(lang=lang, text="")
        notes: list[str] = []
        for child in _term_fields(section, self.category):
            kind = self.category(child)
            value = _text(child)
            try:
                if kind == "term":
                    term.text = value
                elif kind == "administrativeStatus":
                    term.status = self.status(value)
                elif kind == "termType":
                    term.type = self.term_type(value)
                elif kind == "partOfSpeech":
                    term.pos = value or None
                elif kind == "note":
                    attribute = _ATTRIBUTE_NOTE.fullmatch(value)
                    if attribute is None:
                        notes.append(value)
                    elif attribute[1] == "case":
                        term.case_sensitive = attribute[2] == "sensitive"
                    elif attribute[5] == "form":
                        term.derived = True
                    else:
                        term.pos = attribute[4]
                elif kind not in _TERM_USED:
                    self.ignore(child, kind)
            except ValueError as problem:
                raise self.error(child.sourceline, str(problem), concept_id) from None
        if not term.text:
            return None
        term.note = _join(notes)
        return term

    def status(self, value: str) -> str:
        status = _STATUS_FROM_TBX.get(value.lower())
        if status is not None:
            return status
        try:
            return fields.term_status(value)
        except ValueError:
            pass
        nearest = nearest_status(value)
        self.report.mapped[f"administrativeStatus {value} → {nearest}"] += 1
        return nearest

    def term_type(self, value: str) -> str:
        try:
            return fields.term_type(_TYPE_ALIASES.get(value, value))
        except ValueError:
            pass
        nearest = nearest_type(value)
        self.report.mapped[f"termType {value} → {nearest}"] += 1
        return nearest


def _fields(element: Any) -> Iterator[Any]:
    """The element's children, each group replaced by the data category it wraps."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment or processing instruction
        if _local(child.tag) in _GROUPS:
            first = next((c for c in child if isinstance(c.tag, str)), None)
            if first is not None:
                yield first
        else:
            yield child


def _term_fields(section: Any, category: Any) -> Iterator[Any]:
    # TBX 2.0's ntig puts the term and its termNotes in a termGrp, the notes beside it.
    for child in _fields(section):
        if category(child) == "termGrp":
            yield from _fields(child)
        else:
            yield child


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _local(tag: Any) -> str:
    return _split(tag)[1] if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    # Exporters indent long text over several lines; the model keeps each value on one line.
    return _LINE_BREAKS.sub(" ", text_without(element, frozenset())).strip()


def _join(values: list[str]) -> str | None:
    return " ".join(v for v in values if v) or None


def _xml_id(concept_id: str) -> str:
    """Our ids may start with a digit, '-' or '.', an XML ID may not: such ids get a '_' prefix.

    Ids that start with '_' get one too, so reading strips exactly one and gives the id back.
    """
    return f"_{concept_id}" if concept_id[0] in "0123456789.-_" else concept_id


def _id_from_xml(xml_id: str) -> str:
    return xml_id[1:] if xml_id.startswith("_") and len(xml_id) > 1 else xml_id


# ---- writing


def dump_tbx(termbase: Termbase) -> bytes:
    """TBX-Basic v3, DCA style (ISO 30042:2019)."""
    return _Writer(_V3).write(termbase)


def dump_tbx2(termbase: Termbase) -> bytes:
    """TBX 2.0 (ISO 30042:2008), TBX-Basic, root `martif`."""
    return _Writer(_V2).write(termbase)


class _Writer:
    def __init__(self, dialect: _Dialect) -> None:
        self.dialect = dialect
        self.v3 = dialect is _V3

    def tag(self, local: str) -> str:
        return f"{{{TBX_NAMESPACE}}}{local}" if self.v3 else local

    def sub(self, parent: Any, local: str, text: str | None = None, **attributes: str) -> Any:
        from lxml import etree

        element = etree.SubElement(parent, self.tag(local), attributes)
        if text is not None:
            element.text = text
        return element

    def write(self, termbase: Termbase) -> bytes:
        from lxml import etree

        if self.v3:
            root = etree.Element(self.tag("tbx"), nsmap={None: TBX_NAMESPACE})
            root.set("type", "TBX-Basic")
            root.set("style", "dca")
            header = self.sub(root, "tbxHeader")
        else:
            root = etree.Element("martif", type="TBX-Basic")
            header = self.sub(root, "martifHeader")
        root.set(XML_LANG, "en")
        source = self.sub(self.sub(header, "fileDesc"), "sourceDesc")
        self.sub(source, "p", "Exported by translate-flow")
        if not self.v3:
            self.sub(self.sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
        body = self.sub(self.sub(root, "text"), "body")
        for concept in termbase:
            try:
                self.write_concept(body, concept)
            except ValueError as problem:  # lxml refuses control characters
                raise InputError(
                    f"concept '{concept.id}' cannot be written as TBX: {problem}"
                ) from None
        tree = etree.ElementTree(root)
        if self.v3:
            root.addprevious(
                etree.ProcessingInstruction(
                    "xml-model",
                    'href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master'
                    '/DCA/TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
                    'schematypens="http://relaxng.org/ns/structure/1.0"',
                )
            )
            doctype = None
        else:
            doctype = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
        return etree.tostring(
            tree, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype
        )

    def write_concept(self, body: Any, concept: Concept) -> None:
        if not concept.terms:
            raise InputError(f"concept '{concept.id}' has no terms")
        entry = self.sub(body, self.dialect.entry, id=_xml_id(fields.concept_id(concept.id)))
        if concept.subject:
            self.sub(entry, "descrip", concept.subject, type="subjectField")
        if concept.note:
            self.sub(entry, "descrip", concept.note, type="definition")
        languages: dict[str, list[Term]] = {}
        for term in concept.terms:
            languages.setdefault(term.lang, []).append(term)
        for lang, terms in languages.items():
            section = self.sub(entry, self.dialect.language)
            section.set(XML_LANG, lang)
            for term in terms:
                self.write_term(section, concept.id, term)

    def write_term(self, parent: Any, concept_id: str, term: Term) -> None:
        section = self.sub(parent, "termSec" if self.v3 else "tig")
        self.sub(section, "term", term.text)
        self.sub(section, "termNote", term.type, type="termType")
        notes = []
        if term.pos:
            if not self.v3 or term.pos in _BASIC_POS:
                self.sub(section, "termNote", term.pos, type="partOfSpeech")
            elif not _ATTRIBUTE_NOTE.fullmatch(f"pos={term.pos}"):
                raise InputError(
                    f"concept '{concept_id}': part of speech {term.pos!r} cannot be written to "
                    "TBX-Basic (one word, such as properNoun)"
                )
            else:
                basic = "noun" if term.pos == "properNoun" else "other"
                self.sub(section, "termNote", basic, type="partOfSpeech")
                notes.append(f"pos={term.pos}")
        if term.status not in _STATUS_TO_TBX:
            raise InputError(f"concept '{concept_id}': unknown status {term.status!r}")
        self.sub(section, "termNote", _STATUS_TO_TBX[term.status], type="administrativeStatus")
        if term.case_sensitive is not None:
            notes.append(f"case={'sensitive' if term.case_sensitive else 'insensitive'}")
        if term.derived:
            # TBX-Basic has no data category for it; its termType stays the term's own.
            notes.append("form=derived")
        if term.note:
            if _ATTRIBUTE_NOTE.fullmatch(term.note):
                raise InputError(
                    f"concept '{concept_id}': the {term.lang} note {term.note!r} would be read "
                    "back as an attribute (case=..., pos=..., form=...); reword it"
                )
            notes.append(term.note)
        for note in notes:
            self.sub(section, "note", note)
