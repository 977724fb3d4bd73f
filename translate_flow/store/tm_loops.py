"""The loops over unit ids that a memory lookup runs hundreds of thousands of times.

Each loop is compiled in store/_tm_tally.c (an optional extension, see setup.py) and written here
again in numpy for an installation built without a C compiler; the tests check that both agree.
The names without `_numpy` are the ones in use.

Counters: a uint32 array indexed by unit id, all zero between lookups; a unit's summed weights,
and VISITED once `tally` has counted it in the histogram. Chunks: a list of (ids, weight), ids a
sorted uint32 array of unit ids (a posting list, or one of a token's several).
"""

from __future__ import annotations

import numpy as np

VISITED = 1 << 31

Chunks = list[tuple[np.ndarray, int]]


def tally_numpy(counter: np.ndarray, chunks: Chunks, histogram: np.ndarray) -> int:
    """Adds each chunk's weight to its ids' counters, then counts each unit once in
    histogram[its sum] and marks it VISITED; returns how many units."""
    for ids, weight in chunks:
        counter[ids] += weight  # an id is at most once in a chunk
    units = 0
    for ids, _weight in chunks:
        values = counter[ids]
        new = values < VISITED
        histogram += np.bincount(values[new], minlength=len(histogram)).astype(np.uint32)
        counter[ids[new]] = values[new] | VISITED
        units += int(new.sum())
    return units


def collect_numpy(
    counter: np.ndarray, chunks: Chunks, lowest: int, found_ids: np.ndarray, found_sums: np.ndarray
) -> int:
    """Writes each unit whose sum is at least `lowest` once to found_ids and found_sums, clears
    the chunks' counters; returns how many it wrote."""
    found = 0
    for ids, _weight in chunks:
        values = counter[ids]
        sums = values & (VISITED - 1)
        take = (values != 0) & (sums >= lowest)
        count = int(take.sum())
        found_ids[found : found + count] = ids[take]
        found_sums[found : found + count] = sums[take]
        found += count
        counter[ids] = 0
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
