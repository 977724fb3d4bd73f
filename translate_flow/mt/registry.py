"""The engines by name: the one list that `translate`, `engines`, the config and `--engine` read.

Each engine is one class in one module that declares itself (mt/base.py: name, Settings, pairs,
default_url, from_settings, status). The built-in ones are listed below by module path, so the
command line starts without importing requests or any engine; a third-party engine arrives
through the entry point group `translate_flow.engines` (name = "package.module:Class"), and the
built-in name wins should a plug-in claim it.

Settings per engine are its Settings dataclass's fields (mt/settings.py): the config file's
[engines.NAME] section gives them, TRANSLATE_FLOW_NAME_FIELD overrides them. Two names joined by
+ (apertium+libre) make a chain through Russian.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from translate_flow.mt.base import Engine, EngineError
from translate_flow.mt.settings import EngineSettings, gather, read_settings

if TYPE_CHECKING:
    from translate_flow.tm.memory import MemoryLookup

ENTRY_POINT_GROUP = "translate_flow.engines"
BUILTIN_ENGINES = {
    "apertium": "translate_flow.mt.apertium:ApertiumEngine",
    "deepl": "translate_flow.mt.deepl_api:DeepLEngine",
    "google": "translate_flow.mt.google:GoogleEngine",
    "libre": "translate_flow.mt.libre:LibreEngine",
    "microsoft": "translate_flow.mt.microsoft:MicrosoftEngine",
    "mymemory": "translate_flow.mt.mymemory:MyMemoryEngine",
    "openai": "translate_flow.mt.openai_chat:OpenAIChatEngine",
    "tm": "translate_flow.mt.tm_engine:TMEngine",
    "yandex": "translate_flow.mt.yandex:YandexEngine",
}
# Every setting any built-in engine has: a variable of one the engine lacks is refused, not
# ignored (TRANSLATE_FLOW_GOOGLE_ONPREM would otherwise pass for a promise it cannot keep).
KNOWN_SETTINGS = frozenset(
    {"url", "key", "timeout", "onprem", "onprem_public_ok", "concurrency", "batch"}
    | {"formality", "model", "region"}
)


def _plugins() -> dict[str, str]:
    from importlib.metadata import entry_points

    return {
        point.name: point.value
        for point in entry_points(group=ENTRY_POINT_GROUP)
        if point.name not in BUILTIN_ENGINES
    }


def engine_names() -> tuple[str, ...]:
    """Every engine's name, built-in and installed plug-ins, in alphabetical order."""
    return tuple(sorted({*BUILTIN_ENGINES, *_plugins()}))


def engine_help() -> str:
    """The engine names for `--engine`'s help: tm first (the default), then the others."""
    names = engine_names()
    return ", ".join(["tm", *(name for name in names if name != "tm")])


def engine_class(name: str) -> type[Engine]:
    """The class of engine `name`; EngineError for an unknown name or a broken plug-in."""
    where = BUILTIN_ENGINES.get(name) or _plugins().get(name)
    if where is None:
        raise EngineError(f"unknown engine {name!r}; known engines: {', '.join(engine_names())}")
    module_name, _, class_name = where.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise EngineError(f"engine {name!r} cannot be loaded from {where} ({exc})") from exc
    if not (isinstance(found, type) and issubclass(found, Engine)):
        raise EngineError(f"engine {name!r}: {where} is not an Engine class")
    return found


def engine_settings(name: str, config: Mapping[str, Any], env: Mapping[str, str]) -> Any:
    """The settings of engine `name` (its Settings dataclass): the config file section,
    overridden by the environment, checked."""
    cls = engine_class(name)
    values, where = gather(name, cls.Settings, config, env, set(KNOWN_SETTINGS))
    return _read(name, cls, values, where)


def _read(name: str, cls: type[Engine], values: Mapping[str, Any], where=None) -> Any:
    return read_settings(
        name,
        cls.Settings,
        values,
        where,
        default_timeout=cls.default_timeout,
        most_batch=max(1, cls.max_batch_texts),
    )


