"""Which checks run, and at which severity, for a desk and a language pair.

The configuration file's `[checks]` table: a check id set to "off", "on" (its own severity) or a
severity ("error", "warning", "info") applies to the whole desk; a sub-table named after a
language pair applies to that pair and overrides the desk's settings:

    [checks]
    length = "off"
    [checks."ru-de-CH"]
    quotes = "warning"
    [checks."*-en"]
    punctuation = "info"

A pair is SOURCE-TARGET; either side may be "*" (any language), and a language without a region
covers its regions ("ru-de" applies to ru→de-CH). The most specific pair wins: an exact target
over a base language over "*", then an exact source over "*". Pure: the caller reads the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from translate_flow.errors import InputError
from translate_flow.qa.base import SEVERITIES

OFF, ON = "off", "on"


@dataclass(frozen=True)
class CheckSetting:
    id: str
    enabled: bool
    severity: str
    default_severity: str
    # Where the setting comes from: "default", "desk" or the pair's key, e.g. "ru-de-CH".
    source: str = "default"


def effective_checks(
    config: Mapping[str, Any] | None, source_lang: str | None, target_lang: str | None
) -> dict[str, CheckSetting]:
    """Every registered check's setting for the pair (the desk's alone when a side is None)."""
    from translate_flow.qa.runner import load_checks

    checks = load_checks()
    table = dict((config or {}).get("checks") or {})
    desk, pairs = _split(table, checks)
    settings = {
        cid: CheckSetting(cid, True, info.severity, info.severity) for cid, info in checks.items()
    }
    for cid, value in desk.items():
        settings[cid] = _apply(settings[cid], value, "desk")
    if source_lang and target_lang:
        matching = [
            (rank, key, values)
            for key, values in pairs.items()
            if (rank := _pair_rank(key, source_lang, target_lang)) is not None
        ]
        # Less specific first, so the most specific pair is applied last and wins.
        for _, key, values in sorted(matching, key=lambda item: item[0]):
            for cid, value in values.items():
                settings[cid] = _apply(settings[cid], value, key)
    return settings


def validate_check_settings(config: Mapping[str, Any] | None) -> None:
    """Raise InputError naming the first bad entry of `[checks]`."""
    from translate_flow.qa.runner import load_checks

    _split(dict((config or {}).get("checks") or {}), load_checks())


def _split(table: dict, checks: Mapping[str, Any]) -> tuple[dict, dict[str, dict]]:
    desk: dict[str, str] = {}
    pairs: dict[str, dict[str, str]] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            _pair_parts(key)
            pairs[key] = {cid: _value(cid, v, checks, key) for cid, v in value.items()}
        else:
            desk[key] = _value(key, value, checks, None)
    return desk, pairs


def _value(cid: str, value: Any, checks: Mapping[str, Any], pair: str | None) -> str:
    where = f'[checks."{pair}"]' if pair else "[checks]"
    if cid not in checks:
        raise InputError(
            f"config {where}: unknown check {cid!r}; known checks: {', '.join(sorted(checks))}"
        )
    if not isinstance(value, str) or value.lower() not in (OFF, ON, *SEVERITIES):
        raise InputError(
            f'config {where} {cid} = {value!r}: use "off", "on" or a severity '
            f"({', '.join(SEVERITIES)})"
        )
    return value.lower()


def _apply(setting: CheckSetting, value: str, source: str) -> CheckSetting:
    if value == OFF:
        return CheckSetting(setting.id, False, setting.severity, setting.default_severity, source)
    severity = setting.severity if value == ON else value
    return CheckSetting(setting.id, True, severity, setting.default_severity, source)


def _pair_parts(key: str) -> tuple[str, str]:
    source, _, target = key.strip().partition("-")
    if not source or not target:
        raise InputError(
            f'config [checks."{key}"]: a language pair is SOURCE-TARGET, e.g. "ru-de-CH" or "*-en"'
        )
    return source.lower(), target.replace("_", "-").lower()


def _pair_rank(key: str, source_lang: str, target_lang: str) -> tuple[int, int] | None:
    """How specifically the pair `key` names source→target, or None when it does not apply."""
    from translate_flow.langs import base_lang

    source, target = _pair_parts(key)
    src = source_lang.replace("_", "-").lower()
    tgt = target_lang.replace("_", "-").lower()
    if source == "*":
        source_rank = 0
    elif source in (src, base_lang(src)):
        source_rank = 1
    else:
        return None
    if target == "*":
        target_rank = 0
    elif target == tgt:
        target_rank = 2
    elif target == base_lang(tgt):
        target_rank = 1
    else:
        return None
    return target_rank, source_rank
