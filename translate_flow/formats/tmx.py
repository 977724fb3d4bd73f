"""TMX 1.4: translation memories in and out, streamed so a million units need little memory.

The writer emits one `<tu>` per entry through lxml's incremental `xmlfile`; the reader walks the
file with `iterparse` and clears every `<tu>` once it has been turned into entries. A `<tu>` with
more than two `<tuv>` (one source, several targets) yields one entry per target language.

Inline markup becomes placeholders (formats/inline.py): `<bpt>`, `<ept>`, `<it>`, `<ph>` and `<ut>`
hold native codes of the original format (`<b>`, `{\\rtf ...}`), not words, so their content is
dropped and a placeholder stands in its place: `<i>`/`</i>` for a `<bpt i="i">`/`<ept i="i">` pair,
`<x/>` for a `<ph x="x">`, `<it>` or `<ut>` (numbered in the `<seg>` when `x` is missing), `<x>`
and `</x>` around the words of a `<hi>`. TMX numbers codes with `i` and `x` across the variants
of a unit, so the same code has the same placeholder in source and target.
"""

from __future__ import annotations

import functools
import itertools
import os
import pickle
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from translate_flow.errors import InputError
from translate_flow.formats.xmlsafe import stream_expat
from translate_flow.langs import base_lang

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_EXPAT_XML_LANG = XML_LANG[1:]  # expat's "uri}local"
CREATION_TOOL = "translate-flow"
CREATION_TOOL_VERSION = "0.1"
_CODES = frozenset({"bpt", "ept", "it", "ph", "ut", "sub"})
_NUMBER = re.compile(r"\d{1,9}")
# TMX dates are ISO 8601 basic format in UTC: 20240501T120000Z.
_TMX_DATE = "%Y%m%dT%H%M%SZ"
_TMX_DATE_PATTERN = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_MAX_TEXT = 10_000_000  # characters
# From this size on iter_tmx_batches parses in a separate process: starting one takes about 0.3 s,
# parsing these 4 MB (10,000 units) about as long.
BACKGROUND_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class TMEntry:
    """One source/target pair of a translation memory."""

    source_lang: str
    target_lang: str
    source: str
    target: str
    created_at: datetime | None = None
    creator: str | None = None

    @property
    def source_base_lang(self) -> str:
        return base_lang(self.source_lang)

    @property
    def target_base_lang(self) -> str:
        return base_lang(self.target_lang)


