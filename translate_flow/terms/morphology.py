"""Per-language lemmatisers and stemmers: a word form → the keys under which terms are matched.

A word may get several keys (Russian "стали" is a form of both "сталь" and "стать"); a text word
matches a term word when their key sets share a key. Keys are lowercase. Every function here is
cached: news text repeats its vocabulary, and a glossary run touches each word form many times.

- ru: pymorphy3, the normal forms of all parses (the analyser loads lazily, once).
- be: the hunspell Belarusian dictionary (Debian's hunspell-be) through spylls when both are
  installed (affix analysis gives the dictionary stem of an inflected form), with a rule-based
  suffix stripper for the words the dictionary does not know; the rules alone when either is
  absent (`belarusian_morphology_notice` says so for `engines` and `status`). The dictionary is
  looked for where hunspell looks (hunspell_be_path).
- de, en: light suffix stripping, enough for the inflection of glossary terms.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from translate_flow.terms.normalize import fold_german

Lemmatiser = Callable[[str], tuple[str, ...]]

# hunspell's own search path (after DICPATH), as Debian, Fedora, Homebrew and users lay it out.
HUNSPELL_DIRS = (
    "~/.local/share/hunspell",
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/local/share/hunspell",
    "/opt/homebrew/share/hunspell",
    "/Library/Spelling",
)
HUNSPELL_BE_NAMES = ("be_BY", "be-BY", "be")
HUNSPELL_BE_SETTING = "TRANSLATE_FLOW_HUNSPELL_BE"


@functools.lru_cache(maxsize=1)
def hunspell_be_path() -> Path | None:
    """The Belarusian dictionary's path without suffix (its .aff and .dic beside each other).

    TRANSLATE_FLOW_HUNSPELL_BE names the dictionary (the .dic file, the path without suffix, or a
    folder holding be_BY); otherwise DICPATH's folders and hunspell's usual ones are searched.
    """
    setting = os.environ.get(HUNSPELL_BE_SETTING, "").strip()
    if setting:
        path = Path(setting).expanduser()
        candidates = [path / name for name in HUNSPELL_BE_NAMES] if path.is_dir() else [path]
    else:
        dirs = [d for d in os.environ.get("DICPATH", "").split(os.pathsep) if d]
        dirs += HUNSPELL_DIRS
        candidates = [Path(d).expanduser() / n for d in dirs for n in HUNSPELL_BE_NAMES]
    for candidate in candidates:
        base = candidate.with_suffix("") if candidate.suffix in (".dic", ".aff") else candidate
        if base.with_suffix(".aff").is_file() and base.with_suffix(".dic").is_file():
            return base
    return None


def belarusian_morphology_notice() -> str | None:
    """Why Belarusian terms are matched by suffix rules alone, or None when hunspell serves."""
    if hunspell_be_path() is None:
        where = os.environ.get(HUNSPELL_BE_SETTING) or "hunspell's folders or DICPATH"
        return (
            f"Belarusian morphology: no hunspell dictionary for be found in {where}; terms in "
            "Belarusian sources are matched by suffix rules alone (apt-get install hunspell-be, "
            f"or set {HUNSPELL_BE_SETTING} to its be_BY.dic)"
        )
    import importlib.util

    if importlib.util.find_spec("spylls") is None:
        return (
            "Belarusian morphology: the spylls package is missing, so terms in Belarusian sources "
            "are matched by suffix rules alone (pip install 'translate-flow[be]')"
        )
    return None


# ---------------------------------------------------------------- Russian


@functools.lru_cache(maxsize=1)
def _russian_analyzer() -> Any:
    import pymorphy3  # imported here: loading its dictionaries takes a noticeable moment

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=200_000)
def russian_lemmas(word: str) -> tuple[str, ...]:
    """Normal forms of every pymorphy3 parse of the word, and the word itself (ё folded to е)."""
    lower = word.lower().replace("ё", "е")
    forms = {lower}
    parses = _russian_analyzer().parse(lower)
    # A word that is almost surely a preposition, conjunction, particle or pronoun is not read
    # as the rare noun form it could also be: "после" (after) is not "посол" (ambassador).
    if parses and parses[0].tag.POS in _FUNCTION_POS and parses[0].score >= 0.5:
        parses = [p for p in parses if p.tag.POS in _FUNCTION_POS]
    for parse in parses:
        forms.add(parse.normal_form.replace("ё", "е"))
    return tuple(sorted(forms))


_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO"})


# ---------------------------------------------------------------- Belarusian, rules

# Noun and adjective endings, longest first. Every ending that fits yields a candidate stem:
# a form like "дзяржаў" is both "дзярж-аў" and "дзяржаў-∅", and only one of the readings is
# right, so both are kept and the match decides.
_BE_ENDINGS = tuple(
    sorted(
        set(
            # adjectives, hard and soft
            "ы ая ае ыя ага ай ых аму ым ую ымі аю ой ою "
            "і яя яе ія яга яй іх яму ім юю імі яю "
            # nouns
            "а я у ю е о ам ям ах ях амі ямі аў яў ей оў ём ем ом ёй ёю ь й".split()
        ),
        key=len,
        reverse=True,
    )
)

# Consonant alternations before -е/-ы/-і endings: бяспека → бяспецы, Рыга → Рызе, страха → страсе.
_BE_ALTERNATIONS = {"ц": "к", "з": "г", "с": "х"}

_BE_MIN_STEM = 3


@functools.lru_cache(maxsize=200_000)
def belarusian_stems(word: str) -> tuple[str, ...]:
    """Rule-based candidate stems of a Belarusian noun or adjective form.

    Садружнасці and садружнасць share "садружнасц"; дзяржаў and дзяржава share "дзяржав";
    бяспецы and бяспека share "бяспек".
    """
    lower = word.lower().replace("i", "і").replace("ё", "е")
    stems = {lower}
    for ending in _BE_ENDINGS:
        if lower.endswith(ending) and len(lower) - len(ending) >= _BE_MIN_STEM:
            stems.add(lower[: -len(ending)])
    # Instrumental of soft feminine nouns doubles the consonant: Беларусь → Беларуссю.
    if len(lower) > 4 and lower.endswith("ю") and lower[-2] == lower[-3]:
        stems.add(lower[:-2])
    for stem in list(stems):
        last = stem[-1]
        if last in _BE_ALTERNATIONS:
            stems.add(stem[:-1] + _BE_ALTERNATIONS[last])
        elif last == "ў":
            # Genitive plural of -ва nouns: дзяржава → дзяржаў, справа → спраў.
            stems.add(stem[:-1] + "в")
        elif stem.endswith("дз"):
            stems.add(stem[:-2] + "д")
    return tuple(sorted(stems))


# ---------------------------------------------------------------- Belarusian, hunspell


@functools.lru_cache(maxsize=1)
def _belarusian_dictionary() -> Any:
    """The hunspell-be dictionary read by spylls, or None when either is not installed."""
    path = hunspell_be_path()
    if path is None:
        return None
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        return None
    return Dictionary.from_files(str(path))


def hunspell_available() -> bool:
    return _belarusian_store() is not None and _belarusian_dictionary() is not None


@functools.lru_cache(maxsize=1)
def _belarusian_store() -> Any:
    """Earlier runs' hunspell answers (terms/lemma_store.py), or None without the dictionary."""
    path = hunspell_be_path()
    if path is None:
        return None
    files = [path.with_suffix(".aff"), path.with_suffix(".dic")]
    from translate_flow.terms.lemma_store import LemmaStore, cache_dir, store_name

    return LemmaStore(cache_dir() / store_name("hunspell-be", files))


