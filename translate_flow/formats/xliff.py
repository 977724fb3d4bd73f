"""XLIFF 2.0 and 1.2: the exchange format of CAT tools (Trados, memoQ, OmegaT, Okapi).

One article in one target language is one `<file>`; one segment is one `<unit>` (2.0) or
`<trans-unit>` (1.2) whose id is our segment id. Text is plain (no inline codes on export) and
marked `xml:space="preserve"`, because both versions otherwise allow a tool to collapse the spaces
and line breaks of a sentence.

What the standard states cannot say travels in notes that name translate-flow:
- 2.0: the exact status in `subState="translate-flow:<status>"` beside the standard `state`
  (the standard reserves subState for such tool detail); revision, paragraph and previous source in
  `<note category="translate-flow:revision">` etc. Notes without our category are the comments.
- 1.2: `state` (+ `state-qualifier="mt-suggestion"` for machine output, `approved="yes"` for
  approved ones) and `<note from="translate-flow:status">` etc.; comments are
  `<note from="translate-flow">`.
The file-level title, article id and version go in file notes (2.0) or header notes (1.2).

Reading back, the standard state wins when a tool changed it without updating our status (a
translator who marks a machine draft "translated" has accepted it); otherwise our status is kept.
"""

from __future__ import annotations

import re
from typing import Any

from translate_flow.errors import InputError
from translate_flow.formats.units import (
    XLIFF2_STATE,
    XLIFF2_STATUS_FROM_STATE,
    XLIFF2_SUBSTATE_PREFIX,
    XLIFF12_MT_QUALIFIER,
    XLIFF12_STATE,
    XLIFF12_STATUS_FROM_STATE,
    Document,
    Unit,
)
from translate_flow.formats.xmlsafe import parse_xml, text_without
from translate_flow.workflow.states import (
    APPROVED,
    MACHINE_TRANSLATED,
    NEW,
    REJECTED,
    SOURCE_CHANGED,
    STATUSES,
    TRANSLATED,
)

XLIFF20_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TOOL = "translate-flow"
# Our notes: the key after "translate-flow:" in the note's category (2.0) or from (1.2).
STATUS, REVISION, PARAGRAPH, PREVIOUS_SOURCE = "status", "revision", "paragraph", "previous-source"
ARTICLE_ID, ARTICLE_VERSION, TITLE = "article-id", "article-version", "title"
_NMTOKEN = re.compile(r"[\w.:-]+")
# XLIFF 1.2 inline elements holding native codes, not text to translate.
_XLIFF12_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
_NO_TARGET_STATUSES = (NEW, REJECTED, SOURCE_CHANGED)
_XLIFF2_STATES = ("initial", "translated", "reviewed", "final")  # from least to most done
_SEGMENT_TAGS = frozenset({f"{{{XLIFF20_NS}}}segment", f"{{{XLIFF20_NS}}}ignorable"})


def write_xliff(doc: Document, version: str = "2.0") -> bytes:
    """Render the document as XLIFF 2.0 or 1.2 (UTF-8 bytes, with an XML declaration)."""
    from lxml import etree

    if version == "2.0":
        root = _xliff20(doc)
    elif version == "1.2":
        root = _xliff12(doc)
    else:
        raise InputError(f"unknown XLIFF version {version!r}; use 2.0 or 1.2")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def read_xliff(data: bytes, source_name: str) -> Document:
    """Read an XLIFF 2.0 or 1.2 file (the namespace tells which) back into a Document."""
    root = parse_xml(data, source_name).getroot()
    namespace, _, local = root.tag.rpartition("}")
    if local != "xliff":
        raise InputError(f"{source_name}: not an XLIFF file (root element <{local}>)")
    if namespace == "{" + XLIFF20_NS:
        return _read20(root, source_name)
    if namespace == "{" + XLIFF12_NS:
        return _read12(root, source_name)
    found = namespace.lstrip("{") or "none"
    raise InputError(
        f"{source_name}: unknown XLIFF namespace {found!r}; expected {XLIFF20_NS} or {XLIFF12_NS}"
    )


