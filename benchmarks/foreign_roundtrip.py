"""Whether `export --format original` writes real files from other tools back.

    .venv/bin/python benchmarks/foreign_roundtrip.py DIR...

For every XLIFF and PO file under the directories (other projects' public test files, fetched
into /tmp: not ours to commit), the units `ingest` would take (formats/original.taken_units, PO
plural forms split as ingest splits them) are written back twice through write_original, the
function behind `export --format original`, without a database and whatever the languages:
1. unchanged: every unit's own target and status; the file must come back byte for byte;
2. rewritten: every unlocked unit gets its source as target ("copy source to target": every
   inline code placeholder in place) and the status translated; the result is read again with
   the same readers and each unit's target must be its source, each locked unit unchanged.
Prints one line per file (ok, refused with the reason, or WRONG) and the totals.
"""

from __future__ import annotations

import sys
from pathlib import Path

from translate_flow.errors import InputError
from translate_flow.formats.exchange import read_exchange_documents
from translate_flow.formats.original import taken_units, write_original
from translate_flow.formats.po import plural_form_units
from translate_flow.workflow.states import TRANSLATED

SUFFIXES = {".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".po"}


def work_units(data: bytes, name: str) -> tuple[str, list]:
    kind, documents = read_exchange_documents(data, name)
    units = taken_units([u for d in documents for u in d.units])
    return kind, plural_form_units(units) if kind == "po" else units


def check(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    try:
        kind, units = work_units(data, path.name)
    except InputError as error:
        return "refused", f"read: {error}"
    if not units:
        return "refused", "no unit with source text"
    try:
        same = write_original(data, path.name, kind, [(u.target, u.state) for u in units])
    except InputError as error:
        return "WRONG", f"unchanged write failed: {error}"
    if same != data:
        return "WRONG", "unchanged units did not give the file back byte for byte"
    targets = [(None, u.state) if u.locked else (u.source, TRANSLATED) for u in units]
    try:
        written = write_original(data, path.name, kind, targets)
        _, again = work_units(written, path.name)
    except InputError as error:
        return "refused", f"rewrite: {error}"
    if len(again) != len(units):
        return "WRONG", f"{len(units)} units written, {len(again)} read back"
    for before, after in zip(units, again, strict=True):
        expected = before.target if before.locked else before.source
        if after.target != expected:
            return "WRONG", f"unit {before.id!r}: {after.target!r} read back, {expected!r} written"
    locked = sum(1 for u in units if u.locked)
    return "ok", f"{kind}, {len(units)} units rewritten and read back ({locked} locked)"


if __name__ == "__main__":
    from foreign_files import report_files  # beside this script

    report_files(sys.argv[1:] or ["."], SUFFIXES, check)
