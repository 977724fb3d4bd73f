"""Parse XML from outside the desk without letting it reach the network, the disk or the memory.

Every XML exchange file (XLIFF, TMX) is read through here. The parser never resolves entities,
never loads a DTD and never fetches anything, and it keeps libxml2's limits on huge text nodes.
A document whose DOCTYPE declares entities is refused outright: news exchange formats never need
them, and an internal subset full of nested entities is the "billion laughs" attack. A plain
external DOCTYPE (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, common in TMX files) is accepted and ignored.

Errors are `InputError`s naming the file and, where the parser knows it, the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from translate_flow.errors import InputError

if TYPE_CHECKING:
    from lxml import etree

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
}
# The prolog is read before the parser sees anything so that entity declarations are refused
# before libxml2 expands them (it substitutes entities in attribute values even with
# resolve_entities off). 64 KiB holds any honest prolog; the check after parsing catches the rest.
_PROLOG_BYTES = 64 * 1024
_SUBSET_END = re.compile(rb"\]\s*>")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ENTITIES_REFUSED = "its DOCTYPE declares entities, which translate-flow refuses (billion laughs)"


def parse_xml(data: bytes, source_name: str) -> etree._ElementTree:
    """Parse a whole XML document safely; `source_name` names it in error messages."""
    from lxml import etree

    if isinstance(data, str):
        raise TypeError("parse_xml takes bytes; let the XML declaration give the encoding")
    _refuse_entity_declarations(data[:_PROLOG_BYTES], source_name)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise syntax_error(error, source_name) from None
    if root is None:
        raise InputError(f"{source_name}: empty XML document")
    tree = root.getroottree()
    _check_docinfo(tree, source_name)
    return tree


def iterparse_safe(
    source: str | IO[bytes],
    source_name: str | None = None,
    *,
    events: Iterable[str] = ("end",),
    tag: str | Iterable[str] | None = None,
) -> Iterator[tuple[str, Any]]:
    """Stream (event, element) pairs from a path or binary file, with the same safety as parse_xml.

    The caller clears the elements it has handled (`element.clear()` and deleting earlier siblings)
    to keep memory bounded; this function only parses.
    """
    from lxml import etree

    name = source_name or (source if isinstance(source, str) else getattr(source, "name", "XML"))
    name = str(name)
    try:
        stream = open(source, "rb") if isinstance(source, str) else source  # noqa: SIM115
    except OSError as error:
        raise InputError(f"{name}: cannot read the file ({error.strerror})") from None
    try:
        head = stream.read(_PROLOG_BYTES)
        if not isinstance(head, bytes):
            raise TypeError("iterparse_safe needs a binary file")
        _refuse_entity_declarations(head, name)
        parser_input = _Prepended(head, stream)
        context = etree.iterparse(parser_input, events=tuple(events), tag=tag, **_PARSER_OPTIONS)
        checked = False
        try:
            for event, element in context:
                if not checked:
                    _check_docinfo(element.getroottree(), name)
                    checked = True
                yield event, element
        except etree.XMLSyntaxError as error:
            raise syntax_error(error, name) from None
    finally:
        if isinstance(source, str):
            stream.close()


def syntax_error(error: Exception, source_name: str) -> InputError:
    """One line saying where the XML is broken: 'file.xlf: line 12: not well-formed XML (...)'."""
    line = getattr(error, "lineno", None)
    message = getattr(error, "msg", None) or str(error)
    # libxml2 appends "(<string>, line N)" and the line again to its message; keep the first part.
    message = message.split(", line ")[0].strip()
    where = f"{source_name}: line {line}" if line else source_name
    return InputError(f"{where}: not well-formed XML ({message})")


def text_without(element: Any, skipped_tags: frozenset[str]) -> str:
    """The text of `element` with the content of `skipped_tags` left out, their tails kept.

    Inline codes such as TMX `<bpt>` hold native markup (`<b>`), not words to translate; `<hi>`
    or XLIFF `<g>` hold words. Tags are compared without their namespace.
    """
    parts: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            parts.append(child.tail or "")
            continue
        local = child.tag.rsplit("}", 1)[-1]
        if local not in skipped_tags:
            parts.append(text_without(child, skipped_tags))
        parts.append(child.tail or "")
    return "".join(parts)


def _refuse_entity_declarations(head: bytes, source_name: str) -> None:
    start = head.find(b"<!DOCTYPE")
    if start == -1:
        return
    bracket = head.find(b"[", start)
    close = head.find(b">", start)
    if bracket == -1 or (close != -1 and close < bracket):
        return  # an external DOCTYPE only: nothing is declared here and nothing is loaded
    end = _SUBSET_END.search(head, bracket)
    subset = head[bracket : end.start() if end else len(head)]
    if _ENTITY_DECLARATION.search(subset):
        raise InputError(f"{source_name}: {_ENTITIES_REFUSED}")


def _check_docinfo(tree: Any, source_name: str) -> None:
    # Second line of defence, for prologs the byte check cannot read (UTF-16, very long ones).
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.entities()):
        raise InputError(f"{source_name}: {_ENTITIES_REFUSED}")


class _Prepended:
    """A file-like object that returns `head` first, then the rest of `stream`."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                data, self._head = self._head + self._stream.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._stream.read(size)
