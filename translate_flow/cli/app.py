"""Shared command-line state and output helpers. Imports nothing heavy at module level."""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

import click


class App:
    """Options given before the subcommand, and the database opened on first use."""

    def __init__(self, db: str | None, user: str | None) -> None:
        self.db_option = db
        self.user_option = user
        self._desk = None
        self._config: dict | None = None

    @property
    def config(self) -> dict:
        if self._config is None:
            from translate_flow.config import load_config

            self._config = load_config()
        return self._config

    @property
    def url(self) -> str:
        from translate_flow.config import database_url

        return database_url(self.db_option, self.config)

    @property
    def requested_user(self) -> str | None:
        """--user, else TRANSLATE_FLOW_USER: another desk user to act as (admins only)."""
        from translate_flow.config import requested_user_name

        return requested_user_name(self.user_option)

    @property
    def default_database(self) -> bool:
        from translate_flow.config import database_is_default

        return database_is_default(self.db_option, self.config)

    def desk(self):
        """The desk on the database named; a missing SQLite file is created only on the
        default path (`translate-flow init` creates one anywhere)."""
        if self._desk is None:
            from translate_flow.services.database import open_desk_at

            self._desk = open_desk_at(
                self.url, self.requested_user, self.config, create=self.default_database
            )
        return self._desk


pass_app = click.make_pass_decorator(App)


class LanguageCode(click.ParamType):
    """A language code checked against the desk's languages (translate_flow.langs) as the
    option is read: "german" is refused with "did you mean 'de'", before anything is opened.
    `many` takes a comma-separated list ("de,en") and gives a list."""

    name = "LANG"

    def __init__(self, many: bool = False) -> None:
        self.many = many
        self.name = "LANGS" if many else "LANG"

    def convert(self, value, param, ctx):
        from translate_flow.langs import check_language, check_languages, desk_languages

        if isinstance(value, list):
            return value
        app = ctx.find_object(App) if ctx is not None else None
        languages = desk_languages(app.config if app is not None else {})
        what = max(param.opts, key=len) if param is not None else "language"
        if self.many:
            return check_languages(value, languages, what)
        return check_language(value, languages, what)


LANG = LanguageCode()
LANGS = LanguageCode(many=True)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def json_data(value: Any) -> Any:
    """What --json prints for a service's result: a dataclass by its `to_json()` when it has one
    (to keep the printed keys stable while the class evolves), else by its fields."""
    if hasattr(value, "to_json"):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return str(value)


def print_json(data: Any) -> None:
    """Print a service's result as JSON; dataclasses (nested too) become objects."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=json_data))


def console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def use_color(option: bool | None) -> bool:
    """--color or --no-color when given; else colour on a terminal unless NO_COLOR is set
    (https://no-color.org: any non-empty value turns colour off)."""
    import os

    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def table(columns: list[str], rows: list[list[Any]], title: str | None = None) -> None:
    from rich.table import Table

    from translate_flow.text.controls import for_terminal

    t = Table(title=title, show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*["" if v is None else _cell(for_terminal(str(v))) for v in r])
    console().print(t)


# A table cell shows at most this many characters. rich wraps every line of a cell, so one 4 MB
# value stored in the glossary made `glossary list` take minutes; --json shows values whole.
MAX_CELL_CHARS = 1000


def _cell(text: str) -> str:
    if len(text) <= MAX_CELL_CHARS:
        return text
    rest = len(text) - MAX_CELL_CHARS
    return f"{text[:MAX_CELL_CHARS]}… (+{rest:,} characters; --json shows all)"


def warn(message: str) -> None:
    click.echo(message, err=True)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"translate-flow: {message}", err=True)
    sys.exit(code)


def parse_id(value: str, what: str) -> int:
    try:
        number = int(value)
    except ValueError:
        from translate_flow.errors import InputError

        raise InputError(f"{what} id must be a number, not {value!r}") from None
    return number
