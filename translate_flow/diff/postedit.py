"""Post-edit distance: how much a human changed a machine translation before accepting it.

Two measures per segment, both 0 when the machine translation was kept as it was:

- word-level HTER: word edits (insertions, deletions, substitutions; punctuation marks count as
  words, whitespace does not) divided by the words of the post-edited text, which is the
  reference in HTER. Unlike TER it has no block shifts, so a moved phrase costs its length.
- character-level distance: Levenshtein distance divided by the longer text's length (rapidfuzz's
  normalized_distance), which also sees changed endings that count as a whole word above.

Pure functions: no database; the report service gathers the segments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from translate_flow.diff.tokens import word_edit_distance


@dataclass(frozen=True)
class PostEdit:
    """One segment: the engine's last output and the accepted text."""

    segment: int
    article: int
    lang: str
    engine: str
    translator: str | None  # who post-edited it (or accepted it unchanged)
    machine: str
    final: str


@dataclass(frozen=True)
class Distance:
    word_edits: int
    words: int  # in the post-edited text
    hter: float
    char_distance: float
    unchanged: bool


@dataclass(frozen=True)
class GroupFigures:
    key: str
    segments: int
    mean_hter: float
    mean_char_distance: float
    unchanged_share: float

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "segments": self.segments,
            "mean_hter": self.mean_hter,
            "mean_char_distance": self.mean_char_distance,
            "unchanged_share": self.unchanged_share,
        }


def distance(machine: str, final: str) -> Distance:
    from rapidfuzz.distance import Levenshtein

    # The post-edited text first: word_edit_distance counts the words of its first argument.
    edits, words = word_edit_distance(final, machine)
    if words:
        hter = edits / words
    else:
        hter = 0.0 if edits == 0 else 1.0
    return Distance(
        word_edits=edits,
        words=words,
        hter=hter,
        char_distance=Levenshtein.normalized_distance(machine, final),
        unchanged=machine == final,
    )


def aggregate(
    edits: Iterable[tuple[PostEdit, Distance]], key: Callable[[PostEdit], object]
) -> list[GroupFigures]:
    """Figures per group (engine, language, translator, article), sorted by the group's key."""
    groups: dict[str, list[Distance]] = {}
    for edit, dist in edits:
        value = key(edit)
        groups.setdefault("-" if value is None else str(value), []).append(dist)
    return [_figures(name, groups[name]) for name in sorted(groups, key=_natural)]


def overall(edits: Iterable[tuple[PostEdit, Distance]]) -> GroupFigures:
    return _figures("all", [dist for _, dist in edits])


def _figures(name: str, distances: list[Distance]) -> GroupFigures:
    n = len(distances)
    if n == 0:
        return GroupFigures(name, 0, 0.0, 0.0, 0.0)
    return GroupFigures(
        key=name,
        segments=n,
        mean_hter=sum(d.hter for d in distances) / n,
        mean_char_distance=sum(d.char_distance for d in distances) / n,
        unchanged_share=sum(d.unchanged for d in distances) / n,
    )


def _natural(key: str) -> tuple[int, int, str]:
    # Article ids sort as numbers (2 before 10), names alphabetically.
    return (0, int(key), "") if key.isdigit() else (1, 0, key)
