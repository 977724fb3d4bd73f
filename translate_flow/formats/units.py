"""The one unit every exchange format reads and writes, and how our statuses map onto each format.

Like translate-toolkit's TranslationUnit: PO, XLIFF and the rest convert to and from `Unit` and
`Document`, so import, export and QA never special-case a format outside its own module. The
services turn database rows into these objects and back; nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from translate_flow.workflow.states import (
    APPROVED,
    MACHINE_TRANSLATED,
    NEW,
    REJECTED,
    SOURCE_CHANGED,
    STATUSES,
    TRANSLATED,
)

__all__ = [
    "STATUSES",
    "Unit",
    "Document",
    "PO_FUZZY_STATUSES",
    "XLIFF2_STATE",
    "XLIFF2_STATUS_FROM_STATE",
    "XLIFF12_STATE",
    "XLIFF12_STATUS_FROM_STATE",
    "XLIFF12_MT_QUALIFIER",
    "XLIFF2_SUBSTATE_PREFIX",
]


@dataclass
class Unit:
    """One segment of an article with its translation into the document's target language."""

    id: str  # our segment id as a string, e.g. "42"
    source: str
    target: str | None
    state: str  # our status: new, machine-translated, translated, approved, rejected, ...
    notes: list[str] = field(default_factory=list)  # comments and findings, as text
    previous_source: str | None = None  # the old source of a source-changed segment
    paragraph: int | None = None
    # The id of the target's current revision when it was exported: an import compares it with
    # the database to tell "edited in the file" from "edited by someone else meanwhile".
    revision: int | None = None
    # A CAT tool's lock (memoQ mq:locked, Trados sdl:seg locked): the unit is not to be changed.
    locked: bool = False
    # A PO plural entry: the source's plural (msgid_plural) and every target form
    # (msgstr[0], msgstr[1], ...); `target` is then form 0.
    source_plural: str | None = None
    target_plurals: list[str] | None = None
    # How many msgstr[n] forms the entry has, translated or not (po.form_count).
    plural_count: int | None = None
    # Where a reader found the unit in a tool's file (formats/xliff.py: the XML elements), for
    # writing our target back into that file (formats/original.py). Not part of the unit's value.
    anchor: Any = field(default=None, repr=False, compare=False)


@dataclass
class Document:
    """One article in one target language, as an exchange file carries it."""

    article_id: str
    title: str | None
    source_lang: str
    target_lang: str
    units: list[Unit]
    version: int | None = None  # the article version number

    def duplicate_ids(self) -> dict[str, list[int]]:
        """Unit ids given to more than one unit, each with the positions (from 1) that carry it.

        A file with two units of one id cannot say which target is meant; a CAT tool that
        splits or copies units makes such files.
        """
        positions: dict[str, list[int]] = {}
        for number, unit in enumerate(self.units, start=1):
            if unit.id:
                positions.setdefault(unit.id, []).append(number)
        return {unit_id: found for unit_id, found in positions.items() if len(found) > 1}


# PO has one bit of status, the "fuzzy" flag: set on everything a translator has not accepted.
PO_FUZZY_STATUSES = frozenset({NEW, MACHINE_TRANSLATED, REJECTED, SOURCE_CHANGED})

# XLIFF 2.0 knows initial / translated / reviewed / final. Our exact status rides along in
# subState ("translate-flow:machine-translated"), which the standard reserves for such tool detail.
XLIFF2_STATE = {
    NEW: "initial",
    MACHINE_TRANSLATED: "initial",
    REJECTED: "initial",
    SOURCE_CHANGED: "initial",
    TRANSLATED: "translated",
    APPROVED: "final",
}
# Reading a file without our subState (or one a CAT tool made inconsistent): "reviewed" never
# occurs on export and means a reviewer looked at it, which is still short of an editor's approval.
XLIFF2_STATUS_FROM_STATE = {
    "initial": MACHINE_TRANSLATED,  # with a target; without one it is NEW
    "translated": TRANSLATED,
    "reviewed": TRANSLATED,
    "final": APPROVED,
}
XLIFF2_SUBSTATE_PREFIX = "translate-flow:"

# XLIFF 1.2 target states. Machine output also gets state-qualifier="mt-suggestion", which is what
# tells it apart from a source-changed draft (both need a translator's review).
XLIFF12_STATE = {
    NEW: "new",
    MACHINE_TRANSLATED: "needs-review-translation",
    TRANSLATED: "translated",
    APPROVED: "final",
    REJECTED: "needs-translation",
    SOURCE_CHANGED: "needs-review-translation",
}
XLIFF12_MT_QUALIFIER = "mt-suggestion"
XLIFF12_STATUS_FROM_STATE = {
    "new": NEW,
    "needs-translation": REJECTED,  # with a target; without one it is NEW
    "needs-adaptation": MACHINE_TRANSLATED,
    "needs-l10n": MACHINE_TRANSLATED,
    "needs-review-translation": MACHINE_TRANSLATED,
    "needs-review-adaptation": MACHINE_TRANSLATED,
    "needs-review-l10n": MACHINE_TRANSLATED,
    "translated": TRANSLATED,
    "signed-off": APPROVED,
    "final": APPROVED,
}
