"""Real `translate-flow` processes for the reliability suite (tests/test_reliability_*.py).

Each writer is its own `python -m translate_flow` process against the test database, as on a
desk where several people run commands at once; none shares a connection or a lock with another.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from translate_flow.store.db import reading

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_TEXTS = ("ru-mfa-ict-security.txt", "ru-csto-meeting.md")


@dataclass
class Finished:
    argv: list[str]
    exit_code: int
    stdout: str
    stderr: str


def environment(tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("TRANSLATE_FLOW_USER", None)
    env.pop("TRANSLATE_FLOW_DEBUG", None)
    env["TRANSLATE_FLOW_CONFIG"] = str(tmp_path / "no-config.toml")
    env.update(extra or {})
    return env


def start(db_url: str, args: Sequence[str], env: dict[str, str], user: str | None = None):
    argv = [sys.executable, "-m", "translate_flow", "--db", db_url]
    if user:
        argv += ["--user", user]
    argv += [str(a) for a in args]
    return subprocess.Popen(
        argv,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: float = 300) -> Finished:
    out, err = process.communicate(timeout=timeout)
    return Finished(list(process.args), process.returncode, out, err)


def run_parallel(
    db_url: str, commands: Sequence[Sequence[str]], env: dict[str, str], user: str | None = None
) -> tuple[list[Finished], float]:
    """Start every command at once, wait for all; the results in order and the wall time."""
    began = time.monotonic()
    processes = [start(db_url, args, env, user) for args in commands]
    results = [finish(p) for p in processes]
    return results, time.monotonic() - began


def kill_when(process: subprocess.Popen, ready: Callable[[], bool], timeout: float = 60) -> bool:
    """SIGKILL the process as soon as `ready()` holds; False if it ended (or timed out) first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if ready():
            process.send_signal(signal.SIGKILL)
            process.communicate()
            return True
        time.sleep(0.02)
    process.kill()
    process.communicate()
    return False


def count(engine, sql: str, **params) -> int:
    with reading(engine) as connection:
        return connection.execute(text(sql), params).scalar()


def rows(engine, sql: str, **params) -> list[tuple]:
    # Read-only: on SQLite a probe must not queue for the write lock of the process it watches.
    with reading(engine) as connection:
        return [tuple(r) for r in connection.execute(text(sql), params)]


def make_tmx(path: Path, units: int, seed: int = 17) -> Path:
    """A TMX file of `units` distinct ru→de units built from the words of the example articles."""
    import random
    import re

    from translate_flow.formats.tmx import TMEntry, write_tmx

    texts = [(REPO / "examples" / name).read_text(encoding="utf-8") for name in EXAMPLE_TEXTS]
    words = sorted({w for t in texts for w in re.findall(r"[А-Яа-яЁё]{4,}", t)})
    rng = random.Random(seed)

    def entries():
        for n in range(units):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 14)))
            yield TMEntry("ru", "de", f"{sentence.capitalize()} {n}.", f"Satz {n} übersetzt.")

    write_tmx(entries(), "ru", str(path))
    return path


def assert_stopped_translate_resumes(desk, total: int, kept: int) -> None:
    """After `translate` was stopped with `kept` of `total` segments stored: nothing is
    half-stored, a second run sends only what is missing, and every segment ends with one
    revision."""
    from mt_servers import libre_server

    # A translation has a revision exactly when it moved on from new.
    half_stored = count(
        desk.engine,
        "SELECT count(*) FROM translation WHERE (current_revision_id IS NULL) <> (status = 'new')",
    )
    assert half_stored == 0
    with libre_server() as server:
        env = dict(desk.env, TRANSLATE_FLOW_LIBRE_URL=server.url)
        resumed = finish(start(desk.db_url, ("translate", "--to", "de", "--engine", "libre"), env))
        assert resumed.exit_code == 0, resumed.stderr
        # What was kept is not sent again (identical sentences of a batch go once).
        assert 0 < len(server.texts_sent) <= total - kept
    per_segment = rows(
        desk.engine,
        "SELECT t.segment_id, count(r.id) FROM translation t JOIN revision r "
        "ON r.translation_id = t.id GROUP BY t.segment_id",
    )
    assert len(per_segment) == total and {n for _, n in per_segment} == {1}
