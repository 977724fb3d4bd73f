"""TMX 1.4: translation memories in and out, streamed so a million units need little memory.

The writer emits one `<tu>` per entry through lxml's incremental `xmlfile`; the reader walks the
file with `iterparse` and clears every `<tu>` once it has been turned into entries. A `<tu>` with
more than two `<tuv>` (one source, several targets) yields one entry per target language.

Inline markup is flattened to plain text: `<bpt>`, `<ept>`, `<it>`, `<ph>` and `<ut>` hold native
codes of the original format (`<b>`, `{\\rtf ...}`), not words, so their content is dropped and the
text around them kept; `<hi>` holds words and is kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

from translate_flow.errors import InputError
from translate_flow.formats.xmlsafe import iterparse_safe, text_without
from translate_flow.langs import base_lang

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CREATION_TOOL = "translate-flow"
CREATION_TOOL_VERSION = "0.1"
_CODES = frozenset({"bpt", "ept", "it", "ph", "ut", "sub"})
# TMX dates are ISO 8601 basic format in UTC: 20240501T120000Z.
_TMX_DATE = "%Y%m%dT%H%M%SZ"
_TMX_DATE_PATTERN = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")


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
    name = path_or_file if isinstance(path_or_file, str) else getattr(path_or_file, "name", "TMX")
    header_srclang: str | None = None
    seen_header = False
    for _event, element in iterparse_safe(path_or_file, str(name), tag=("header", "tu")):
        if element.tag == "tu":
            if not seen_header:
                raise InputError(f"{name}: not a TMX file (a <tu> before any <header>)")
            yield from _entries(element, source_lang, header_srclang)
            # Bounded memory: drop this <tu> and everything before it in <body>.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
        else:
            parent = element.getparent()
            if parent is None or parent.tag != "tmx":
                raise InputError(f"{name}: not a TMX file (<header> outside <tmx>)")
            seen_header = True
            srclang = element.get("srclang")
            header_srclang = None if srclang in (None, "*all*") else srclang
    if not seen_header:
        raise InputError(f"{name}: not a TMX file (no <tmx><header>)")


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


def _entries(tu: Any, source_lang: str | None, header_srclang: str | None) -> Iterator[TMEntry]:
    variants = []  # (lang, text, tuv element)
    for tuv in tu:
        if tuv.tag != "tuv":
            continue  # <note>, <prop>, comments
        lang = tuv.get(XML_LANG) or tuv.get("lang")  # `lang` is TMX 1.1-1.3, still seen in files
        # <seg> comes last in a <tuv> (after any <note> and <prop>); find() costs a path lookup.
        seg = tuv[-1] if len(tuv) else None
        if seg is not None and seg.tag != "seg":
            seg = tuv.find("seg")
        if not lang or seg is None:
            continue
        text = text_without(seg, _CODES) if len(seg) else (seg.text or "")
        variants.append((lang, text, tuv))
    if len(variants) < 2:
        return
    wanted = source_lang or tu.get("srclang") or header_srclang
    source = _pick_source(variants, wanted) if wanted else variants[0]
    if source is None:
        return
    source_lang_found, source_text, _ = source
    tu_date = _parse_date(tu.get("creationdate"))
    tu_creator = tu.get("creationid")
    for variant in variants:
        if variant is source:
            continue
        lang, text, tuv = variant
        yield TMEntry(
            source_lang=source_lang_found,
            target_lang=lang,
            source=source_text,
            target=text,
            created_at=_parse_date(tuv.get("creationdate")) or tu_date,
            creator=tuv.get("creationid") or tu_creator,
        )


def _pick_source(variants: list[tuple[str, str, Any]], wanted: str) -> tuple[str, str, Any] | None:
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
