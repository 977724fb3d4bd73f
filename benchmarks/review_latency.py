"""How long the review screen takes from a key to the next screen, on a 100,000-segment database.

    .venv/bin/python benchmarks/review_latency.py [--segments N] [--keys N] [--db sqlite]
                                                  [--db postgresql]

Builds the database the way a desk fills it: the glossary, the seed memory and the example
articles go in through `translate-flow` (glossary import, tm import, ingest, translate --engine tm);
their articles, versions, segments, translations, revisions and findings are then copied as new
articles until N segments (default 100,000) exist, so the queue is as long as on a busy desk. Then
a ReviewScreen walks the queue as a translator does and times each key from the press to the
rendered 80×24 screen (the action, the claim of the next segment, its data, terms, memory matches,
diff, and render()): `s` (skip), `a` (accept), `b` (back). Prints the median, the 95th
percentile and the worst per key. Goal: under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TF = str(Path(sys.executable).with_name("translate-flow"))
PG_ADMIN = os.environ.get("TRANSLATE_FLOW_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

COPIED = ("article", "article_version", "segment", "translation", "revision", "finding")


def prepare(url: str, env: dict[str, str]) -> None:
    """The example desk, through the command line."""
    examples = sorted(str(p) for p in (REPO / "examples").glob("*-*.*") if p.suffix != ".tmx")
    for args in (
        ["init"],
        ["glossary", "import", str(REPO / "glossaries" / "diplomatic.glossary")],
        ["tm", "import", str(REPO / "examples" / "seed-memory.ru-de.tmx")],
        ["ingest", *examples],
        ["translate", "--to", "de", "--engine", "tm"],
    ):
        done = subprocess.run([TF, "--db", url, *args], env=env, capture_output=True, text=True)
        # translate exits 1 for the segments the memory cannot fill; nothing else may fail
        if done.returncode not in ((0, 1) if args[0] == "translate" else (0,)):
            raise SystemExit(f"translate-flow {' '.join(args)} failed: {done.stderr.strip()}")


def grow(url: str, segments: int) -> int:
    """Copy the example articles (with everything hanging off them) until `segments` exist."""
    from sqlalchemy import func, insert, select, text

    from translate_flow.store.db import open_database

    engine = open_database(url)
    tables = {name: _table(name) for name in COPIED}
    with engine.begin() as conn:
        rows = {
            name: [dict(r._mapping) for r in conn.execute(select(table).order_by(table.c.id))]
            for name, table in tables.items()
        }
        total = conn.execute(select(func.count()).select_from(tables["segment"])).scalar_one()
        next_id = {name: max((r["id"] for r in rows[name]), default=0) + 1 for name in COPIED}
        while total < segments:
            ids: dict[str, dict[int, int]] = {name: {} for name in COPIED}
            new: dict[str, list[dict]] = {name: [] for name in COPIED}
            for name in COPIED:
                for row in rows[name]:
                    ids[name][row["id"]] = next_id[name]
                    next_id[name] += 1
            refs = {
                "article_id": "article",
                "version_id": "article_version",
                "segment_id": "segment",
                "translation_id": "translation",
                "revision_id": "revision",
                "raised_revision_id": "revision",
                "current_revision_id": "revision",
                "previous_id": "segment",
            }
            for name in COPIED:
                for row in rows[name]:
                    copy = dict(row, id=ids[name][row["id"]])
                    for column, target in refs.items():
                        if copy.get(column) is not None and column in copy:
                            copy[column] = ids[target].get(copy[column], copy[column])
                    if name == "translation":
                        copy["claimed_by"] = None
                        copy["claim_expires"] = None
                    new[name].append(copy)
            for name in COPIED:
                for start in range(0, len(new[name]), 500):
                    conn.execute(insert(tables[name]), new[name][start : start + 500])
            total += len(rows["segment"])
        if engine.dialect.name == "postgresql":
            for name in COPIED:
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), :n)"),
                    {"n": next_id[name]},
                )
    if engine.dialect.name == "postgresql":
        # What autovacuum does on a desk that grew over months: statistics for the planner.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    return total


def _table(name: str):
    from translate_flow.store import models

    for model in (
        models.Article,
        models.ArticleVersion,
        models.Segment,
        models.Translation,
        models.Revision,
        models.Finding,
    ):
        if model.__table__.name == name:
            return model.__table__
    raise KeyError(name)


def walk(url: str, keys: int) -> dict[str, list[float]]:
    """Time keys on the review screen: mostly skips, an accept every fourth, a back every tenth."""
    from translate_flow.cli.screen_draw import render
    from translate_flow.services.context import Desk
    from translate_flow.services.review_screen import ReviewScreen
    from translate_flow.store.db import open_database

    screen = ReviewScreen(Desk(open_database(url), "bench"), lang="de")
    start = time.perf_counter()
    screen.start()
    render(screen, 80, 24)
    times: dict[str, list[float]] = {
        "start": [time.perf_counter() - start],
        "s": [],
        "a": [],
        "b": [],
    }
    for n in range(keys):
        key = "a" if n % 4 == 3 else "b" if n % 10 == 9 else "s"
        start = time.perf_counter()
        {"s": screen.skip, "a": screen.accept, "b": screen.back}[key]()
        render(screen, 80, 24)
        times[key].append(time.perf_counter() - start)
    screen.quit()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    for kind in args.db or ["sqlite"]:
        tmp = tempfile.mkdtemp(prefix="review-latency-")
        env = dict(os.environ, TRANSLATE_FLOW_CONFIG=f"{tmp}/none.toml", TRANSLATE_FLOW_USER="")
        os.environ.update(TRANSLATE_FLOW_CONFIG=env["TRANSLATE_FLOW_CONFIG"])
        drop = None
        if kind == "sqlite":
            url = f"sqlite:///{tmp}/desk.db"
        else:
            import psycopg

            name = f"review_latency_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            url += f"/{name}"
            drop = name
        try:
            started = time.perf_counter()
            prepare(url, env)
            total = grow(url, args.segments)
            built = time.perf_counter() - started
            times = walk(url, args.keys)
        finally:
            if drop:
                from translate_flow.store.db import close_database

                close_database(url)
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')
        print(f"{kind}: {total:,} segments (built in {built:.0f} s)")
        for key, label in (
            ("start", "first screen"),
            ("s", "s skip"),
            ("a", "a accept"),
            ("b", "b back"),
        ):
            values = sorted(times[key])
            if not values:
                continue
            p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
            print(
                f"  {label:<13} n={len(values):<4} "
                f"median {statistics.median(values) * 1000:6.1f} ms"
                f"  p95 {p95 * 1000:6.1f} ms  worst {values[-1] * 1000:6.1f} ms"
            )


if __name__ == "__main__":
    main()
