"""Work bounded by the input: checks on huge segments, a huge stored term, a huge glossary.

Prints, each as a fresh measurement:
- the QA checks (terminology with the desk glossary included) on one German target of one word
  of 100,000, 400,000 and 1,000,000 letters (a broken PO file carries such a thing);
- `translate-flow glossary list` when one stored term is 4 MB long (stored before the size limit
  existed; an import now refuses it);
- `translate-flow segment edit`, one new process, with a glossary of 40,000 concepts: the first
  edit after the glossary changed, and the next one.

Usage: .venv/bin/python benchmarks/bounded_work.py [--concepts 40000]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TF = str(Path(sys.executable).with_name("translate-flow"))
sys.path.insert(0, str(REPO))


def check_huge_targets(sizes: list[int]) -> None:
    from translate_flow.qa.base import CheckContext
    from translate_flow.qa.runner import run_checks
    from translate_flow.terms.matcher import TermMatcher
    from translate_flow.terms.textformat import load_glossary

    matcher = TermMatcher(load_glossary(REPO / "glossaries" / "diplomatic.glossary"), ["ru", "de"])
    context = CheckContext("ru", "de", matcher)
    run_checks("Визит.", "Besuch.", context)  # load the lemmatisers outside the timing
    for letters in sizes:
        target = "Unionsstaat" + "a" * (letters - 11)
        start = time.perf_counter()
        run_checks("Союзное государство.", target, context)
        checks = time.perf_counter() - start
        start = time.perf_counter()
        matcher.find(target, "de")
        print(f"one {letters:>9,}-letter German word: all checks {checks:6.2f} s, "
              f"term matcher (compound analysis) {time.perf_counter() - start:6.2f} s")  # fmt: skip
    limit = 20_000
    target = ("Der Unionsstaat tagte. " * (limit // 23))[:limit]
    start = time.perf_counter()
    run_checks("Союзное государство.", target, context)
    print(f"all checks on a {limit:,}-character German target (the segment limit): "
          f"{time.perf_counter() - start:6.2f} s")  # fmt: skip


class Timing:
    """Wall-clock and CPU (user + system) seconds of one command. On a shared machine the wall
    clock also counts waiting for a core; the CPU time is the command's own work."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall = wall
        self.cpu = cpu

    def __str__(self) -> str:
        return f"{self.wall:6.2f} s wall, {self.cpu:6.2f} s CPU"


def _run(env: dict[str, str], *args: str) -> Timing:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([TF, *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"translate-flow {' '.join(args)} failed: {result.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(elapsed, cpu)


def glossary_list_with_a_huge_term(tmp: str) -> None:
    from translate_flow.services.glossary import store_concept
    from translate_flow.store.db import open_database, transaction
    from translate_flow.terms.model import Concept, Term

    url = f"sqlite:///{tmp}/huge-term.db"
    env = dict(os.environ, TRANSLATE_FLOW_DB=url, TRANSLATE_FLOW_CONFIG=f"{tmp}/none.toml")
    _run(env, "init")
    _run(env, "glossary", "import", str(REPO / "glossaries" / "diplomatic.glossary"))
    with transaction(open_database(url)) as session:
        store_concept(session, Concept("huge", terms=[Term("de", "Wort " * 800_000)]))
    print(f"glossary list with one 4 MB term: {_run(env, 'glossary', 'list')}")


def edit_with_a_big_glossary(tmp: str, concepts: int) -> None:
    path = Path(tmp) / "big.glossary"
    words = ["Vertrag", "Sicherheit", "Gipfel", "Rat", "Bündnis", "Abkommen", "Handel", "Hafen"]
    ru_words = ["договор", "безопасность", "саммит", "совет", "союз", "соглашение", "торговля"]
    with path.open("w", encoding="utf-8") as out:
        for n in range(concepts):
            out.write(
                f"concept: c{n}\n"
                f"ru: {ru_words[n % 7]} номер {n}\n"
                f"de: {words[n % 8]} Nummer {n}\n"
                f"en: treaty number {n}\n\n"
            )
    url = f"sqlite:///{tmp}/big-glossary.db"
    env = dict(os.environ, TRANSLATE_FLOW_DB=url, TRANSLATE_FLOW_CONFIG=f"{tmp}/none.toml")
    _run(env, "init")
    _run(env, "glossary", "import", str(path))
    _run(env, "ingest", str(REPO / "examples" / "ru-csto-meeting.md"))
    first = _run(env, "segment", "edit", "2", "--lang", "de", "--text", "Der Vertrag Nummer 7.")
    second = _run(env, "segment", "edit", "2", "--lang", "de", "--text", "Der Vertrag Nummer 8.")
    print(f"segment edit, {concepts:,}-concept glossary:  first {first}; next {second}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concepts", type=int, default=40_000)
    parser.add_argument("--letters", type=int, nargs="+", default=[100_000, 400_000, 1_000_000])
    parser.add_argument("--only", choices=["checks", "list", "edit"])
    options = parser.parse_args()
    tmp = tempfile.mkdtemp()
    os.environ["TRANSLATE_FLOW_CACHE_DIR"] = f"{tmp}/cache"
    if options.only in (None, "checks"):
        check_huge_targets(options.letters)
    if options.only in (None, "list"):
        glossary_list_with_a_huge_term(tmp)
    if options.only in (None, "edit"):
        edit_with_a_big_glossary(tmp, options.concepts)


if __name__ == "__main__":
    main()
