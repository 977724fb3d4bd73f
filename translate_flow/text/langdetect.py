"""Tell Russian from Belarusian by letter statistics, and refuse anything else.

The two languages share most of the alphabet, but each has letters the other lacks: Belarusian
writes і, ў and an apostrophe (сям'я) where Russian writes и, щ, ъ (семья, объём). A Belarusian
report quotes Russian names and a Russian one Belarusian place names, so no single letter
decides: the language whose marks outnumber the other's wins. A sentence may have none of those
letters ("Встреча прошла в Москве."); then frequent function words decide (Russian в/что/это,
Belarusian у/што/гэта), and last the share of о, which Belarusian spelling writes as а unless
stressed (Москва, Масква).
"""

from __future__ import annotations

import re
from collections import Counter

from translate_flow.errors import InputError

LANGUAGES = ("ru", "be")

_NOT_RU_OR_BE = "could not detect the language: the text is not Russian or Belarusian; use --lang"

_RUSSIAN_LETTERS = "ищъ"
_BELARUSIAN_LETTERS = "іў"
# Apostrophe between two Cyrillic letters: Belarusian аб'ява, Russian объявление.
_APOSTROPHE = re.compile(r"(?<=[а-яёіў])['’ʼ](?=[а-яёіў])")
_WORD = re.compile(r"[а-яёіў]+")
# Frequent words that exist in one language only (Belarusian uses у/ў where Russian uses в).
_RUSSIAN_WORDS = frozenset(
    "в во что это как его её он она они также был была были было от из к ко о об при "
    "или ещё еще уже если году который которые которая будет после между мы вы".split()
)
_BELARUSIAN_WORDS = (
    frozenset(
        "у ў што гэта як яго яе ён яна яны таксама быў была былі было ад з да пра пры "
        "ці ўжо яшчэ калі годзе які якія якая будзе пасля паміж мы вы".split()
    )
    - _RUSSIAN_WORDS
)
# Letters of other Cyrillic languages: Ukrainian, Serbian, Macedonian, Kazakh and their kin.
_FOREIGN_CYRILLIC = set("їєґђјљњћџѓќѕәғқңөұүһ")


def detect_script_share(text: str) -> dict[str, float]:
    """Shares of the letters of `text` that are Cyrillic, Latin and other (0.0 if no letters)."""
    counts = {"cyrillic": 0, "latin": 0, "other": 0}
    for char in text:
        if not char.isalpha():
            continue
        if "\u0400" <= char <= "\u04ff":
            counts["cyrillic"] += 1
        elif char.isascii() or "\u00c0" <= char <= "\u024f":
            counts["latin"] += 1
        else:
            counts["other"] += 1
    total = sum(counts.values())
    return {script: count / total if total else 0.0 for script, count in counts.items()}


def language_scores(text: str) -> dict[str, float]:
    """Evidence for Russian and Belarusian in `text`, in points (see the module docstring)."""
    lowered = text.lower()
    letters = Counter(char for char in lowered if "\u0400" <= char <= "\u04ff")
    words = Counter(_WORD.findall(lowered))
    russian = sum(letters[char] for char in _RUSSIAN_LETTERS)
    belarusian = sum(letters[char] for char in _BELARUSIAN_LETTERS)
    belarusian += len(_APOSTROPHE.findall(lowered))
    russian += 2 * sum(count for word, count in words.items() if word in _RUSSIAN_WORDS)
    belarusian += 2 * sum(count for word, count in words.items() if word in _BELARUSIAN_WORDS)
    return {"ru": float(russian), "be": float(belarusian)}


def detect_language(text: str) -> str:
    """Return "ru" or "be" for `text`; raise InputError for any other language.

    >>> detect_language("Министр провёл переговоры в Минске.")
    'ru'
    >>> detect_language("Міністр правёў перамовы ў Мінску.")
    'be'
    """
    share = detect_script_share(text)
    if share["cyrillic"] < 0.5:
        raise InputError(_NOT_RU_OR_BE)
    lowered = text.lower()
    letters = Counter(char for char in lowered if "\u0400" <= char <= "\u04ff")
    cyrillic = sum(letters.values())
    if _is_other_cyrillic_language(letters, cyrillic):
        raise InputError(_NOT_RU_OR_BE)
    scores = language_scores(text)
    if scores["ru"] != scores["be"]:
        return "ru" if scores["ru"] > scores["be"] else "be"
    # No distinctive letter or word: Russian keeps unstressed о where Belarusian writes а. With
    # neither letter (an abbreviation) Russian, the desk's usual source language, is the guess.
    if letters["а"] > 2 * letters["о"]:
        return "be"
    return "ru"


def _is_other_cyrillic_language(letters: Counter[str], cyrillic: int) -> bool:
    foreign = sum(letters[char] for char in _FOREIGN_CYRILLIC)
    if foreign > max(1, 0.005 * cyrillic):
        return True
    # Bulgarian: ъ is a frequent vowel there, while ы and э, common in both ours, do not exist.
    hard_sign = letters["ъ"]
    if hard_sign > max(2, 0.01 * cyrillic) and not letters["ы"] and not letters["э"]:
        return True
    # Ukrainian without ї/є/ґ: both і and и, and none of ы э ё ъ, which Ukrainian lacks while a
    # paragraph of Russian or Belarusian has them almost surely.
    lacks_ours = not any(letters[char] for char in "ыэёъ")
    return cyrillic >= 150 and lacks_ours and letters["и"] > 0 and letters["і"] > 0.01 * cyrillic
