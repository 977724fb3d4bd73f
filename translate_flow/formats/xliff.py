"""XLIFF 2.0 and 1.2: the exchange format of CAT tools (Trados, memoQ, OmegaT, Okapi).

One article in one target language is one `<file>`; one segment is one `<unit>` (2.0) or
`<trans-unit>` (1.2) whose id is our segment id. A segment's placeholders (`<1>…</1>`, `<2/>`)
are written as the version's inline elements (formats/inline_write.py), so a tool shows them as
codes and reading the file back gives the same placeholders. Text is marked
`xml:space="preserve"`, because both versions otherwise allow a tool to collapse the spaces and
line breaks of a sentence.

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

Reading other tools' files: XLIFF 1.0 and 1.1 (with their namespace or none) are read as 1.2,
2.1 and later as 2.0; every `<file>` is a Document (`read_xliff_documents`); units under
translate="no" are left out; 2.0 targets are joined in their `order` (`ingest` takes each
segment on its own instead: `segment_units`); inline codes become
placeholders (formats/inline.py); memoQ's and Trados's state attributes and other tools' XLIFF
2.0 subState decide the status (and the lock) where they say something (formats/xliff_tools.py),
and each Trados sentence mark is its own Unit.
"""

from __future__ import annotations

import re
from typing import Any

from translate_flow.errors import InputError
from translate_flow.formats.inline import CodeNumbers, inline_text, without_placeholders
from translate_flow.formats.inline_write import enclosing_codes, write_inline
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
from translate_flow.formats.xliff_tools import memoq_state, sdl_segments, substate_says
from translate_flow.formats.xmlsafe import parse_xml
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
# XLIFF 1.0 had no namespace (a DTD); 1.1 and 1.2 have their own. Tools write all three.
XLIFF1_NAMESPACES = frozenset({"", "urn:oasis:names:tc:xliff:document:1.1", XLIFF12_NS})
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TOOL = "translate-flow"
# Our notes: the key after "translate-flow:" in the note's category (2.0) or from (1.2).
STATUS, REVISION, PARAGRAPH, PREVIOUS_SOURCE = "status", "revision", "paragraph", "previous-source"
ARTICLE_ID, ARTICLE_VERSION, TITLE = "article-id", "article-version", "title"
_NMTOKEN = re.compile(r"[\w.:-]+")
# Trados's segment marks hold the segment's text; every other <mrk> is an inline code.
_TRANSPARENT12 = frozenset({"mrk:seg"})
# XLIFF 1.2 states that say a person finished the target, empty or not.
_CONFIRMED_STATES = frozenset({"translated", "signed-off", "final"})
_NO_TARGET_STATUSES = (NEW, REJECTED, SOURCE_CHANGED)
_XLIFF2_STATES = ("initial", "translated", "reviewed", "final")  # from least to most done


def write_xliff(doc: Document, version: str = "2.0") -> bytes:
    """Render the document as XLIFF 2.0 or 1.2 (UTF-8 bytes, with an XML declaration)."""
    from lxml import etree

    if version == "2.0":
        root = _xliff20(doc)
    elif version == "1.2":
        root = _xliff12(doc)
    else:
        raise InputError(f"unknown XLIFF version {version!r}; use 2.0 or 1.2")
    _indent(root, 0)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _indent(element: Any, level: int) -> None:
    """Indent the file's structure as lxml's pretty_print would, leaving <source> and <target>
    alone: pretty_print would also indent a text that starts with an inline code, which is no
    markup but the segment's own content (xml:space="preserve")."""
    children = list(element)
    if not children or element.tag.rsplit("}", 1)[-1] in ("source", "target"):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in children:
        _indent(child, level + 1)
        child.tail = inner
    children[-1].tail = "\n" + "  " * level


def read_xliff(data: bytes, source_name: str) -> Document:
    """Read an XLIFF file holding one `<file>` (one article) into a Document."""
    documents = read_xliff_documents(data, source_name)
    if len(documents) > 1:
        raise InputError(
            f"{source_name}: holds {len(documents)} <file> elements; "
            "an article is read from an XLIFF file with one <file>"
        )
    return documents[0]