# XLIFF 2.0


def _xliff20(doc: Document) -> Any:
    from lxml import etree

    def sub(parent: Any, name: str, text: str | None = None, **attrib: str) -> Any:
        element = etree.SubElement(parent, f"{{{XLIFF20_NS}}}{name}", attrib)
        if text is not None:
            _set_text(element, text, attrib.get("id") or name)
        return element

    root = etree.Element(
        f"{{{XLIFF20_NS}}}xliff",
        {"version": "2.0", "srcLang": doc.source_lang, "trgLang": doc.target_lang},
        nsmap={None: XLIFF20_NS},
    )
    file_id = _nmtoken(f"article-{doc.article_id}", "article id")
    file = sub(root, "file", id=file_id, original=file_id)
    file_notes = sub(file, "notes")
    sub(file_notes, "note", doc.article_id, category=f"{TOOL}:{ARTICLE_ID}")
    if doc.version is not None:
        sub(file_notes, "note", str(doc.version), category=f"{TOOL}:{ARTICLE_VERSION}")
    if doc.title:
        sub(file_notes, "note", doc.title, category=f"{TOOL}:{TITLE}")
    for unit in doc.units:
        where = f"segment {unit.id}"
        element = sub(file, "unit", id=_nmtoken(unit.id, "segment id"))
        ours = _our_notes(unit)
        if ours or unit.notes:
            notes = sub(element, "notes")
            for key, value in ours:
                _set_text(sub(notes, "note", category=f"{TOOL}:{key}"), value, where)
            for note in unit.notes:
                _set_text(sub(notes, "note"), note, where)
        state = XLIFF2_STATE[_known(unit.state, unit.id)]
        if unit.target is None:
            state = "initial"  # the standard allows no other state without a target
        segment = sub(element, "segment", state=state, subState=XLIFF2_SUBSTATE_PREFIX + unit.state)
        _set_text(sub(segment, "source", **{XML_SPACE: "preserve"}), unit.source, where)
        if unit.target is not None:
            _set_text(sub(segment, "target", **{XML_SPACE: "preserve"}), unit.target, where)
    return root


def _read20(root: Any, source_name: str) -> Document:
    ns = {"x": XLIFF20_NS}
    file = _single_file(root.findall("x:file", ns), source_name)
    file_notes = _tool_notes(file.findall("x:notes/x:note", ns), "category")[0]
    file_id = file.get("id", "")
    units = []
    for element in file.iterfind(".//x:unit", ns):
        unit_id = element.get("id")
        if not unit_id:
            raise InputError(f"{source_name}: a <unit> without an id")
        ours, comments = _tool_notes(element.findall("x:notes/x:note", ns), "category")
        segments = element.findall("x:segment", ns)
        if not segments:
            raise InputError(f"{source_name}: unit {unit_id} has no <segment>")
        # A tool may have split our one segment in several: join them back in document order.
        pieces = [p for p in element if p.tag in _SEGMENT_TAGS]
        source = "".join(_text20(p.find("x:source", ns)) for p in pieces)
        target = None
        if any(s.find("x:target", ns) is not None for s in segments):
            target = "".join(_target20(p, ns) for p in pieces) or None
        state = min((s.get("state", "initial") for s in segments), key=_state_rank)
        sub_state = segments[0].get("subState", "")
        stored = sub_state.removeprefix(XLIFF2_SUBSTATE_PREFIX) if sub_state else None
        units.append(
            Unit(
                id=unit_id,
                source=source,
                target=target,
                state=_status20(stored, state, has_target=target is not None),
                notes=comments,
                previous_source=ours.get(PREVIOUS_SOURCE),
                paragraph=_int(ours.get(PARAGRAPH), source_name),
                revision=_int(ours.get(REVISION), source_name),
            )
        )
    return Document(
        article_id=file_notes.get(ARTICLE_ID) or file_id.removeprefix("article-"),
        title=file_notes.get(TITLE),
        source_lang=root.get("srcLang", ""),
        target_lang=root.get("trgLang", ""),
        units=units,
        version=_int(file_notes.get(ARTICLE_VERSION), source_name),
    )


