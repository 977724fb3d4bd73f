"""Run the registered quality checks over one source/target pair.

The runner imports a fixed list of check modules; importing a module registers its checks. A
missing module is an installation error and raises, so a check never silently drops out.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from translate_flow.errors import InputError
from translate_flow.qa.base import REGISTRY, CheckContext, CheckInfo, Finding

CHECK_MODULES = ("translate_flow.qa.checks", "translate_flow.qa.terminology")


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
    """
    checks = load_checks()
    selected = list(checks) if only is None else list(dict.fromkeys(only))
    unknown = [check_id for check_id in selected if check_id not in checks]
    if unknown:
        raise InputError(
            f"unknown check {', '.join(unknown)}; known checks: {', '.join(sorted(checks))}"
        )
    text = target if target is not None else ""
    findings: list[Finding] = []
    settings = context.settings or {}
    for check_id in selected:
        setting = settings.get(check_id)
        if setting is not None and not setting.enabled:
            continue
        found = checks[check_id].function(source, text, context)
        if setting is not None:
            for finding in found:
                finding.severity = setting.severity
        findings.extend(found)
    return findings