def read_xliff_documents(data: bytes, source_name: str) -> list[Document]:
    """Read every `<file>` of an XLIFF 1.0-1.2 or 2.x file, each as its own Document.

    The namespace tells the version; XLIFF 1.0 and files written without a namespace have none,
    and their `version` attribute decides (1.x unless it starts with "2").
    """
    root = parse_xml(data, source_name).getroot()
    namespace, _, local = root.tag.rpartition("}")
    namespace = namespace.lstrip("{")
    if local != "xliff":
        raise InputError(f"{source_name}: not an XLIFF file (root element <{local}>)")
    if namespace == XLIFF20_NS or (not namespace and root.get("version", "").startswith("2")):
        documents = _read20(root, namespace, source_name)
    elif namespace in XLIFF1_NAMESPACES:
        documents = _read12(root, namespace, source_name)
    else:
        raise InputError(
            f"{source_name}: unknown XLIFF namespace {namespace!r}; "
            f"expected {XLIFF20_NS} or {XLIFF12_NS}"
        )
    if not documents:
        raise InputError(f"{source_name}: the XLIFF file has no <file> element")
    return documents


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
        pairs = enclosing_codes(unit.source, unit.target)
        source = sub(segment, "source", **{XML_SPACE: "preserve"})
        _set_inline(source, unit.source, pairs, "2.0", where)
        if unit.target is not None:
            target = sub(segment, "target", **{XML_SPACE: "preserve"})
            _set_inline(target, unit.target, pairs, "2.0", where)
    return root


def _read20(root: Any, namespace: str, source_name: str) -> list[Document]:
    q = _qualifier(namespace)
    documents = []
    for file in root.findall(q("file")):
        file_notes = _tool_notes(file.findall(f"{q('notes')}/{q('note')}"), "category")[0]
        file_id = file.get("id", "")
        translate = file.get("translate") != "no"
        units = [
            _unit20(element, q, source_name)
            for element in _translatable(file, q("unit"), q("group"), translate)
        ]
        documents.append(
            Document(
                article_id=file_notes.get(ARTICLE_ID) or file_id.removeprefix("article-"),
                title=file_notes.get(TITLE),
                source_lang=root.get("srcLang", ""),
                target_lang=root.get("trgLang", ""),
                units=units,
                version=_int(file_notes.get(ARTICLE_VERSION), source_name),
            )
        )
    return documents


def _unit20(element: Any, q: Any, source_name: str) -> Unit:
    # The standard requires an id; tools' files sometimes lack it. Such a unit is "" here and
    # named by its position where it is shown (qa); an import matches by id and refuses it.
    unit_id = element.get("id") or ""
    ours, comments = _tool_notes(element.findall(f"{q('notes')}/{q('note')}"), "category")
    # A tool may have split our one segment in several: join them back in document order.
    pieces = [p for p in element if p.tag in (q("segment"), q("ignorable"))]
    segments = [p for p in pieces if p.tag == q("segment")]
    if not segments:
        raise InputError(f"{source_name}: unit {unit_id or '(no id)'} has no <segment>")
    numbers = CodeNumbers()
    source = "".join(inline_text(p.find(q("source")), numbers) for p in pieces)
    target = None
    if any(s.find(q("target")) is not None for s in segments):
        target = _target20(pieces, q, numbers, f"{source_name}: unit {unit_id or '(no id)'}")
    state = min((s.get("state", "initial") for s in segments), key=_state_rank)
    if target is not None and _blank(target) and state == "initial":
        target = None  # an empty target nobody has confirmed: not translated yet
    sub_state = segments[0].get("subState", "")
    stored = sub_state.removeprefix(XLIFF2_SUBSTATE_PREFIX) if sub_state else None
    status = _status20(stored, state, has_target=target is not None)
    tool = substate_says(sub_state)[0]
    return Unit(
        id=unit_id,
        source=source,
        target=target,
        state=tool if tool is not None and target is not None else status,
        notes=comments,
        previous_source=ours.get(PREVIOUS_SOURCE),
        paragraph=_int(ours.get(PARAGRAPH), source_name),
        revision=_int(ours.get(REVISION), source_name),
        locked=any(substate_says(s.get("subState"))[1] for s in segments),
        anchor=("2.0", element, segments),
    )


