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


def keep_segmentation(
    old: list[tuple[int, str, str]], new: list[tuple[int, bool, str, str]]
) -> list[tuple[int, bool, str, str]]:
    """The new version's pieces, with each paragraph whose text is unchanged segmented as in
    the old version.

    `old` is (paragraph, source, whitespace after) per old segment, `new` (paragraph, is_title,
    source, whitespace after) per new piece. A paragraph's text is its sentences and the
    whitespace between them joined, exactly. A merge or split made by hand (services/
    segmentation.py) thus survives a source update wherever its paragraph did not change, and
    those sentences align as unchanged; a changed paragraph is segmented afresh.
    """
    old_paragraphs: dict[int, list[tuple[str, str]]] = {}
    for paragraph, source, space in old:
        old_paragraphs.setdefault(paragraph, []).append((source, space))
    by_text: dict[str, list[tuple[str, str]]] = {}
    for sentences in old_paragraphs.values():
        by_text.setdefault(_paragraph_text(sentences), sentences)
    result: list[tuple[int, bool, str, str]] = []
    start = 0
    while start < len(new):
        end = start
        while end < len(new) and new[end][0] == new[start][0]:
            end += 1
        paragraph, is_title = new[start][0], new[start][1]
        sentences = [(source, space) for _, _, source, space in new[start:end]]
        kept = by_text.get(_paragraph_text(sentences))
        if kept is not None and kept != sentences:
            # The trailing whitespace of the paragraph is the new version's own.
            kept = kept[:-1] + [(kept[-1][0], sentences[-1][1])]
            sentences = kept
        result.extend((paragraph, is_title, source, space) for source, space in sentences)
        start = end
    return result


def _paragraph_text(sentences: list[tuple[str, str]]) -> str:
    return "".join(source + space for source, space in sentences).strip()
