"""The shape every quality check shares, and the registry the runner reads.

A check is a function (source, target, context) -> list[Finding], registered with @check.
Its docstring is its user documentation (shown by `translate-flow qa --list-checks`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
# An "error" finding blocks approval until it is resolved (or the editor forces approval).
BLOCKING_SEVERITY = "error"


@dataclass
class Finding:
    check: str
    severity: str
    message: str
    # Character span (start, end) in the text named by `side`, when the finding points at text.
    span: tuple[int, int] | None = None
    side: str = "target"
    concept: str | None = None  # glossary concept id, for terminology findings
    kind: str | None = None  # terminology: "missing" | "deprecated"; others may use it too
    term: str | None = None  # the term as found in the text
    suggestions: list[str] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCKING_SEVERITY

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "span": list(self.span) if self.span else None,
            "side": self.side,
            "concept": self.concept,
            "kind": self.kind,
            "term": self.term,
            "suggestions": list(self.suggestions),
        }


@dataclass
class CheckContext:
    source_lang: str
    target_lang: str
    # A terms.matcher.TermMatcher built once per glossary, or None when no glossary is loaded.
    matcher: Any = None
    # check id -> qa.settings.CheckSetting for this pair (the desk's [checks] configuration);
    # None runs every check at its own severity.
    settings: Any = None


CheckFunction = Callable[[str, str, CheckContext], list[Finding]]


@dataclass
class CheckInfo:
    id: str
    name: str
    severity: str
    function: CheckFunction

    @property
    def description(self) -> str:
        return (self.function.__doc__ or "").strip()


REGISTRY: dict[str, CheckInfo] = {}


def check(id: str, name: str, severity: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under a stable id; the id is what findings and configs refer to."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def register(function: CheckFunction) -> CheckFunction:
        if id in REGISTRY:
            raise ValueError(f"check id {id!r} registered twice")
        REGISTRY[id] = CheckInfo(id=id, name=name, severity=severity, function=function)
        return function

    return register
