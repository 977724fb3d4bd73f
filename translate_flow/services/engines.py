"""`translate-flow engines`: the machine-translation engines and how each is set up here."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass
class EngineInfo:
    name: str
    configured: bool
    on_premises: bool
    url: str | None  # credentials masked
    note: str | None
    pairs: Any  # the language pairs it declares ("" when it could not be loaded)
    settings: list[str] | None  # its settings' names; None when it could not be loaded

    def to_json(self) -> dict[str, Any]:
        data = {
            "name": self.name,
            "configured": self.configured,
            "on_premises": self.on_premises,
            "url": self.url,
            "note": self.note,
            "pairs": self.pairs,
        }
        if self.settings is not None:
            data["settings"] = self.settings
        return data


def list_engines(
    config: Mapping[str, Any], env: Mapping[str, str] | None = None
) -> list[EngineInfo]:
    """Every engine the registry knows (built-in and plug-ins), with the desk's configuration
    and the environment (`env`, default os.environ) applied. Never a key."""
    from translate_flow.mt.registry import describe_engines

    rows = describe_engines(config, dict(os.environ) if env is None else env)
    return [
        EngineInfo(
            name=row["name"],
            configured=row["configured"],
            on_premises=row["on_premises"],
            url=row.get("url"),
            note=row.get("note"),
            pairs=row.get("pairs", ""),
            settings=row.get("settings"),
        )
        for row in rows
    ]


def engine_names() -> list[str]:
    """Every engine's name (built-ins and plug-ins), for the review screen's engine prompt."""
    from translate_flow.mt.registry import engine_names as names

    return list(names())


def engine_help() -> str:
    """The engines as the `--engine` help lists them."""
    from translate_flow.mt.registry import engine_help as help_text

    return help_text()