def create_engine(
    name: str,
    settings: EngineSettings | Mapping[str, Any],
    memory: MemoryLookup | None = None,
) -> Engine:
    """An engine ready to translate, from its settings (the dataclass, or raw values).
    `memory` is the translation memory the tm engine fills from."""
    cls = engine_class(name)
    if not isinstance(settings, EngineSettings):
        settings = _read(name, cls, settings)
    return cls.from_settings(settings, memory)


def build_engine(
    name: str,
    config: Mapping[str, Any],
    env: Mapping[str, str],
    memory: MemoryLookup | None = None,
) -> Engine:
    """The engine a translate run uses: each network engine inside the layer (parallel requests,
    retries, circuit breaker, length limits), chains (apertium+libre) assembled."""
    parts = name.split("+")
    if len(parts) > 2 or "tm" in parts and len(parts) > 1:
        raise EngineError(
            f"{name!r}: a chain is two engines joined by +, such as apertium+libre "
            "(tm cannot be chained)"
        )
    engines = [_layered(part, engine_settings(part, config, env), memory) for part in parts]
    if len(engines) == 1:
        return engines[0]
    from translate_flow.mt.chain import ChainEngine

    return ChainEngine(engines[0], engines[1])


def _layered(name: str, settings: Any, memory: MemoryLookup | None) -> Engine:
    engine = create_engine(name, settings, memory=memory)
    if not type(engine).layered:  # local: nothing to parallelise or retry
        return engine
    from translate_flow.mt.layer import DEFAULT_CONCURRENCY, LayerPolicy, ResilientEngine

    policy = LayerPolicy(
        concurrency=settings.concurrency or DEFAULT_CONCURRENCY,
        batch_texts=settings.batch or engine.max_batch_texts,
    )
    return ResilientEngine(engine, policy)


def may_be_on_premises(name: str) -> bool:
    """Whether engine `name` has the onprem setting (a server the desk may run itself)."""
    try:
        cls = engine_class(name)
    except EngineError:
        return False
    return any(f.name == "onprem" for f in dataclasses.fields(cls.Settings))


def on_premises_advice(engine_name: str) -> str:
    """What to do instead of sending a restricted article to `engine_name`, naming only
    settings that exist: _ONPREM=1 for an engine that has it, else the engines that may."""
    network = engine_name.split("+")[-1]  # apertium, first in a chain, is always local
    if may_be_on_premises(network):
        return (
            f"use --engine tm, or a server of the desk's own configured with "
            f"TRANSLATE_FLOW_{network.upper()}_ONPREM=1"
        )
    own = [name for name in engine_names() if may_be_on_premises(name)]
    if not own:
        return "use --engine tm or apertium"
    return (
        f"use --engine tm or apertium, or {' or '.join(own)} on a server of the desk's own "
        "(TRANSLATE_FLOW_NAME_URL and TRANSLATE_FLOW_NAME_ONPREM=1)"
    )


def describe_engines(config: Mapping[str, Any], env: Mapping[str, str]) -> list[dict]:
    """One row per engine for `translate-flow engines`: configured, on-premises, pairs, URL
    (credentials masked) and a note. Never a key."""
    from translate_flow.mt.http import mask_url

    rows = []
    for name in engine_names():
        row: dict[str, Any] = {"name": name, "configured": False, "on_premises": False}
        try:
            cls = engine_class(name)
            settings = engine_settings(name, config, env)
        except EngineError as exc:
            rows.append(row | {"url": None, "note": str(exc), "pairs": ""})
            continue
        try:
            status = cls.status(settings)
        except Exception as exc:  # a plug-in's bug: shown on its row, not the end of the list
            rows.append(row | {"url": None, "note": f"{type(exc).__name__}: {exc}", "pairs": ""})
            continue
        row["configured"] = status.configured
        row["on_premises"] = cls.on_premises_when(settings)
        row["url"] = mask_url(settings.url) or None
        row["note"] = status.note
        row["pairs"] = cls.pairs
        # The names of its settings ([engines.NAME] keys; TRANSLATE_FLOW_NAME_<SETTING>).
        row["settings"] = [f.name for f in dataclasses.fields(cls.Settings)]
        rows.append(row)
    return rows
