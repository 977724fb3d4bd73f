"""Checks on what a text is made of, rather than what it says."""

from __future__ import annotations

from translate_flow.qa.base import CheckContext, Finding, check
from translate_flow.text.controls import CONTROL, describe


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
