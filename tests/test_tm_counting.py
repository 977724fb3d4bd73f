"""The counting loops of the memory's lookup (tm/counting.py): the compiled ones and their numpy
equivalents agree with each other and with plain Python, leave the counters in the same form,
refuse bad arguments without touching the counters; the extension is built for the stable ABI,
and a big-endian host or a missing extension falls back to numpy. No database."""

from __future__ import annotations

import os
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from translate_flow.tm import counting

compiled = pytest.mark.skipif(
    not counting.COMPILED, reason="this installation has no compiled loops"
)


def test_the_compiled_loops_are_built_where_the_tests_run_in_ci():
    # CI's machine has a C compiler: if the extension did not build there, the benchmarks'
    # figures would not be those of the code a desk installs.
    if not os.environ.get("CI"):
        pytest.skip("only CI promises a C compiler")
    assert counting.COMPILED and counting.tally is not counting.tally_numpy


def _chunks(rng: random.Random, units: int, count: int) -> list[tuple[np.ndarray, int]]:
    return [
        (np.array(sorted(rng.sample(range(units), rng.randint(0, units // 2))), "<u4"), weight)
        for weight in (rng.randint(1, 40) for _ in range(count))
    ]


def _run(loops, chunks, units, lowest, size=300):
    tally, collect, add_held = loops
    counter = np.zeros(size, np.uint32)
    histogram = np.zeros(sum(weight for _ids, weight in chunks) + 1, np.uint32)
    counted = tally(counter, chunks, histogram)
    after_tally = counter.copy()
    found_ids, found_sums = np.zeros(size, np.uint32), np.zeros(size, np.uint32)
    found = collect(counter, chunks, lowest, found_ids, found_sums)
    assert not counter.any()  # cleared for the next lookup
    held = np.zeros(len(units), np.uint32)
    add_held(chunks, units, held)
    pairs = sorted(zip(found_ids[:found].tolist(), found_sums[:found].tolist(), strict=True))
    return counted, histogram.tolist(), pairs, held.tolist(), after_tally.tobytes()


@compiled
def test_the_compiled_loops_count_exactly_as_numpy_and_plain_python_do():
    from translate_flow.tm import _counting

    rng = random.Random(11)
    for _ in range(30):
        chunks = _chunks(rng, 300, rng.randint(0, 8))
        units = np.array(rng.sample(range(300), 60), np.uint32)  # in any order
        if rng.random() < 0.5:
            units.sort()
        lowest = rng.randint(0, sum(weight for _ids, weight in chunks) + 1)
        fast = _run((_counting.tally, _counting.collect, _counting.add_held), chunks, units, lowest)
        numpy = _run(
            (counting.tally_numpy, counting.collect_numpy, counting.add_held_numpy),
            chunks,
            units,
            lowest,
        )
        assert fast == numpy  # the counters after tally too, byte for byte
        sums: Counter[int] = Counter()
        for ids, weight in chunks:
            for unit_id in ids.tolist():
                sums[unit_id] += weight
        counted, histogram, pairs, held, after_tally = fast
        assert np.frombuffer(after_tally, np.uint32).tolist() == [
            sums[unit_id] << counting.COUNT_BITS for unit_id in range(300)
        ]
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
    from translate_flow.tm import _counting as _tm_tally

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
    with pytest.raises(ValueError, match="more than a counter holds"):
        _tm_tally.tally(counter, [(good[0], 60000)] * 300, np.zeros(1 << 25, np.uint32))
    assert not counter.any()


def test_the_numpy_loops_refuse_weights_a_counter_cannot_hold():
    counter = np.zeros(10, np.uint32)
    chunks = [(np.array([1, 2], "<u4"), 60000)] * 300
    with pytest.raises(ValueError, match="more than a counter holds"):
        counting.tally_numpy(counter, chunks, np.zeros(1 << 25, np.uint32))
    assert not counter.any()


@compiled
def test_the_compiled_and_numpy_loops_agree_on_large_random_lists():
    from translate_flow.tm import _counting

    rng = np.random.default_rng(5)
    for _ in range(5):
        size = 200_000
        chunks = [
            (np.unique(rng.integers(0, size, rng.integers(0, 50_000))).astype("<u4"), weight)
            for weight in rng.integers(1, 300, rng.integers(1, 12)).tolist()
        ]
        units = np.unique(rng.integers(0, size, 5_000)).astype(np.uint32)
        lowest = int(rng.integers(0, sum(weight for _ids, weight in chunks) + 1))
        loops = (_counting.tally, _counting.collect, _counting.add_held)
        numpy_loops = (counting.tally_numpy, counting.collect_numpy, counting.add_held_numpy)
        assert _run(loops, chunks, units, lowest, size) == _run(
            numpy_loops, chunks, units, lowest, size
        )


def test_a_big_endian_host_counts_in_numpy():
    assert counting.compiled_loops("big") is None


def test_without_the_extension_the_numpy_loops_are_used(monkeypatch):
    import importlib

    monkeypatch.setitem(sys.modules, "translate_flow.tm._counting", None)  # as if not built
    assert counting.compiled_loops("little") is None
    try:
        reloaded = importlib.reload(counting)
        assert not reloaded.COMPILED
        assert reloaded.tally is reloaded.tally_numpy
    finally:
        monkeypatch.undo()
        importlib.reload(counting)


@compiled
def test_the_extension_is_built_for_the_stable_abi():
    from translate_flow.tm import _counting

    # One file for every CPython from 3.11 on: named .abi3.so, not .cpython-311-….so.
    assert Path(_counting.__file__).name == "_counting.abi3.so"
