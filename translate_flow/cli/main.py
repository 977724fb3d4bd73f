"""The `translate-flow` command: options, subcommands, and turning errors into one line."""

from __future__ import annotations

import os
import signal
import sys
import threading

import click

from translate_flow.cli.app import App
from translate_flow.errors import EXIT_BAD_INPUT, EXIT_USAGE, TranslateFlowError
from translate_flow.extras import missing_extra_message

EPILOG = """\b
Exit codes: 0 success, 1 bad input or state (for qa: findings), 2 usage, 3 permission denied,
130/143 stopped by Ctrl-C/SIGTERM (what was committed stays).
Typical day:
  translate-flow ingest examples/ru-mfa-ict-security.txt
  translate-flow translate 1 --to de --engine tm
  translate-flow queue --lang de
  translate-flow segment accept 5 --lang de
  translate-flow approve 1 --lang de
  translate-flow export 1 --lang de --format md -o article.de.md
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="URL",
    help="Database: an SQLAlchemy URL or an SQLite file path. [env TRANSLATE_FLOW_DB; "
    "default ~/.local/share/translate-flow/translate-flow.db]",
)
@click.option(
    "--user", metavar="NAME", help="Act as this user. [env TRANSLATE_FLOW_USER; default OS user]"
)
@click.version_option(package_name="translate-flow")
@click.pass_context
def cli(ctx: click.Context, db: str | None, user: str | None) -> None:
    """Translate Russian and Belarusian news articles: segment, machine-translate, check against
    the desk's glossary, review, approve and export."""
    ctx.obj = App(db, user)


COMMAND_MODULES = (
    "articles",
    "review",
    "admin",
    "screen",
    "reports",
    "exchange",
    "qa",
    "findings",
)


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"translate_flow.cli.{name}")
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


class Terminated(KeyboardInterrupt):
    """SIGTERM (kill, a stopped service, a closed session): stopped like Ctrl-C, so the open
    transaction is rolled back and what was committed stays, instead of dying without a word."""


def _terminated(signum, frame) -> None:
    raise Terminated()


# Exit codes of a command stopped by a signal, as shells report them (128 + the signal).
EXIT_INTERRUPTED = 128 + signal.SIGINT
EXIT_TERMINATED = 128 + signal.SIGTERM


def main(argv: list[str] | None = None) -> None:
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if in_main_thread else None
    try:
        _main(argv)
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> None:
    debug = bool(os.environ.get("TRANSLATE_FLOW_DEBUG"))
    try:
        cli.main(args=argv, prog_name="translate-flow", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C (and our SIGTERM) into Abort; a prompt answered "no" is one too.
        if isinstance(exc.__cause__, KeyboardInterrupt):
            _interrupted(exc.__cause__)
        click.echo("translate-flow: aborted", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code if exc.exit_code else EXIT_USAGE)
    except TranslateFlowError as exc:
        if debug:
            raise
        click.echo(f"translate-flow: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:
        _interrupted(exc)
    except ImportError as exc:
        if debug:
            raise
        click.echo(f"translate-flow: {missing_extra_message(exc) or _describe(exc)}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except Exception as exc:  # a database or library failure: one line, details on request
        if debug:
            raise
        click.echo(f"translate-flow: {_describe(exc)}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(0)


def _interrupted(exc: KeyboardInterrupt) -> None:
    what = "stopped (SIGTERM)" if isinstance(exc, Terminated) else "interrupted"
    click.echo(
        f"translate-flow: {what}; what was saved before stays, nothing of the unfinished step "
        "was saved; run the command again to continue",
        err=True,
    )
    sys.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED)


def _describe(exc: Exception) -> str:
    module = type(exc).__module__
    original = getattr(exc, "orig", None) or exc
    first = (str(original).strip().splitlines() or [type(exc).__name__])[0]
    if module.startswith("sqlalchemy") or module.startswith("psycopg"):
        return f"database error: {first}"
    return (
        f"unexpected error ({type(exc).__name__}): {first} (TRANSLATE_FLOW_DEBUG=1 shows details)"
    )
