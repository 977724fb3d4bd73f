"""The loops over unit ids that a memory lookup runs hundreds of thousands of times.

Each loop is compiled in store/_tm_tally.c (an optional extension, see setup.py) and written here
again in numpy for an installation built without a C compiler; the tests check that both agree.
The names without `_numpy` are the ones in use.

Counters: a uint32 array indexed by unit id, all zero between lookups; a unit's summed weights,
and VISITED once `tally` has counted it in the histogram (the numpy loops keep their own form:
see tally_numpy; a `collect` reads what the same kind of `tally` wrote). Chunks: a list of (ids,
weight), ids a sorted uint32 array of unit ids (a posting list, or one of a token's several); a
unit is in at most one chunk of a token, so in at most as many chunks as the query has tokens.
"""

from __future__ import annotations

import numpy as np

# The numpy loops' form of a counter (see tally_numpy); the compiled loops' VISITED bit is
# _tm_tally.VISITED (1 << 31).
COUNT_BITS = 8
COUNT_MASK = (1 << COUNT_BITS) - 1

Chunks = list[tuple[np.ndarray, int]]


def tally_numpy(counter: np.ndarray, chunks: Chunks, histogram: np.ndarray) -> int:
    """Adds each chunk's weight to its ids' counters, then counts each unit once in
    histogram[its sum]; returns how many units.

    Each numpy call costs microseconds, so all chunks are done in a few calls; and as numpy has
    no cheap way to visit each unit once, a counter holds here `sum << COUNT_BITS | chunks`
    instead of the compiled loops' sum and VISITED: a unit held by k chunks appears k times among
    the ids, and counts 1/k each time (collect_numpy reads the same form)."""
    if not chunks:
        return 0
    ids = np.concatenate([chunk for chunk, _weight in chunks]).astype(np.intp)
    adds = np.array([weight << COUNT_BITS | 1 for _chunk, weight in chunks], np.uint32)
    np.add.at(counter, ids, np.repeat(adds, [len(chunk) for chunk, _weight in chunks]))
    packed = counter[ids]
    per_sum = np.bincount(
        packed >> COUNT_BITS, weights=1 / (packed & COUNT_MASK), minlength=len(histogram)
    )
    histogram += np.rint(per_sum).astype(np.uint32)
    return round(per_sum.sum())


def collect_numpy(
    counter: np.ndarray, chunks: Chunks, lowest: int, found_ids: np.ndarray, found_sums: np.ndarray
) -> int:
    """Writes each unit whose sum is at least `lowest` once to found_ids and found_sums, clears
    the chunks' counters; returns how many it wrote. The counters as tally_numpy leaves them."""
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


try:  # the compiled loops (setup.py), when the installation could build them
    from translate_flow.store._tm_tally import add_held, collect, tally
except ImportError:  # pragma: no cover - an installation without a C compiler
    tally, collect, add_held = tally_numpy, collect_numpy, add_held_numpy
