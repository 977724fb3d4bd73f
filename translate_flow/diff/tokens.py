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
