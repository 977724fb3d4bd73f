"""Reading an exchange file (XLIFF 2.0, XLIFF 1.2 or PO) without knowing its format beforehand.

Used by the round-trip import (services/exchange.py) and by file QA (services/file_qa.py); no
database involved.
"""

from __future__ import annotations

from pathlib import Path

from translate_flow.formats.units import Document

XLIFF_SUFFIXES = (".xlf", ".xliff", ".xlif", ".sdlxliff", ".mqxliff")
PO_SUFFIXES = (".po", ".pot")


def read_exchange_file(data: bytes, name: str) -> tuple[str, Document]:
    """Read an XLIFF (2.x or 1.x) or PO file holding one document (one article)."""
    from translate_flow.formats.po import read_po
    from translate_flow.formats.xliff import read_xliff

    if exchange_kind(data, name) == "xliff":
        return "xliff", read_xliff(data, name)
    return "po", read_po(data, name)


def read_exchange_documents(data: bytes, name: str) -> tuple[str, list[Document]]:
    """Read every document of an XLIFF or PO file: an XLIFF file may hold several <file>s."""
    from translate_flow.formats.po import read_po
    from translate_flow.formats.xliff import read_xliff_documents

    if exchange_kind(data, name) == "xliff":
        return "xliff", read_xliff_documents(data, name)
    return "po", [read_po(data, name)]


def exchange_kind(data: bytes, name: str) -> str:
    """ "xliff" or "po": by the file's extension, else by its first character."""
    suffix = Path(name).suffix.lower()
    if suffix in XLIFF_SUFFIXES:
        kind = "xliff"
    elif suffix in PO_SUFFIXES:
        kind = "po"
    else:
        # An XML document starts with "<" (after a BOM and spaces); a PO file never does.
        head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        kind = "xliff" if head.startswith(b"<") else "po"
    return kind
