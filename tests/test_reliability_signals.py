"""Ctrl-C (SIGINT) and SIGTERM in the middle of `translate`: one line on stderr, the exit code a
shell expects (128 + the signal), the finished article × language kept, nothing half-stored, and
the next run sends only what is missing."""

from __future__ import annotations

import signal
import time

import pytest
from conftest import EXAMPLES
from mt_servers import HANG, Answer, serve, slow_libre_server
from reliability_support import (
    assert_stopped_translate_resumes,
    count,
    environment,
    finish,
    start,
)

from translate_flow.store.db import open_database

ARTICLES = [EXAMPLES / "ru-mfa-ict-security.txt", EXAMPLES / "ru-csto-meeting.md"]


@pytest.fixture
def desk(cli, tmp_path):
    cli.env = environment(tmp_path)
    cli.engine = open_database(cli.db_url)
    return cli


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.parametrize(
    ("stop", "code", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped (SIGTERM)")],
)
def test_translate_stopped_by_a_signal_says_so_keeps_what_it_finished_and_resumes(
    desk, stop, code, said
):
    for path in ARTICLES:
        assert desk("ingest", path).exit_code == 0
    total = count(desk.engine, "SELECT count(*) FROM segment")
    with slow_libre_server(latency=1.0) as server:
        env = dict(desk.env, TRANSLATE_FLOW_LIBRE_URL=server.url)
        run = start(desk.db_url, ("translate", "--to", "de", "--engine", "libre"), env)
        # Stopped once the first article is stored, while the second one's requests are out.
        wait_for(lambda: count(desk.engine, "SELECT count(*) FROM revision") > 0)
        first = count(desk.engine, "SELECT count(*) FROM revision")
        wait_for(lambda: len(server.texts_sent) > first)
        run.send_signal(stop)
        stopped = finish(run, timeout=60)
    assert stopped.exit_code == code
    assert "Traceback" not in stopped.stderr
    [line] = [line for line in stopped.stderr.splitlines() if line.strip()]
    assert line.startswith(f"translate-flow: {said};")
    kept = count(desk.engine, "SELECT count(*) FROM revision")
    assert kept == first < total
    assert_stopped_translate_resumes(desk, total, kept)


def test_ctrl_c_while_the_engine_asks_to_retry_later_stops_at_once_and_sends_nothing_more(desk):
    assert desk("ingest", ARTICLES[0]).exit_code == 0

    def busy(request):
        return Answer(429, "application/json", '{"error": "slow down"}', {"Retry-After": "20"})

    with serve(busy) as server:
        env = dict(desk.env, TRANSLATE_FLOW_LIBRE_URL=server.url)
        run = start(desk.db_url, ("translate", "1", "--to", "de", "--engine", "libre"), env)
        wait_for(lambda: len(server.requests) >= 4)  # each request slot waits 20 s to retry
        time.sleep(0.3)
        asked = len(server.requests)
        run.send_signal(signal.SIGINT)
        began = time.monotonic()
        stopped = finish(run, timeout=120)
        took = time.monotonic() - began
        # Before, each waiting thread slept out its Retry-After and asked again: a minute, and
        # the article's text sent 12 more times after Ctrl-C.
        assert len(server.requests) == asked
    assert stopped.exit_code == 130
    assert took < 10
    assert count(desk.engine, "SELECT count(*) FROM revision") == 0


def test_ctrl_c_while_a_slow_server_has_not_answered_yet_stops_at_once(desk):
    # A language model may take a minute to answer; Ctrl-C must not wait for it.
    assert desk("ingest", ARTICLES[0]).exit_code == 0
    with serve(lambda request: HANG) as server:
        env = dict(desk.env, TRANSLATE_FLOW_LIBRE_URL=server.url, TRANSLATE_FLOW_LIBRE_TIMEOUT="60")
        run = start(desk.db_url, ("translate", "1", "--to", "de", "--engine", "libre"), env)
        wait_for(lambda: len(server.requests) >= 4)
        time.sleep(0.3)
        run.send_signal(signal.SIGINT)
        began = time.monotonic()
        stopped = finish(run, timeout=120)
        took = time.monotonic() - began
    assert stopped.exit_code == 130
    assert took < 10  # before: the requests' 60 s timeout
    assert count(desk.engine, "SELECT count(*) FROM revision") == 0


def test_ctrl_c_while_waiting_for_sqlites_write_lock_stops_at_once(tmp_path):
    import sqlite3

    path = tmp_path / "desk.db"
    url = f"sqlite:///{path}"
    env = environment(tmp_path)
    assert finish(start(url, ("init",), env)).exit_code == 0
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, for longer than Ctrl-C should take
    try:
        run = start(url, ("ingest", ARTICLES[0]), env)
        time.sleep(3)  # started, and waiting for the lock
        run.send_signal(signal.SIGINT)
        began = time.monotonic()
        stopped = finish(run, timeout=120)
        took = time.monotonic() - began
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert stopped.exit_code == 130
    assert took < 10  # before: the rest of SQLite's 60 s busy wait, in C, deaf to Ctrl-C
    assert count(open_database(url), "SELECT count(*) FROM article") == 0
