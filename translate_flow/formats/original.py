"""Our targets written back into an agency's own file: `export --format original`.

The file ingested (services/ingest_exchange.py) is read again by the same readers, which tell where
each unit sits (`Unit.anchor`); units whose target and status we did not change are left byte for
byte as the tool wrote them. A changed target replaces the content of the unit's `<target>` (or of
its Trados sentence mark), keeping the target's attributes, and its placeholders become the very
code elements of the source again (`<1>…</1>` a copy of the source's `<g id="…">`, `<2/>` its
`<x/>` or `<ph>` with the native code inside); a placeholder the source has not got, or a pair
left open, is an error, as the `tags` check reports it. The state follows our status in the
file's own terms (XLIFF 1.2 `state`, 2.0 `state`, memoQ `mq:status`, Trados `conf`), unless the
file's value already means the same. Everything else (skeleton, ids, notes, groups, tool
attributes, units we skip) stays as it was. PO: msgstr, or every msgstr[n] of a plural entry (one
segment per form), and the fuzzy flag; polib rewrites the layout of a file it changes.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from translate_flow.errors import InputError
from translate_flow.formats.inline import PLACEHOLDER, CodeNumbers, inline_text
from translate_flow.formats.units import (
    PO_FUZZY_STATUSES,
    XLIFF2_STATE,
    XLIFF2_STATUS_FROM_STATE,
    XLIFF12_STATE,
    XLIFF12_STATUS_FROM_STATE,
    Unit,
)
from translate_flow.formats.xliff_tools import (
    MEMOQ_NS,
    MEMOQ_STATUS,
    SDL_CONF,
    SDL_NS,
    SUBSTATE_STATUS,
)
from translate_flow.workflow.states import (
    APPROVED,
    MACHINE_TRANSLATED,
    NEW,
    REJECTED,
    SOURCE_CHANGED,
    TRANSLATED,
)

# One target: the text (None: we have none, the file's stays) and our status.
Target = tuple[str | None, str]

_ENCLOSING = frozenset({"g", "pc", "mrk", "hi"})
_TRANSPARENT = frozenset({"mrk:seg"})
_SPLIT = re.compile(f"({PLACEHOLDER.pattern})")
MEMOQ_FROM_STATUS = {
    NEW: "NotStarted",
    MACHINE_TRANSLATED: "PartiallyEdited",
    SOURCE_CHANGED: "PartiallyEdited",
    TRANSLATED: "ManuallyConfirmed",
    APPROVED: "Reviewer2Confirmed",
    REJECTED: "Rejected",
}
SDL_FROM_STATUS = {
    MACHINE_TRANSLATED: "Draft",
    SOURCE_CHANGED: "Draft",
    TRANSLATED: "Translated",
    APPROVED: "ApprovedSignOff",
    REJECTED: "RejectedTranslation",
}


def taken_units(units: list[Unit]) -> list[Unit]:
    """The units ingest makes segments of, in order: those with source text, an XLIFF 2.0 unit
    of several segments split into one unit per segment (xliff.segment_units)."""
    from translate_flow.formats.xliff import segment_units

    return [u for u in segment_units(units) if u.source.strip()]


def write_original(data: bytes, name: str, kind: str, targets: list[Target]) -> bytes:
    """The file `data` with `targets` (one per unit ingest took, in order) written in."""
    if kind == "po":
        return _write_po(data, name, targets)
    return _write_xliff(data, name, targets)


def _write_xliff(data: bytes, name: str, targets: list[Target]) -> bytes:
    from lxml import etree

    from translate_flow.formats.xliff import read_xliff_documents

    units = taken_units([u for d in read_xliff_documents(data, name) for u in d.units])
    _same_count(name, units, targets)
    tree = None  # set once a unit changes: an unchanged file comes back byte for byte
    for unit, (text, status) in zip(units, targets, strict=True):
        kind, element, extra = unit.anchor
        if text is None or (text == unit.target and status == unit.state):
            continue
        tree = element.getroottree()
        where = f"segment for unit {unit.id or '(no id)'}"
        if kind == "1.2":
            _write12(element, text, status, where)
        elif kind == "mrk":
            _write_mark(element, extra, text, status, where)
        else:
            _write20(element, extra, unit, text, status, where)
    if tree is None:
        return data
    written = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return written + b"\n" if data.rstrip(b" \t").endswith(b"\n") else written


def _same_count(name: str, units: list[Any], targets: list[Target]) -> None:
    if len(units) != len(targets):
        raise InputError(
            f"{name}: the stored file has {len(units)} units but the article {len(targets)} "
            "segments; it cannot be written back"
        )


def _qualify(element: Any) -> Any:
    namespace = element.tag[1:].split("}", 1)[0] if element.tag.startswith("{") else ""
    return lambda local: f"{{{namespace}}}{local}" if namespace else local


def _codes(source: Any, target: Any) -> dict[str, Any]:
    """Each placeholder's element: the source's first, the old target's for codes only it had."""
    numbers = CodeNumbers()
    from_source: dict[str, Any] = {}
    from_target: dict[str, Any] = {}
    inline_text(source, numbers, transparent=_TRANSPARENT, codes=from_source)
    inline_text(target, numbers, transparent=_TRANSPARENT, codes=from_target)
    return from_target | from_source


