"""The ranking of a fuzzy lookup (tm/ranking.py), with the compiled and the numpy counting loops:
the units with the best estimated ratio, exactly as counting every id would rank them when every
promising unit is looked up; the counters left clear, even after a failure. No database."""

from __future__ import annotations

import random

import numpy as np
import pytest

from translate_flow.tm import counting, ranking
from translate_flow.tm.tokens import band_middle, word_weights


def _brute_force_ranking(bands, weights, limit):
    sums: dict[int, int] = {}
    band_of: dict[int, int] = {}
    for lists in bands:
        chunks = lists.rare + [
            (chunk, token_weight)
            for token_weight, chunks in lists.common.values()
            for chunk in chunks
        ]
        for chunk, token_weight in chunks:
            for unit_id in chunk.tolist():
                sums[unit_id] = sums.get(unit_id, 0) + token_weight
                band_of[unit_id] = lists.band
    scores = {unit_id: total * weights[band_of[unit_id]] for unit_id, total in sums.items()}
    return sorted(scores, key=lambda unit_id: (-scores[unit_id], -unit_id))[:limit]


def _random_bands(rng: random.Random, tokens: int, common: int):
    bands = []
    for band in (10, 11, 12):
        units = list(range(band * 1000, band * 1000 + 400))
        lists = ranking.BandLists(band, [], {})
        for token in range(tokens):
            share = 0.6 if token < common else rng.uniform(0.02, 0.3)
            token_weight = rng.randint(5, 20)  # as word_weights gives
            ids = sorted(u for u in units if rng.random() < share)
            # Two chunks, as after two imports.
            halves = [np.array(ids[: len(ids) // 2], "<u4"), np.array(ids[len(ids) // 2 :], "<u4")]
            if token < common:
                lists.common[token] = (token_weight, halves)
            else:
                lists.rare += [(half, token_weight) for half in halves]
        bands.append(lists)
    return bands


@pytest.fixture(params=["compiled", "numpy"])
def loops(request, monkeypatch):
    """The ranking's loops: compiled (tm/_counting.c) or their numpy equivalents."""
    if request.param == "numpy":
        for name in ("tally", "collect", "add_held"):
            monkeypatch.setattr(counting, name, getattr(counting, f"{name}_numpy"))
    elif not counting.COMPILED:
        pytest.skip("this installation was built without the compiled loops")
    return request.param


@pytest.mark.parametrize("common", [0, 2])
def test_ranking_takes_the_units_with_the_largest_weighted_share_newest_first(common, loops):
    # With every promising unit looked up, the ranking is exactly that of counting every id.
    rng = random.Random(common)
    bands = _random_bands(rng, tokens=12, common=common)
    weights = {10: 0.11, 11: 0.1, 12: 0.09}

    ranked = ranking.most_shared(bands, weights, 50, promising=100)

    assert ranked == _brute_force_ranking(bands, weights, 50)
    assert not ranking._counters.array.any()  # left clear for the next lookup


def test_ranking_with_few_units_looked_up_still_finds_nearly_all_of_the_best(loops):
    bands = _random_bands(random.Random(3), tokens=12, common=2)
    weights = {10: 0.11, 11: 0.1, 12: 0.09}

    ranked = ranking.most_shared(bands, weights, 50, promising=2)

    expected = _brute_force_ranking(bands, weights, 50)
    assert len(set(ranked) & set(expected)) >= 45
    assert not ranking._counters.array.any()


def test_a_ranking_that_fails_half_way_leaves_no_counts_behind(monkeypatch, loops):
    bands = _random_bands(random.Random(5), tokens=12, common=2)
    weights = {10: 0.11, 11: 0.1, 12: 0.09}
    expected = ranking.most_shared(bands, weights, 50)
    collect = counting.collect
    calls = []

    def failing(*args):
        calls.append(1)
        if len(calls) == 2:  # the first band collected, the others still counted
            raise MemoryError
        return collect(*args)

    monkeypatch.setattr(counting, "collect", failing)
    with pytest.raises(MemoryError):
        ranking.most_shared(bands, weights, 50)
    monkeypatch.setattr(counting, "collect", collect)

    assert ranking.most_shared(bands, weights, 50) == expected


def test_a_token_weighs_the_square_root_of_its_words_characters():
    weights = word_weights("министр иностранных дел с министром иностранных дел и 2025")

    # "минис": министр + министром (8 + 10 characters with their spaces); one-letter words none.
    assert weights == {
        "минис": round(4 * 18**0.5),
        "иност": round(4 * 24**0.5),
        "дел": round(4 * 8**0.5),
        "2025": round(4 * 5**0.5),
    }
    # Three times the characters of "дел", less than three times its weight.
    assert weights["дел"] < weights["иност"] < 3 * weights["дел"]


def test_of_units_holding_the_same_tokens_the_one_nearest_the_query_in_length_ranks_first(loops):
    # Units 3, 5 and 8 of one band hold the same two tokens; lengths by id (0: not known).
    lengths = np.zeros(10, np.uint16)
    lengths[[3, 5]] = [75, 56]
    lists = ranking.BandLists(
        18, [(np.array([3, 5, 8], "<u4"), 7), (np.array([3, 5, 8], "<u4"), 9)], {}
    )

    ranked = ranking.best_candidates(50, [lists], lengths, limit=3)

    # 5 (56 characters) before 8 (its band's middle length, about 62) before 3 (75).
    assert ranked == [5, 8, 3]
    assert 56 < band_middle(18) < 75
