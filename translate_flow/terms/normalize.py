"""Text normalisation shared by term matching, with offsets back into the original text.

Matching compares normalised text, but findings must point at the text as the user sees it, so
every normalised character remembers the span of original characters it came from. Normalisation
never changes letter case: case matters for abbreviations (ОДКБ, GUS) and is folded later, per term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Characters that are dropped: soft hyphens come from word processors and PDF exports and split
# words invisibly ("Бела\u00adрусь"); joiners and the BOM carry no text either.
_DELETED = frozenset("\u00ad\u200c\u200d\u2060\ufeff")

_SPACES = frozenset(
    "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u3000\u200b"
)

# All dashes become an ASCII hyphen: "государств – участников" and "государств-участников" are
# written both ways, and hyphens inside words are separators for matching anyway.
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d")

# Belarusian writes the apostrophe inside words (Аб'яднаных); typographic variants are common.
_APOSTROPHES = frozenset("\u2019\u2018\u02bc\u0060\u00b4\u2032\u02b9")

_QUOTES = frozenset("\u00ab\u00bb\u201e\u201c\u201d\u201f\u2039\u203a\u201a")

_CHAR_MAP: dict[str, str] = {
    **{ch: "" for ch in _DELETED},
    **{ch: " " for ch in _SPACES},
    **{ch: "-" for ch in _DASHES},
    **{ch: "'" for ch in _APOSTROPHES},
    **{ch: '"' for ch in _QUOTES},
    # ё is optional in Russian print (Объединённых / Объединенных); Belarusian ё is always
    # written, but folding it on both sides of a comparison loses nothing.
    "ё": "е",
    "Ё": "Е",
}

# Latin letters that look like Cyrillic ones. A word mixing both scripts ("OДКБ" typed with a
# Latin O, Belarusian with a Latin i) is nearly always a typing accident; read it as Cyrillic.
_LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHIiKMOoPpTXxy", "АаВСсЕеНІіКМОоРрТХху")
# The one-for-one part of _CHAR_MAP, for str.translate when no character is dropped or composed.
_ONE_FOR_ONE = str.maketrans({ch: out for ch, out in _CHAR_MAP.items() if len(out) == 1})
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")
# A word: letters and digits (what str.isalnum accepts), with apostrophes inside (Аб'яднаных).
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_JOINING_GAP = re.compile(r"[\s-]*")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text and, for each of its characters, the original span it came from."""

    text: str
    starts: Sequence[int]  # a range when the offsets are the identity
    ends: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text covered by normalised characters [start, end)."""
        return self.starts[start], self.ends[end - 1]


def normalize_with_offsets(text: str) -> NormalizedText:
    """NFC, ё→е, unified quotes, dashes and spaces, soft hyphens removed; case is kept."""
    # Most texts have no character to drop and none to compose: then every character maps to
    # one, the offsets are the identity, and C code does the work (a 1 MB text in milliseconds;
    # the loop below takes seconds). Looking at the distinct characters decides it exactly.
    if not any(ch in _DELETED or unicodedata.combining(ch) for ch in set(text)):
        return NormalizedText(
            text.translate(_ONE_FOR_ONE), range(len(text)), range(1, len(text) + 1)
        )
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if j - i > 1:
            # Composes decomposed й, ё, ў, ü from PDFs; what stays combining afterwards (stress
            # accents in Russian teaching texts) is not part of the word and is dropped.
            cluster = unicodedata.normalize("NFC", cluster)
        for ch in cluster:
            if unicodedata.combining(ch):
                continue
            mapped = _CHAR_MAP.get(ch, ch)
            for out in mapped:
                chars.append(out)
                starts.append(i)
                ends.append(j)
        i = j
    return NormalizedText("".join(chars), tuple(starts), tuple(ends))


def normalize(text: str) -> str:
    """The normalised text alone (see normalize_with_offsets)."""
    return normalize_with_offsets(text).text


def fold_german(word: str) -> str:
    """Lowercase and fold ß to ss, so Weissrussland (Swiss spelling, ASCII input) matches
    Weißrussland."""
    return word.lower().replace("ß", "ss")


def fix_mixed_script(word: str) -> str:
    """Read Latin look-alike letters as Cyrillic in a word that is otherwise Cyrillic."""
    if _CYRILLIC.search(word) and _LATIN.search(word):
        return word.translate(_LATIN_TO_CYRILLIC)
    return word


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the text: letters and digits, with apostrophes inside (Аб'яднаных)."""

    text: str  # normalised surface form, case kept
    start: int  # span in the ORIGINAL text
    end: int
    # True when only spaces and dashes separate this token from the previous one, so a
    # multi-word term may continue across the gap ("Informations- und ...", "ИКТ-инфраструктура").
    joined: bool
    # True when the gap before is a hyphen with no space: the parts of one hyphenated word.
    hyphenated: bool = False


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens with spans in the original text.

    Hyphenated words are split into their parts (ИКТ-инфраструктуры → ИКТ, инфраструктуры) and the
    parts are marked as joined, so a term can match a whole hyphenated word or one of its parts.
    """
    norm = normalize_with_offsets(text)
    s = norm.text
    tokens: list[Token] = []
    previous_end = 0
    for word in _WORD.finditer(s):
        i, j = word.span()
        joined = not tokens or _JOINING_GAP.fullmatch(s, previous_end, i) is not None
        hyphenated = bool(tokens) and s[previous_end:i] == "-"
        start, end = norm.original_span(i, j)
        tokens.append(Token(fix_mixed_script(word.group()), start, end, joined, hyphenated))
        previous_end = j
    return tokens
