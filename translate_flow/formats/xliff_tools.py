"""What CAT tools say about a segment's state in their own XLIFF 1.2 attributes.

memoQ (.mqxliff) puts `mq:status` and `mq:locked` on the `<trans-unit>`; Trados Studio (.sdlxliff)
splits a unit into `<mrk mtype="seg">` segments and describes each in `<sdl:seg-defs>` with a
confirmation level `conf` and `locked`. Where such an attribute says something, it is more precise
than the standard `state` (which these tools often leave out), so it decides our status. Values not
listed here say nothing we can use, and the standard state decides.
"""

from __future__ import annotations

from typing import Any

from translate_flow.workflow.states import APPROVED, MACHINE_TRANSLATED, NEW, REJECTED, TRANSLATED

MEMOQ_NS = "MQXliff"
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"

# memoQ's row statuses. "Confirmed" by the translator is our translated; the second reviewer's
# confirmation is the last step of memoQ's workflow, which is what our editor's approval is.
MEMOQ_STATUS = {
    "NotStarted": NEW,
    "Edited": MACHINE_TRANSLATED,
    "PartiallyEdited": MACHINE_TRANSLATED,
    "Pretranslated": MACHINE_TRANSLATED,
    "MachineTranslated": MACHINE_TRANSLATED,
    "AssembledFromFragments": MACHINE_TRANSLATED,
    "ManuallyConfirmed": TRANSLATED,
    "ConfirmedTranslator": TRANSLATED,
    "Reviewer1Confirmed": TRANSLATED,
    "Reviewer2Confirmed": APPROVED,
    "Rejected": REJECTED,
}

# Trados Studio's confirmation levels (sdl:seg conf). A segment without conf is not started.
SDL_CONF = {
    "Draft": MACHINE_TRANSLATED,
    "Translated": TRANSLATED,
    "RejectedTranslation": REJECTED,
    "ApprovedTranslation": TRANSLATED,
    "RejectedSignOff": REJECTED,
    "ApprovedSignOff": APPROVED,
}


def memoq_state(trans_unit: Any) -> tuple[str | None, bool]:
    """Our status from memoQ's mq:status (None if absent or unknown), and whether it is locked."""
    status = trans_unit.get(f"{{{MEMOQ_NS}}}status")
    locked = (trans_unit.get(f"{{{MEMOQ_NS}}}locked") or "").lower() in ("locked", "true", "yes")
    return MEMOQ_STATUS.get(status or ""), locked


def sdl_segments(trans_unit: Any) -> dict[str, tuple[str | None, bool]]:
    """{segment id: (our status or None, locked)} from a Trados unit's sdl:seg-defs."""
    segments: dict[str, tuple[str | None, bool]] = {}
    for seg in trans_unit.iterfind(f"{{{SDL_NS}}}seg-defs/{{{SDL_NS}}}seg"):
        conf = seg.get("conf")
        status = SDL_CONF.get(conf or "", NEW if conf is None else None)
        segments[seg.get("id", "")] = (status, (seg.get("locked") or "").lower() == "true")
    return segments


# XLIFF 2.0 subState values of other tools that say something (the standard leaves subState to
# tools, "prefix:value"). Found in the tools' own code and tests:
# - Maxprograms' OpenXLIFF Filters (behind Swordfish and XLIFF Manager) mark a segment that is not
#   to be translated `openxliff:locked`, and read it back as such: our lock.
# - XLIFF Sync (the VS Code extension for Business Central's XLIFF) flags a translation whose
#   source changed as state="translated" subState="xliffSync:needsWork" by default: a draft to
#   review, as XLIFF 1.2's needs-adaptation is for us.
# Any other subState (and ours, "translate-flow:...", which formats/xliff.py reads itself) leaves
# the status to `state`; on export it stays as the tool wrote it.
SUBSTATE_LOCKED = frozenset({"openxliff:locked"})
SUBSTATE_STATUS = {"xliffSync:needsWork": MACHINE_TRANSLATED}


def substate_says(sub_state: str | None) -> tuple[str | None, bool]:
    """Our status from another tool's XLIFF 2.0 subState (None: it says none), and the lock."""
    return SUBSTATE_STATUS.get(sub_state or ""), (sub_state or "") in SUBSTATE_LOCKED
