"""Word-level diffs between two texts, built on rapidfuzz's Levenshtein opcodes over tokens.

Tokens are words, punctuation marks and the whitespace between them, so joining the tokens of a
side gives the text back and a diff can be rendered without losing spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|\s+|[^\w\s]", re.UNICODE)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class DiffOp:
    tag: str  # equal | replace | delete | insert
    old: str
    new: str

    def to_dict(self) -> dict:
        return {"tag": self.tag, "old": self.old, "new": self.new}


def diff_words(old: str, new: str) -> list[DiffOp]:
    from rapidfuzz.distance import Levenshtein

    a, b = tokenize(old), tokenize(new)
    ops = []
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(a, b):
        ops.append(DiffOp(tag, "".join(a[i1:i2]), "".join(b[j1:j2])))
    return ops


def render_plain(ops: list[DiffOp]) -> str:
    """Readable without colour: [-deleted-]{+inserted+}, as git's word diff writes it."""
    parts = []
    for op in ops:
        if op.tag == "equal":
            parts.append(op.new)
            continue
        if op.old:
            parts.append(f"[-{op.old}-]")
        if op.new:
            parts.append(f"{{+{op.new}+}}")
    return "".join(parts)


def word_edit_distance(old: str, new: str) -> tuple[int, int]:
    """(word edits, words in the old text): the basis of a TER-like post-edit score."""
    from rapidfuzz.distance import Levenshtein

    a = [t for t in tokenize(old) if not t.isspace()]
    b = [t for t in tokenize(new) if not t.isspace()]
    return Levenshtein.distance(a, b), len(a)


def map_span(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the characters old[start:end] are in `new`, or None when the edit touched them.

    The word diff decides: a span inside words the edit kept moves with them; a span that a
    replaced or deleted word overlaps, or that a word was inserted into, is gone. A word inserted
    right before or after the span leaves it alone. An empty span is a position; it survives
    unless the edit replaced the text around it.
    """
    from rapidfuzz.distance import Levenshtein

    a, b = tokenize(old), tokenize(new)
    a_starts, b_starts = _offsets(a), _offsets(b)
    shift: int | None = None
    for tag, i1, i2, j1, _ in Levenshtein.opcodes(a, b):
        o1, o2 = a_starts[i1], a_starts[i2]
        if tag == "equal":
            if o1 <= start and end <= o2:
                shift = b_starts[j1] - o1
            continue
        # A change overlaps the span, or (an insertion, o1 == o2) lands strictly inside it.
        if (o1 < end and start < o2) or (o1 == o2 and start < o1 < end):
            return None
    if shift is None:
        # The span crosses several kept stretches: it survives if nothing changed inside it,
        # which the loop above made sure of; find its new place from its start.
        shift = _shift_at(a, b, a_starts, b_starts, start)
        if shift is None:
            return None
    return start + shift, end + shift


def _offsets(tokens: list[str]) -> list[int]:
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token)
    starts.append(position)
    return starts


def _shift_at(
    a: list[str], b: list[str], a_starts: list[int], b_starts: list[int], position: int
) -> int | None:
    from rapidfuzz.distance import Levenshtein

    for tag, i1, i2, j1, _ in Levenshtein.opcodes(a, b):
        if tag == "equal" and a_starts[i1] <= position <= a_starts[i2]:
            return b_starts[j1] - a_starts[i1]
    return None


def rendering_span(target: str, terms: list[str], stem: int = 4) -> tuple[int, int] | None:
    """The stretch of `target` from the first to the last word that begins like a word of
    `terms` (its first `stem` letters, any case): where a translation renders a glossary term
    in its own way ("russische" for Russland). None when no word does."""
    stems = {
        word[:stem].casefold()
        for term in terms
        for word in tokenize(term)
        if len(word) >= stem and word[0].isalnum()
    }
    found: list[tuple[int, int]] = []
    position = 0
    for token in tokenize(target):
        if len(token) >= stem and token[:stem].casefold() in stems:
            found.append((position, position + len(token)))
        position += len(token)
    if not found:
        return None
    return found[0][0], found[-1][1]
