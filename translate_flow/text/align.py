"""Aligning the segments of two versions of an article (for source updates).

A pure function: the lists of source sentences in, the pairs out. rapidfuzz finds the edit script
over whole sentences; within a replaced block, sentences are paired in order when they are similar
enough to be the same sentence reworded, otherwise counted as deleted and inserted.
"""

from __future__ import annotations

# Below this similarity (rapidfuzz ratio, 0-100) a replaced sentence counts as a new one.
CHANGED_THRESHOLD = 50.0


def align_segments(
    old: list[str], new: list[str], threshold: float = CHANGED_THRESHOLD
) -> list[tuple[int | None, int | None, str]]:
    """Return (old index, new index, kind) with kind unchanged | changed | inserted | deleted.

    Every old and every new index appears exactly once, in order of the new version (deleted
    sentences where they stood).
    """
    from rapidfuzz.distance import Indel
    from rapidfuzz.fuzz import ratio

    result: list[tuple[int | None, int | None, str]] = []
    # Adjacent deletions and insertions form one block in which reworded sentences are paired.
    block: list[int] | None = None
    for tag, i1, i2, j1, j2 in Indel.opcodes(old, new):
        if tag == "equal":
            if block:
                result.extend(_pair_block(old, new, *block, threshold, ratio))
                block = None
            result.extend((i1 + k, j1 + k, "unchanged") for k in range(i2 - i1))
        elif block is None:
            block = [i1, i2, j1, j2]
        else:
            block[1], block[3] = i2, j2
    if block:
        result.extend(_pair_block(old, new, *block, threshold, ratio))
    return result


def _pair_block(old, new, i1, i2, j1, j2, threshold, ratio):
    pairs = []
    i = i1
    for j in range(j1, j2):
        # Look ahead in the old block for the sentence this new one rewords.
        best, best_score = None, threshold
        for k in range(i, i2):
            score = ratio(old[k], new[j])
            if score >= best_score:
                best, best_score = k, score
        if best is None:
            pairs.append((None, j, "inserted"))
            continue
        pairs.extend((k, None, "deleted") for k in range(i, best))
        pairs.append((best, j, "changed"))
        i = best + 1
    pairs.extend((k, None, "deleted") for k in range(i, i2))
    return pairs
