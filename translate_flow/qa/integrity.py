"""Checks on what a text is made of, rather than what it says."""

from __future__ import annotations

from translate_flow.qa.base import CheckContext, Finding, check
from translate_flow.text.controls import CONTROL, describe
from translate_flow.text.limits import MAX_SEGMENT_CHARS


@check("control-characters", "Control characters", "error")
def check_control_characters(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Flags control characters (NUL, ESC, Ctrl-Z, C1 codes) and bidi overrides (U+202A-U+202E,
    U+2066-U+2069) in the source or the translation. translate-flow refuses them in what people
    write and removes them from engines' answers, so this finds data stored before that rule, or
    exchange files checked with `qa` on files. They break exports and terminals and can make a
    text display in another order than it is stored in. Blocks approval until removed."""
    findings = []
    for side, text in (("source", source), ("target", target)):
        for found in CONTROL.finditer(text or ""):
            findings.append(
                Finding(
                    "control-characters",
                    "error",
                    f"{'source' if side == 'source' else 'translation'} contains the control "
                    f"character {describe(found.group())} at character {found.start() + 1}",
                    span=(found.start(), found.end()),
                    side=side,
                )
            )
            if len(findings) >= 20:
                return findings  # a text full of them needs one look, not a thousand lines
    return findings


@check("size", "Segment size", "error")
def check_size(source: str, target: str, context: CheckContext) -> list[Finding]:
    """Flags a source or translation longer than 20,000 characters, which translate-flow does
    not accept from people (ingest, segment edit, import) and does not check further: such a
    segment is a missing sentence boundary or a broken file. When it fires, no other check runs
    on the segment."""
    return oversized_findings(source, target)


def oversized_findings(source: str, target: str) -> list[Finding]:
    return [
        Finding(
            "size",
            "error",
            f"the {name} is {len(text):,} characters long; segments over "
            f"{MAX_SEGMENT_CHARS:,} characters are not checked, split it",
            side=side,
        )
        for side, name, text in (("source", "source", source), ("target", "translation", target))
        if len(text) > MAX_SEGMENT_CHARS
    ]
