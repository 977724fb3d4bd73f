"""Sentence segmentation: accuracy and speed of translate-flow's segmenter against razdel.

Without arguments, reads our gold sets in tests/data/segmentation/ and prints, per language,
the number of sentences, boundary precision / recall / F1 and throughput (sentences per second)
of both segmenters, then the time to segment a 30-sentence article.

With --corpus, measures the same on public corpora kept outside the repository (they are not
ours to commit): razdel's evaluation files (``*_sents.txt``, one document per line, sentences
cut by "|") and CoNLL-U treebanks (``*.conllu``, sentences from ``# text``, paragraphs from
``# newpar`` / ``# newdoc``). The language is Belarusian for a file whose name starts with
"be", Russian otherwise, unless --lang says.

    .venv/bin/python benchmarks/segmentation.py            # the table
    .venv/bin/python benchmarks/segmentation.py --errors   # and every wrong boundary
    .venv/bin/python benchmarks/segmentation.py --corpus /tmp/ud/ru_gsd-ud-test.conllu \\
        --corpus /tmp/razdel/data/syntag_sents.txt
    .venv/bin/python benchmarks/segmentation.py --corpus /tmp/ud/be_hse-news.conllu \\
        --paragraph-id '^telegraf-(\\d+-\\d+)-'      # paragraphs as the sentence ids record them
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from razdel import sentenize

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from translate_flow.text.segment import segment_spans  # noqa: E402
from translate_flow.text.segment_eval import (  # noqa: E402
    SpanSegmenter,
    boundary_errors,
    boundary_f1,
    parse_conllu,
    parse_gold_set,
    parse_razdel_sents,
)

GOLD_DIR = REPO / "tests" / "data" / "segmentation"
LANGUAGES = {"ru": "Russian", "be": "Belarusian"}
HEADER = f"{'segmenter':<14}{'precision':>10}{'recall':>9}{'F1':>9}{'sent/s':>12}"


def razdel_spans(paragraph: str) -> list[tuple[int, int]]:
    return [(sentence.start, sentence.stop) for sentence in sentenize(paragraph)]


def ours(lang: str) -> SpanSegmenter:
    return lambda paragraph: segment_spans(paragraph, lang)


def sentences_per_second(
    paragraphs: list[str], sentence_count: int, segment: Callable[[str], object]
) -> float:
    """Best of five timed passes over the paragraphs, so a stray pause does not count.

    Small sets are segmented repeatedly, so that every pass takes a measurable time.
    """
    best = float("inf")
    repeats = max(1, 4000 // max(sentence_count, 1))
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            for paragraph in paragraphs:
                segment(paragraph)
        best = min(best, time.perf_counter() - start)
    return sentence_count * repeats / best


def article_milliseconds(sentences: list[str], lang: str, size: int = 30) -> float:
    """Mean time to segment an article of `size` sentences in 5-sentence paragraphs."""
    chosen = (sentences * (size // len(sentences) + 1))[:size]
    article = [" ".join(chosen[k : k + 5]) for k in range(0, size, 5)]
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        for paragraph in article:
            segment_spans(paragraph, lang)
    return (time.perf_counter() - start) / runs * 1000


def read_corpus(path: Path, paragraph_id: re.Pattern[str] | None = None) -> list[list[str]]:
    """Paragraphs of a public corpus file, by its format (CoNLL-U or razdel's sents)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".conllu":
        return parse_conllu(text, paragraph_id=paragraph_id)
    return parse_razdel_sents(text)


def corpus_language(path: Path, forced: str | None) -> str:
    if forced:
        return forced
    return "be" if path.name.lower().startswith("be") else "ru"


def measure(title: str, gold: list[list[str]], lang: str, show_errors: bool) -> None:
    """Print one table: both segmenters on the same paragraphs."""
    paragraphs = [" ".join(sentences) for sentences in gold]
    sentence_count = sum(len(sentences) for sentences in gold)
    print(f"\n{title} ({lang}): {sentence_count} sentences in {len(gold)} paragraphs")
    print(HEADER)
    print("-" * len(HEADER))
    segmenters = (("translate-flow", ours(lang)), ("razdel", razdel_spans))
    for label, segmenter in segmenters:
        precision, recall, f1 = boundary_f1(gold, segmenter)
        speed = sentences_per_second(paragraphs, sentence_count, segmenter)
        print(f"{label:<14}{precision:>10.4f}{recall:>9.4f}{f1:>9.4f}{speed:>12,.0f}")
    if show_errors:
        for label, segmenter in segmenters:
            for kind, paragraph, offset in boundary_errors(gold, segmenter):
                left = paragraph[max(0, offset - 45) : offset]
                right = paragraph[offset : offset + 25]
                print(f"  {label} {kind:<8} …{left}|{right}…")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every wrong boundary")
    parser.add_argument(
        "--corpus",
        action="append",
        type=Path,
        default=[],
        metavar="PATH",
        help="a public corpus file (*.conllu or razdel's *_sents.txt); may be repeated",
    )
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help="language of every --corpus file")
    parser.add_argument(
        "--paragraph-id",
        type=re.compile,
        metavar="REGEX",
        help="CoNLL-U: a paragraph also ends where this pattern's first group, searched in"
        " # sent_id, changes (UD_Belarusian-HSE news: '^telegraf-(\\d+-\\d+)-')",
    )
    args = parser.parse_args()

    if args.corpus:
        for path in args.corpus:
            if not path.is_file():
                parser.exit(1, f"error: no corpus file at {path}\n")
            lang = corpus_language(path, args.lang)
            measure(path.name, read_corpus(path, args.paragraph_id), lang, args.errors)
        return

    for lang, name in LANGUAGES.items():
        gold = parse_gold_set((GOLD_DIR / f"{lang}.txt").read_text(encoding="utf-8"))
        measure(name, gold, lang, args.errors)
        all_sentences = [sentence for sentences in gold for sentence in sentences]
        print(f"30-sentence article: {article_milliseconds(all_sentences, lang):.2f} ms")


if __name__ == "__main__":
    main()
