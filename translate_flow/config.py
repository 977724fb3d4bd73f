"""Where things live and what the desk configured.

- Database: --db URL, else TRANSLATE_FLOW_DB, else [database] url in the config file, else SQLite
  at $XDG_DATA_HOME/translate-flow/translate-flow.db (~/.local/share/translate-flow/...).
- Config file: TRANSLATE_FLOW_CONFIG, else $XDG_CONFIG_HOME/translate-flow/config.toml
  (~/.config/translate-flow/config.toml). TOML; missing file means defaults.
- Its tables: [database], [engines.NAME] (mt/registry.py), [workflow] (four_eyes), [qa]
  (glossary), [checks] (checks off or at another severity, per desk and language pair:
  qa/settings.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from translate_flow.errors import InputError


def config_path(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("TRANSLATE_FLOW_CONFIG"):
        return Path(env["TRANSLATE_FLOW_CONFIG"])
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "translate-flow" / "config.toml"


def load_config(env: dict[str, str] | None = None) -> dict[str, Any]:
    path = config_path(env)
    import tomllib

    try:
        with path.open("rb") as f:
            config = tomllib.load(f)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"config file {path}: {exc}") from None
    except UnicodeDecodeError as exc:  # TOML is UTF-8; a file saved in a legacy code page is not
        raise InputError(
            f"config file {path}: not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8"
        ) from None
    except OSError as exc:  # unreadable: permissions, a folder, an I/O error
        raise InputError(f"cannot read the config file {path}: {exc.strerror or exc}") from None
    check_config_shape(config, path)
    return config


# The config file's tables; each must be a table ([name]), as the code reading it expects.
TABLES = ("database", "desk", "engines", "workflow", "qa", "checks")


def check_config_shape(config: dict[str, Any], path: Path | str) -> None:
    """Refuse values of the wrong kind where the code expects a table, a text or a flag, so a
    slip such as `engines = "libre"` or `four_eyes = "no"` is one clear line, not a crash later
    or a setting silently read the other way."""

    def refuse(what: str) -> InputError:
        return InputError(f"config file {path}: {what}")

    for name in TABLES:
        if name in config and not isinstance(config[name], dict):
            raise refuse(f"{name} must be a table ([{name}]), not {config[name]!r}")
    for engine, section in (config.get("engines") or {}).items():
        if not isinstance(section, dict):
            raise refuse(
                f"engines.{engine} must be a table ([engines.{engine}] with url = ..., key = "
                f"...), not {section!r}"
            )
    url = (config.get("database") or {}).get("url")
    if url is not None and not (isinstance(url, str) and url.strip()):
        raise refuse(f"[database] url must be a database URL or file path in quotes, not {url!r}")
    four_eyes = (config.get("workflow") or {}).get("four_eyes")
    if four_eyes is not None and not isinstance(four_eyes, bool):
        # "false" in quotes is a non-empty text, which would read as true.
        raise refuse(f"[workflow] four_eyes must be true or false (no quotes), not {four_eyes!r}")
    for key in ("glossary", "source_lang"):
        value = (config.get("qa") or {}).get(key)
        if value is not None and not isinstance(value, str):
            raise refuse(f"[qa] {key} must be a text in quotes, not {value!r}")


def default_database_path(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "translate-flow" / "translate-flow.db"


def database_is_default(cli_value: str | None, config: dict[str, Any]) -> bool:
    """Whether no database was named (--db, TRANSLATE_FLOW_DB, [database] url): the default
    file, which the first command on a machine creates."""
    return not (
        cli_value or os.environ.get("TRANSLATE_FLOW_DB") or config.get("database", {}).get("url")
    )


def database_url(cli_value: str | None, config: dict[str, Any]) -> str:
    """The SQLAlchemy URL to use. A bare file path is taken as an SQLite database."""
    url = cli_value or os.environ.get("TRANSLATE_FLOW_DB") or config.get("database", {}).get("url")
    if not url:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://"):
        # psycopg 3 is the supported driver; plain postgresql:// would ask for psycopg2.
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def requested_user_name(cli_value: str | None) -> str | None:
    """The desk user asked for with --user or TRANSLATE_FLOW_USER, if any (see open_desk)."""
    return cli_value or os.environ.get("TRANSLATE_FLOW_USER") or None
