"""A database that cannot be used as it is: of a newer schema, damaged, read-only, on a full
disk, a PostgreSQL server that drops the connection mid-command. Each gives one line that says
what is wrong (exit 1, no traceback) and leaves the data as it was."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time

import pytest
from conftest import EXAMPLES, run_cli
from reliability_support import REPO, count, environment, finish, make_tmx, start
from sqlalchemy import text

from translate_flow.errors import InputError
from translate_flow.store.db import close_database, get_engine, open_database, transaction

ARTICLE = EXAMPLES / "ru-csto-meeting.md"


def one_line(result) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def no_config(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("TRANSLATE_FLOW_USER", raising=False)


def test_a_database_of_a_newer_schema_is_refused_and_left_as_it_is(cli):
    assert cli("ingest", ARTICLE).exit_code == 0
    engine = open_database(cli.db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    for args in (("status",), ("translate", "1", "--to", "de"), ("ingest", ARTICLE)):
        result = cli(*args)
        assert result.exit_code == 1
        line = one_line(result)
        assert "schema version 0999" in line and "a newer translate-flow" in line
        assert "Can't locate revision" not in line
    assert count(engine, "SELECT version_num FROM alembic_version") == "0999"
    assert count(engine, "SELECT count(*) FROM article") == 1
    assert count(engine, "SELECT count(*) FROM revision") == 0


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_sqlite_file_is_named_as_such_and_not_touched(tmp_path, no_config, damage):
    path = tmp_path / "desk.db"
    url = f"sqlite:///{path}"
    assert run_cli(["init", "--db", url]).exit_code == 0
    assert run_cli(["--db", url, "ingest", ARTICLE]).exit_code == 0
    close_database(url)
    whole = path.read_bytes()
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"desk.db{suffix}").unlink(missing_ok=True)
    path.write_bytes(os.urandom(8192) if damage == "garbage" else whole[:5000])
    before = path.read_bytes()
    for args in (("status",), ("translate", "1", "--to", "de"), ("queue",)):
        result = run_cli(["--db", url, *args])
        assert result.exit_code == 1
        line = one_line(result)
        assert f"{path} is not a translate-flow database or it is damaged" in line
        assert "unexpected error" not in line
        close_database(url)
    assert path.read_bytes() == before


def test_a_read_only_sqlite_database_says_it_cannot_be_written(tmp_path, no_config):
    path = tmp_path / "desk.db"
    assert run_cli(["init", "--db", str(path)]).exit_code == 0
    assert run_cli(["--db", str(path), "ingest", ARTICLE]).exit_code == 0
    # Opened read-only (as for a file the account may not write; the tests run as root).
    engine = get_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(InputError, match="cannot be written .*read-only for this account"):
        with transaction(engine) as session:
            session.execute(text("DELETE FROM revision"))
            session.execute(text("DELETE FROM segment"))
    assert count(get_engine(f"sqlite:///{path}"), "SELECT count(*) FROM segment") > 0


def test_a_full_disk_gives_one_line_and_stores_nothing(tmp_path):
    path = tmp_path / "desk.db"
    url = f"sqlite:///{path}"
    env = environment(tmp_path)
    assert finish(start(url, ("init",), env)).exit_code == 0
    limit = 48 * 1024  # bytes any one file may grow to: the new article does not fit

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    run = subprocess.run(
        [sys.executable, "-m", "translate_flow", "--db", url, "ingest", str(ARTICLE)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    [line] = run.stderr.strip().splitlines()
    assert "could not be written" in line and "the disk is full" in line
    assert count(get_engine(url), "SELECT count(*) FROM article") == 0
    assert finish(start(url, ("ingest", ARTICLE), env)).exit_code == 0


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_postgresql_connection_lost_mid_import_gives_one_line_and_keeps_nothing(cli, tmp_path):
    engine = open_database(cli.db_url)
    tmx = make_tmx(tmp_path / "memory.tmx", 20_000)
    name = f"tf-lost-{os.getpid()}"
    env = environment(tmp_path, {"PGAPPNAME": name})
    run = start(cli.db_url, ("tm", "import", tmx), env)
    deadline = time.monotonic() + 120
    # Autocommit: in one transaction pg_stat_activity would show the same snapshot every time.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
        while True:
            assert time.monotonic() < deadline and run.poll() is None, "the import ended first"
            # In its writing transaction: the backend has a transaction id once it wrote a row.
            busy = watcher.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name "
                    "AND backend_xid IS NOT NULL"
                ),
                {"name": name},
            ).scalar()
            if busy:
                break
            time.sleep(0.05)
        watcher.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :name"
            ),
            {"name": name},
        )
    result = finish(run)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "the connection to the database" in line and "was lost" in line
    assert count(engine, "SELECT count(*) FROM tm_unit") == 0


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("postgresql://desk:hunter22@[::1/desk", "not a database URL: "),
        ("mysql://desk:hunter22@localhost/desk", "'mysql' databases are not supported"),
    ],
)
def test_a_database_url_that_cannot_be_used_is_named_without_its_password(no_config, url, fragment):
    for args in (["--db", url, "status"], ["init", "--db", url]):
        result = run_cli(args)
        assert result.exit_code == 1
        line = one_line(result)
        assert fragment in line and "desk:***@" in line
        assert "hunter22" not in result.stderr + result.stdout


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_postgresql_writer_waiting_on_a_lock_too_long_is_told_the_database_is_busy(
    db_url, monkeypatch
):
    import psycopg

    from translate_flow.errors import BusyError
    from translate_flow.store import db

    engine = db.open_database(db_url)
    with db.transaction(engine) as session:
        session.execute(text("INSERT INTO meta (key, value) VALUES ('probe', '1')"))
    db.close_database(db_url)
    monkeypatch.setattr(db, "POSTGRESQL_LOCK_TIMEOUT_MS", 200)
    engine = db.open_database(db_url)
    # A psql session left open in a transaction holding the row.
    holder = psycopg.connect(
        engine.url.render_as_string(hide_password=False).replace("+psycopg", "")
    )
    holder.execute("SELECT * FROM meta FOR UPDATE")
    # Let go after 15 s, so that without a lock timeout the test ends (and fails) too.
    release = threading.Timer(15, holder.rollback)
    release.start()
    began = time.monotonic()
    try:
        with pytest.raises(BusyError) as raised:
            with db.transaction(engine) as session:
                session.execute(text("UPDATE meta SET value = '2' WHERE key = 'probe'"))
    finally:
        release.cancel()
        holder.rollback()
        holder.close()
    assert time.monotonic() - began < 10  # before: it waited for as long as the holder did
    assert str(raised.value).startswith(
        "the database is busy: another session (a translate-flow command, or psql left in a "
        "transaction) held what this command changes for more than 0.2 s"
    )
    assert count(engine, "SELECT value FROM meta WHERE key = 'probe'") == "1"
    db.close_database(db_url)
