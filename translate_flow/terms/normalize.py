"""Text normalisation shared by term matching, with offsets back into the original text.

Matching compares normalised text, but findings must point at the text as the user sees it, so
every normalised character remembers the span of original characters it came from. Normalisation
never changes letter case: case matters for abbreviations (ОДКБ, GUS) and is folded later, per term.
"""

from __future__ import annotations

import unicodedata
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


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalised text and, for each of its characters, the original span it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span in the original text covered by normalised characters [start, end)."""
        return self.starts[start], self.ends[end - 1]


def normalize_with_offsets(text: str) -> NormalizedText:
    """NFC, ё→е, unified quotes, dashes and spaces, soft hyphens removed; case is kept."""
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
    if any(_is_cyrillic(ch) for ch in word) and any(_is_latin(ch) for ch in word):
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
    n = len(s)
    tokens: list[Token] = []
    i = 0
    previous_end = 0
    while i < n:
        if not s[i].isalnum():
            i += 1
            continue
        j = i + 1
        while j < n:
            if s[j].isalnum():
                j += 1
            elif s[j] == "'" and j + 1 < n and s[j + 1].isalnum():
                j += 2
            else:
                break
        gap = s[previous_end:i]
        joined = not tokens or all(ch.isspace() or ch == "-" for ch in gap)
        hyphenated = bool(tokens) and gap == "-"
        start, end = norm.original_span(i, j)
        tokens.append(Token(fix_mixed_script(s[i:j]), start, end, joined, hyphenated))
        previous_end = j
        i = j
    return tokens
