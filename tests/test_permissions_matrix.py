"""Every command that changes something, run by every role: each role gets exactly what
workflow/roles.py PERMISSIONS says.

Allowed: the command does not exit 3 (it succeeds, or fails for a reason of state, which the row
names). Forbidden: exit 3, one line "translate-flow: permission denied ...", and not one row of
the database changed (the audit log included).

To cover a new command, add a Row to COMMANDS; the guard test below fails until every command of
the CLI is either a row or listed as read-only.

One test per role and database: each sets up a desk once and runs every row in order, since a
fresh desk per row and role would take minutes on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import click
import pytest
from conftest import GLOSSARY
from editors_tools import ingest_text, ok, translated_article, write_tmx

from translate_flow.workflow.roles import PERMISSIONS, allowed_roles

PERMISSION_DENIED = 3


@dataclass(frozen=True)
class Row:
    argv: tuple[str, ...]  # "{name}" placeholders are filled from the desk (see `desk` below)
    action: str  # the key of PERMISSIONS the command needs
    exit_when_allowed: int = 0  # 1 where the desk's state refuses it after the role check


COMMANDS: list[Row] = [
    Row(("ingest", "{new_article}"), "ingest"),
    Row(("ingest", "{new_version}", "--update", "{second_article}"), "ingest"),
    Row(("translate", "{article}", "--to", "de", "--engine", "tm", "--retranslate"), "translate"),
    Row(("cache", "clear", "--engine", "libre"), "translate"),
    Row(("check", "{article}", "--lang", "de"), "check"),
    Row(("finding", "dismiss", "{finding}", "--reason", "so gewollt"), "dismiss-finding"),
    Row(("finding", "reopen", "{finding}"), "reopen-finding"),
    Row(
        ("segment", "edit", "{ministers}", "--lang", "de", "--text", "Die Minister tagten."), "edit"
    ),
    Row(("segment", "accept", "{security}", "--lang", "de"), "accept"),
    Row(("segment", "reject", "{meeting}", "--lang", "de", "--comment", "zu frei"), "reject"),
    Row(("segment", "comment", "{meeting}", "--lang", "de", "--text", "Stil?"), "comment"),
    Row(("import", "{xliff}"), "edit"),
    # After the import (its file names version 1): the merge makes version 2, so the split's
    # segment then belongs to an earlier version, a state error after the role check.
    Row(("segment", "merge", "{ministers}", "{security}"), "edit"),
    Row(("segment", "split", "{meeting}", "--at-text", "прошла"), "edit", exit_when_allowed=1),
    Row(("glossary", "import", str(GLOSSARY)), "glossary-change"),
    Row(("tm", "import", "{tmx}"), "tm-import"),
    Row(("tm", "reindex"), "tm-import"),
    # Not every segment is accepted yet (one was rejected above): a state error after the role.
    Row(("approve", "{article}", "--lang", "de"), "approve", exit_when_allowed=1),
    Row(("approve", "{article}", "--lang", "de", "--force", "--reason", "Frist"), "force-approve"),
    Row(("user", "add", "newcomer", "--role", "translator"), "user-manage"),
    Row(("article", "assign", "{article}", "tina"), "assign"),
    Row(("article", "unassign", "{article}", "tina"), "assign"),
    Row(("tm", "export", "--restricted", "-o", "{restricted_tmx}"), "tm-export-restricted"),
    Row(("article", "repair-titles"), "title-repair"),
    # After the glossary import above (for the roles allowed to import): a new concept, then
    # changes to two concepts of the imported glossary.
    Row(
        (
            "glossary",
            "add",
            "csto-pa",
            "--term",
            "ru:Парламентская ассамблея ОДКБ",
            "--term",
            "de:Parlamentarische Versammlung der OVKS",
        ),
        "glossary-change",
    ),
    Row(("glossary", "edit", "cis", "--add-term", "de:GUS-Staaten:admitted"), "glossary-change"),
    Row(
        ("glossary", "deprecate", "belarus", "de:Weißrussland", "--replacement", "Belarus"),
        "glossary-change",
    ),
]

# Commands that change something but have no row yet (none: keep it that way).
PENDING: set[str] = set()
# Commands that only read (the database, files or the network) and need no role.
READ_ONLY = {
    "article assignments",
    "diff",
    "engines",
    "finding list",
    "export",
    "glossary export",
    "glossary find",
    "glossary history",
    "glossary list",
    "glossary show",
    "log",
    "qa",
    "queue",
    "report",
    "segment history",
    "segment show",
    "show",
    "split",
    "status",
    "tm export",
    "tm search",
    "tm stats",
    "user list",
}
# Commands that need no role: `init` creates a database, or on an existing one changes nothing
# (every command brings the schema up to date).
SETUP = {"init"}
# Commands the table cannot run: the review screen needs a terminal; its actions (accept, edit,
# comment, retranslate) go through the same services and permissions as the rows above.
INTERACTIVE = {"review"}
# PERMISSIONS keys no command line row reaches (none: keep it that way).
SCREEN_ONLY_ACTIONS: set[str] = set()

# The user acting in each role; "nobody" is a user without a role, "mallory" no user at all.
USERS = {
    "translator": "tina",
    "editor": "ed",
    "terminologist": "terry",
    "admin": "ada",
    "no role": "nobody",
    "not a user": "mallory",
}


def _allowed(role: str, action: str) -> bool:
    return role in allowed_roles(action)


@pytest.fixture
def desk(cli, tmp_path):
    """Users of every role, a machine-translated article, a second article to update, and the
    files the rows import. Four eyes is off: it has its own tests, and here it would refuse an
    editor's approval after the editor's own edits with the same exit code as a role."""
    (tmp_path / "no-config.toml").write_text("[workflow]\nfour_eyes = false\n", encoding="utf-8")
    ok(cli("user", "add", "ada", "--role", "admin", user="ada"))
    cli.default_user = "ada"
    for role in ("translator", "editor", "terminologist"):
        ok(cli("user", "add", USERS[role], "--role", role, user="ada"))
    _add_user_without_role(cli.db_url, USERS["no role"])

    article, (title, ministers, security, meeting) = translated_article(
        cli, tmp_path, user="tina", tm_user="ed"
    )
    # A finding to dismiss and reopen: a double space (a whitespace warning).
    double_space = "Sie besprachen  Sicherheit."
    ok(cli("segment", "edit", security, "--lang", "de", "--text", double_space, user="tina"))
    shown = ok(cli("segment", "show", security, "--lang", "de", "--json", user="tina")).json()
    [finding] = shown["findings"]
    second = ingest_text(cli, "Второй текст.\n", title="Второе", user="tina")["article"]
    xliff = tmp_path / "article.xlf"
    ok(
        cli(
            "export",
            article,
            "--lang",
            "de",
            "--format",
            "xliff",
            "--draft",
            "-o",
            xliff,
            user="ed",
        )
    )
    text = xliff.read_text(encoding="utf-8")
    assert text.count("Erklärung des Außenministeriums") == 1
    xliff.write_text(text.replace("Erklärung des Außenministeriums", "Erklärung des MID"), "utf-8")
    (tmp_path / "new.txt").write_text("Новая статья\n\nМинистры встретились.\n", encoding="utf-8")
    (tmp_path / "v2.txt").write_text("Второе\n\nВторой текст, исправленный.\n", encoding="utf-8")
    cli.names = {
        "article": article,
        "second_article": second,
        "ministers": ministers,
        "security": security,
        "meeting": meeting,
        "finding": finding["id"],
        "new_article": tmp_path / "new.txt",
        "new_version": tmp_path / "v2.txt",
        "xliff": xliff,
        "restricted_tmx": tmp_path / "restricted.tmx",
        "tmx": write_tmx(tmp_path / "more.tmx", {"Второй текст.": "Zweiter Text."}),
    }
    assert title  # the title stays untouched by the rows: the XLIFF import changes it
    return cli


def _add_user_without_role(url: str, name: str) -> None:
    # The command line insists on a role; a row without one can still exist (written by hand or
    # left after a future role removal) and must be able to do nothing.
    from translate_flow.store.db import open_database, transaction
    from translate_flow.store.models import User

    with transaction(open_database(url)) as session:
        session.add(User(name=name, roles=""))


def _snapshot(url: str) -> dict[str, list[str]]:
    """Every row of every table, as text: what "no change in the database" compares."""
    from sqlalchemy import inspect, text

    from translate_flow.store.db import open_database

    engine = open_database(url)
    with engine.connect() as connection:
        return {
            table: sorted(
                repr(tuple(row))
                for row in connection.execute(text(f'SELECT * FROM "{table}"')).fetchall()
            )
            for table in inspect(connection).get_table_names()
        }


def _argv(row: Row, names: dict) -> list[str]:
    return [part.format(**{k: str(v) for k, v in names.items()}) for part in row.argv]


@pytest.mark.parametrize("role", list(USERS))
def test_each_role_may_do_exactly_what_permissions_say(desk, role):
    user = USERS[role]
    mismatches = []
    for row in COMMANDS:
        argv = _argv(row, desk.names)
        before = _snapshot(desk.db_url)
        result = desk(*argv, user=user)
        shown = f"{' '.join(row.argv)} [{row.action}]"
        if _allowed(role, row.action):
            if result.exit_code != row.exit_when_allowed:
                mismatches.append(
                    f"{shown}: allowed, expected exit {row.exit_when_allowed}, got "
                    f"{result.exit_code}: {result.stderr.strip()}"
                )
            continue
        lines = result.stderr.strip().splitlines()
        if result.exit_code != PERMISSION_DENIED:
            mismatches.append(f"{shown}: forbidden, got exit {result.exit_code}: {lines}")
        elif len(lines) != 1 or not lines[0].startswith("translate-flow: permission denied"):
            mismatches.append(f"{shown}: forbidden, but the message is {lines}")
        if _snapshot(desk.db_url) != before:
            mismatches.append(f"{shown}: forbidden, yet the database changed")
    assert not mismatches, f"{role} ({user}):\n" + "\n".join(mismatches)


def test_the_table_knows_every_command_and_every_permission():
    from translate_flow.cli.main import cli

    commands = set(_command_paths(cli))
    in_rows = {_command_path(row.argv) for row in COMMANDS}
    unknown = commands - in_rows - PENDING - READ_ONLY - INTERACTIVE - SETUP
    assert not unknown, f"add a Row (or mark read-only) for: {sorted(unknown)}"
    listed = in_rows | PENDING | READ_ONLY | INTERACTIVE | SETUP
    assert not listed - commands, "a listed command is gone"
    assert {row.action for row in COMMANDS} | SCREEN_ONLY_ACTIONS == set(PERMISSIONS)


def _command_paths(command: click.Command, path: tuple[str, ...] = ()):
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _command_paths(sub, (*path, name))
    else:
        yield " ".join(path)


def _command_path(argv: tuple[str, ...]) -> str:
    groups = {"segment", "glossary", "tm", "user", "article", "cache", "finding"}
    return " ".join(argv[:2]) if argv[0] in groups else argv[0]