def _fill(container: Any, text: str, codes: dict[str, Any], where: str) -> None:
    """Replace the content of `container` with `text`, placeholders turned back into codes."""
    for child in list(container):
        container.remove(child)
    container.text = None
    stack = [container]
    for piece in _SPLIT.split(text):
        if not piece:
            continue
        if not PLACEHOLDER.fullmatch(piece):
            _append_text(stack[-1], piece)
            continue
        original = codes.get(piece)
        if original is None:
            raise InputError(f"{where}: the target has {piece}, a code the source has not got")
        local = original.tag.rsplit("}", 1)[-1]
        if local in _ENCLOSING:
            if piece.startswith("</"):
                if len(stack) == 1 or stack[-1].get("_code") != piece[2:-1]:
                    raise InputError(f"{where}: {piece} closes a code that is not open")
                del stack[-1].attrib["_code"]
                stack.pop()
            else:
                # The code's element without its old content: the target's words go inside.
                element = container.makeelement(original.tag, dict(original.attrib))
                element.set("_code", piece[1:-1])
                stack[-1].append(element)
                stack.append(element)
        else:
            element = copy.deepcopy(original)
            element.tail = None
            stack[-1].append(element)
    if len(stack) != 1:
        raise InputError(f"{where}: the code {stack[-1].get('_code')} is opened and never closed")


def _append_text(container: Any, text: str) -> None:
    if len(container):
        container[-1].tail = (container[-1].tail or "") + text
    else:
        container.text = (container.text or "") + text


def _target_after(parent: Any, before: Any, tag: str) -> Any:
    element = parent.makeelement(tag, {})
    before.addnext(element)
    element.tail = before.tail
    return element


def _write_target(parent: Any, q: Any, text: str, where: str) -> Any:
    """Put `text` into the <target> of a 1.2 <trans-unit> or a 2.0 <segment> (made after its
    <source> when missing), with the source's and the old target's inline codes; the target."""
    source = parent.find(q("source"))
    target = parent.find(q("target"))
    codes = _codes(source, target)
    if target is None:
        target = _target_after(parent, source, q("target"))
    _fill(target, text, codes, where)
    return target


def _write12(trans_unit: Any, text: str, status: str, where: str) -> None:
    target = _write_target(trans_unit, _qualify(trans_unit), text, where)
    memoq = trans_unit.get(f"{{{MEMOQ_NS}}}status")
    if memoq is not None:
        if MEMOQ_STATUS.get(memoq) != status:
            trans_unit.set(f"{{{MEMOQ_NS}}}status", MEMOQ_FROM_STATUS[status])
        return
    _state12(trans_unit, target, status)


def _state12(trans_unit: Any, target: Any, status: str) -> None:
    if XLIFF12_STATUS_FROM_STATE.get(target.get("state", "")) != status:
        target.set("state", XLIFF12_STATE[status])
    if status == APPROVED:
        trans_unit.set("approved", "yes")
    elif trans_unit.get("approved") == "yes":
        trans_unit.set("approved", "no")


