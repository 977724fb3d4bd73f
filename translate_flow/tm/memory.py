"""An in-memory translation memory for one language pair: exact and fuzzy lookup.

Exact matches come from a dict keyed by the hash of the normalised source, fuzzy ones from a
rapidfuzz scan. For memories of millions of units, store/tm_index.py (IndexedMemory) answers the
same `lookup` from the database, keyed by the same `normalised_hash` and scored the same way.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz, process

DEFAULT_THRESHOLD = 75.0

# Typographic variants that editors, agencies and web pages mix freely. Folding them lets a segment
# typed with "straight" quotes find one stored with «ёлочки» or „Gänsefüßchen“.
_FOLDED_CHARACTERS = str.maketrans(
    {
        **dict.fromkeys("«»„“”‟〝〞＂", '"'),
        # Belarusian writes the apostrophe in сям'я as ', ’ or ʼ; Russian texts quote with ‘ ’ too.
        **dict.fromkeys("‘’‚‛′ʼ`", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "ё": "е",
        "Ё": "Е",
        # Invisible characters left by web pages and word processors: soft hyphen, zero-width
        # space and joiners, byte-order mark.
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
    }
)


# str.translate looks every character of a Cyrillic text up in the table (about 10 µs a sentence);
# finding the few characters to fold with a regular expression and replacing each one found is
# several times faster, which matters when a million units are imported. No replacement is itself
# a character to fold, so replacing them one after another is the same as all at once.
_FOLDED = re.compile("[" + re.escape("".join(map(chr, _FOLDED_CHARACTERS))) + "]")


def normalise(text: str) -> str:
    """The form two sources are compared in: NFC, folded quotes, dashes and ё, single spaces.

    Case is kept: "Минск" and "минск" are different segments to a news desk (a sentence start,
    a headline in capitals), and the fuzzy score shows the difference.
    """
    text = unicodedata.normalize("NFC", text)
    found = _FOLDED.findall(text)
    if found:
        for character in set(found):
            text = text.replace(character, _FOLDED_CHARACTERS[ord(character)] or "")
    # Every space str.split() splits on but " " is unprintable, so a printable text with single
    # inner spaces is already in shape and is not split and joined again.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    # str.split() without arguments splits on every Unicode space, no-break spaces included.
    return " ".join(text.split())


def normalised_hash(text: str) -> str:
    """A stable key for exact lookup, e.g. an indexed column in a database-backed memory."""
    return _digest(normalise(text))


def hash_of_normalised(normalised: str) -> str:
    """normalised_hash of a text already normalised (saves normalising it twice)."""
    return _digest(normalised)


def _digest(normalised: str) -> str:
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class TMMatch:
    source: str  # the stored source, as it was stored (not normalised)
    target: str
    score: float  # 100 for an exact match, else rapidfuzz.fuzz.ratio of the normalised texts


class MemoryLookup(Protocol):
    """What the tm engine needs of a memory: this class, or store.tm_index.IndexedMemory."""

    source_lang: str | None
    target_lang: str | None

    def lookup(
        self, text: str, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[TMMatch]: ...


class TranslationMemory:
    """(source, target) pairs of ONE language pair, searchable by exact and fuzzy match.

    A later unit with the same normalised source replaces the earlier one: the memory grows as
    articles are approved, and the newest approved translation is the one to reuse.
    """

    def __init__(
        self,
        units: Iterable[tuple[str, str]] = (),
        *,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ) -> None:
        self.source_lang = source_lang
        self.target_lang = target_lang
        self._sources: list[str] = []
        self._targets: list[str] = []
        self._normalised: list[str] = []  # the choices the fuzzy scan runs over
        self._index_by_hash: dict[str, int] = {}
        for source, target in units:
            self.add(source, target)

    def __len__(self) -> int:
        return len(self._sources)

    def add(self, source: str, target: str) -> None:
        key = normalise(source)
        if not key:
            return  # an empty source matches nothing useful and would pollute every lookup
        digest = _digest(key)
        index = self._index_by_hash.get(digest)
        if index is None:
            self._index_by_hash[digest] = len(self._sources)
            self._sources.append(source)
            self._targets.append(target)
            self._normalised.append(key)
        else:
            self._sources[index] = source
            self._targets[index] = target

    def lookup(
        self, text: str, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[TMMatch]:
        """Up to `limit` matches scoring at least `threshold`, best first; an exact match is 100."""
        key = normalise(text)
        if not key or limit < 1:
            return []
        matches: list[TMMatch] = []
        exact = self._index_by_hash.get(_digest(key))
        if exact is not None:
            matches.append(TMMatch(self._sources[exact], self._targets[exact], 100.0))
            if limit == 1:
                return matches  # the common case for filling segments: no scan needed
        # Plain ratio (not partial or token-sorted) so that "87 %" means what a translator expects:
        # the share of characters the two sentences have in common, in order.
        found = process.extract(
            key,
            self._normalised,
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=limit + 1,  # one more, in case the exact match is among them
        )
        for _choice, score, index in found:
            if index != exact:
                matches.append(TMMatch(self._sources[index], self._targets[index], float(score)))
        return matches[:limit]
