"""What the database index of the translation memory is made of: word tokens and length bands.

A fuzzy match at 75 % (rapidfuzz ratio) of two news sentences nearly always shares most of its
words; it seldom shares them letter for letter, because Russian and Belarusian inflect
("делегацией" / "делегации", "Минск" / "Минске"). So a token is the lower-cased word cut to its
first `PREFIX` letters, which keeps the stem and drops most endings. One-letter words (в, с, и,
а, у) are in nearly every sentence and would only make the index bigger, so they are left out.

Tokens are 64-bit integers (a keyed BLAKE2b hash of the language pair and the token): compact in
the index, and the pair is part of the token, so ru→de and ru→en never meet. A collision only adds
a candidate, which the rescoring then rejects.

Length bands: the ratio is 2·M / (n + m) for texts of n and m characters with M characters in
common, and M ≤ min(n, m). So a score of at least s (as a share, 0.75) needs
    m ≥ n·s / (2 − s)   and   m ≤ n·(2 − s) / s,
that is m in [0.6·n, 1.67·n] at 75 %. Postings are kept apart by a geometric band of the length so
a lookup reads only the bands that can reach the threshold.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re

PREFIX = 5
# Each band covers lengths up to 25 % longer than the previous one; [0.6·n, 1.67·n] spans about
# five of them.
BAND_STEP = math.log(1.25)
# A word of two letters or more (one-letter words are left out); the group holds its first PREFIX
# letters and the rest of the word is consumed, so findall returns the tokens themselves.
_WORD = re.compile(rf"(\w{{2,{PREFIX}}})\w*")


def index_words(normal: str) -> set[str]:
    """The distinct tokens of a normalised text (tm.memory.normalise)."""
    return set(_WORD.findall(normal.lower()))


def word_weights(normal: str) -> dict[str, int]:
    """What sharing each token of a normalised text is worth when ranking units for a lookup.

    A token's weight grows with the characters of the words holding it (a space counted with
    each word), as the ratio does, but as their square root: a long word shared is often a name
    while the formula around it differs, and a long word missed often only differs in its ending
    (beyond the token's PREFIX letters). benchmarks/tm_scale.py measured the recall of weights by
    characters, by their square root, by their logarithm and of one per token (Dice's
    coefficient): the square root found the most at every number of rescored units.
    """
    lengths: dict[str, int] = {}
    for match in _WORD.finditer(normal.lower()):
        token = match.group(1)
        lengths[token] = lengths.get(token, 0) + len(match.group(0)) + 1
    return {token: round(4 * math.sqrt(length)) for token, length in lengths.items()}


@functools.lru_cache(maxsize=64)
def _pair_key(source_lang: str, target_lang: str) -> bytes:
    return f"{source_lang}>{target_lang}".encode()


@functools.lru_cache(maxsize=1 << 16)  # the common words; a rare one is hashed again
def token_id(source_lang: str, target_lang: str, word: str) -> int:
    """The index key of one token of one language pair: a signed 64-bit integer."""
    digest = hashlib.blake2b(
        word.encode("utf-8"), digest_size=8, key=_pair_key(source_lang, target_lang)
    ).digest()
    return int.from_bytes(digest, "little", signed=True)


def token_ids(source_lang: str, target_lang: str, normal: str) -> list[int]:
    return [token_id(source_lang, target_lang, w) for w in index_words(normal)]


def length_band(length: int) -> int:
    return int(math.log(max(length, 1)) / BAND_STEP)


def band_middle(band: int) -> float:
    """The middle of the lengths that fall in `band` (geometric)."""
    return math.exp((band + 0.5) * BAND_STEP)


def band_shortest(band: int) -> float:
    """The shortest length that falls in `band`."""
    return math.exp(band * BAND_STEP)


def length_bounds(length: int, threshold: float) -> tuple[int, int]:
    """The shortest and longest text that can score `threshold` (0-100) against `length` chars."""
    share = min(max(threshold, 1.0), 100.0) / 100
    # A hair of slack against floating-point rounding at the edges.
    low = math.ceil(length * share / (2 - share) - 1e-9)
    high = math.floor(length * (2 - share) / share + 1e-9)
    return low, high


def band_window(length: int, threshold: float) -> tuple[int, int]:
    """The bands that hold every text that can score `threshold` against `length` characters."""
    low, high = length_bounds(length, threshold)
    return length_band(low), length_band(high)
