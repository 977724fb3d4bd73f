"""A config file with values of the wrong kind, or one that cannot be read: one line naming the
file and the value, exit 1, nothing done (before: "unexpected error (AttributeError)" and the
like, or a quoted "false" read as true)."""

from __future__ import annotations

import os

import pytest
from conftest import EXAMPLES, run_cli

ARTICLE = EXAMPLES / "ru-csto-meeting.md"


@pytest.fixture
def desk(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(config))
    monkeypatch.delenv("TRANSLATE_FLOW_USER", raising=False)
    monkeypatch.delenv("TRANSLATE_FLOW_DB", raising=False)
    database = tmp_path / "desk.db"
    assert run_cli(["init", "--db", str(database)]).exit_code == 0
    assert run_cli(["--db", str(database), "ingest", ARTICLE]).exit_code == 0
    return config, database


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('engines = "libre"', "engines must be a table ([engines])"),
        ('engines = ["libre"]', "engines must be a table"),
        ('[engines]\nlibre = "http://mt.internal"', "engines.libre must be a table"),
        ("database = 5", "database must be a table"),
        ("[database]\nurl = 5", "[database] url must be a database URL or file path"),
        ("desk = 1", "desk must be a table"),
        ("checks = 5", "checks must be a table"),
        ('[workflow]\nfour_eyes = "false"', "[workflow] four_eyes must be true or false"),
        ("[qa]\nglossary = 5", "[qa] glossary must be a text"),
    ],
)
def test_a_config_value_of_the_wrong_kind_is_named_in_one_line(desk, content, fragment):
    config, database = desk
    config.write_text(content + "\n", encoding="utf-8")
    for args in (("translate", "1", "--to", "de", "--engine", "tm"), ("status",)):
        result = run_cli(["--db", str(database), *args])
        assert result.exit_code == 1
        assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"translate-flow: config file {config}: ")
        assert fragment in line
    config.unlink()
    assert "not translated yet" in run_cli(["--db", str(database), "status"]).stdout


def test_an_unreadable_config_file_is_named_in_one_line(desk):
    config, database = desk
    config.mkdir()  # a folder where the file should be: unreadable even for root
    result = run_cli(["--db", str(database), "status"])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"translate-flow: cannot read the config file {config}: ")
    assert os.path.isdir(config)


def test_a_config_file_not_in_utf8_is_named_with_the_offending_byte(desk):
    config, database = desk
    config.write_bytes('[desk]\nlanguages = ["ru", "de"]  # Österreich\n'.encode("latin-1"))
    result = run_cli(["--db", str(database), "status"])
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line == (
        f"translate-flow: config file {config}: not UTF-8 (byte 0xd6 at offset 35); "
        "save it as UTF-8"
    )
