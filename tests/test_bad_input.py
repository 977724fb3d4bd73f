"""Bad input gets one clear line, a non-zero exit code, and leaves the database as it was."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES


def _snapshot(cli) -> list:
    return cli("status", "--json").json()


def _assert_clean_failure(result, fragment: str, code: int = 1) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"", "is empty"),
        (b"\x00\x01\x02\x03binary\x00\x00\xff\xfe\x00" * 50, "binary"),
    ],
)
def test_unusable_file_is_refused_and_nothing_is_imported(cli, tmp_path, content, fragment):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = EXAMPLES / "ru-csto-meeting.md"
    # Several files in one command: all or nothing.
    result = cli("ingest", good, bad)
    _assert_clean_failure(result, fragment)
    assert _snapshot(cli) == []


def test_fifty_megabyte_file_is_refused(cli, tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    _assert_clean_failure(cli("ingest", big), "MB")
    assert _snapshot(cli) == []


def test_missing_file_is_reported(cli, tmp_path):
    _assert_clean_failure(cli("ingest", tmp_path / "nope.txt"), "does not exist")


def test_same_article_twice_points_to_update(cli):
    path = EXAMPLES / "ru-csto-meeting.md"
    assert cli("ingest", path).exit_code == 0
    before = _snapshot(cli)
    _assert_clean_failure(cli("ingest", path), "--update 1")
    assert _snapshot(cli) == before


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("segment", "show", "999", "--lang", "de"), "segment 999 does not exist"),
        (("segment", "accept", "999", "--lang", "de"), "segment 999 does not exist"),
        (("approve", "42", "--lang", "de"), "article 42 does not exist"),
        (("export", "42", "--lang", "de"), "article 42 does not exist"),
        (("translate", "42", "--to", "de"), "article 42 does not exist"),
        (("segment", "show", "abc", "--lang", "de"), "must be a number"),
        (("translate", "1", "--to", "de", "--engine", "nosuch"), "unknown engine"),
        (("queue", "--status", "finished"), "unknown status"),
    ],
)
def test_unknown_ids_and_names_give_one_line(cli, args, fragment):
    assert cli("ingest", EXAMPLES / "ru-csto-meeting.md").exit_code == 0
    before = _snapshot(cli)
    _assert_clean_failure(cli(*args), fragment)
    assert _snapshot(cli) == before


def test_usage_error_exits_with_two(cli):
    result = cli("approve")
    assert result.exit_code == 2


def test_segment_changed_by_someone_else_is_refused(cli):
    [row] = cli("ingest", "-", "--json", input="Заголовок\n\nМинистр прибыл в Минск.").json()
    article = row["article"]
    seg = cli("queue", "--article", article, "--lang", "de", "--json").json()
    assert seg == []
    # Both translators load the segment at the same revision.
    first = cli(
        "segment", "edit", "2", "--lang", "de", "--text", "Der Minister kam an.", "--json"
    ).json()
    loaded = first["revision"]
    assert (
        cli(
            "segment",
            "edit",
            "2",
            "--lang",
            "de",
            "--text",
            "Der Minister traf in Minsk ein.",
            "--base",
            loaded,
        ).exit_code
        == 0
    )
    stale = cli(
        "segment", "edit", "2", "--lang", "de", "--text", "Der Minister ist da.", "--base", loaded
    )
    _assert_clean_failure(stale, "changed by someone else")
    shown = cli("segment", "show", "2", "--lang", "de", "--json").json()
    assert shown["target"] == "Der Minister traf in Minsk ein."


def test_english_text_is_refused_with_a_hint_to_use_lang(cli):
    result = cli("ingest", "-", input=b"The minister arrived in Minsk on Monday for talks.")
    _assert_clean_failure(result, "--lang")


def test_unreachable_postgresql_gives_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from translate_flow.cli.main import main

    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "none.toml"))
    runner = CliRunner()
    with runner.isolation() as streams:
        with pytest.raises(SystemExit) as exc:
            main(["--db", "postgresql://nobody@127.0.0.1:1/none", "queue"])
        err = streams[1].getvalue().decode()
    assert exc.value.code == 1
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
