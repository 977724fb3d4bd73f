"""The loops of the memory's lookup (store/tm_loops.py): the compiled ones and their numpy
equivalents agree with each other and with plain Python, and refuse bad arguments without
touching the counters."""

from __future__ import annotations

import os
import random
from collections import Counter

import numpy as np
import pytest

from translate_flow.store import tm_loops

compiled = pytest.mark.skipif(
    tm_loops.tally is tm_loops.tally_numpy, reason="this installation has no compiled loops"
)


def test_the_compiled_loops_are_built_where_the_tests_run_in_ci():
    # CI's machine has a C compiler: if the extension did not build there, the benchmarks'
    # figures would not be those of the code a desk installs.
    if not os.environ.get("CI"):
        pytest.skip("only CI promises a C compiler")
    assert tm_loops.tally is not tm_loops.tally_numpy


def _chunks(rng: random.Random, units: int, count: int) -> list[tuple[np.ndarray, int]]:
    return [
        (np.array(sorted(rng.sample(range(units), rng.randint(0, units // 2))), "<u4"), weight)
        for weight in (rng.randint(1, 40) for _ in range(count))
    ]


def _run(loops, chunks, units, lowest):
    tally, collect, add_held = loops
    size = sum(weight for _ids, weight in chunks) + 1
    counter = np.zeros(300, np.uint32)
    histogram = np.zeros(size, np.uint32)
    counted = tally(counter, chunks, histogram)
    found_ids, found_sums = np.zeros(300, np.uint32), np.zeros(300, np.uint32)
    found = collect(counter, chunks, lowest, found_ids, found_sums)
    assert not counter.any()  # cleared for the next lookup
    held = np.zeros(len(units), np.uint32)
    add_held(chunks, units, held)
    pairs = sorted(zip(found_ids[:found].tolist(), found_sums[:found].tolist(), strict=True))
    return counted, histogram.tolist(), pairs, held.tolist()


@compiled
def test_the_compiled_loops_count_exactly_as_numpy_and_plain_python_do():
    from translate_flow.store import _tm_tally

    rng = random.Random(11)
    for _ in range(30):
        chunks = _chunks(rng, 300, rng.randint(0, 8))
        units = np.array(rng.sample(range(300), 60), np.uint32)  # in any order
        if rng.random() < 0.5:
            units.sort()
        lowest = rng.randint(0, sum(weight for _ids, weight in chunks) + 1)
        fast = _run((_tm_tally.tally, _tm_tally.collect, _tm_tally.add_held), chunks, units, lowest)
        numpy = _run(
            (tm_loops.tally_numpy, tm_loops.collect_numpy, tm_loops.add_held_numpy),
            chunks,
            units,
            lowest,
        )
        assert fast == numpy
        sums: Counter[int] = Counter()
        for ids, weight in chunks:
            for unit_id in ids.tolist():
                sums[unit_id] += weight
        counted, histogram, pairs, held = fast
        assert counted == len(sums)
        assert histogram == [list(sums.values()).count(s) for s in range(len(histogram))]
        assert pairs == sorted((u, s) for u, s in sums.items() if s >= lowest)
        members = [set(ids.tolist()) for ids, _weight in chunks]
        assert held == [
            sum(
                weight
                for (_ids, weight), inside in zip(chunks, members, strict=True)
                if u in inside
            )
            for u in units.tolist()
        ]


@compiled
def test_the_compiled_loops_refuse_bad_arguments_and_leave_the_counter_as_it_was():
    from translate_flow.store import _tm_tally

    counter = np.zeros(10, np.uint32)
    histogram = np.zeros(100, np.uint32)
    good = (np.array([1, 2], "<u4"), 3)
    with pytest.raises(IndexError, match="beyond the counter"):
        _tm_tally.tally(counter, [good, (np.array([4, 10], "<u4"), 2)], histogram)
    with pytest.raises(TypeError, match="uint32"):
        _tm_tally.tally(counter, [good, (np.array([4, 5], np.int64), 2)], histogram)
    with pytest.raises(TypeError, match="uint32"):
        _tm_tally.tally(counter.astype(np.int32), [good], histogram)
    with pytest.raises(TypeError, match="tuple"):
        _tm_tally.tally(counter, [[good[0], 3]], histogram)
    with pytest.raises(ValueError, match="between 1 and 65535"):
        _tm_tally.tally(counter, [(good[0], 0)], histogram)
    with pytest.raises(ValueError, match="histogram is shorter"):
        _tm_tally.tally(counter, [good], np.zeros(3, np.uint32))
    with pytest.raises(ValueError, match="read-only"):
        _tm_tally.tally(np.frombuffer(bytes(40), np.uint32), [good], histogram)
    assert not counter.any() and not histogram.any()
    _tm_tally.tally(counter, [good], histogram)
    with pytest.raises(ValueError, match="no room"):
        _tm_tally.collect(counter, [good], 0, np.zeros(1, np.uint32), np.zeros(1, np.uint32))
    assert not counter.any()  # cleared even so
    with pytest.raises(ValueError, match="differ in length"):
        _tm_tally.add_held([good], np.zeros(2, np.uint32), np.zeros(3, np.uint32))
