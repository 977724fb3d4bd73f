"""A database is created only on the default path or by `translate-flow init`: a mistyped --db
path is refused instead of silently starting an empty desk."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, run_cli


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A machine with nothing on it: no config, no database, no TRANSLATE_FLOW_DB."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.delenv("TRANSLATE_FLOW_DB", raising=False)
    monkeypatch.delenv("TRANSLATE_FLOW_USER", raising=False)
    return tmp_path


def test_mistyped_db_path_is_refused_and_nothing_is_created(home):
    typo = home / "desk.bd"

    result = run_cli(["--db", typo, "status"])

    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"translate-flow: no database at {typo}; check the path (--db, TRANSLATE_FLOW_DB or the "
        f"config's [database] url), or create a new desk there with 'translate-flow init --db "
        f"{typo}'"
    ]
    assert not typo.exists()


def test_missing_database_named_by_the_environment_is_refused(home, monkeypatch):
    monkeypatch.setenv("TRANSLATE_FLOW_DB", str(home / "missing" / "desk.db"))

    result = run_cli(["ingest", EXAMPLES / "ru-csto-meeting.md"])

    assert result.exit_code == 1 and "translate-flow init" in result.stderr
    assert not (home / "missing").exists()


def test_first_command_on_a_fresh_machine_creates_the_default_database(home):
    result = run_cli(["ingest", EXAMPLES / "ru-csto-meeting.md"])

    assert result.exit_code == 0, result.stderr
    assert (home / "data" / "translate-flow" / "translate-flow.db").is_file()
    assert len(run_cli(["status", "--json"]).json()) == 1


def test_init_creates_a_database_anywhere_and_commands_then_use_it(home):
    path = home / "desks" / "minsk.db"

    created = run_cli(["init", "--db", path, "--json"])

    assert created.exit_code == 0, created.stderr
    assert json.loads(created.stdout)["created"] is True
    assert path.is_file()
    assert run_cli(["--db", path, "ingest", EXAMPLES / "ru-csto-meeting.md"]).exit_code == 0
    assert len(run_cli(["--db", path, "status", "--json"]).json()) == 1


def test_init_takes_the_global_db_option_too_and_leaves_an_existing_desk_alone(home):
    path = home / "desk.db"
    assert run_cli(["--db", path, "init"]).exit_code == 0
    assert run_cli(["--db", path, "ingest", EXAMPLES / "ru-csto-meeting.md"]).exit_code == 0

    again = run_cli(["--db", path, "init"])

    assert again.exit_code == 0
    assert "already there" in again.stdout
    assert len(run_cli(["--db", path, "status", "--json"]).json()) == 1


def test_init_on_postgresql_creates_the_tables_of_an_existing_database(db_url):
    if db_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL case; SQLite is covered above")

    first = run_cli(["init", "--db", db_url, "--json"])
    second = run_cli(["init", "--db", db_url, "--json"])

    assert (json.loads(first.stdout)["created"], json.loads(second.stdout)["created"]) == (
        True,
        False,
    )
    assert run_cli(["--db", db_url, "status", "--json"]).json() == []
