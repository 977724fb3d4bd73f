"""kill -9 in the middle of translate, tm import, glossary import and ingest: the database keeps
what was committed and nothing half-done, and running the command again completes the work
without doubling anything (issue 17; docs/reliability.md).

A process is killed once it is inside its writing transaction: on PostgreSQL when it holds a
write lock on the table it fills (pg_locks), on SQLite when it holds the database's write lock.
"""

from __future__ import annotations

import sqlite3
import time

import pytest
from conftest import EXAMPLES, GLOSSARY
from mt_servers import slow_libre_server
from reliability_support import (
    assert_stopped_translate_resumes,
    count,
    environment,
    finish,
    kill_when,
    make_tmx,
    run_parallel,
    start,
)

from translate_flow.store.db import open_database

ARTICLES = [EXAMPLES / "ru-mfa-ict-security.txt", EXAMPLES / "ru-csto-meeting.md"]


@pytest.fixture
def desk(cli, tmp_path):
    cli.env = environment(tmp_path)
    cli.engine = open_database(cli.db_url)
    return cli


def writing(desk, table: str):
    """A probe: is another process inside a transaction that writes `table`?"""
    if desk.db_url.startswith("sqlite"):
        path = desk.db_url.removeprefix("sqlite:///")

        def sqlite_writer() -> bool:
            connection = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                connection.close()

        return sqlite_writer

    def postgres_writer() -> bool:
        return (
            count(
                desk.engine,
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = :table AND l.mode = 'RowExclusiveLock' "
                "AND l.pid <> pg_backend_pid() AND c.relnamespace = "
                "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
                table=table,
            )
            > 0
        )

    return postgres_writer


def held_for(probe, seconds: float):
    """True once `probe` has held for `seconds` without a break."""
    since: list[float] = []

    def ready() -> bool:
        if not probe():
            since.clear()
            return False
        if not since:
            since.append(time.monotonic())
        return time.monotonic() - since[0] >= seconds

    return ready


def test_translate_killed_between_articles_resumes_without_a_second_revision(desk):
    for path in ARTICLES:
        assert desk("ingest", path).exit_code == 0
    total = count(desk.engine, "SELECT count(*) FROM segment")
    with slow_libre_server(latency=1.5) as server:
        env = dict(desk.env, TRANSLATE_FLOW_LIBRE_URL=server.url)
        run = start(desk.db_url, ("translate", "--to", "de", "--engine", "libre"), env)
        # Killed as soon as the first article × language is committed.
        assert kill_when(run, lambda: count(desk.engine, "SELECT count(*) FROM revision") > 0)
    kept = count(desk.engine, "SELECT count(*) FROM revision")
    assert 0 < kept < total
    assert_stopped_translate_resumes(desk, total, kept)


def test_tm_import_killed_midway_leaves_no_unit_and_resumes_without_duplicates(desk, tmp_path):
    units = 60_000
    tmx = make_tmx(tmp_path / "memory.tmx", units)
    run = start(desk.db_url, ("tm", "import", tmx), desk.env)
    assert kill_when(run, held_for(writing(desk, "tm_unit"), 0.5)), "the import ended first"
    assert count(desk.engine, "SELECT count(*) FROM tm_unit") == 0
    assert count(desk.engine, "SELECT count(*) FROM tm_posting") == 0
    resumed = finish(start(desk.db_url, ("tm", "import", tmx), desk.env))
    assert resumed.exit_code == 0, resumed.stderr
    assert f"{units} units added, 0 already in the memory" in resumed.stdout
    again = finish(start(desk.db_url, ("tm", "import", tmx), desk.env))
    assert f"0 units added, {units} already in the memory" in again.stdout
    assert count(desk.engine, "SELECT count(*) FROM tm_unit") == units


def _big_glossary(path, concepts: int):
    lines = []
    for n in range(concepts):
        lines += [f"concept: c{n}", f"ru: термин{n}", f"de: Begriff{n}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_glossary_import_killed_midway_is_all_or_nothing_and_resumes(desk, tmp_path):
    glossary = _big_glossary(tmp_path / "big.glossary", 3000)
    run = start(desk.db_url, ("glossary", "import", glossary), desk.env)
    killed = kill_when(run, held_for(writing(desk, "term"), 0.3))
    stored = count(desk.engine, "SELECT count(*) FROM concept")
    # Killed inside its transaction: nothing; had it finished first: everything.
    assert stored == (0 if killed else 3000)
    resumed = finish(start(desk.db_url, ("glossary", "import", glossary), desk.env))
    assert resumed.exit_code == 0, resumed.stderr
    assert count(desk.engine, "SELECT count(*) FROM concept") == 3000
    assert count(desk.engine, "SELECT count(*) FROM term") == 6000
    assert count(desk.engine, "SELECT count(*) FROM glossary_change") == 3000


def test_ingest_killed_midway_stores_no_article_and_resumes_once(desk):
    run = start(desk.db_url, ("ingest", *ARTICLES), desk.env)
    kill_when(run, writing(desk, "segment"))
    # All or nothing: on a loaded machine the commit may still win the race with the kill.
    stored = count(desk.engine, "SELECT count(*) FROM article")
    assert stored in (0, len(ARTICLES))
    if stored == 0:
        assert count(desk.engine, "SELECT count(*) FROM segment") == 0
        resumed = finish(start(desk.db_url, ("ingest", *ARTICLES), desk.env))
        assert resumed.exit_code == 0, resumed.stderr
    assert count(desk.engine, "SELECT count(*) FROM article") == len(ARTICLES)


def test_parallel_ingests_of_one_file_store_one_article(desk):
    results, _ = run_parallel(desk.db_url, [("ingest", ARTICLES[0])] * 4, desk.env)
    assert sorted(r.exit_code for r in results) == [0, 1, 1, 1]
    for r in results:
        if r.exit_code:
            assert r.stderr.strip() == (
                f"translate-flow: {ARTICLES[0]} is already imported as article 1; "
                "to import a new version use --update 1"
            )
    assert count(desk.engine, "SELECT count(*) FROM article") == 1


def test_parallel_glossary_imports_store_each_concept_once(desk):
    results, _ = run_parallel(desk.db_url, [("glossary", "import", GLOSSARY)] * 3, desk.env)
    for r in results:
        assert r.exit_code == 0, r.stderr
    # The last line: "FILE: N added, N changed, N unchanged" (the first lines summarise the file).
    added = [
        int(line.split(": ")[1].split(" added")[0])
        for r in results
        for line in r.stdout.splitlines()
        if " added, " in line
    ]
    assert sorted(added) == [0, 0, 84]
    assert count(desk.engine, "SELECT count(*) FROM glossary_change") == 84


def test_parallel_imports_of_one_tmx_file_store_each_unit_once(desk, tmp_path):
    units = 2_000
    tmx = make_tmx(tmp_path / "memory.tmx", units)
    results, _ = run_parallel(desk.db_url, [("tm", "import", tmx)] * 3, desk.env)
    for r in results:
        assert r.exit_code == 0, r.stderr
    added = sorted(int(r.stdout.split(": ")[1].split(" units added")[0]) for r in results)
    assert added == [0, 0, units]
    assert count(desk.engine, "SELECT count(*) FROM tm_unit") == units
