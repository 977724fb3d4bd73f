"""The database-indexed translation memory at scale: import time, lookup time, recall.

    .venv/bin/python benchmarks/tm_scale.py [UNITS] [--db URL] [--queries N]

Builds a memory of UNITS synthetic Russian sentences (default 1,000,000) from the words of the
example articles, in a fresh SQLite file unless --db names another (empty) database. Queries are
stored sentences with one or two words changed, the typical near-repeat of a news desk. Prints the
import time, the median and 95th percentile time of a top-5 lookup at ≥ 75 %, and the recall
against an exhaustive rapidfuzz scan over every unit.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz, process  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session  # noqa: E402

from translate_flow.store.db import open_database  # noqa: E402
from translate_flow.store.models import TMUnit  # noqa: E402
from translate_flow.store.tm_index import IndexedMemory  # noqa: E402
from translate_flow.tm.memory import normalise, normalised_hash  # noqa: E402


def vocabulary() -> list[str]:
    words: set[str] = set()
    for path in (REPO / "examples").glob("ru-*"):
        words.update(
            re.findall(r"[А-Яа-яЁё]{2,}", path.read_bytes().decode("utf-8", errors="ignore"))
        )
    return sorted(words)


def sentence(rng: random.Random, words: list[str]) -> str:
    body = " ".join(rng.choice(words) for _ in range(rng.randint(8, 22)))
    return body[0].upper() + body[1:] + "."


def mutate(rng: random.Random, text: str, words: list[str]) -> str:
    tokens = text.rstrip(".").split()
    for _ in range(rng.randint(1, 2)):
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    return " ".join(tokens) + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(20240501)
    words = vocabulary()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/tm.db"
        engine = open_database(url)
        sources = [sentence(rng, words) for _ in range(args.units)]

        now = datetime.now(UTC)
        started = time.perf_counter()
        with Session(engine) as session:
            for start in range(0, len(sources), 10_000):
                rows = [
                    {
                        "source_lang": "ru",
                        "target_lang": "de",
                        "source": s,
                        "target": f"Übersetzung {start + i}",
                        "source_normal": normalise(s),
                        "source_key": normalised_hash(s),
                        "origin": "benchmark",
                        "created_by": "",
                        "at": now,
                    }
                    for i, s in enumerate(sources[start : start + 10_000])
                ]
                session.execute(insert(TMUnit), rows)
            session.commit()
        imported = time.perf_counter() - started

        queries = [mutate(rng, rng.choice(sources), words) for _ in range(args.queries)]
        normalised = [normalise(s) for s in sources]
        times, best_hits, top_found, top_total = [], 0, 0, 0
        with Session(engine) as session:
            memory = IndexedMemory(session, "ru", "de")
            assert memory.indexed, "no trigram index: SQLite < 3.34 or no pg_trgm"
            for query in queries:
                started = time.perf_counter()
                found = memory.lookup(query, threshold=75, limit=5)
                times.append(time.perf_counter() - started)
                exhaustive = process.extract(
                    normalise(query), normalised, scorer=fuzz.ratio, score_cutoff=75, limit=5
                )
                expected = [round(score, 6) for _c, score, _i in exhaustive]
                got = [round(m.score, 6) for m in found]
                if not expected or (got and got[0] == expected[0]):
                    best_hits += 1
                # Scores, not ids: equal sentences at equal scores are equally good answers.
                remaining = list(got)
                for score in expected:
                    top_total += 1
                    if score in remaining:
                        remaining.remove(score)
                        top_found += 1
        engine.dispose()
    times.sort()
    print(f"units                        {args.units:,}")
    print(f"database                     {engine.dialect.name}")
    print(f"import                       {imported:.1f} s ({args.units / imported:,.0f} units/s)")
    print(f"lookup top 5 ≥ 75 %, median  {statistics.median(times) * 1000:.1f} ms")
    print(f"lookup, 95th percentile      {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms")
    print(f"best match found (recall)    {best_hits / len(queries):.3f} of {len(queries)} queries")
    print(f"top-5 matches found (recall) {top_found / max(top_total, 1):.3f} of {top_total}")


if __name__ == "__main__":
    main()
