"""Users and roles: single-user mode until the first user, then every action checks its role."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES

PERMISSION_DENIED = 3


@pytest.fixture
def desk(cli):
    """A desk with one user per role and one machine-translated article."""
    assert cli("user", "add", "ada", "--role", "admin", user="ada").exit_code == 0
    cli.default_user = "ada"
    for name, role in [
        ("tina", "translator"),
        ("ed", "editor"),
        ("edith", "editor"),
        ("terry", "terminologist"),
    ]:
        result = cli("user", "add", name, "--role", role, user="ada")
        assert result.exit_code == 0, result.stderr
    assert cli("tm", "import", EXAMPLES / "seed-memory.ru-de.tmx", user="ed").exit_code == 0
    [row] = cli("ingest", EXAMPLES / "ru-mfa-ict-security.txt", "--json", user="tina").json()
    assert cli("translate", row["article"], "--to", "de", user="tina").exit_code == 0
    return cli


def test_fresh_install_acts_with_every_role(cli):
    assert cli("user", "list", "--json").json() == []
    result = cli("ingest", EXAMPLES / "ru-csto-meeting.md", user="whoever")
    assert result.exit_code == 0, result.stderr


def test_first_user_must_be_an_admin(cli):
    result = cli("user", "add", "tina", "--role", "translator")
    assert result.exit_code == 1
    assert "admin" in result.stderr
    assert cli("user", "list", "--json").json() == []


def test_unknown_user_is_denied_once_users_exist(desk):
    for args in (("queue",), ("segment", "show", "1", "--lang", "de"), ("status",)):
        read = desk(*args, user="mallory")
        assert read.exit_code == PERMISSION_DENIED, args
        assert read.stdout == ""
        assert "mallory is not a translate-flow user" in read.stderr
    denied = desk("segment", "accept", "1", "--lang", "de", user="mallory")
    assert denied.exit_code == PERMISSION_DENIED
    assert "not a translate-flow user" in denied.stderr


@pytest.mark.parametrize(
    "user, args",
    [
        ("tina", ("approve", "1", "--lang", "de")),
        ("tina", ("segment", "reject", "2", "--lang", "de", "--comment", "no")),
        ("tina", ("user", "add", "x", "--role", "translator")),
        ("terry", ("segment", "edit", "2", "--lang", "de", "--text", "Text.")),
        ("terry", ("translate", "1", "--to", "en")),
        ("ed", ("user", "add", "x", "--role", "translator")),
        ("tina", ("glossary", "import", "glossaries/diplomatic.glossary")),
        ("ed", ("glossary", "import", "glossaries/diplomatic.glossary")),
        ("terry", ("ingest", str(EXAMPLES / "ru-csto-meeting.md"))),
    ],
)
def test_actions_outside_the_role_are_denied_and_change_nothing(desk, user, args):
    before = desk("status", "--json").json()
    result = desk(*args, user=user)
    assert result.exit_code == PERMISSION_DENIED, result.stderr
    assert result.stderr.startswith("translate-flow: permission denied")
    assert desk("status", "--json").json() == before


def test_translator_edits_and_editor_approves(desk):
    rows = desk("queue", "--article", "1", "--lang", "de", "--json").json()
    for row in rows:
        result = desk("segment", "accept", row["segment"], "--lang", "de", user="tina")
        assert result.exit_code == 0, result.stderr
    history = desk("segment", "history", rows[0]["segment"], "--lang", "de", "--json").json()
    assert history[-1]["author"] == "tina" and history[-1]["role"] == "translator"
    approved = desk("approve", "1", "--lang", "de", "--force", "--reason", "test", user="ed")
    assert approved.exit_code == 0, approved.stderr


def test_terminologist_may_change_the_glossary(desk):
    result = desk("glossary", "import", "glossaries/diplomatic.glossary", user="terry")
    assert result.exit_code == 0, result.stderr
