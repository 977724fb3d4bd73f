"""Run the registered quality checks over one source/target pair.

The runner imports a fixed list of check modules; importing a module registers its checks. A
missing module is an installation error and raises, so a check never silently drops out.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable

from translate_flow.errors import InputError
from translate_flow.formats.inline import PLACEHOLDER
from translate_flow.qa.base import REGISTRY, CheckContext, CheckInfo, Finding
from translate_flow.qa.integrity import oversized_findings
from translate_flow.text.limits import MAX_SEGMENT_CHARS

CHECK_MODULES = (
    "translate_flow.qa.checks",
    "translate_flow.qa.terminology",
    "translate_flow.qa.integrity",
    "translate_flow.qa.tags",
)
# A code with a space on both sides: dropping it with one of the spaces leaves one space.
_SPACED_CODES = re.compile(rf" (?:{PLACEHOLDER.pattern})+(?= )")
# The one check that looks at inline-code placeholders; the others see the text without them.
_PLACEHOLDER_CHECK = "tags"


def load_checks() -> dict[str, CheckInfo]:
    """Import every check module and return the registry, keyed by check id."""
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return REGISTRY


def run_checks(
    source: str,
    target: str | None,
    context: CheckContext,
    only: Iterable[str] | None = None,
) -> list[Finding]:
    """The findings of every check (or of the checks named in `only`) for one segment.

    A missing target (None) is checked as an empty one. Findings come in registry order. The
    context's settings (qa/settings.py) leave out the checks the desk turned off and give the
    others the severity it chose.
    Texts read from a CAT tool's file may hold inline codes as placeholders (`<1>`, `<2/>`):
    only `tags` sees them; every other check sees the text a reader sees, so a code is never a
    number or a doubled space (and spans then count in that text).
    """
    checks = load_checks()
    selected = list(checks) if only is None else list(dict.fromkeys(only))
    unknown = [check_id for check_id in selected if check_id not in checks]
    if unknown:
        raise InputError(
            f"unknown check {', '.join(unknown)}; known checks: {', '.join(sorted(checks))}"
        )
    text = target if target is not None else ""
    if max(len(source), len(text)) > MAX_SEGMENT_CHARS:
        # Over the limit nothing else is checked: the size is the finding, and the work stays
        # bounded whatever a broken file holds.
        return oversized_findings(source, text)
    plain_source, plain_text = source, text
    if PLACEHOLDER.search(source) or PLACEHOLDER.search(text):
        plain_source, plain_text = _plain(source), _plain(text)
    findings: list[Finding] = []
    settings = context.settings or {}
    for check_id in selected:
        setting = settings.get(check_id)
        if setting is not None and not setting.enabled:
            continue
        if check_id == _PLACEHOLDER_CHECK:
            found = checks[check_id].function(source, text, context)
        else:
            found = checks[check_id].function(plain_source, plain_text, context)
        if setting is not None:
            for finding in found:
                finding.severity = setting.severity
        findings.extend(found)
    return findings


def _plain(text: str) -> str:
    # "Minsk <1/> today" reads "Minsk today", not with two spaces.
    return PLACEHOLDER.sub("", _SPACED_CODES.sub("", text))