def write_tmx(entries: Iterable[TMEntry], source_lang: str, path_or_file: str | IO[bytes]) -> int:
    """Write the entries as a TMX 1.4 file and return how many `<tu>` were written.

    `source_lang` goes in the header; an entry whose source language differs carries its own
    `srclang`. Entries are consumed one at a time, so a generator over a database cursor works.
    """
    from lxml import etree

    count = 0
    with etree.xmlfile(path_or_file, encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            header = etree.Element(
                "header",
                creationtool=CREATION_TOOL,
                creationtoolversion=CREATION_TOOL_VERSION,
                datatype="plaintext",
                segtype="sentence",
                adminlang="en",
                srclang=source_lang,
                **{"o-tmf": CREATION_TOOL},
            )
            xf.write(header, pretty_print=True)
            with xf.element("body"):
                xf.write("\n")
                for entry in entries:
                    xf.write(_tu(etree, entry, source_lang, count + 1), pretty_print=True)
                    count += 1
            xf.write("\n")
    return count


def iter_tmx(path_or_file: str | IO[bytes], source_lang: str | None = None) -> Iterator[TMEntry]:
    """Stream the entries of a TMX file (a path or a binary file object).

    The source `<tuv>` is the one in `source_lang` if given (an exact code first, else the same base
    language, so "ru" finds "ru-RU"), else the one named by the `<tu>`'s or the header's `srclang`,
    else the first. A `<tu>` without that language yields nothing.
    """

    def entries(tu: dict[str, str], variants: list[_Variant], header_srclang: str | None) -> list:
        source = _source(variants, source_lang or tu.get("srclang") or header_srclang)
        if source is None:
            return []
        source_lang_found, source_text, _ = source
        tu_date = _parse_date(tu.get("creationdate"))
        tu_creator = tu.get("creationid")
        return [
            TMEntry(
                source_lang=source_lang_found,
                target_lang=variant[0],
                source=source_text,
                target=variant[1],
                created_at=_parse_date(variant[2].get("creationdate")) or tu_date,
                creator=variant[2].get("creationid") or tu_creator,
            )
            for variant in variants
            if variant is not source
        ]

    return _read(path_or_file, entries)


def iter_tmx_texts(path_or_file: str | IO[bytes]) -> Iterator[tuple[str, str, str, str]]:
    """(source language, target language, source, target) of each entry, as iter_tmx finds them.

    For an import, which keeps no dates or creators: a tuple costs less than a TMEntry.
    """

    def texts(tu: dict[str, str], variants: list[_Variant], header_srclang: str | None) -> list:
        source = _source(variants, tu.get("srclang") or header_srclang)
        if source is None:
            return []
        source_lang, source_text, _ = source
        return [
            (source_lang, variant[0], source_text, variant[1])
            for variant in variants
            if variant is not source
        ]

    return _read(path_or_file, texts)


def iter_tmx_batches(path: str, size: int) -> Iterator[list[tuple[str, str, str, str]]]:
    """The tuples of iter_tmx_texts(path) in lists of up to `size`.

    A big file is parsed by a separate Python process, one batch ahead of the caller: parsing is
    a third of the work of an import, and so it runs on another core while the caller writes the
    batch before. An error (malformed XML, not a TMX file) is raised here, at the batch it is in,
    as iter_tmx_texts would raise it.
    """
    try:
        background = os.path.getsize(path) >= BACKGROUND_BYTES
    except OSError:
        background = False  # iter_tmx_texts says what is wrong with the path
    if not background:
        yield from _batches(path, size)
        return
    # A plain child process rather than multiprocessing's: that would run the caller's main
    # script again in the child. It gets the caller's module path, so it imports this very code.
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, path, str(size), *sys.path],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
    )
    try:
        while True:
            try:
                batch = pickle.load(reader.stdout)
            except EOFError:
                raise RuntimeError(f"the TMX reader stopped (exit code {reader.wait()})") from None
            if batch is None:
                return
            if isinstance(batch, Exception):
                raise batch
            yield batch
    finally:
        reader.stdout.close()
        reader.kill()  # nothing to do once it has finished
        reader.wait()


_READER = (
    "import sys; sys.path[:] = sys.argv[3:]; from translate_flow.formats.tmx import send_batches; "
    "send_batches(sys.argv[1], int(sys.argv[2]))"
)


