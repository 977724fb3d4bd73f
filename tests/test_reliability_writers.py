"""Parallel writers on the same concept, segment and article: no lost update, nothing doubled,
and a clear message where one writer has to give way (issue 17; docs/reliability.md).

Every writer is a real `translate-flow` process (tests/reliability_support.py), on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import re
import time

import pytest
from conftest import EXAMPLES, GLOSSARY
from mt_servers import libre_server, slow_libre_server
from reliability_support import count, environment, finish, rows, run_parallel, start

from translate_flow.store.db import open_database

ARTICLE = EXAMPLES / "ru-mfa-ict-security.txt"


@pytest.fixture
def desk(cli, tmp_path, monkeypatch):
    """The test database with one article (22 segments); `env` for the writer processes."""
    assert cli("ingest", ARTICLE).exit_code == 0
    cli.env = environment(tmp_path)
    cli.engine = open_database(cli.db_url)
    return cli


def _translate_in_process(desk, monkeypatch, server_url: str, *args: str) -> None:
    monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server_url)
    result = desk("translate", "1", "--to", "de", "--engine", "libre", *args)
    assert result.exit_code == 0, result.stderr


def _all_ok(results) -> None:
    for r in results:
        assert r.exit_code == 0, f"{r.argv[-6:]}: {r.stderr}"
        assert "Traceback" not in r.stderr


def test_parallel_term_additions_to_one_concept_are_all_kept(desk):
    assert desk("glossary", "add", "cyber", "--term", "ru:кибербезопасность").exit_code == 0
    writers = 4
    results, _ = run_parallel(
        desk.db_url,
        [
            ("glossary", "edit", "cyber", "--add-term", f"de:Cybersicherheit{i}")
            for i in range(writers)
        ],
        desk.env,
    )
    _all_ok(results)
    stored = rows(desk.engine, "SELECT text FROM term WHERE concept_id = 'cyber' AND lang = 'de'")
    assert sorted(t for (t,) in stored) == [f"Cybersicherheit{i}" for i in range(writers)]
    history = desk("glossary", "history", "cyber", "--json").json()
    assert [h["action"] for h in history] == ["add"] + ["edit"] * writers
    # Each edit started from the one before: its "before" has the terms the earlier ones added.
    sizes = [len(h["after"]["terms"]) for h in history]
    assert sizes == list(range(1, writers + 2))


def test_parallel_glossary_adds_get_one_version_each(desk):
    assert desk("glossary", "import", GLOSSARY).exit_code == 0
    start_version = int(
        rows(desk.engine, "SELECT value FROM meta WHERE key = 'glossary_version'")[0][0]
    )
    writers = 6
    results, _ = run_parallel(
        desk.db_url,
        [("glossary", "add", f"new-{i}", "--term", f"ru:новинка{i}") for i in range(writers)],
        desk.env,
    )
    _all_ok(results)
    versions = sorted(int(re.search(r"glossary version (\d+)", r.stdout).group(1)) for r in results)
    assert versions == list(range(start_version + 1, start_version + writers + 1))
    final = rows(desk.engine, "SELECT value FROM meta WHERE key = 'glossary_version'")[0][0]
    assert int(final) == start_version + writers


def test_parallel_adds_of_one_concept_id_store_it_once_and_tell_the_others(desk):
    results, _ = run_parallel(
        desk.db_url,
        [("glossary", "add", "same", "--term", f"ru:термин{i}") for i in range(4)],
        desk.env,
    )
    assert sorted(r.exit_code for r in results) == [0, 1, 1, 1]
    for r in results:
        if r.exit_code:
            assert r.stderr.strip() == (
                "translate-flow: concept 'same' is already in the glossary; change it with "
                "'translate-flow glossary edit same'"
            )
    assert count(desk.engine, "SELECT count(*) FROM term WHERE concept_id = 'same'") == 1


def test_parallel_checks_store_each_finding_once(desk, monkeypatch):
    assert desk("glossary", "import", GLOSSARY).exit_code == 0
    with libre_server() as server:
        _translate_in_process(desk, monkeypatch, server.url)
    assert desk("check", "1").exit_code == 0
    once = count(desk.engine, "SELECT count(*) FROM finding WHERE resolved_at IS NULL")
    assert once > 0
    results, _ = run_parallel(desk.db_url, [("check", "1")] * 4, desk.env)
    _all_ok(results)
    assert count(desk.engine, "SELECT count(*) FROM finding WHERE resolved_at IS NULL") == once
    doubled = rows(
        desk.engine,
        'SELECT revision_id, "check", message, span_start FROM finding '
        'GROUP BY revision_id, "check", message, span_start, span_end, side '
        "HAVING count(*) > 1",
    )
    assert doubled == []


def test_parallel_accepts_of_one_segment_store_one_accept(desk, monkeypatch):
    with libre_server() as server:
        _translate_in_process(desk, monkeypatch, server.url)
    segment = desk("queue", "--lang", "de", "--json").json()[0]["segment"]
    results, _ = run_parallel(
        desk.db_url, [("segment", "accept", segment, "--lang", "de")] * 8, desk.env
    )
    _all_ok(results)
    accepts = count(
        desk.engine,
        "SELECT count(*) FROM revision r JOIN translation t ON t.id = r.translation_id "
        "WHERE t.segment_id = :segment AND r.action = 'accept'",
        segment=segment,
    )
    assert accepts == 1
    assert sum("is already accepted" in r.stdout for r in results) == 7


def test_two_translate_runs_of_one_article_store_each_segment_once(desk):
    with slow_libre_server(latency=0.5) as server:
        env = dict(desk.env, TRANSLATE_FLOW_LIBRE_URL=server.url)
        results, _ = run_parallel(
            desk.db_url, [("translate", "1", "--to", "de", "--engine", "libre")] * 2, env
        )
    _all_ok(results)
    per_segment = rows(
        desk.engine,
        "SELECT t.segment_id, count(r.id) FROM translation t "
        "LEFT JOIN revision r ON r.translation_id = t.id AND r.action = 'machine-translate' "
        "WHERE t.target_lang = 'de' GROUP BY t.segment_id",
    )
    assert len(per_segment) == 22
    assert {n for _, n in per_segment} == {1}


def test_an_edit_during_a_retranslate_run_keeps_the_edit_and_every_other_result(desk, monkeypatch):
    with libre_server() as server:
        _translate_in_process(desk, monkeypatch, server.url)
    segment = desk("queue", "--lang", "de", "--json").json()[3]["segment"]
    with slow_libre_server(latency=8.0) as server:
        env = dict(desk.env, TRANSLATE_FLOW_LIBRE_URL=server.url)
        run = start(
            desk.db_url, ("translate", "1", "--to", "de", "--engine", "libre", "--retranslate"), env
        )
        deadline = time.monotonic() + 60
        while not server.requests and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.requests, "the translate run never reached the engine"
        edit = finish(
            start(
                desk.db_url,
                ("segment", "edit", segment, "--lang", "de", "--text", "Von Hand übersetzt."),
                env,
            )
        )
        translated = finish(run)
    assert edit.exit_code == 0, edit.stderr
    assert translated.exit_code == 0, translated.stderr
    shown = desk("segment", "show", segment, "--lang", "de", "--json").json()
    assert shown["target"] == "Von Hand übersetzt."
    assert shown["status"] == "translated"
    # Every other segment got its second machine translation.
    others = rows(
        desk.engine,
        "SELECT t.segment_id, count(r.id) FROM translation t "
        "JOIN revision r ON r.translation_id = t.id AND r.action = 'machine-translate' "
        "WHERE t.target_lang = 'de' AND t.segment_id <> :segment GROUP BY t.segment_id",
        segment=segment,
    )
    assert len(others) == 21 and {n for _, n in others} == {2}
    if desk.db_url.startswith("postgresql"):
        # The edit came in while the run held no lock on the segment: the run says it skipped it.
        assert f"segment {segment} (de) was changed by someone else during the run" in (
            translated.stdout + translated.stderr
        )


def test_a_translator_cannot_edit_an_approved_segment_and_is_told_whom_to_ask(desk, monkeypatch):
    with libre_server() as server:
        _translate_in_process(desk, monkeypatch, server.url)
    assert desk("user", "add", "anna", "--role", "admin", "--role", "editor").exit_code == 0
    desk.default_user = "anna"
    assert desk("user", "add", "boris", "--role", "translator", user="anna").exit_code == 0
    segments = [row["segment"] for row in desk("queue", "--lang", "de", "--json").json()]
    for segment in segments:
        assert desk("segment", "accept", segment, "--lang", "de", user="boris").exit_code == 0
    approved = desk("approve", "1", "--lang", "de", "--force", "--reason", "test", user="anna")
    assert approved.exit_code == 0, approved.stderr
    before = desk("segment", "show", segments[0], "--lang", "de", "--json").json()

    refused = desk(
        "segment", "edit", segments[0], "--lang", "de", "--text", "Anders.", user="boris"
    )
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        f"translate-flow: segment {segments[0]} (de) is approved; a translator cannot change it: "
        f"ask an editor of article 1 to reopen it with 'translate-flow segment reject "
        f"{segments[0]} --lang de --comment WHY'"
    )
    after = desk("segment", "show", segments[0], "--lang", "de", "--json").json()
    assert after == before

    # The editor's way back is explicit: a rejection with a reason, then the translator edits.
    reopened = desk(
        "segment", "reject", segments[0], "--lang", "de", "--comment", "Terminologie", user="anna"
    )
    assert reopened.exit_code == 0 and "rejected" in reopened.stdout
    edited = desk("segment", "edit", segments[0], "--lang", "de", "--text", "Anders.", user="boris")
    assert edited.exit_code == 0, edited.stderr


def test_a_writer_that_waits_too_long_on_sqlite_is_told_the_database_is_busy(tmp_path, monkeypatch):
    import sqlite3

    from translate_flow.errors import BusyError
    from translate_flow.store import db

    url = f"sqlite:///{tmp_path / 'busy.db'}"
    engine = db.open_database(url)
    db.close_database(url)
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    engine = db.open_database(url)
    holder = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(BusyError) as raised:
            with db.transaction(engine):
                pass
        # A reader does not wait for the writer at all.
        with db.transaction(engine, write=False) as session:
            assert session.exec(db.text("SELECT count(*) FROM article")).one() == (0,)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close_database(url)
    assert str(raised.value) == (
        "the database is busy: another translate-flow command held it for more than 0.2 s; "
        "nothing was changed, run the command again"
    )
