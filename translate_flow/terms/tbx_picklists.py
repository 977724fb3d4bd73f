"""Picklist values from outside TBX-Basic, and the nearest TBX-Basic value for each.

Terminology systems write values that TBX-Basic does not have: MultiTerm's termType `synonym`,
the `entryTerm` of Oracle's and SAP's exports, ISO 12620's `standardizedTerm-admn-sts`. Refusing a
whole termbase for them helps nobody; tbx.py maps each to the nearest value and reports it.
"""

from __future__ import annotations

# termType values of full TBX and of other tools' picklists, mapped to the nearest TBX-Basic one
# (and reported): MultiTerm writes synonym, Oracle's and SAP's exports entryTerm, ISO 12620 has
# the rest. Anything else becomes the default fullForm, also reported.
TYPE_NEAREST = {
    "synonym": "variant",
    "entryterm": "fullForm",
    "maintermentry": "fullForm",
    "commonname": "fullForm",
    "internationalscientificterm": "fullForm",
    "internationalism": "variant",
    "orthographicalvariant": "variant",
    "transliteratedform": "variant",
    "transcribedform": "variant",
    "romanizedform": "variant",
    "symbol": "abbreviation",
    "initialism": "abbreviation",
    "abbreviatedform": "abbreviation",
    "clippedterm": "shortForm",
    "shortcut": "shortForm",
    "phraseologicalunit": "fullForm",
    "setphrase": "fullForm",
    "collocation": "fullForm",
    "standardtext": "fullForm",
}
# administrativeStatus values outside TBX-Basic, by the word they start with: ISO 12620's
# standardizedTerm, legalTerm and regulatedTerm are binding, so preferred; forbidden and
# rejected terms are deprecated. An unknown value becomes admitted: usable, never suggested
# first, and reported.
STATUS_NEAREST = (
    ("standardized", "preferred"),
    ("legal", "preferred"),
    ("regulated", "preferred"),
    ("approved", "preferred"),
    ("prefer", "preferred"),
    ("accepted", "admitted"),
    ("proposed", "admitted"),
    ("admit", "admitted"),
    ("forbidden", "deprecated"),
    ("rejected", "deprecated"),
    ("deprecat", "deprecated"),
    ("notrecommended", "deprecated"),
    ("obsolete", "superseded"),
    ("supersed", "superseded"),
    ("archaic", "superseded"),
)
STATUS_UNKNOWN = "admitted"


def nearest_type(value: str) -> str:
    """The TBX-Basic termType nearest to another tool's value (fullForm when none is near)."""
    return TYPE_NEAREST.get(value.lower().replace("-", "").replace(" ", ""), "fullForm")


def nearest_status(value: str) -> str:
    """The administrativeStatus nearest to another tool's value, by the word it starts with."""
    folded = value.lower().replace("-", "").replace("_", "").replace(" ", "")
    return next((s for start, s in STATUS_NEAREST if folded.startswith(start)), STATUS_UNKNOWN)
