"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL: a throwaway database per test run (per xdist worker) on 127.0.0.1:5432, and a fresh
schema per test inside it. Set TRANSLATE_FLOW_TEST_PG to another admin URL if needed. With CI=true
an unreachable server fails the PostgreSQL tests instead of skipping them.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
GLOSSARY = REPO / "glossaries" / "diplomatic.glossary"
PG_ADMIN = os.environ.get("TRANSLATE_FLOW_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI but unavailable: {reason}")
    pytest.skip(f"PostgreSQL unavailable: {reason}")


@pytest.fixture(scope="session", autouse=True)
def lemma_cache_dir(tmp_path_factory):
    """Keep the on-disk lemma cache (terms/lemma_store.py) of the test run out of ~/.cache."""
    path = tmp_path_factory.mktemp("lemma-cache")
    os.environ["TRANSLATE_FLOW_CACHE_DIR"] = str(path)
    return path


@pytest.fixture(scope="session")
def pg_database():
    """A database created for this test run and dropped after it."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover
        _pg_unavailable(str(exc))
    name = f"tf_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        _pg_unavailable(str(exc).strip().splitlines()[0])
    base = PG_ADMIN.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    from translate_flow.store import db

    for url in list(db._engines):
        if name in url:
            db.close_database(url)
    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database URL: an SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        path = tmp_path / "tf.db"
        # A named SQLite file must exist (only `init` creates one); an empty file is an empty
        # database, which the first command gives its schema.
        path.touch()
        url = f"sqlite:///{path}"
        yield url
        from translate_flow.store.db import close_database

        close_database(url)
        return
    import psycopg

    database = request.getfixturevalue("pg_database")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = (
        database.replace("postgresql://", "postgresql+psycopg://", 1)
        + f"?options=-csearch_path%3D{schema}"
    )
    yield url
    from translate_flow.store.db import close_database

    close_database(url)
    with psycopg.connect(database, autocommit=True) as conn:
        drop_desk_groups(conn, schema)
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def drop_desk_groups(conn, schema: str) -> None:
    """Drop the group roles `user add` made for the desk in SCHEMA (store/pg_access.py). The
    logins it made (ada, tina, …) are shared by every test and stay, without privileges."""
    import hashlib

    database = conn.execute("SELECT current_database()").fetchone()[0]
    key = hashlib.sha256(f"{database}/{schema}".encode()).hexdigest()[:10]
    for (role,) in conn.execute(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"tf\\_%\\_{key}",)
    ).fetchall():
        conn.execute(f'DROP OWNED BY "{role}"')
        conn.execute(f'DROP ROLE "{role}"')


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        import json

        return json.loads(self.stdout)


def run_cli(args, input: bytes | str | None = None) -> CliResult:
    """Run the command line in-process with ARGS; its exit code, stdout and stderr."""
    from click.testing import CliRunner

    from translate_flow.cli.main import main

    code = 0
    with CliRunner().isolation(input=input) as streams:
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out = streams[0].getvalue().decode("utf-8")
        err = streams[1].getvalue().decode("utf-8")
    return CliResult(code, out, err)


@pytest.fixture
def cli(db_url, monkeypatch, tmp_path):
    """Run `translate-flow ARGS` in-process against the test database."""

    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("TRANSLATE_FLOW_USER", raising=False)

    def run(*args: str, user: str | None = None, input: bytes | str | None = None) -> CliResult:
        argv = ["--db", db_url]
        user = user or run.default_user
        if user:
            argv += ["--user", user]
        return run_cli([*argv, *args], input=input)

    run.db_url = db_url
    # Once a test's desk has users, the account running the tests is none of them: a test sets
    # the desk user its calls act as when they name nobody (the tests' account owns the database,
    # so it may act as any desk user, as an admin may).
    run.default_user = None
    return run
