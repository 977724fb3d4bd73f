"""The engines by name, their settings from the config file and the environment, and a factory.

Settings per engine: url, key, timeout (seconds), onprem, concurrency (requests in flight, default
4), batch (texts per request, for deepl and libre: at most and by default 50), for deepl formality
and for openai model. The config file's [engines.NAME] section gives them, and
TRANSLATE_FLOW_NAME_URL, _KEY, _TIMEOUT, _ONPREM, _CONCURRENCY, _BATCH, _FORMALITY, _MODEL override
it (an empty variable counts as unset). Two names joined by + (apertium+libre) make a chain through
Russian. Adapters are imported only when an engine is created, so the command line starts without
loading requests or deep-translator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from translate_flow.mt.base import Engine, EngineError

if TYPE_CHECKING:
    from translate_flow.tm.memory import TranslationMemory

ENGINE_NAMES = (
    "apertium",
    "deepl",
    "google",
    "libre",
    "microsoft",
    "mymemory",
    "openai",
    "tm",
    "yandex",
)
SETTING_KEYS = ("url", "key", "timeout", "onprem", "concurrency", "batch", "formality", "model")
# Language pairs `translate-flow engines` shows, among the desk's ru, be → de, en.
_DESK_PAIRS = "ru,be→de,en"
_PAIRS = {
    "apertium": "be→ru",
    "deepl": "ru→de,en",  # DeepL has no Belarusian: use apertium+deepl
    "tm": "as imported",
}
DEFAULT_TIMEOUT = 10.0  # seconds; the connection itself gets at most 5 (see mt/deep.py)
# A language model may take a while per sentence, on the desk's own hardware above all.
_DEFAULT_TIMEOUTS = {"openai": 60.0}
_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off", ""}


def engine_settings(name: str, config: Mapping[str, Any], env: Mapping[str, str]) -> dict:
    """The settings of engine `name`: config file section, overridden by the environment.

    Returns url and key (str or None), timeout (float seconds) and onprem (bool), plus any other
    key of the config section as it is.
    """
    _check_known(name)
    section = (config.get("engines") or {}).get(name) or {}
    settings: dict[str, Any] = dict(section)
    where = {key: f"[engines.{name}] {key} in the config file" for key in settings}
    for key in SETTING_KEYS:
        variable = f"TRANSLATE_FLOW_{name.upper()}_{key.upper()}"
        if env.get(variable):
            settings[key] = env[variable]
            where[key] = variable
    settings["url"] = settings.get("url") or None
    settings["key"] = settings.get("key") or None
    settings["timeout"] = _seconds(name, settings.get("timeout"), where.get("timeout"))
    settings["onprem"] = _flag(name, settings.get("onprem"), where.get("onprem"))
    return settings


def create_engine(
    name: str, settings: Mapping[str, Any], memory: TranslationMemory | None = None
) -> Engine:
    """An engine ready to translate. `memory` is the translation memory the tm engine fills from."""
    _check_known(name)
    if name == "tm":
        if memory is None:
            raise EngineError(
                "tm: no translation memory for this language pair; import one or use another engine"
            )
        from translate_flow.mt.tm_engine import TMEngine

        return TMEngine(memory)

    timeout = _seconds(name, settings.get("timeout"), "timeout")
    url = settings.get("url") or None
    key = settings.get("key") or None
    if name == "apertium":
        from translate_flow.mt.apertium import ApertiumEngine

        return ApertiumEngine()
    if name == "deepl":
        from translate_flow.mt.deepl_api import DeepLEngine

        return DeepLEngine(key, url=url, formality=settings.get("formality"), timeout=timeout)
    if name == "mymemory":
        from translate_flow.mt.deep_keyed import MyMemoryEngine

        return MyMemoryEngine(url=url, key=key, timeout=timeout)
    if name == "microsoft":
        from translate_flow.mt.deep_keyed import MicrosoftEngine

        return MicrosoftEngine(key, url=url, timeout=timeout)
    if name == "yandex":
        from translate_flow.mt.deep_keyed import YandexEngine

        return YandexEngine(key, url=url, timeout=timeout)
    if name == "openai":
        from translate_flow.mt.openai_chat import OpenAIChatEngine

        return OpenAIChatEngine(
            url,
            key,
            settings.get("model") or None,
            timeout=timeout,
            on_premises=_flag(name, settings.get("onprem"), "onprem"),
        )
    if name == "google":
        from translate_flow.mt.deep import GoogleEngine

        return GoogleEngine(url=settings.get("url") or None, timeout=timeout)

    from translate_flow.mt.deep import LibreEngine

    return LibreEngine(
        url=settings.get("url") or None,
        key=settings.get("key") or None,
        timeout=timeout,
        on_premises=_flag(name, settings.get("onprem"), "onprem"),
    )


def build_engine(
    name: str,
    config: Mapping[str, Any],
    env: Mapping[str, str],
    memory: TranslationMemory | None = None,
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


def _layered(name: str, settings: Mapping[str, Any], memory: TranslationMemory | None) -> Engine:
    engine = create_engine(name, settings, memory=memory)
    if name in ("tm", "apertium"):  # local: nothing to parallelise or retry
        return engine
    from translate_flow.mt.layer import LayerPolicy, ResilientEngine

    policy = LayerPolicy(
        concurrency=concurrency(name, settings),
        batch_texts=batch_size(name, settings, engine.max_batch_texts),
    )
    return ResilientEngine(engine, policy)


def concurrency(name: str, settings: Mapping[str, Any]) -> int:
    from translate_flow.mt.layer import DEFAULT_CONCURRENCY

    value = settings.get("concurrency")
    if value is None or value == "":
        return DEFAULT_CONCURRENCY
    try:
        number = int(str(value))
    except ValueError:
        number = 0
    if not 1 <= number <= 64:
        raise EngineError(
            f"{name}: concurrency {value!r} is not a whole number from 1 to 64; "
            f"fix TRANSLATE_FLOW_{name.upper()}_CONCURRENCY"
        )
    return number


def batch_size(name: str, settings: Mapping[str, Any], most: int) -> int:
    """Texts per request: the batch setting, at most `most` (what the engine's API takes); a
    LibreTranslate started with --batch-limit takes fewer than its default of 50."""
    value = settings.get("batch")
    if value is None or value == "":
        return most
    try:
        number = int(str(value))
    except ValueError:
        number = 0
    if not 1 <= number <= most:
        takes = "one text per request" if most == 1 else f"from 1 to {most} texts per request"
        raise EngineError(
            f"{name}: batch {value!r} is not a whole number of texts it takes ({takes}); "
            f"fix TRANSLATE_FLOW_{name.upper()}_BATCH"
        )
    return number


def _check_known(name: str) -> None:
    if name not in ENGINE_NAMES:
        raise EngineError(f"unknown engine {name!r}; known engines: {', '.join(ENGINE_NAMES)}")


def _seconds(engine: str, value: Any, where: str | None) -> float:
    if value is None or value == "":
        return _DEFAULT_TIMEOUTS.get(engine, DEFAULT_TIMEOUT)
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = float("nan")
    if not seconds > 0:  # also rejects NaN
        raise EngineError(
            f"{engine}: timeout {value!r} is not a number of seconds above 0; fix {where}"
        )
    return seconds


def _flag(engine: str, value: Any, where: str | None) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise EngineError(f"{engine}: onprem {value!r} is neither yes nor no; fix {where}")


def describe_engines(config: Mapping[str, Any], env: Mapping[str, str]) -> list[dict]:
    """One line per engine for `translate-flow engines`: configured, on-premises, where."""
    rows = []
    for name in ENGINE_NAMES:
        settings = engine_settings(name, config, env)
        pairs = _PAIRS.get(name, _DESK_PAIRS)
        if name in ("apertium", "deepl", "microsoft", "mymemory", "yandex"):
            rows.append(_describe_more(name, settings, pairs))
            continue
        if name == "openai":
            rows.append(_describe_openai(settings, pairs))
            continue
        if name == "tm":
            rows.append(
                {
                    "name": name,
                    "configured": True,
                    "on_premises": True,
                    "url": None,
                    "note": "approved translations and imported TMX",
                }
            )
        elif name == "google":
            rows.append(
                {
                    "name": name,
                    "configured": True,
                    "on_premises": False,
                    "url": settings["url"],
                    "note": "public web service, no key",
                }
            )
        else:
            rows.append(
                {
                    "name": name,
                    "configured": settings["url"] is not None,
                    "on_premises": settings["onprem"],
                    "url": settings["url"],
                    "note": None if settings["url"] else "set TRANSLATE_FLOW_LIBRE_URL",
                }
            )
        rows[-1].setdefault("pairs", pairs)
    return rows


def _describe_openai(settings: Mapping[str, Any], pairs: str) -> dict:
    model = settings.get("model") or None
    # api.openai.com needs a key; a server of the desk's own (its URL set) may not.
    configured = model is not None and (settings["url"] is not None or settings["key"] is not None)
    if configured:
        note = f"model {model}; glossary terms in the prompt"
    else:
        note = "set TRANSLATE_FLOW_OPENAI_MODEL and _URL (own server) or _KEY (api.openai.com)"
    return {
        "name": "openai",
        "configured": configured,
        "on_premises": settings["onprem"],
        "url": settings["url"],
        "note": note,
        "pairs": pairs,
    }


def _describe_more(name: str, settings: Mapping[str, Any], pairs: str) -> dict:
    if name == "apertium":
        import shutil

        installed = shutil.which("apertium") is not None
        note = "chain: apertium+libre"
        return {
            "name": name,
            "configured": installed,
            "on_premises": True,
            "url": None,
            "note": note if installed else "apt-get install apertium apertium-bel-rus",
            "pairs": pairs,
        }
    needs_key = name in ("deepl", "microsoft", "yandex")
    configured = not needs_key or settings["key"] is not None
    note = f"set TRANSLATE_FLOW_{name.upper()}_KEY" if not configured else "public web service"
    return {
        "name": name,
        "configured": configured,
        "on_premises": False,
        "url": settings["url"],
        "note": note,
        "pairs": pairs,
    }
