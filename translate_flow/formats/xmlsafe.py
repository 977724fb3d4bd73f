"""Parse XML from outside the desk without letting it reach the network, the disk or the memory.

Every XML exchange file (XLIFF, TMX) is read through here. The parser never resolves entities,
never loads a DTD and never fetches anything, and it keeps libxml2's limits on huge text nodes.
lxml builds a tree; `stream_expat` hands a big file (a TMX memory) to expat with handlers instead,
which costs a third as much per element and refuses entity declarations the moment it meets one.
A document whose DOCTYPE declares entities is refused outright: news exchange formats never need
them, and an internal subset full of nested entities is the "billion laughs" attack. A plain
external DOCTYPE (`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, common in TMX files) is accepted and ignored.

Errors are `InputError`s naming the file and, where the parser knows it, the line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any
from xml.parsers import expat

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
# expat reads these itself; any other declared encoding is decoded in Python and fed as UTF-8
# (pyexpat cannot read a multi-byte one such as GBK, which libxml2 could).
_EXPAT_ENCODINGS = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "ascii", "iso8859-1"})
_DECLARED_ENCODING = re.compile(
    rb"(?:\xef\xbb\xbf)?<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z][\w.:-]*)[\"']"
)
_EXPAT_CHUNK = 64 * 1024


def parse_xml(data: bytes, source_name: str) -> etree._ElementTree:
    """Parse a whole XML document safely; `source_name` names it in error messages."""
    from lxml import etree

    if isinstance(data, str):
        raise TypeError("parse_xml takes bytes; let the XML declaration give the encoding")
    _refuse_entity_declarations(data[:_PROLOG_BYTES], source_name)
    _refuse_contradicted_encoding(data[:_PROLOG_BYTES], source_name)
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


def _open_binary(source: str | IO[bytes], name: str) -> IO[bytes]:
    """The file at a path (the caller closes it), or the binary file given."""
    try:
        return open(source, "rb") if isinstance(source, str) else source  # noqa: SIM115
    except OSError as error:
        raise InputError(f"{name}: cannot read the file ({error.strerror})") from None


def _read_bytes(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if not isinstance(data, bytes):
        raise TypeError("XML must be read from a binary file")
    return data


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

    name = _source_name(source, source_name)
    stream = _open_binary(source, name)
    try:
        head = _read_bytes(stream, _PROLOG_BYTES)
        _refuse_entity_declarations(head, name)
        _refuse_contradicted_encoding(head, name)
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


def stream_expat(
    source: str | IO[bytes],
    source_name: str | None,
    install: Callable[[expat.XMLParserType], None],
) -> Iterator[None]:
    """Parse a path or binary file with expat, with the same safety as parse_xml.

    `install` sets the caller's handlers on the parser. The generator yields after each chunk it
    has parsed, so the caller can hand on what its handlers gathered while the file is read.
    Names are namespace-aware: "uri}local" in a namespace (lxml's "{uri}local" without the
    brace), a bare "local" outside one; xml:lang is "http://www.w3.org/XML/1998/namespace}lang".
    Character data is buffered, so a text comes in one call or few.
    """
    name = _source_name(source, source_name)
    stream = _open_binary(source, name)
    try:
        chunk = _read_bytes(stream, _EXPAT_CHUNK)
        _refuse_contradicted_encoding(chunk, name)
        decoder = _decoder(chunk)
        parser = expat.ParserCreate("UTF-8" if decoder else None, namespace_separator="}")
        parser.buffer_text = True
        # expat never loads external entities or DTDs itself (it has no I/O, and no handler for
        # them is installed); entity declarations are refused before anything can expand them.
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def refuse_entities(*_declaration: object) -> None:
            raise InputError(f"{name}: {_ENTITIES_REFUSED}")

        parser.EntityDeclHandler = refuse_entities
        install(parser)
        try:
            while chunk:
                parser.Parse(decoder.decode(chunk).encode() if decoder else chunk, False)
                yield
                chunk = stream.read(_EXPAT_CHUNK)
            parser.Parse(decoder.decode(b"", True).encode() if decoder else b"", True)
            yield
        except expat.ExpatError as error:
            raise syntax_error(error, name) from None
    finally:
        if isinstance(source, str):
            stream.close()


def syntax_error(error: Exception, source_name: str) -> InputError:
    """One line saying where the XML is broken: 'file.xlf: line 12: not well-formed XML (...)'."""
    line = getattr(error, "lineno", None)
    if isinstance(error, expat.ExpatError):
        message = expat.ErrorString(error.code)  # str(error) repeats the line and column
    else:
        message = getattr(error, "msg", None) or str(error)
        # libxml2 appends "(<string>, line N)" and the line again to its message; keep the first.
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


def _source_name(source: str | IO[bytes], source_name: str | None) -> str:
    named = source if isinstance(source, str) else getattr(source, "name", "XML")
    return str(source_name or named)


def _decoder(head: bytes) -> codecs.IncrementalDecoder | None:
    """A decoder to UTF-8's text for a declared encoding expat cannot read itself, else None."""
    declared = _DECLARED_ENCODING.match(head)
    if declared is None:
        return None  # UTF-8 or UTF-16 (expat tells them apart by the byte-order mark)
    try:
        info = codecs.lookup(declared.group(1).decode("ascii"))
    except LookupError:
        return None  # expat reports the unknown encoding as the parse error it is
    if info.name in _EXPAT_ENCODINGS:
        return None
    return info.incrementaldecoder()


def _refuse_contradicted_encoding(head: bytes, source_name: str) -> None:
    """Refuse a file whose XML declaration names a legacy encoding its bytes are not in.

    The common case is a tool that writes UTF-8 under a copied `encoding="ISO-8859-1"`: every
    byte is valid Latin-1, so the parser reads it without complaint and each Cyrillic or
    accented letter turns into two letters of mojibake. UTF-8 multi-byte sequences outnumbering
    the stray bytes give it away (a genuine Latin-1 or windows-1251 text forms them only by
    chance). A declared UTF-8 that is not UTF-8 the parser refuses itself.
    """
    from translate_flow.text.encoding import mostly_utf8

    declared = _DECLARED_ENCODING.match(head)
    if declared is None or head.isascii():
        return
    name = declared.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return  # the parser reports the unknown encoding
    if codec.startswith(("utf-8", "utf-16", "utf-32")):
        return
    if mostly_utf8(head):
        raise InputError(
            f"{source_name}: the XML declaration says encoding={name!r} but the bytes are UTF-8; "
            "correct the declaration"
        )


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
