"""How many real files from other tools translate-flow reads, and whether it reads them right.

    .venv/bin/python benchmarks/foreign_files.py DIR...

For every XLIFF, PO and TMX file under the directories (files from other tools' public test
suites, fetched into /tmp: they are not ours to commit) it reads the file as `qa` and `tm import`
do and compares what it found with an independent count over the raw file: lxml's XPath for XLIFF
and TMX (translatable units, or Trados/Okapi sentence marks; inline code elements), polib for PO
(entries, plural forms). Prints one line per file (accepted, refused with the reason, or WRONG
when the counts differ) and the totals.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from translate_flow.errors import InputError
from translate_flow.formats.exchange import read_exchange_documents
from translate_flow.formats.inline import placeholders

SUFFIXES = {".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".po", ".pot", ".tmx"}


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def expected_xliff(path: Path) -> tuple[int, int]:
    """(units, inline-code placeholders) by plain XPath, as the XLIFF standards define them."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.parse(str(path), parser).getroot()
    units = codes = 0
    for element in root.iter():
        if _local(element) not in ("trans-unit", "unit"):
            continue
        if any(e.get("translate") == "no" for e in [element, *element.iterancestors()]):
            continue
        marks = element.xpath("./*[local-name()='seg-source']//*[@mtype='seg']")
        units += len(marks) or 1
        for source in marks or element.xpath(
            "./*[local-name()='source'] | "
            "./*[local-name()='segment' or "
            "local-name()='ignorable']/*[local-name()='source']"
        ):
            for code in source.iterdescendants():
                name = _local(code)
                if not name or code.get("mtype") == "seg" or name == "sub":
                    continue
                if any(
                    _local(a) in ("bpt", "ept", "ph", "it", "ut")
                    for a in code.iterancestors()
                    if a is not source and source in a.iterancestors()
                ):
                    continue
                codes += 2 if name in ("g", "pc", "mrk") else 1
    return units, codes


def expected_po(path: Path) -> tuple[int, int]:
    import polib

    text = path.read_text(encoding="utf-8", errors="replace")
    entries = [e for e in polib.pofile(text) if not e.obsolete]
    return len(entries), sum(len(e.msgstr_plural) for e in entries if e.msgid_plural)


def check(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if path.suffix.lower() == ".tmx":
        from translate_flow.formats.tmx import iter_tmx_texts

        try:
            pairs = list(iter_tmx_texts(str(path)))
        except InputError as error:
            return "refused", str(error)
        return "accepted", f"{len(pairs)} pairs"
    try:
        kind, documents = read_exchange_documents(data, path.name)
    except InputError as error:
        return "refused", str(error)
    units = [u for d in documents for u in d.units]
    if kind == "po":
        ours = (len(units), sum(len(u.target_plurals or []) for u in units if u.source_plural))
        try:
            theirs = expected_po(path)
        except (OSError, ValueError):
            return "accepted", f"{ours[0]} entries (polib cannot read it to compare)"
        label = "entries, plural forms"
    else:
        ours = (len(units), sum(len(placeholders(u.source)) for u in units))
        theirs = expected_xliff(path)
        label = "units, codes"
    translated = sum(1 for u in units if u.target is not None)
    detail = f"{len(documents)} doc(s), {ours[0]} units ({translated} translated), {label} {ours}"
    if ours != theirs:
        return "WRONG", f"{detail}; independent count {theirs}"
    return "accepted", detail


def report_files(
    directories: list[str], suffixes: set[str], check: Callable[[Path], tuple[str, str]]
) -> None:
    """Check every file with one of the suffixes under the directories: a line a file (outcome,
    name, detail), then the count of each outcome. Shared with foreign_roundtrip.py."""
    totals: dict[str, int] = {}
    files = sorted(
        p for d in directories for p in Path(d).rglob("*") if p.suffix.lower() in suffixes
    )
    for path in files:
        outcome, detail = check(path)
        totals[outcome] = totals.get(outcome, 0) + 1
        print(f"{outcome:9} {path.name[:60]:60} {detail}")
    print(f"\n{len(files)} files: " + ", ".join(f"{n} {k}" for k, n in sorted(totals.items())))


if __name__ == "__main__":
    report_files(sys.argv[1:] or ["."], SUFFIXES, check)