def _write_mark(trans_unit: Any, mid: str, text: str, status: str, where: str) -> None:
    q = _qualify(trans_unit)
    seg_source = trans_unit.find(q("seg-source"))
    source_mark = _mark(seg_source, q, mid)
    target = trans_unit.find(q("target"))
    if target is None:
        # A Trados target mirrors the seg-source: every sentence mark, empty until translated.
        target = copy.deepcopy(seg_source)
        target.tag = q("target")
        for mark in _marks(target, q):
            for child in list(mark):
                mark.remove(child)
            mark.text = None
        seg_source.addnext(target)
        target.tail = seg_source.tail
    target_mark = _mark(target, q, mid)
    codes = _codes(source_mark, target_mark)
    if target_mark is None:
        target_mark = target.makeelement(q("mrk"), {"mtype": "seg", "mid": mid})
        target.append(target_mark)
    _fill(target_mark, text, codes, where)
    seg = trans_unit.find(f"{{{SDL_NS}}}seg-defs/{{{SDL_NS}}}seg[@id='{mid}']")
    if seg is not None:
        if SDL_CONF.get(seg.get("conf", "")) != status:
            if status in SDL_FROM_STATUS:
                seg.set("conf", SDL_FROM_STATUS[status])
            elif "conf" in seg.attrib:
                del seg.attrib["conf"]
    elif trans_unit.find(q("target")) is not None:
        _state12(trans_unit, target, status)


def _marks(element: Any, q: Any) -> list[Any]:
    return [m for m in element.iter(q("mrk")) if m.get("mtype") == "seg"]


def _mark(element: Any, q: Any, mid: str) -> Any:
    return next((m for m in _marks(element, q) if m.get("mid") == mid), None)


def _write20(
    unit_element: Any, segments: list[Any], unit: Unit, text: str, status: str, where: str
):
    q = _qualify(unit_element)
    [segment] = segments  # taken_units gives each segment of a unit its own Unit
    _write_target(segment, q, text, where)
    _state20(segment, status)


def _state20(segment: Any, status: str) -> None:
    said = SUBSTATE_STATUS.get(segment.get("subState", ""))
    if said == status:
        return  # another tool's state and subState already say our status
    if said is not None:
        del segment.attrib["subState"]  # the tool's mark no longer holds; unknown ones stay
    state = segment.get("state", "initial")
    if XLIFF2_STATUS_FROM_STATE.get(state) != status:
        segment.set("state", XLIFF2_STATE[status])


def _write_po(data: bytes, name: str, targets: list[Target]) -> bytes:
    import polib

    from translate_flow.formats.po import form_count, po_text

    po = polib.pofile(po_text(data, name))
    entries = [e for e in po if not e.obsolete and e.msgid.strip()]
    # One target per segment: a plural entry has one per form (po.plural_form_units).
    counts = [form_count(e) if e.msgid_plural else 1 for e in entries]
    if sum(counts) != len(targets):
        raise InputError(
            f"{name}: the stored file has {sum(counts)} units but the article {len(targets)} "
            "segments; it cannot be written back"
        )
    changed = False
    start = 0
    for entry, count in zip(entries, counts, strict=True):
        forms, start = targets[start : start + count], start + count
        if all(text is None for text, _ in forms):
            continue
        if entry.msgid_plural:
            current = [entry.msgstr_plural.get(n, "") for n in range(count)]
            pairs = zip(forms, current, strict=True)
            texts = [old if text is None else text for (text, _), old in pairs]
        else:
            current, texts = [entry.msgstr], [forms[0][0]]
        # A plural entry is fuzzy while any of its forms is a draft.
        fuzzy = any(status in PO_FUZZY_STATUSES for text, status in forms if text is not None)
        if texts == current and fuzzy == ("fuzzy" in entry.flags):
            continue
        changed = True
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(texts))
        else:
            entry.msgstr = texts[0]
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        elif not fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    # Nothing changed: the file as the agency sent it, not as polib would lay it out.
    return str(po).encode("utf-8") if changed else data