def segment_units(units: list[Unit]) -> list[Unit]:
    """The units with each XLIFF 2.0 unit of several <segment>s split into one unit per segment,
    as `ingest` takes them, so each target can be written back into its own segment
    (formats/original.py). Ids are `UNIT:SEGMENT` (`UNIT:n` for a segment without an id); the
    unit's notes go with its first segment; its <ignorable>s stay in the file. Each segment's own
    state decides its status; `order` says where a target stands in the unit's joined target,
    which no longer matters once each segment is a unit."""
    split: list[Unit] = []
    for unit in units:
        kind, element, segments = unit.anchor if unit.anchor else (None, None, None)
        if kind != "2.0" or len(segments) < 2:
            split.append(unit)
            continue
        q = _qualifier(element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else "")
        for n, segment in enumerate(segments, start=1):
            numbers = CodeNumbers()
            source = inline_text(segment.find(q("source")), numbers)
            target_element = segment.find(q("target"))
            target = None if target_element is None else inline_text(target_element, numbers)
            state = segment.get("state", "initial")
            if target is not None and _blank(target) and state == "initial":
                target = None
            sub_state = segment.get("subState", "")
            stored = sub_state.removeprefix(XLIFF2_SUBSTATE_PREFIX) if sub_state else None
            status = _status20(stored, state, has_target=target is not None)
            tool, locked = substate_says(sub_state)
            split.append(
                Unit(
                    id=f"{unit.id}:{segment.get('id') or n}",
                    source=source,
                    target=target,
                    state=tool if tool is not None and target is not None else status,
                    notes=unit.notes if n == 1 else [],
                    paragraph=unit.paragraph,
                    locked=locked,
                    anchor=("2.0", element, [segment]),
                )
            )
    return split


def _target20(pieces: list[Any], q: Any, numbers: CodeNumbers, where: str) -> str:
    """The unit's target: each piece's target at the position its `order` gives.

    Without `order` a target stands at its own piece's position; an <ignorable> without a target
    (the spaces between sentences) contributes its source there.
    """
    placed = []
    for position, piece in enumerate(pieces, start=1):
        target = piece.find(q("target"))
        if target is None:
            text = inline_text(piece.find(q("source")), numbers)
            placed.append((position, text if piece.tag == q("ignorable") else ""))
            continue
        order = target.get("order")
        if order is not None and not order.strip().isdigit():
            raise InputError(f"{where}: order={order!r} is not a position")
        placed.append((int(order) if order else position, inline_text(target, numbers)))
    return "".join(text for _, text in sorted(placed, key=lambda pair: pair[0]))


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
        pairs = enclosing_codes(unit.source, unit.target)
        _set_inline(sub(element, "source"), unit.source, pairs, "1.2", where)
        if unit.target is not None:
            target = sub(element, "target", state=XLIFF12_STATE[status])
            if status == MACHINE_TRANSLATED:
                target.set("state-qualifier", XLIFF12_MT_QUALIFIER)
            _set_inline(target, unit.target, pairs, "1.2", where)
        _set_text(sub(element, "note", **{"from": f"{TOOL}:{STATUS}"}), status, where)
        for key, value in _our_notes(unit):
            _set_text(sub(element, "note", **{"from": f"{TOOL}:{key}"}), value, where)
        for note in unit.notes:
            _set_text(sub(element, "note", **{"from": TOOL}), note, where)
    return root


def _read12(root: Any, namespace: str, source_name: str) -> list[Document]:
    q = _qualifier(namespace)
    documents = []
    for file in root.findall(q("file")):
        header_notes = _tool_notes(file.findall(f"{q('header')}/{q('note')}"), "from")[0]
        units: list[Unit] = []
        body = file.find(q("body"))
        if body is not None:
            for element in _translatable(body, q("trans-unit"), q("group"), True):
                units.extend(_units12(element, q, source_name))
        original = file.get("original", "")
        documents.append(
            Document(
                article_id=header_notes.get(ARTICLE_ID) or original.removeprefix("article-"),
                title=header_notes.get(TITLE),
                source_lang=file.get("source-language", ""),
                target_lang=file.get("target-language", ""),
                units=units,
                version=_int(header_notes.get(ARTICLE_VERSION), source_name),
            )
        )
    return documents


