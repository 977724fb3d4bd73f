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

    assert run("init").exit_code == 0
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
    for args in (
        ("queue",),
        ("status",),
        ("tm", "search", "Москва", "--from", "ru", "--to", "de"),
        ("log",),
    ):
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


# -- PostgreSQL: the login is the user, the database enforces the roles ---------------------------


@pytest.fixture
def pg_desk(cli, db_url):
    """A PostgreSQL desk whose users are logins of their own (none a superuser), each created
    by `user add`; yields a runner that connects as a given login. Drops the roles afterwards."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL logins")
    from conftest import run_cli

    tag = uuid.uuid4().hex[:6]
    names = {role: f"{role}_{tag}" for role in ("admin", "translator", "editor", "terminologist")}
    admin = names["admin"]
    assert cli("user", "add", admin, "--role", "admin", user=admin).exit_code == 0
    for role, name in names.items():
        if role != "admin":
            added = cli("user", "add", name, "--role", role, user=admin)
            assert added.exit_code == 0, added.stderr

    def as_login(login: str, *args):
        return run_cli(["--db", db_url.replace("postgres@", f"{login}@", 1), *args])

    as_login.names = names
    plain = db_url.replace("postgresql+psycopg://", "postgresql://", 1).split("?")[0]
    as_login.sql_url = plain
    as_login.schema = db_url.split("search_path%3D", 1)[1]
    yield as_login
    from translate_flow.store.db import close_database

    for url in [db_url.replace("postgres@", f"{n}@", 1) for n in names.values()]:
        close_database(url)
    with psycopg.connect(plain, autocommit=True) as conn:
        for role in names.values():  # this test's own logins; its groups go with the schema
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE "{role}"')


def _sql_as(pg_desk, login: str, statement: str):
    """Run one statement as LOGIN straight in the database (as psql would); its row count."""
    with psycopg.connect(pg_desk.sql_url.replace("postgres@", f"{login}@", 1)) as conn:
        conn.execute(f"SET search_path TO {pg_desk.schema}")
        return conn.execute(statement).rowcount


def test_on_postgresql_the_desk_user_is_the_database_login(pg_desk):
    tina = pg_desk.names["translator"]
    assert pg_desk(tina, "ingest", EXAMPLES / "ru-un-oewg.txt").exit_code == 0
    queue = pg_desk(tina, "queue", "--json")
    assert queue.exit_code == 0, queue.stderr
    [entry] = pg_desk(pg_desk.names["admin"], "log", "--limit", "1", "--json").json()
    assert (entry["user"], entry["by_admin"], entry["action"]) == (tina, None, "ingest")
    # The login is no admin and no superuser: naming another user is refused.
    other = pg_desk(tina, "--user", pg_desk.names["editor"], "queue")
    assert other.exit_code == PERMISSION_DENIED
    assert f"you are {tina}" in other.stderr


def test_each_role_works_through_its_own_login(pg_desk, tmp_path):
    n = pg_desk.names
    tmx = tmp_path / "m.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="ru" '
        'datatype="plaintext"/><body><tu><tuv xml:lang="ru"><seg>Второй текст.</seg></tuv>'
        '<tuv xml:lang="de"><seg>Zweiter Text.</seg></tuv></tu></body></tmx>\n',
        encoding="utf-8",
    )
    article = tmp_path / "short.txt"
    article.write_text("Заголовок\n\nВторой текст.\n", encoding="utf-8")
    steps = [
        (
            n["terminologist"],
            ("glossary", "import", str(EXAMPLES.parent / "glossaries" / "diplomatic.glossary")),
        ),
        (n["terminologist"], ("tm", "import", str(tmx))),
        (n["translator"], ("ingest", str(article))),
        (n["translator"], ("translate", "1", "--to", "de", "--engine", "tm")),
        (n["translator"], ("segment", "edit", "1", "--lang", "de", "--text", "Titel.")),
        (n["translator"], ("check", "1", "--lang", "de")),
        (n["editor"], ("segment", "reject", "1", "--lang", "de", "--comment", "neu")),
        (n["translator"], ("segment", "edit", "1", "--lang", "de", "--text", "Der Titel.")),
        (n["editor"], ("approve", "1", "--lang", "de", "--force", "--reason", "Test")),
        (n["editor"], ("export", "1", "--lang", "de", "--format", "txt")),
    ]
    for login, args in steps:
        result = pg_desk(login, *args)
        assert result.exit_code == 0, f"{login} {' '.join(args)}: {result.stderr}"


def test_a_translator_cannot_approve_or_change_the_glossary_through_psql(pg_desk):
    n = pg_desk.names
    tina, ed = n["translator"], n["editor"]
    assert pg_desk(tina, "ingest", EXAMPLES / "ru-un-oewg.txt").exit_code == 0
    assert pg_desk(tina, "translate", "1", "--to", "de", "--engine", "tm").exit_code == 0
    # Row-level security: the approved status is out of a translator's reach.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _sql_as(pg_desk, tina, "UPDATE translation SET status = 'approved'")
    # No privilege at all on approvals, the glossary and the users.
    for statement in (
        "INSERT INTO approval (article_id, version_id, target_lang, editor, at) "
        "VALUES (1, 1, 'de', 'x', now())",
        "DELETE FROM term",
        f"UPDATE user_account SET roles = 'admin' WHERE name = '{tina}'",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _sql_as(pg_desk, tina, statement)
    # An editor may.
    assert _sql_as(pg_desk, ed, "UPDATE translation SET status = 'approved'") > 0
    # Once approved, a translator cannot change it either: the rows are out of reach.
    assert _sql_as(pg_desk, tina, "UPDATE translation SET status = 'translated'") == 0
    assert _sql_as(pg_desk, ed, "SELECT 1 FROM translation WHERE status <> 'approved'") == 0


def _count_as(pg_desk, login: str, query: str) -> int:
    with psycopg.connect(pg_desk.sql_url.replace("postgres@", f"{login}@", 1)) as conn:
        conn.execute(f"SET search_path TO {pg_desk.schema}")
        return conn.execute(query).fetchone()[0]


def test_through_psql_a_restricted_article_is_read_only_by_those_the_tool_lets_read_it(
    pg_desk, tmp_path
):
    n = pg_desk.names
    tina, terry, ed = n["translator"], n["terminologist"], n["editor"]
    secret = tmp_path / "secret.txt"
    secret.write_text("Секретно\n\nМинистры встретились.\n", encoding="utf-8")
    assert pg_desk(ed, "ingest", secret, "--restricted").exit_code == 0
    assert pg_desk(ed, "translate", "1", "--to", "de", "--engine", "tm").exit_code == 0
    edited = pg_desk(ed, "segment", "edit", "2", "--lang", "de", "--text", "Die Minister.")
    assert edited.exit_code == 0, edited.stderr
    queries = {
        "article": "SELECT count(*) FROM article",
        "segment": "SELECT count(*) FROM segment",
        "translation": "SELECT count(*) FROM translation",
        "revision": "SELECT count(*) FROM revision",
        "audit": "SELECT count(*) FROM audit_log WHERE article_id IS NOT NULL",
    }
    for login in (tina, terry):
        seen = {name: _count_as(pg_desk, login, q) for name, q in queries.items()}
        assert seen == dict.fromkeys(queries, 0), (login, seen)
    seen = {name: _count_as(pg_desk, ed, q) for name, q in queries.items()}
    assert all(seen.values()), seen
    # Assigned, tina sees it in psql as in the tool; terry still does not.
    assert pg_desk(ed, "article", "assign", "1", tina).exit_code == 0
    seen = {name: _count_as(pg_desk, tina, q) for name, q in queries.items()}
    assert all(seen.values()), seen
    assert _count_as(pg_desk, terry, queries["segment"]) == 0
    shown = pg_desk(tina, "segment", "show", "2", "--lang", "de")
    assert shown.exit_code == 0, shown.stderr


def test_a_translator_who_imports_a_restricted_article_reads_it(pg_desk, tmp_path):
    tina = pg_desk.names["translator"]
    secret = tmp_path / "secret.txt"
    secret.write_text("Секретно\n\nМинистры встретились.\n", encoding="utf-8")
    ingested = pg_desk(tina, "ingest", secret, "--restricted")
    assert ingested.exit_code == 0, ingested.stderr
    assert pg_desk(tina, "segment", "show", "2", "--lang", "de").exit_code in (0, 1)
    assert pg_desk(pg_desk.names["terminologist"], "queue", "--json").json() == []