def _text20(element: Any) -> str:
    # 2.0 inline elements either hold text (<pc>, <mrk>) or are empty (<ph/>, <sc/>, <ec/>).
    return "" if element is None else text_without(element, frozenset())


def _target20(piece: Any, ns: dict[str, str]) -> str:
    target = piece.find("x:target", ns)
    if target is None and piece.tag.endswith("}ignorable"):
        # The whitespace between segments: without its own target it stands as in the source.
        return _text20(piece.find("x:source", ns))
    return _text20(target)


def _state_rank(state: str) -> int:
    return _XLIFF2_STATES.index(state) if state in _XLIFF2_STATES else 0


def _status20(stored: str | None, state: str, *, has_target: bool) -> str:
    if not has_target:
        return stored if stored in _NO_TARGET_STATUSES else NEW
    if stored in STATUSES and stored != NEW and XLIFF2_STATE[stored] == state:
        return stored
    if state == "initial":
        return MACHINE_TRANSLATED  # a draft with a target that nobody has accepted
    return XLIFF2_STATUS_FROM_STATE.get(state, TRANSLATED)


# XLIFF 1.2


def _xliff12(doc: Document) -> Any:
    from lxml import etree

    def sub(parent: Any, name: str, **attrib: str) -> Any:
        return etree.SubElement(parent, f"{{{XLIFF12_NS}}}{name}", attrib)

    root = etree.Element(f"{{{XLIFF12_NS}}}xliff", version="1.2", nsmap={None: XLIFF12_NS})
    file = sub(
        root,
        "file",
        original=f"article-{doc.article_id}",
        datatype="plaintext",
        **{"source-language": doc.source_lang, "target-language": doc.target_lang},
    )
    header = sub(file, "header")
    _set_text(sub(header, "note", **{"from": f"{TOOL}:{ARTICLE_ID}"}), doc.article_id, "header")
    if doc.version is not None:
        note = sub(header, "note", **{"from": f"{TOOL}:{ARTICLE_VERSION}"})
        note.text = str(doc.version)
    if doc.title:
        _set_text(sub(header, "note", **{"from": f"{TOOL}:{TITLE}"}), doc.title, "title")
    body = sub(file, "body")
    for unit in doc.units:
        where = f"segment {unit.id}"
        status = _known(unit.state, unit.id)
        element = sub(body, "trans-unit", id=unit.id, **{XML_SPACE: "preserve"})
        if status == APPROVED and unit.target is not None:
            element.set("approved", "yes")
        _set_text(sub(element, "source"), unit.source, where)
        if unit.target is not None:
            target = sub(element, "target", state=XLIFF12_STATE[status])
            if status == MACHINE_TRANSLATED:
                target.set("state-qualifier", XLIFF12_MT_QUALIFIER)
            _set_text(target, unit.target, where)
        _set_text(sub(element, "note", **{"from": f"{TOOL}:{STATUS}"}), status, where)
        for key, value in _our_notes(unit):
            _set_text(sub(element, "note", **{"from": f"{TOOL}:{key}"}), value, where)
        for note in unit.notes:
            _set_text(sub(element, "note", **{"from": TOOL}), note, where)
    return root