@functools.lru_cache(maxsize=200_000)
def belarusian_hunspell_lemmas(word: str) -> tuple[str, ...]:
    """Dictionary stems of the word by hunspell affix analysis; empty when it is unknown.

    Answers are kept on disk between runs, so the dictionary (1.5 s to load) is read only when a
    word comes up that no earlier run has seen.
    """
    store = _belarusian_store()
    if store is None:
        return ()
    known = store.get(word)
    if known is not None:
        return known
    lemmas = _hunspell_stems(word)
    store.put(word, lemmas)
    return lemmas


def _hunspell_stems(word: str) -> tuple[str, ...]:
    dictionary = _belarusian_dictionary()
    if dictionary is None:
        return ()
    lower = word.lower().replace("i", "і")
    forms = list(dictionary.lookuper.good_forms(lower))
    if not forms and lower != word:
        forms = list(dictionary.lookuper.good_forms(word))
    # A form read without a prefix is preferred: "незалежных" is незалежны, not не + залежны.
    plain = [f for f in forms if f.prefix is None and f.prefix2 is None]
    forms = plain or forms
    stems = {(f.in_dictionary.stem if f.in_dictionary else f.stem).lower() for f in forms}
    return tuple(sorted(s.replace("ё", "е") for s in stems))


@functools.lru_cache(maxsize=200_000)
def belarusian_lemmas(word: str) -> tuple[str, ...]:
    """Hunspell stems when the dictionary knows the word, otherwise the rule-based stems."""
    return belarusian_hunspell_lemmas(word) or belarusian_stems(word)


