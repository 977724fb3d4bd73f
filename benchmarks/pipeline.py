"""Ingest, segment, machine-translate (tm engine) and check 1,000 generated articles.

Prints the time of each stage and the peak memory. The articles are built from the sentences of
the example articles in random order and combination (seeded), so every run measures the same
work. Usage: .venv/bin/python benchmarks/pipeline.py [--articles N] [--db URL]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from translate_flow.services.check import check_articles  # noqa: E402
from translate_flow.services.context import Desk  # noqa: E402
from translate_flow.services.glossary_import import import_glossary  # noqa: E402
from translate_flow.services.ingest import IngestSource, ingest  # noqa: E402
from translate_flow.services.tm import import_tmx  # noqa: E402
from translate_flow.services.translate import translate_articles  # noqa: E402
from translate_flow.store.db import open_database  # noqa: E402
from translate_flow.text.readers import read_article_file  # noqa: E402


def russian_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((REPO / "examples").glob("ru-*")):
        paragraphs += read_article_file(path).paragraphs
    return paragraphs


def generate(n: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    pool = russian_paragraphs()
    articles = []
    for i in range(n):
        body = rng.sample(pool, k=min(len(pool), rng.randint(5, 9)))
        title = f"Сообщение пресс-службы № {i + 1}"
        # A number of its own keeps every generated article distinct.
        body[0] = body[0] + f" Номер сообщения: {i + 1}."
        articles.append(("\n\n".join([title, *body]) + "\n").encode("utf-8"))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp()
    url = args.db or f"sqlite:///{tmp}/bench.db"
    desk = Desk(open_database(url), "bench", {})
    import_glossary(desk, str(REPO / "glossaries" / "diplomatic.glossary"))
    import_tmx(desk, str(REPO / "examples" / "seed-memory.ru-de.tmx"))

    data = generate(args.articles)
    figures = {}
    start = time.perf_counter()
    results = ingest(desk, [IngestSource(f"article-{i}.txt", d) for i, d in enumerate(data)])
    figures["ingest + segment"] = time.perf_counter() - start
    segments = sum(r.segments for r in results)

    start = time.perf_counter()
    summary = translate_articles(desk, None, ["de"], "tm")
    figures["translate (tm) + check"] = time.perf_counter() - start

    start = time.perf_counter()
    check_articles(desk, None, "de")
    figures["check again (all)"] = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {args.articles}, segments: {segments}, database: {url.split(':')[0]}")
    print(f"tm: {summary.translated} translated, {summary.unmatched} without a match")
    for stage, seconds in figures.items():
        print(f"{stage:<26} {seconds:8.1f} s   {segments / seconds:8.0f} segments/s")
    print(f"{'total':<26} {sum(figures.values()):8.1f} s")
    print(f"peak memory (RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
