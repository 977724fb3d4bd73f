"""Engine settings: one dataclass per kind of engine, read from the config file and the environment.

An engine class names its settings class (Engine.Settings); the fields are the settings it has,
and nothing else is accepted: TRANSLATE_FLOW_GOOGLE_ONPREM is refused rather than silently ignored,
because Google's text leaves the desk whatever that variable says. The config file's
[engines.NAME] section gives a field by its name, TRANSLATE_FLOW_NAME_FIELD overrides it (an
empty variable counts as unset).

`onprem` marks a server of the desk's own, to which restricted articles may go. It is refused for
an engine that would fall back on its public service (no URL set), and for a server whose address
is neither private nor this machine unless onprem_public_ok is set too: a typo in the URL must
not send a restricted article to the internet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from translate_flow.mt.errors import EngineError

DEFAULT_TIMEOUT = 10.0  # seconds for a whole request
MAX_TIMEOUT = 3600.0  # no answer is worth waiting longer for; and inf would overflow the clock
_TRUE_WORDS = {"1", "true", "yes", "on"}
_FALSE_WORDS = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class EngineSettings:
    """What every engine may be given. `concurrency` and `batch` stay None when not set: the
    layer's default and the most the engine's API takes."""

    url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    concurrency: int | None = None
    batch: int | None = None


@dataclass(frozen=True)
class KeyedSettings(EngineSettings):
    key: str | None = None


@dataclass(frozen=True)
class ServerSettings(KeyedSettings):
    """An engine the desk may run itself: onprem says the URL is the desk's own server."""

    onprem: bool = False
    onprem_public_ok: bool = False


def setting_variable(engine: str, field: str) -> str:
    return f"TRANSLATE_FLOW_{engine.upper()}_{field.upper()}"


def read_settings(
    engine: str,
    settings_class: type[EngineSettings],
    values: Mapping[str, Any],
    where: Mapping[str, str] | None = None,
    default_timeout: float = DEFAULT_TIMEOUT,
    most_batch: int = 1,
) -> EngineSettings:
    """`values` (raw: strings, numbers, flags) checked and turned into `settings_class`.
    `where` names, per field, where the value came from, for the error message."""
    where = dict(where or {})
    fields = {f.name: f for f in dataclasses.fields(settings_class)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        name = unknown[0]
        told = where.get(name) or f"the setting {name!r}"
        raise _error(
            f"{engine}: {told} is not a setting of this engine (its settings: "
            f"{', '.join(fields)}); remove it"
        )
    parsed: dict[str, Any] = {}
    for name, field in fields.items():
        value = values.get(name)
        told = where.get(name) or setting_variable(engine, name)
        if name == "timeout":
            parsed[name] = _seconds(engine, value, told, default_timeout)
        elif name == "concurrency":
            parsed[name] = _whole(engine, name, value, told, 64, "a whole number from 1 to 64")
        elif name == "batch":
            takes = "one text per request" if most_batch == 1 else f"from 1 to {most_batch} texts"
            if most_batch > 1:
                takes += " per request"
            parsed[name] = _whole(
                engine,
                name,
                value,
                told,
                most_batch,
                f"a whole number of texts it takes ({takes})",
            )
        elif isinstance(field.default, bool):
            parsed[name] = _flag(engine, name, value, told)
        elif name == "url":
            parsed[name] = _url(engine, value, told)
        else:
            parsed[name] = None if value is None or value == "" else str(value)
    return settings_class(**parsed)


def gather(
    engine: str,
    settings_class: type[EngineSettings],
    config: Mapping[str, Any],
    env: Mapping[str, str],
    known_fields: set[str],
) -> tuple[dict[str, Any], dict[str, str]]:
    """The raw values of `engine`'s settings and where each came from: the config file section,
    then the environment. Variables of settings other engines have (`known_fields`) but this
    one has not are reported as values too, so read_settings refuses them."""
    section = (config.get("engines") or {}).get(engine) or {}
    values: dict[str, Any] = dict(section)
    where = {key: f"[engines.{engine}] {key} in the config file" for key in values}
    own = {f.name for f in dataclasses.fields(settings_class)}
    for field in sorted(own | known_fields):
        variable = setting_variable(engine, field)
        if env.get(variable):
            values[field] = env[variable]
            where[field] = variable
    return values, where


def check_on_premises(engine: str, settings: EngineSettings, default_url: str | None) -> None:
    """Refuse onprem where it cannot be true: no URL (the public default would be used), or a
    server outside private address ranges and this machine unless onprem_public_ok."""
    if not getattr(settings, "onprem", False):
        return
    onprem = setting_variable(engine, "onprem")
    if not settings.url:
        if default_url is None:
            return  # the engine itself refuses to work without a URL
        raise _error(
            f"{engine}: {onprem} is set but no server URL: the text would go to "
            f"{urlsplit(default_url).hostname}; set "
            f"{setting_variable(engine, 'url')} to the desk's own server"
        )
    host = connected_host(settings.url)
    if getattr(settings, "onprem_public_ok", False) or is_private_host(host):
        return
    raise _error(
        f"{engine}: {onprem} is set but {host} is not a private or local address; correct "
        f"{setting_variable(engine, 'url')}, or set {setting_variable(engine, 'onprem_public_ok')}"
        "=1 if this public address is the desk's own server"
    )


def connected_host(url: str) -> str:
    """The host the HTTP client connects to for `url`. urllib3 (under requests) and urllib read
    some URLs differently: for http://8.8.8.8\\@127.0.0.1 urllib says 127.0.0.1, urllib3 connects
    to 8.8.8.8. The on-premises check must judge the address the text goes to."""
    from urllib3.util import parse_url

    try:
        return parse_url(url).host or ""
    except ValueError:
        return ""


def is_private_host(host: str) -> bool:
    """True for localhost, and for a name or address whose every address is private, loopback
    or link-local (a name that does not resolve is not known to be private)."""
    import ipaddress
    import socket

    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except (OSError, UnicodeError):
            return False
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    return bool(addresses) and all(
        a.is_private or a.is_loopback or a.is_link_local for a in addresses
    )


def _url(engine: str, value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    url = str(value).strip()
    # A backslash, a space or a control character is no part of a URL, and HTTP clients disagree
    # on where such a URL goes (see connected_host): refused rather than guessed.
    odd = next((i for i, ch in enumerate(url) if ch == "\\" or ch.isspace() or ord(ch) < 32), None)
    if odd is not None:
        # Only the position: the URL may hold credentials.
        raise _error(
            f"{engine}: the server URL contains {url[odd]!r} at character {odd + 1}, which no URL "
            f"has; fix {where}"
        )
    return url


def _seconds(engine: str, value: Any, where: str, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = float("nan")
    if not seconds > 0:  # also rejects NaN
        raise _error(f"{engine}: timeout {value!r} is not a number of seconds above 0; fix {where}")
    if seconds > MAX_TIMEOUT:
        # The clock cannot hold a deadline of 1e12 s: every request failed with OverflowError.
        raise _error(
            f"{engine}: timeout {value!r} is more than {MAX_TIMEOUT:g} seconds (an hour); "
            f"fix {where}"
        )
    return seconds


def _whole(engine: str, name: str, value: Any, where: str, most: int, what: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value))
    except ValueError:
        number = 0
    if not 1 <= number <= most:
        raise _error(f"{engine}: {name} {value!r} is not {what}; fix {where}")
    return number


def _flag(engine: str, name: str, value: Any, where: str) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise _error(f"{engine}: {name} {value!r} is neither yes nor no; fix {where}")


def _error(message: str) -> Exception:
    return EngineError(message)