def _units12(element: Any, q: Any, source_name: str) -> list[Unit]:
    """One unit per <trans-unit>, or one per segment of a unit a tool segmented (<seg-source>)."""
    unit_id = element.get("id") or ""  # see _unit20
    source_element = element.find(q("source"))
    if source_element is None:
        raise InputError(f"{source_name}: trans-unit {unit_id or '(no id)'} has no <source>")
    target_element = element.find(q("target"))
    ours, comments = _tool_notes(element.findall(q("note")), "from")
    state = None if target_element is None else target_element.get("state")
    qualifier = None if target_element is None else target_element.get("state-qualifier")
    approved = element.get("approved") == "yes"

    def unit(
        unit_id: str,
        source: str,
        target: str | None,
        tool: str | None,
        locked: bool,
        anchor: tuple,
    ) -> Unit:
        confirmed = approved or state in _CONFIRMED_STATES or tool in (TRANSLATED, APPROVED)
        if target is not None and _blank(target) and not confirmed:
            target = None  # an empty target nobody has confirmed: not translated yet
        status = _status12(
            ours.get(STATUS), state, qualifier, approved=approved, has_target=target is not None
        )
        if tool is not None:
            status = tool if target is not None or tool in _NO_TARGET_STATUSES else NEW
        return Unit(
            id=unit_id,
            source=source,
            target=target,
            state=status,
            notes=comments,
            previous_source=ours.get(PREVIOUS_SOURCE),
            paragraph=_int(ours.get(PARAGRAPH), source_name),
            revision=_int(ours.get(REVISION), source_name),
            locked=locked,
            anchor=anchor,
        )

    seg_source = element.find(q("seg-source"))
    marks = [] if seg_source is None else _segment_marks(seg_source, q)
    if marks:
        # Trados and Okapi mark the sentences of a unit with <mrk mtype="seg" mid="...">, the
        # target with the same mids; Trados describes each in sdl:seg-defs.
        targets = {} if target_element is None else _segment_marks_by_mid(target_element, q)
        tools = sdl_segments(element)
        units = []
        for mark in marks:
            mid = mark.get("mid", "")
            numbers = CodeNumbers()
            source = inline_text(mark, numbers, transparent=_TRANSPARENT12)
            target_mark = targets.get(mid)
            target = None
            if target_mark is not None:
                target = inline_text(target_mark, numbers, transparent=_TRANSPARENT12)
            tool, locked = tools.get(mid, (None, False))
            segment_id = unit_id if len(marks) == 1 else f"{unit_id}:{mid}"
            units.append(unit(segment_id, source, target, tool, locked, ("mrk", element, mid)))
        return units
    numbers = CodeNumbers()
    source = inline_text(source_element, numbers, transparent=_TRANSPARENT12)
    target = None
    if target_element is not None:
        target = inline_text(target_element, numbers, transparent=_TRANSPARENT12)
    tool, locked = memoq_state(element)
    return [unit(unit_id, source, target, tool, locked, ("1.2", element, None))]


def _segment_marks(element: Any, q: Any) -> list[Any]:
    return [m for m in element.iter(q("mrk")) if m.get("mtype") == "seg"]


def _segment_marks_by_mid(element: Any, q: Any) -> dict[str, Any]:
    return {m.get("mid", ""): m for m in _segment_marks(element, q)}


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


def _blank(target: str) -> bool:
    # A tool copies the inline codes into the target of a row not yet started: still no text.
    return not without_placeholders(target).strip()


def _qualifier(namespace: str) -> Any:
    """Tag names in the file's namespace, or bare for a file written without one."""
    return lambda local: f"{{{namespace}}}{local}" if namespace else local


def _translatable(parent: Any, unit_tag: str, group_tag: str, translate: bool) -> Any:
    """The units under `parent` to translate: translate="no" on a unit or group leaves it out."""
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        own = child.get("translate")
        here = translate if own is None else own != "no"
        if child.tag == unit_tag:
            if here:
                yield child
        elif child.tag == group_tag:
            yield from _translatable(child, unit_tag, group_tag, here)


def _set_text(element: Any, text: str, where: str) -> None:
    try:
        element.text = text
    except ValueError:
        # XML 1.0 cannot carry NUL or most C0 control characters, escaped or not.
        raise InputError(f"{where}: the text holds a control character XML cannot carry") from None


def _set_inline(element: Any, text: str, pairs: set[str], version: str, where: str) -> None:
    try:
        write_inline(element, text, pairs, version)
    except ValueError:
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
