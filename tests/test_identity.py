"""Who acts: the database login on PostgreSQL, the operating-system account on SQLite; --user
only for a desk admin (or an account that could change the database without the tool anyway)."""

from __future__ import annotations

import os
import stat
import uuid

import psycopg
import pytest
from conftest import EXAMPLES

from translate_flow.errors import PermissionDenied
from translate_flow.store import identity
from translate_flow.workflow.roles import settle_identity

PERMISSION_DENIED = 3
USERS = {
    "ada": frozenset({"admin"}),
    "tina": frozenset({"translator"}),
    "ed": frozenset({"editor"}),
}


def test_with_no_desk_users_anyone_acts_under_the_name_they_give():
    assert settle_identity("root", None, {}, full_control=False) == ("root", None)
    assert settle_identity("root", "tina", {}, full_control=False) == ("tina", None)


def test_a_desk_user_acts_as_themselves():
    assert settle_identity("tina", None, USERS, full_control=False) == ("tina", None)
    assert settle_identity("tina", "tina", USERS, full_control=False) == ("tina", None)


def test_an_account_that_is_no_desk_user_gets_nothing():
    with pytest.raises(PermissionDenied, match="mallory is not a translate-flow user"):
        settle_identity("mallory", None, USERS, full_control=False)


def test_only_an_admin_may_act_as_another_user_and_is_named_for_it():
    assert settle_identity("ada", "tina", USERS, full_control=False) == ("tina", "ada")
    with pytest.raises(PermissionDenied, match="only a desk admin may act as another user"):
        settle_identity("tina", "ada", USERS, full_control=False)
    with pytest.raises(PermissionDenied, match="only a desk admin"):
        settle_identity("mallory", "ada", USERS, full_control=False)


def test_full_control_of_the_database_counts_as_admin_for_acting_as_another():
    assert settle_identity("root", "ed", USERS, full_control=True) == ("ed", "root")
    with pytest.raises(PermissionDenied, match="nobody is not a translate-flow user"):
        settle_identity("root", "nobody", USERS, full_control=True)


@pytest.fixture
def sqlite_desk(tmp_path, monkeypatch):
    """An SQLite desk with users ada (admin), tina (translator), ed (editor) and one article."""
    from conftest import run_cli

    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("TRANSLATE_FLOW_USER", raising=False)
    db = tmp_path / "desk.db"

    def run(*args, user=None, env_user=None):
        if env_user:
            monkeypatch.setenv("TRANSLATE_FLOW_USER", env_user)
        else:
            monkeypatch.delenv("TRANSLATE_FLOW_USER", raising=False)
        argv = ["--db", str(db)] + (["--user", user] if user else [])
        return run_cli([*argv, *args])

    assert run("user", "add", "ada", "--role", "admin", user="ada").exit_code == 0
    for name, role in (("tina", "translator"), ("ed", "editor")):
        assert run("user", "add", name, "--role", role, user="ada").exit_code == 0
    assert run("ingest", EXAMPLES / "ru-un-oewg.txt", user="tina").exit_code == 0
    run.db = db
    return run


def test_a_new_sqlite_database_is_readable_by_its_owner_only(sqlite_desk):
    mode = stat.S_IMODE(os.stat(sqlite_desk.db).st_mode)
    assert mode == 0o600


def _as_account(monkeypatch, name: str) -> None:
    """Run the next commands as operating-system account NAME, which does not own the file."""
    monkeypatch.setattr(identity, "operating_system_account", lambda: name)
    monkeypatch.setattr(identity, "owns_file", lambda path: False)


def test_a_translator_cannot_act_as_the_admin_with_user_or_the_environment(
    sqlite_desk, monkeypatch
):
    _as_account(monkeypatch, "tina")
    before = sqlite_desk("user", "list", "--json").stdout
    for kwargs in ({"user": "ada"}, {"env_user": "ada"}):
        result = sqlite_desk("user", "add", "mallory", "--role", "admin", **kwargs)
        assert result.exit_code == PERMISSION_DENIED
        assert "only a desk admin may act as another user; you are tina" in result.stderr
    assert sqlite_desk("user", "list", "--json").stdout == before
    # As herself she reads and works.
    assert sqlite_desk("queue").exit_code == 0


def test_an_account_that_is_no_desk_user_reads_nothing(sqlite_desk, monkeypatch):
    _as_account(monkeypatch, "mallory")
    for args in (("queue",), ("status",), ("tm", "search", "Москва", "--from", "ru", "--to", "de"), ("log",)):
        result = sqlite_desk(*args)
        assert result.exit_code == PERMISSION_DENIED, args
        assert result.stdout == ""
        assert "mallory is not a translate-flow user" in result.stderr
    assert sqlite_desk("--help").exit_code == 0


def test_an_admin_acting_as_another_user_is_named_in_the_log(sqlite_desk, monkeypatch):
    _as_account(monkeypatch, "ada")
    edited = sqlite_desk("segment", "edit", "1", "--lang", "de", "--text", "Text.", user="tina")
    assert edited.exit_code == 0, edited.stderr
    [entry] = sqlite_desk("log", "--limit", "1", "--json").json()
    assert (entry["user"], entry["by_admin"], entry["action"]) == ("tina", "ada", "edit")
    assert "admin ada as tina (translator)  edit" in sqlite_desk("log", "--limit", "1").stdout
    # Acting as herself, the admin is named once.
    sqlite_desk("segment", "edit", "2", "--lang", "de", "--text", "Zwei.", user="ada")
    [own] = sqlite_desk("log", "--limit", "1", "--json").json()
    assert (own["user"], own["by_admin"]) == ("ada", None)


# -- PostgreSQL: the login is the user --------------------------------------------------------


@pytest.fixture
def pg_login(db_url):
    """A PostgreSQL login of its own (no superuser), allowed into the test schema's tables."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL logins")
    name = f"tf_login_{uuid.uuid4().hex[:8]}"
    plain = db_url.replace("postgresql+psycopg://", "postgresql://", 1).split("?")[0]
    schema = db_url.split("search_path%3D", 1)[1]
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN')
    yield name, schema, db_url.replace("postgres@", f"{name}@", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP OWNED BY "{name}"')
        conn.execute(f'DROP ROLE "{name}"')


def test_on_postgresql_the_desk_user_is_the_database_login(cli, pg_login):
    from conftest import run_cli

    login, schema, login_url = pg_login
    assert cli("user", "add", "ada", "--role", "admin", user="ada").exit_code == 0
    assert cli("user", "add", login, "--role", "translator", user="ada").exit_code == 0
    assert cli("ingest", EXAMPLES / "ru-un-oewg.txt", user=login).exit_code == 0
    plain = cli.db_url.replace("postgresql+psycopg://", "postgresql://", 1).split("?")[0]
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'GRANT USAGE ON SCHEMA {schema} TO "{login}"')
        conn.execute(f'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {schema} TO "{login}"')
        conn.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO "{login}"')

    queue = run_cli(["--db", login_url, "queue", "--json"])
    assert queue.exit_code == 0, queue.stderr
    # The login is no admin and no superuser: naming another user is refused.
    other = run_cli(["--db", login_url, "--user", "ada", "queue"])
    assert other.exit_code == PERMISSION_DENIED
    assert f"you are {login}" in other.stderr
