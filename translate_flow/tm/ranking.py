"""Which units of the memory are worth rescoring: the ranking of a fuzzy lookup, without a database.

store/tm_index.py reads the query's posting lists (sorted arrays of unit ids, per token and length
band) and the units' lengths, and hands them here; `best_candidates` answers with the ids of the
units to rescore with rapidfuzz. The counting over the ids runs in tm/counting.py.

The ratio is 2·M / (n + m) for M characters in common. M is estimated by the weights of the
tokens a unit shares with the query, m (in the same measure) by the unit's length times the
query's weight per character: the share of both texts the shared tokens make. It ranks far better
than counting shared words, which favours long units and makes a shared "дел" worth as much as a
shared "сотрудничества". (The query's own weight and length are the same for every unit and left
out.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from translate_flow.tm import counting
from translate_flow.tm.tokens import band_middle, band_shortest

# How many units, as a multiple of the units wanted, are looked up in the common tokens' lists
# (see most_shared).
PROMISING = 6
# More tokens than this are not read (a query of hundreds of words): a unit is in at most one
# chunk of each token, and a counter counts a unit's chunks in COUNT_BITS bits.
MAX_TOKENS = counting.COUNT_MASK
NOTHING = 1 << 32  # a lowest sum no unit reaches: collect only clears


@dataclass
class BandLists:
    """The id lists of the query's tokens in one length band (a unit is in one band only)."""

    band: int
    # (chunk, the token's weight): a chunk is a sorted array of unit ids (a posting list, or one
    # of a token's several), an id once per token
    rare: list[tuple[np.ndarray, int]]
    common: dict[int, tuple[int, list[np.ndarray]]]  # token -> (its weight, its chunks)


def by_id(values: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """values[ids] for an array of per-unit values (the units' lengths) indexed by id, zero for
    an id past its end (a unit added since it was read)."""
    found = np.zeros(len(ids), values.dtype)
    inside = ids < len(values)
    found[inside] = values[ids[inside]]
    return found


def best_candidates(
    query_length: int,
    bands: list[BandLists],
    lengths: np.ndarray,
    limit: int,
    promising: int = PROMISING,
) -> list[int]:
    """The ids of the `limit` units with the best estimated ratio to a normalised query of
    `query_length` characters, newest first on ties. `lengths`: each unit's normalised length
    indexed by id (0: not known, a unit added since they were read).

    For choosing the units worth an exact count, a band's weight uses its shortest length, so
    that no unit of it can weigh more; the final order uses each unit's own length where it is
    known (it tells apart the members of a family of formulaic sentences that share the same
    words) and its band's middle length where not.
    """
    weights = {lists.band: 1 / (query_length + band_shortest(lists.band)) for lists in bands}

    def unit_weights(unit_ids: np.ndarray, band: int) -> np.ndarray:
        known = by_id(lengths, unit_ids)
        return 1 / (query_length + np.where(known > 0, known, band_middle(band)))

    return most_shared(bands, weights, limit, unit_weights, promising)


def most_shared(
    bands: list[BandLists],
    weights: dict[int, float],
    limit: int,
    unit_weights: Callable[[np.ndarray, int], np.ndarray] | None = None,
    promising: int = PROMISING,
) -> list[int]:
    """The `limit` units with the highest weights[band] x (the weights of the tokens they hold),
    newest first on ties; with `unit_weights` (unit ids, band -> each unit's own weight), the
    final order uses those instead of weights[band].

    The rare tokens' weights are summed per unit into one array of counters indexed by unit id
    (counting.tally: a few ns an id compiled). The common tokens' ids, most of them, are not
    read so: a unit whose rare tokens weigh r weighs at most r + C (C the common tokens' weight),
    the `promising` x `limit` units with the best such bounds are looked up in the common tokens'
    lists (counting.add_held) for their exact weights, and the best `limit` of them are the
    answer. A unit with none of the rare tokens is left out: it holds at most the two commonest
    of the query's four or more tokens.
    """
    counter = _counter(bands)
    try:
        # histograms[i][s]: how many units of bands[i] have rare tokens weighing s in all
        histograms = []
        for lists in bands:
            histogram = np.zeros(sum(weight for _ids, weight in lists.rare) + 1, np.uint32)
            counting.tally(counter, lists.rare, histogram)
            histograms.append(histogram)
        lowest = lowest_sums(bands, weights, histograms, limit * promising)
        found_ids, found_scores = [], []
        for index, lists in enumerate(bands):
            unit_ids, sums = _exact(counter, lists, histograms[index], lowest.get(index))
            if len(unit_ids):
                found_ids.append(unit_ids)
                weight = unit_weights(unit_ids, lists.band) if unit_weights else weights[lists.band]
                found_scores.append(sums * weight)
    except BaseException:
        _counters.array = None  # left with counts in it: the next lookup takes a new one
        raise
    if not found_ids:
        return []
    unit_ids = np.concatenate(found_ids)
    scores = np.concatenate(found_scores)
    order = np.lexsort((-unit_ids, -scores))[:limit]
    return unit_ids[order].tolist()


def lowest_sums(
    bands: list[BandLists], weights: dict[int, float], histograms: list[np.ndarray], wanted: int
) -> dict[int, int]:
    """For each band worth it (by its index), the lowest sum of rare weights a unit of it needs
    to be among the `wanted` units with the best upper bounds of their weights."""
    groups = []  # the units of a band with one sum: (upper bound, band's index, sum, units)
    for index, (lists, histogram) in enumerate(zip(bands, histograms, strict=True)):
        weight = weights[lists.band]
        common = sum(token_weight for token_weight, _chunks in lists.common.values())
        sums = np.flatnonzero(histogram)
        for value, units in zip(sums.tolist(), histogram[sums].tolist(), strict=True):
            groups.append(((value + common) * weight, index, value, units))
    groups.sort(key=lambda group: -group[0])
    lowest: dict[int, int] = {}
    taken = 0
    for _bound, index, value, units in groups:
        if taken >= wanted:
            break
        lowest[index] = value
        taken += units
    return lowest


def _exact(
    counter: np.ndarray, lists: BandLists, histogram: np.ndarray, lowest: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """The units of a band whose rare tokens weigh at least `lowest` (none if None), each once,
    and the weights of all the tokens they hold; clears the band's counters."""
    room = int(histogram[lowest:].sum()) if lowest is not None else 0
    unit_ids = np.empty(room, np.uint32)
    sums = np.empty(room, np.uint32)
    least = NOTHING if lowest is None else lowest
    found = counting.collect(counter, lists.rare, least, unit_ids, sums)
    order = np.argsort(unit_ids[:found])  # add_held searches sorted units faster
    unit_ids = unit_ids[order]
    sums = sums[order]
    counting.add_held(
        [(chunk, weight) for weight, chunks in lists.common.values() for chunk in chunks],
        unit_ids,
        sums,
    )
    return unit_ids.astype(np.int64), sums.astype(np.int64)


# One array of counters per thread (see tm/counting.py), kept between lookups, all zero.
_counters = threading.local()


def _counter(bands: list[BandLists]) -> np.ndarray:
    """This thread's counters, long enough for every id of the bands' rare tokens."""
    # A posting list is sorted: its last id is its largest.
    largest = max(
        (int(ids[-1]) for lists in bands for ids, _w in lists.rare if len(ids)), default=0
    )
    counter = getattr(_counters, "array", None)
    if counter is None or largest >= len(counter):
        counter = _counters.array = np.zeros(largest + 1 + (largest >> 3), np.uint32)
    return counter
