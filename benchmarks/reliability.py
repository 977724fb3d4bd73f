"""Concurrency figures for docs/reliability.md (issue 17).

    .venv/bin/python benchmarks/reliability.py [--db sqlite] [--db postgresql] [--units N]
                                               [--rounds N] [--skip-search] [--skip-writers]

1. Search latency during a long import: a TMX file of N (default 100,000) generated ru→de units
   is imported by a `translate-flow tm import` process while this process runs `tm search`
   (services.tm.tm_search, one query at a time) until the import ends. Prints the number of
   searches, their median and maximum, and the same search's median with no import running.
2. Parallel writers: for each scenario, W real `translate-flow` processes start at once on the
   same concept, segment or article, for R rounds; prints failures, lost updates and duplicates
   found afterwards, and the wall time of a round.

Each database is fresh: an SQLite file in a temporary directory, or a PostgreSQL database on
127.0.0.1 created and dropped here (TRANSLATE_FLOW_TEST_PG names the admin URL).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from mt_servers import libre_server  # noqa: E402
from reliability_support import (  # noqa: E402
    count,
    environment,
    finish,
    make_tmx,
    run_parallel,
    start,
)

from translate_flow.services.context import Desk  # noqa: E402
from translate_flow.services.tm import tm_search  # noqa: E402
from translate_flow.store.db import close_database, open_database  # noqa: E402

PG_ADMIN = os.environ.get("TRANSLATE_FLOW_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
ARTICLE = REPO / "examples" / "ru-mfa-ict-security.txt"
QUERY = "Стороны подтвердили приверженность центральной роли ООН в обеспечении безопасности"


def database(kind: str, workdir: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{workdir / f'rel-{uuid.uuid4().hex[:6]}.db'}", None
    import psycopg

    name = f"tf_rel_{os.getpid()}_{uuid.uuid4().hex[:4]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}", name


def drop(url: str, name: str | None) -> None:
    close_database(url)
    if name is None:
        return
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _search_once(desk: Desk) -> float:
    began = time.perf_counter()
    tm_search(desk, [QUERY], "ru", "de", 60.0, 5)
    return time.perf_counter() - began


def search_during_import(kind: str, workdir: Path, tmx: Path, units: int) -> None:
    url, name = database(kind, workdir)
    try:
        env = environment(workdir)
        desk = Desk(open_database(url), "bench")
        # A memory to search before the import starts: the seed memory of the examples.
        seeded = finish(
            start(url, ("tm", "import", REPO / "examples" / "seed-memory.ru-de.tmx"), env)
        )
        assert seeded.exit_code == 0, seeded.stderr
        idle = [_search_once(desk) for _ in range(20)]
        began = time.monotonic()
        process = start(url, ("tm", "import", tmx), env)
        during = []
        while process.poll() is None:
            during.append(_search_once(desk))
        result = finish(process)
        took = time.monotonic() - began
        assert result.exit_code == 0, result.stderr
        stored = count(desk.engine, "SELECT count(*) FROM tm_unit")
        print(
            f"{kind}: tm import of {units:,} units took {took:.1f} s; "
            f"{len(during)} searches during it: median "
            f"{statistics.median(during) * 1000:.1f} ms, max "
            f"{max(during) * 1000:.0f} ms (idle median {statistics.median(idle) * 1000:.1f} ms); "
            f"{stored:,} units stored"
        )
    finally:
        drop(url, name)


def writers(kind: str, workdir: Path, rounds: int) -> None:
    url, name = database(kind, workdir)
    try:
        env = environment(workdir)
        engine = open_database(url)
        assert finish(start(url, ("ingest", ARTICLE), env)).exit_code == 0
        with libre_server() as server:
            translated = finish(
                start(
                    url,
                    ("translate", "1", "--to", "de", "--engine", "libre"),
                    dict(env, TRANSLATE_FLOW_LIBRE_URL=server.url),
                )
            )
            assert translated.exit_code == 0, translated.stderr
        assert (
            finish(start(url, ("glossary", "add", "c", "--term", "ru:безопасность"), env)).exit_code
            == 0
        )

        def report(scenario: str, n: int, times: list[float], failed: int, bad: int, what: str):
            print(
                f"{kind}: {scenario}: {n} writers × {rounds} rounds, {failed} failed, "
                f"{bad} {what}; a round took {statistics.median(times):.1f} s (median)"
            )

        # Term additions to one concept: every term must be kept.
        times, failed, terms = [], 0, 0
        for r in range(rounds):
            results, took = run_parallel(
                url,
                [
                    ("glossary", "edit", "c", "--add-term", f"de:Sicherheit{r}x{i}")
                    for i in range(4)
                ],
                env,
            )
            times.append(took)
            failed += sum(x.exit_code != 0 for x in results)
            terms += 4
        kept = count(engine, "SELECT count(*) FROM term WHERE concept_id = 'c' AND lang = 'de'")
        report("glossary edit --add-term, one concept", 4, times, failed, terms - kept, "lost")

        # Glossary adds: one version each.
        times, failed, repeated = [], 0, 0
        for r in range(rounds):
            results, took = run_parallel(
                url,
                [("glossary", "add", f"n{r}-{i}", "--term", f"ru:слово{r}x{i}") for i in range(6)],
                env,
            )
            times.append(took)
            failed += sum(x.exit_code != 0 for x in results)
            versions = [x.stdout.rsplit("glossary version ", 1)[-1].strip(" )\n") for x in results]
            repeated += len(versions) - len(set(versions))
        report("glossary add", 6, times, failed, repeated, "repeated versions")

        # Accepts of one segment: one accept revision per round's segment.
        times, failed, doubled = [], 0, 0
        for r in range(rounds):
            segment = r + 1
            results, took = run_parallel(
                url, [("segment", "accept", segment, "--lang", "de")] * 8, env
            )
            times.append(took)
            failed += sum(x.exit_code != 0 for x in results)
            accepts = count(
                engine,
                "SELECT count(*) FROM revision r JOIN translation t ON t.id = r.translation_id "
                "WHERE t.segment_id = :s AND r.action = 'accept'",
                s=segment,
            )
            doubled += accepts - 1
        report("segment accept, one segment", 8, times, failed, doubled, "extra accept revisions")

        # Checks of one article: the open findings stay as one check leaves them.
        assert finish(start(url, ("check", "1"), env)).exit_code == 0
        once = count(engine, "SELECT count(*) FROM finding WHERE resolved_at IS NULL")
        times, failed = [], 0
        for _ in range(rounds):
            results, took = run_parallel(url, [("check", "1")] * 4, env)
            times.append(took)
            failed += sum(x.exit_code != 0 for x in results)
        extra = count(engine, "SELECT count(*) FROM finding WHERE resolved_at IS NULL") - once
        report("check, one article", 4, times, failed, extra, "duplicate findings")
    finally:
        drop(url, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--skip-writers", action="store_true")
    args = parser.parse_args()
    kinds = args.db or ["sqlite", "postgresql"]
    with tempfile.TemporaryDirectory(prefix="tf-reliability-") as tmp:
        workdir = Path(tmp)
        if not args.skip_search:
            tmx = make_tmx(workdir / "memory.tmx", args.units)
            for kind in kinds:
                search_during_import(kind, workdir, tmx, args.units)
        if not args.skip_writers:
            for kind in kinds:
                writers(kind, workdir, args.rounds)


if __name__ == "__main__":
    main()