# ---------------------------------------------------------------- German and English

_DE_SUFFIXES = ("en", "er", "em", "es", "n", "s", "e")
_DE_MIN_STEM = 3
_UMLAUT_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


@functools.lru_cache(maxsize=200_000)
def german_stem(word: str) -> str:
    """Strip one inflectional ending: Vereinten/Vereinte → vereint, Unionsstaates → unionsstaat.

    Only the longest fitting ending is stripped, the same way for glossary and text, so both
    sides land on the same (not necessarily real) stem. ß is folded to ss.
    """
    # Umlauts are folded too, for plurals that add one: Vorfall → Vorfälle, Staat → Staaten.
    folded = fold_german(word).translate(_UMLAUT_FOLD)
    if folded.endswith("iums"):  # genitive singular
        folded = folded[:-1]
    if folded.endswith("ium") and len(folded) > 6:
        # Latin neuter nouns: Ministerium → Ministerien both reach "ministeri".
        return folded[:-2]
    for suffix in _DE_SUFFIXES:
        if folded.endswith(suffix) and len(folded) - len(suffix) >= _DE_MIN_STEM:
            return folded[: -len(suffix)]
    return folded


def german_lemmas(word: str) -> tuple[str, ...]:
    return (german_stem(word),)


@functools.lru_cache(maxsize=200_000)
def english_stem(word: str) -> str:
    """Plural and possessive: nations → nation, technologies → technology, CIS's → cis."""
    lower = word.lower()
    if lower.endswith("'s"):
        lower = lower[:-2]
    elif lower.endswith("'"):
        lower = lower[:-1]
    if len(lower) > 4 and lower.endswith("ies"):
        return lower[:-3] + "y"
    if len(lower) > 4 and lower.endswith("es") and lower[-3] in "sxz" or lower.endswith("ches"):
        return lower[:-2]
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return lower[:-1]
    return lower


def english_lemmas(word: str) -> tuple[str, ...]:
    return (english_stem(word),)


def plain_lemmas(word: str) -> tuple[str, ...]:
    """Languages without a normaliser: the lowercase word."""
    return (word.lower(),)


LEMMATISERS: dict[str, Lemmatiser] = {
    "ru": russian_lemmas,
    "be": belarusian_lemmas,
    "de": german_lemmas,
    "en": english_lemmas,
}


def lemmatiser_for(lang: str) -> Lemmatiser:
    return LEMMATISERS.get(lang, plain_lemmas)


def lemma_keys(word: str, lang: str) -> tuple[str, ...]:
    """The match keys of a word form in a language."""
    return lemmatiser_for(lang)(word)


def russian_parses(word: str) -> list[Any]:
    """pymorphy3's parses of a Russian word, likeliest first (for case and number)."""
    return _russian_analyzer().parse(word)