def _read12(root: Any, source_name: str) -> Document:
    ns = {"x": XLIFF12_NS}
    file = _single_file(root.findall("x:file", ns), source_name)
    header_notes = _tool_notes(file.findall("x:header/x:note", ns), "from")[0]
    units = []
    for element in file.iterfind(".//x:trans-unit", ns):
        unit_id = element.get("id")
        if not unit_id:
            raise InputError(f"{source_name}: a <trans-unit> without an id")
        source_element = element.find("x:source", ns)
        if source_element is None:
            raise InputError(f"{source_name}: trans-unit {unit_id} has no <source>")
        target_element = element.find("x:target", ns)
        target = None
        if target_element is not None:
            target = text_without(target_element, _XLIFF12_CODES) or None
        ours, comments = _tool_notes(element.findall("x:note", ns), "from")
        status = _status12(
            ours.get(STATUS),
            None if target_element is None else target_element.get("state"),
            None if target_element is None else target_element.get("state-qualifier"),
            approved=element.get("approved") == "yes",
            has_target=target is not None,
        )
        units.append(
            Unit(
                id=unit_id,
                source=text_without(source_element, _XLIFF12_CODES),
                target=target,
                state=status,
                notes=comments,
                previous_source=ours.get(PREVIOUS_SOURCE),
                paragraph=_int(ours.get(PARAGRAPH), source_name),
                revision=_int(ours.get(REVISION), source_name),
            )
        )
    original = file.get("original", "")
    return Document(
        article_id=header_notes.get(ARTICLE_ID) or original.removeprefix("article-"),
        title=header_notes.get(TITLE),
        source_lang=file.get("source-language", ""),
        target_lang=file.get("target-language", ""),
        units=units,
        version=_int(header_notes.get(ARTICLE_VERSION), source_name),
    )


def _status12(
    stored: str | None,
    state: str | None,
    qualifier: str | None,
    *,
    approved: bool,
    has_target: bool,
) -> str:
    if not has_target:
        return stored if stored in _NO_TARGET_STATUSES else NEW
    if approved:
        return APPROVED
    if stored in STATUSES and stored != NEW and XLIFF12_STATE[stored] == state:
        return stored
    if state is None:
        return TRANSLATED  # a target without a state: a foreign tool's finished translation
    if qualifier == XLIFF12_MT_QUALIFIER or state == "new":
        return MACHINE_TRANSLATED
    return XLIFF12_STATUS_FROM_STATE.get(state, MACHINE_TRANSLATED)


# Shared


def _our_notes(unit: Unit) -> list[tuple[str, str]]:
    notes = []
    if unit.revision is not None:
        notes.append((REVISION, str(unit.revision)))
    if unit.paragraph is not None:
        notes.append((PARAGRAPH, str(unit.paragraph)))
    if unit.previous_source is not None:
        notes.append((PREVIOUS_SOURCE, unit.previous_source))
    return notes


def _tool_notes(notes: list[Any], attribute: str) -> tuple[dict[str, str], list[str]]:
    """Split notes into ours ({key: text}) and the comments (text of every other note)."""
    ours: dict[str, str] = {}
    comments: list[str] = []
    for note in notes:
        label = note.get(attribute) or ""
        text = note.text or ""
        if label.startswith(f"{TOOL}:"):
            ours[label[len(TOOL) + 1 :]] = text
        elif text:
            comments.append(text)
    return ours, comments


def _single_file(files: list[Any], source_name: str) -> Any:
    if not files:
        raise InputError(f"{source_name}: the XLIFF file has no <file> element")
    if len(files) > 1:
        raise InputError(
            f"{source_name}: holds {len(files)} <file> elements; "
            "translate-flow reads one article per XLIFF file"
        )
    return files[0]


def _set_text(element: Any, text: str, where: str) -> None:
    try:
        element.text = text
    except ValueError:
        # XML 1.0 cannot carry NUL or most C0 control characters, escaped or not.
        raise InputError(f"{where}: the text holds a control character XML cannot carry") from None


def _known(status: str, unit_id: str) -> str:
    if status not in STATUSES:
        raise InputError(f"segment {unit_id}: unknown status {status!r}")
    return status


def _nmtoken(value: str, what: str) -> str:
    if not _NMTOKEN.fullmatch(value):
        raise InputError(f"{what} {value!r} cannot be an XLIFF 2.0 id (letters, digits, . - _ :)")
    return value


def _int(value: str | None, source_name: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise InputError(f"{source_name}: expected a number, found {value!r}") from None
