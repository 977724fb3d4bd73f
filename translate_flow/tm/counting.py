"""The loops over unit ids that a memory lookup runs hundreds of thousands of times.

One counting path: the loops are compiled in tm/_counting.c (an optional extension built for the
stable ABI, see setup.py) and written here again in numpy for a host that has not got it (no C
compiler at installation) or cannot use it (a big-endian host: the id lists are little-endian,
as the index stores them). Both keep the counters in the same form and give the same results; the
tests check that they do. `tally`, `collect` and `add_held` are the ones in use, `COMPILED` says
which.

Counters: a uint32 array indexed by unit id, all zero between lookups, holding
`sum << COUNT_BITS | chunks`: a unit's summed weights, and how many of its chunks `tally` has not
yet counted in the histogram (0 once it has, so each unit is counted once). Chunks: a list of
(ids, weight), ids a sorted uint32 array of unit ids (a posting list, or one of a token's
several); a unit is in at most one chunk of a token, so in at most as many chunks as the query
has tokens, fewer than 1 << COUNT_BITS (tm/ranking.py's MAX_TOKENS).
"""

from __future__ import annotations

import importlib
import sys

import numpy as np

COUNT_BITS = 8
COUNT_MASK = (1 << COUNT_BITS) - 1
# The largest sum of weights a counter holds.
LARGEST_SUM = 0xFFFF_FFFF >> COUNT_BITS

Chunks = list[tuple[np.ndarray, int]]


def tally_numpy(counter: np.ndarray, chunks: Chunks, histogram: np.ndarray) -> int:
    """Adds each chunk's weight to its ids' counters, then counts each unit once in
    histogram[its sum], leaving its counter at sum << COUNT_BITS; returns how many units.

    Each numpy call costs microseconds, so all chunks are done in a few calls. numpy has no cheap
    way to visit each unit once: a unit held by k chunks appears k times among the ids and counts
    1/k each time (its counter's low bits hold k until the end)."""
    if not chunks:
        return 0
    if sum(weight for _chunk, weight in chunks) > LARGEST_SUM:
        raise ValueError("the weights add up to more than a counter holds")
    ids = np.concatenate([chunk for chunk, _weight in chunks]).astype(np.intp)
    adds = np.array([weight << COUNT_BITS | 1 for _chunk, weight in chunks], np.uint32)
    np.add.at(counter, ids, np.repeat(adds, [len(chunk) for chunk, _weight in chunks]))
    packed = counter[ids]
    per_sum = np.bincount(
        packed >> COUNT_BITS, weights=1 / (packed & COUNT_MASK), minlength=len(histogram)
    )
    histogram += np.rint(per_sum).astype(np.uint32)
    counter[ids] = packed & np.uint32(~COUNT_MASK & 0xFFFF_FFFF)
    return round(per_sum.sum())


def collect_numpy(
    counter: np.ndarray, chunks: Chunks, lowest: int, found_ids: np.ndarray, found_sums: np.ndarray
) -> int:
    """Writes each unit whose sum is at least `lowest` once to found_ids and found_sums, clears
    the chunks' counters; returns how many it wrote."""
    if not chunks:
        return 0
    ids = np.concatenate([chunk for chunk, _weight in chunks]).astype(np.intp)
    sums = counter[ids] >> COUNT_BITS
    counter[ids] = 0
    keep = sums >= lowest
    kept, sums = ids[keep], sums[keep]
    # Each unit once: the (now clear) counters take, for each unit, the place of one of its
    # occurrences, and only that occurrence finds its own place there.
    places = np.arange(1, len(kept) + 1, dtype=np.uint32)
    counter[kept] = places
    first = counter[kept] == places
    counter[kept] = 0
    found = int(first.sum())
    if found > min(len(found_ids), len(found_sums)):
        raise ValueError("ids and sums have no room for every unit found")
    found_ids[:found] = kept[first]
    found_sums[:found] = sums[first]
    return found


def add_held_numpy(chunks: Chunks, units: np.ndarray, sums: np.ndarray) -> None:
    """Adds to sums[i] the weight of each chunk that holds units[i]."""
    for ids, weight in chunks:
        if len(ids):
            where = np.minimum(np.searchsorted(ids, units), len(ids) - 1)
            sums += (ids[where] == units) * np.uint32(weight)


def compiled_loops(byteorder: str = sys.byteorder):
    """The compiled module (tm/_counting.c), or None where it is not built or the host is
    big-endian (its loops read the ids in the machine's order, the index stores them
    little-endian)."""
    if byteorder != "little":
        return None
    try:
        return importlib.import_module("translate_flow.tm._counting")
    except ImportError:  # an installation without a C compiler
        return None


_compiled = compiled_loops()
COMPILED = _compiled is not None
if _compiled is not None:
    tally, collect, add_held = _compiled.tally, _compiled.collect, _compiled.add_held
else:  # pragma: no cover - a host without the compiled loops
    tally, collect, add_held = tally_numpy, collect_numpy, add_held_numpy
