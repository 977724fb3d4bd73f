"""Terminology matching: accuracy on the annotated set and speed on a generated glossary.

Run: .venv/bin/python benchmarks/terminology.py [--segments 10000] [--concepts 20000]

Prints
- precision and recall of the terminology check on tests/data/terminology/annotated.tsv, with our
  matcher and with plain case-insensitive substring matching (what a naive tool does);
- the same on the held-back set (tests/data/terminology/heldback.tsv: adjectival and compound
  renderings of countries and organisations, written after the matcher and never used to tune
  it), with the false alarms on its correctly translated pairs counted apart;
- the Belarusian lemmatisers compared: hunspell-be through spylls, the rule-based stemmer, and the
  combination the matcher uses, on word forms from the test data;
- speed: build time of a 20,000-concept glossary, segments per second, and the ratio to a scan
  with one regular expression per term.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate_flow.qa.base import CheckContext  # noqa: E402
from translate_flow.qa.terminology import terminology  # noqa: E402
from translate_flow.terms import morphology  # noqa: E402
from translate_flow.terms.matcher import TermHit, TermMatcher  # noqa: E402
from translate_flow.terms.model import Concept, Term, Termbase  # noqa: E402
from translate_flow.terms.textformat import load_glossary  # noqa: E402

DATA = ROOT / "tests" / "data" / "terminology"


class SubstringMatcher:
    """The baseline: a term is found where its text occurs, ignoring case, in any word."""

    def __init__(self, termbase: Termbase) -> None:
        self.termbase = termbase

    def find(self, text: str, lang: str) -> list[TermHit]:
        lowered = text.lower()
        hits = []
        for concept in self.termbase:
            for term in concept.terms_in(lang):
                at = lowered.find(term.text.lower())
                if at >= 0:
                    end = at + len(term.text)
                    hits.append(TermHit(concept.id, term, at, end, text[at:end]))
        return hits


def read_annotated(name: str = "annotated.tsv") -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def false_alarms(matcher, rows) -> tuple[int, int]:
    """(pairs with a finding, pairs) among the pairs annotated as correct ("-")."""
    correct = [row for row in rows if row["expected"].strip() == "-"]
    alarmed = 0
    for row in correct:
        context = CheckContext(row["src"], row["tgt"], matcher)
        if terminology(row["source"], row["target"], context):
            alarmed += 1
    return alarmed, len(correct)


def score(matcher, rows) -> tuple[float, float, int, int]:
    expected, actual = set(), set()
    for row in rows:
        if row["expected"].strip() != "-":
            for item in row["expected"].split(","):
                concept, kind = item.strip().split(":")
                expected.add((row["id"], concept, kind))
        context = CheckContext(row["src"], row["tgt"], matcher)
        for finding in terminology(row["source"], row["target"], context):
            actual.add((row["id"], finding.concept, finding.kind))
    right = len(expected & actual)
    precision = right / len(actual) if actual else 1.0
    return precision, right / len(expected), len(expected), len(actual)


def accuracy() -> None:
    termbase = load_glossary(DATA / "glossary.glossary")
    rows = read_annotated()
    print(f"Accuracy on {len(rows)} annotated pairs (findings as (pair, concept, kind) triples)")
    for name, matcher in (
        ("translate-flow matcher", TermMatcher(termbase)),
        ("exact substring, any case", SubstringMatcher(termbase)),
    ):
        precision, recall, n_expected, n_actual = score(matcher, rows)
        print(
            f"  {name:28} precision {precision:.3f}  recall {recall:.3f}"
            f"  ({n_actual} reported, {n_expected} expected)"
        )
    held = read_annotated("heldback.tsv")
    print(f"Held-back set: {len(held)} pairs")
    matcher = TermMatcher(termbase)
    precision, recall, n_expected, n_actual = score(matcher, held)
    alarmed, correct = false_alarms(matcher, held)
    print(
        f"  {'translate-flow matcher':28} precision {precision:.3f}  recall {recall:.3f}"
        f"  ({n_actual} reported, {n_expected} expected)"
    )
    print(f"  false alarms on correct pairs {alarmed} of {correct}")
    desk = TermMatcher(load_glossary(ROOT / "glossaries" / "diplomatic.glossary"))
    alarmed, correct = false_alarms(desk, held)
    print(f"  with the desk's diplomatic.glossary: false alarms {alarmed} of {correct}")


# Inflected Belarusian forms from the test data with their dictionary forms, and pairs of
# different words that must stay apart.
BELARUSIAN_SAME = [
    ("Садружнасці", "Садружнасць"), ("Дзяржаў", "дзяржава"), ("бяспекі", "бяспека"),
    ("бяспецы", "бяспека"), ("Арганізацыі", "Арганізацыя"), ("Дагавора", "Дагавор"),
    ("калектыўнай", "калектыўны"), ("Незалежных", "Незалежны"), ("Нацый", "Нацыя"),
    ("Аб'яднаных", "Аб'яднаны"), ("Саюзнай", "Саюзная"), ("дзяржавы", "дзяржава"),
    ("дзяржаве", "дзяржава"), ("тэхналогій", "тэхналогіі"), ("камунікацыйных", "камунікацыйныя"),
    ("Еўразійскім", "Еўразійскі"), ("эканамічным", "эканамічны"), ("саюзе", "саюз"),
    ("Шанхайскай", "Шанхайская"), ("арганізацыі", "арганізацыя"), ("супрацоўніцтва",
    "супрацоўніцтва"), ("Беларусі", "Беларусь"), ("Беларуссю", "Беларусь"), ("Расіяй", "Расія"),
    ("міжнароднай", "міжнародная"), ("інфармацыйнай", "інфармацыйная"), ("Міжнароднага",
    "Міжнародны"), ("электрасувязі", "электрасувязь"), ("удзельніц", "удзельніцы"),
    ("Бяспекі", "Бяспека"), ("спраў", "справа"), ("Міністэрстве", "Міністэрства"),
    ("калектыўнай", "калектыўная"), ("Федэрацыі", "Федэрацыя"), ("Рэспублікі", "Рэспубліка"),
    ("Пасла", "Пасол"), ("Паўнамоцнага", "Паўнамоцны"), ("прымусовых", "прымусовыя"),
    ("Еўрапейскага", "Еўрапейскі"), ("Еўропе", "Еўропа"),
]  # fmt: skip
BELARUSIAN_DIFFERENT = [
    ("саюз", "саюзная"), ("дзяржава", "дзяржаўны"), ("бяспека", "бяспечны"),
    ("Садружнасць", "садружны"), ("нацыя", "нацыянальны"), ("Савет", "савецкі"),
    ("Еўропа", "Еўрапейскі"), ("мір", "міра"), ("справа", "справіць"), ("Дагавор", "дагаварыцца"),
]  # fmt: skip


def belarusian_methods() -> None:
    hunspell = morphology.hunspell_available()
    methods = {"rules (suffix stripping)": morphology.belarusian_stems}
    if hunspell:
        methods["hunspell-be via spylls"] = lambda w: (
            morphology.belarusian_hunspell_lemmas(w) or (w.lower(),)
        )
        methods["hunspell, rules for unknown words"] = morphology.belarusian_lemmas
    else:
        print("  (hunspell-be not installed: apt-get install hunspell-be to compare)")
    print("Belarusian word forms: share of form pairs joined / different words kept apart")
    words = {w for pair in BELARUSIAN_SAME + BELARUSIAN_DIFFERENT for w in pair}
    for name, lemmatise in methods.items():
        morphology.belarusian_stems.cache_clear()
        morphology.belarusian_hunspell_lemmas.cache_clear()
        morphology.belarusian_lemmas.cache_clear()
        if hunspell:
            morphology._belarusian_dictionary()  # loading is not part of the per-word time
        started = time.perf_counter()
        keys = {w: set(lemmatise(w)) for w in words}
        per_word = (time.perf_counter() - started) / len(words) * 1e6
        joined = sum(bool(keys[a] & keys[b]) for a, b in BELARUSIAN_SAME)
        apart = sum(not (keys[a] & keys[b]) for a, b in BELARUSIAN_DIFFERENT)
        print(
            f"  {name:36} joined {joined}/{len(BELARUSIAN_SAME)}"
            f"  apart {apart}/{len(BELARUSIAN_DIFFERENT)}  {per_word:7.0f} µs/word (uncached)"
        )
    if hunspell:
        started = time.perf_counter()
        morphology._belarusian_dictionary.cache_clear()
        morphology._belarusian_dictionary()
        print(f"  hunspell-be dictionary load: {time.perf_counter() - started:.2f} s (once)")


# ---------------------------------------------------------------- speed

_SYLLABLES = (
    "ба ва га да жа за ка ла ма на па ра са та фа ха ца ча ша бо ро ло ми ни ри ту ку".split()
)
_NOUN_ENDINGS = ("ция", "ость", "ство", "ор", "ник", "ура")
_ADJ_ENDINGS = ("ный", "ская", "ное", "ский")
_DE_SYLLABLES = "ber ge la mon ri ta sen wal ko dor fen hau stra lin ka".split()


def _ru_word(rng: random.Random, adjective: bool) -> str:
    stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return stem + rng.choice(_ADJ_ENDINGS if adjective else _NOUN_ENDINGS)


def generated_termbase(n: int, rng: random.Random) -> Termbase:
    concepts = []
    abbreviations = set()
    for i in range(n):
        words = [_ru_word(rng, adjective=True) for _ in range(rng.randint(0, 2))]
        words.append(_ru_word(rng, adjective=False))
        abbreviation = "".join(rng.choice("АБВГДЕЖИКЛМНОПРСТУФХ") for _ in range(4))
        while abbreviation in abbreviations:
            abbreviation = "".join(rng.choice("АБВГДЕЖИКЛМНОПРСТУФХ") for _ in range(5))
        abbreviations.add(abbreviation)
        german = " ".join(
            "".join(rng.choice(_DE_SYLLABLES) for _ in range(3)).capitalize()
            for _ in range(len(words))
        )
        concepts.append(
            Concept(
                f"c{i}",
                terms=[
                    Term("ru", " ".join(words)),
                    Term("ru", abbreviation, type="abbreviation"),
                    Term("de", german),
                    Term("de", "X" + abbreviation.encode("ascii", "replace").hex()[:5].upper()),
                ],
            )
        )
    return Termbase(concepts)


def generated_segments(n: int, termbase: Termbase, rng: random.Random) -> list[str]:
    filler = []
    for row in read_annotated():
        if row["src"] == "ru":
            filler.extend(re.findall(r"\w+", row["source"]))
    concepts = termbase.concepts
    segments = []
    for _ in range(n):
        words = rng.choices(filler, k=rng.randint(12, 30))
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randrange(len(words)), rng.choice(rng.choice(concepts).terms[:2]).text)
        segments.append(" ".join(words) + ".")
    return segments


def speed(n_segments: int, n_concepts: int) -> None:
    rng = random.Random(20240704)
    termbase = generated_termbase(n_concepts, rng)
    segments = generated_segments(n_segments, termbase, rng)
    morphology.russian_lemmas("прогрев")  # the analyser's load is a one-off, not glossary size

    started = time.perf_counter()
    matcher = TermMatcher(termbase, langs=["ru", "de"])
    build = time.perf_counter() - started

    started = time.perf_counter()
    hits = sum(len(matcher.find(segment, "ru")) for segment in segments)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for segment in segments:
        matcher.find(segment, "ru")
    warm = time.perf_counter() - started

    started = time.perf_counter()
    patterns = [
        re.compile(r"(?<!\w)" + re.escape(term.text) + r"(?!\w)", re.IGNORECASE)
        for concept in termbase
        for term in concept.terms_in("ru")
    ]
    regex_build = time.perf_counter() - started
    sample = segments[:50]
    started = time.perf_counter()
    for segment in sample:
        for pattern in patterns:
            pattern.search(segment)
    regex_rate = len(sample) / (time.perf_counter() - started)

    ours = n_segments / cold
    print(
        f"Speed: {n_segments} Russian segments, {n_concepts} concepts "
        f"({sum(len(c.terms) for c in termbase)} terms in ru and de)"
    )
    print(f"  build the matcher once       {build:6.2f} s")
    print(f"  match, cold caches           {ours:8.0f} segments/s ({cold:.2f} s, {hits} hits)")
    print(f"  match, warm caches           {n_segments / warm:8.0f} segments/s")
    print(
        f"  one regex per term (naive)   {regex_rate:8.1f} segments/s "
        f"(measured on {len(sample)} segments; compiling took {regex_build:.2f} s)"
    )
    print(f"  ratio ours/naive             {ours / regex_rate:8.0f}x (cold caches)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--concepts", type=int, default=20_000)
    args = parser.parse_args()
    accuracy()
    print()
    belarusian_methods()
    print()
    speed(args.segments, args.concepts)


if __name__ == "__main__":
    main()