def send_batches(path: str, size: int) -> None:
    """iter_tmx_batches' reader process: pickles the batches to stdout, then None or the error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the caller, who ends this process
    output = sys.stdout.buffer
    try:
        try:
            for batch in _batches(path, size):
                pickle.dump(batch, output, pickle.HIGHEST_PROTOCOL)
                output.flush()
            pickle.dump(None, output)
        except BrokenPipeError:
            raise
        except Exception as error:
            pickle.dump(error, output)
        output.flush()
    except BrokenPipeError:
        # The caller stopped reading (its import failed or was stopped) and says why itself;
        # the batches left have nowhere to go. Python's own flush at exit must not fail either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), output.fileno())


def _batches(path: str, size: int) -> Iterator[list[tuple[str, str, str, str]]]:
    entries = iter_tmx_texts(path)
    while batch := list(itertools.islice(entries, size)):
        yield batch


# A <tuv> with a language and a <seg>: (language, text, the <tuv>'s attributes).
_Variant = tuple[str, str, dict[str, str]]


def _read(
    path_or_file: str | IO[bytes],
    make: Callable[[dict[str, str], list[_Variant], str | None], list[Any]],
) -> Iterator[Any]:
    name = path_or_file if isinstance(path_or_file, str) else getattr(path_or_file, "name", "TMX")
    reader = _Reader(str(name), make)
    for _ in stream_expat(path_or_file, str(name), reader.install):
        yield from reader.found
        reader.found.clear()
        reader.check_size()
    if not reader.seen_header:
        raise InputError(f"{name}: not a TMX file (no <tmx><header>)")


class _Reader:
    """expat handlers that turn each `<tu>` into `make(attributes, variants, header srclang)`.

    The rules are those of a tree: a `<tu>` anywhere, its `<tuv>` children with a language, in each
    the `<seg>` that is its last child, else its first `<seg>`; inline codes inside a `<seg>` are
    left out with their content. Depths tell a child from a deeper descendant.

    Character data is gathered only inside such a `<seg>`, straight into a list (`list.append` is
    expat's handler there, and none is set elsewhere: the indentation between elements would
    otherwise cost a call each); the `<seg>` is the join of its pieces less those of its codes.
    """

    def __init__(self, name: str, make: Callable[..., list[Any]]) -> None:
        self.name = name
        self.make = make
        self.found: list[Any] = []
        self.seen_header = False
        self.header_srclang: str | None = None
        self._header: dict[str, str] = {}
        self._open: list[str] = []  # names of the open elements
        self._text: list[str] = []  # character data of the <seg>s since the last <tu> ended
        self._parser: Any = None
        self._units: list[tuple[int, dict[str, str], list[_Variant]]] = []  # open <tu>s
        self._tuv: dict[str, str] | None = None  # attributes of the open <tuv> of a <tu>
        self._tuv_depth = 0
        self._first_seg: str | None = None
        self._last_seg: str | None = None
        self._seg_last = False  # the <tuv>'s last child so far is a <seg>
        self._seg_depth = 0  # of the open <seg> of that <tuv>, 0 outside one
        self._seg_start = 0  # where its text begins in _text
        self._code_depth = 0  # of the outermost open inline code in that <seg>, 0 outside one
        self._code_start = 0
        self._code: tuple[str, dict[str, str]] = ("", {})  # its name and attributes
        self._hi: list[tuple[int, str]] = []  # depth and number of each open <hi>
        self._unnumbered = 0  # codes without i or x in the open <seg>

    def install(self, parser: Any) -> None:
        self._parser = parser
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CommentHandler = self._other_child
        parser.ProcessingInstructionHandler = self._other_child

    def check_size(self) -> None:
        # libxml2 refuses a text node of more than 10,000,000 characters; the text of an unfinished
        # unit is held here, so a file of one endless <seg> is refused rather than held. A piece
        # is at most one chunk (64 KiB), so fewer than 128 pieces cannot reach the limit.
        if len(self._text) > 128 and sum(map(len, self._text)) > _MAX_TEXT:
            raise InputError(f"{self.name}: a unit holds more than {_MAX_TEXT:,} characters")

    def _placeholder(self) -> str:
        local, attributes = self._code
        if local == "bpt":
            return f"<{self._number(attributes.get('i'))}>"
        if local == "ept":
            return f"</{self._number(attributes.get('i'))}>"
        return f"<{self._number(attributes.get('x'))}/>"

    def _number(self, value: str | None) -> str:
        if value is not None and _NUMBER.fullmatch(value.strip()):
            return value.strip()
        # Without i or x, numbers from 1001 on cannot meet a file's own small ones.
        self._unnumbered += 1
        return str(1000 + self._unnumbered)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self._open.append(name)
        depth = len(self._open)
        if self._seg_depth:
            # Inline markup: the content of a code is dropped, that of <hi> kept.
            local = name.rpartition("}")[2]
            if self._code_depth:
                pass
            elif local in _CODES:
                self._code_depth = depth
                self._code_start = len(self._text)
                self._code = (local, attributes)
            elif local == "hi":
                number = self._number(attributes.get("x"))
                self._hi.append((depth, number))
                self._text.append(f"<{number}>")
        elif self._tuv is not None and depth == self._tuv_depth + 1:
            self._seg_last = name == "seg"
            if self._seg_last:
                self._seg_depth = depth
                self._seg_start = len(self._text)
                self._unnumbered = 0
                self._parser.CharacterDataHandler = self._text.append
        if name == "tuv":
            if self._units and depth == self._units[-1][0] + 1:
                self._tuv = attributes
                self._tuv_depth = depth
                self._first_seg = self._last_seg = None
                self._seg_last = False
        elif name == "tu":
            self._units.append((depth, attributes, []))
        elif name == "header":
            self._header = attributes

    def _end(self, name: str) -> None:
        depth = len(self._open)
        self._open.pop()
        if depth == self._seg_depth:
            text = "".join(self._text[self._seg_start :])
            if self._first_seg is None:
                self._first_seg = text
            self._last_seg = text
            self._seg_depth = 0
            self._parser.CharacterDataHandler = None
        elif depth == self._code_depth:
            del self._text[self._code_start :]
            self._code_depth = 0
            self._text.append(self._placeholder())
        elif self._hi and depth == self._hi[-1][0]:
            self._text.append(f"</{self._hi.pop()[1]}>")
        elif depth == self._tuv_depth and self._tuv is not None:
            attributes, self._tuv = self._tuv, None
            # `lang` is TMX 1.1-1.3
            lang = attributes.get(_EXPAT_XML_LANG) or attributes.get("lang")
            seg = self._last_seg if self._seg_last else self._first_seg
            if lang and seg is not None:
                self._units[-1][2].append((lang, seg, attributes))
        elif name == "tu" and self._units and depth == self._units[-1][0]:
            if not self.seen_header:
                raise InputError(f"{self.name}: not a TMX file (a <tu> before any <header>)")
            _, attributes, variants = self._units.pop()
            if len(variants) >= 2:
                self.found += self.make(attributes, variants, self.header_srclang)
            if not self._units:
                self._text.clear()
        elif name == "header":
            if not self._open or self._open[-1] != "tmx":
                raise InputError(f"{self.name}: not a TMX file (<header> outside <tmx>)")
            self.seen_header = True
            srclang = self._header.get("srclang")
            self.header_srclang = None if srclang in (None, "*all*") else srclang

    def _other_child(self, *_content: str) -> None:
        # A comment or processing instruction after a <tuv>'s <seg> makes it not the last child.
        if self._tuv is not None and len(self._open) == self._tuv_depth:
            self._seg_last = False


def _tu(etree: Any, entry: TMEntry, header_srclang: str, number: int) -> Any:
    attributes = {}
    if entry.source_lang != header_srclang:
        attributes["srclang"] = entry.source_lang
    if entry.created_at is not None:
        attributes["creationdate"] = _format_date(entry.created_at)
    if entry.creator:
        attributes["creationid"] = entry.creator
    tu = etree.Element("tu", attributes)
    for lang, text in ((entry.source_lang, entry.source), (entry.target_lang, entry.target)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        seg = etree.SubElement(tuv, "seg")
        try:
            seg.text = text
        except ValueError:
            raise InputError(
                f"translation memory entry {number}: the text holds a control character "
                "XML cannot carry"
            ) from None
    return tu


def _source(variants: list[_Variant], wanted: str | None) -> _Variant | None:
    if len(variants) < 2:
        return None
    return _pick_source(variants, wanted) if wanted else variants[0]


def _pick_source(variants: list[_Variant], wanted: str) -> _Variant | None:
    lowered = wanted.lower()
    for variant in variants:
        if variant[0].lower() == lowered:
            return variant
    base = base_lang(wanted)
    for variant in variants:
        if base_lang(variant[0]) == base:
            return variant
    return None


def _format_date(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime(_TMX_DATE)


@functools.lru_cache(maxsize=4096)
def _parse_date(value: str | None) -> datetime | None:
    # Cached and parsed by hand: strptime costs more than parsing the XML, and a memory exported
    # in one go repeats the same few dates. A date that cannot be read is dropped, not fatal: a
    # memory from another tool is still worth importing.
    if not value:
        return None
    match = _TMX_DATE_PATTERN.fullmatch(value.strip())
    if match:
        try:
            return datetime(*map(int, match.groups()), tzinfo=UTC)
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
