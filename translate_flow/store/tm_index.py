"""The translation memory looked up in the database, for memories too big to load.

Exact matches come from the indexed hash of the normalised source (tm_unit.source_key). Fuzzy
matches come from the word-token index (tm_posting, written by store/tm_write.py):

1. The query's tokens (tm/tokens.py) and the length bands a match can lie in.
2. How many units of those bands hold each token: one small query over the chunk counts.
3. The tokens' id lists are read, rarest first, up to `POSTING_CAP` ids (only a query made of
   very common words reaches it), and the weights of the tokens each unit holds are summed (by
   loops of store/tm_loops.py, compiled).
4. The units with the largest estimated share of characters in common (token weights over the
   lengths of both texts, tm_length) are rescored with rapidfuzz's ratio on the normalised
   texts, exactly as the in-memory TranslationMemory scores: `CANDIDATES` of them, read on
   PostgreSQL by their rows' places (tm_place) where known.

benchmarks/tm_scale.py measures the recall of this against a scan of every unit, and the time.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy.engine import Connection
from sqlmodel import Session

from translate_flow.store import tm_loops
from translate_flow.store.tm_write import BLOCK_UNITS, LENGTH, PLACE
from translate_flow.tm.memory import DEFAULT_THRESHOLD, TMMatch, normalise, normalised_hash
from translate_flow.tm.tokens import (
    band_middle,
    band_shortest,
    band_window,
    length_bounds,
    token_id,
    word_weights,
)

# However rare the query's words, never more ids than this (a query of only common words).
POSTING_CAP = 2_000_000
# Units rescored with rapidfuzz; benchmarks/tm_scale.py shows what more or fewer cost and buy.
CANDIDATES = 600
# The commonest tokens of a query (of at least twice as many), looked up instead of counted; and
# how many units, as a multiple of CANDIDATES, are looked up (see most_shared).
COMMON_TOKENS = 2
PROMISING = 6
SQLITE_MMAP = 1 << 31
NO_PLACES = np.zeros(0, PLACE)

# The hot queries go to the driver directly, with the id and token lists as one parameter (JSON for
# SQLite, an array for PostgreSQL): SQLAlchemy's rendering of a thousand-item IN list costs more
# than the query. {ids} stands for "is in the list".
_DF = (
    "SELECT token, sum(units) FROM tm_posting WHERE token {ids} AND band BETWEEN ? AND ? "
    "GROUP BY token"
)
_POSTINGS = "SELECT token, band, ids FROM tm_posting WHERE token {ids} AND band BETWEEN ? AND ?"
_NORMALS = (
    "SELECT id, source_normal FROM tm_unit WHERE id {ids} AND length(source_normal) BETWEEN ? AND ?"
)
# Rows by place (tm_place): {"(page,item)", ...} as a tid[] array.
_AT_PLACES = "SELECT id, source_normal FROM tm_unit WHERE ctid = ANY(%s::tid[])"
_UNITS = "SELECT id, source, target FROM tm_unit WHERE id {ids}"
_VARIANTS = "SELECT id, target_variant FROM tm_unit WHERE id {ids}"
# The latest unit with the query's normalised source; one in the target variant asked for before
# any other (the index narrows the rows to the few with that source, so the sort costs nothing).
_EXACT = (
    "SELECT source, target FROM tm_unit WHERE source_lang = ? AND target_lang = ? "
    "AND source_key = ? ORDER BY CASE WHEN target_variant = ? THEN 0 ELSE 1 END, id DESC LIMIT 1"
)


class IndexedMemory:
    """Exact and fuzzy lookup for one language pair, reading the database per query.

    Gives the same answers as tm.memory.TranslationMemory over the same units (a later unit with
    the same normalised source replaces an earlier one), within the recall of the index.
    """

    def __init__(
        self,
        session: Session | Connection,
        source_lang: str,
        target_lang: str,
        target_variant: str = "",
    ) -> None:
        """A memory for the base languages; `target_variant` ("de-AT") is preferred when given."""
        connection = session.connection() if isinstance(session, Session) else session
        self._driver = connection.connection.driver_connection
        self._postgresql = connection.dialect.name == "postgresql"
        if not self._postgresql:
            # Candidate rows are read from all over the file; memory-mapped reads skip a system
            # call and a copy for each page.
            connection.exec_driver_sql(f"PRAGMA mmap_size = {SQLITE_MMAP}")
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.target_variant = target_variant
        self._lengths: np.ndarray | None = None
        self._places: np.ndarray | None = None

    def _rows(self, sql: str, values: list | None, *params) -> list[tuple]:
        if self._postgresql:
            # The list as an array literal: psycopg's adaptation of a Python list checks every
            # item's type, 3 ms a lookup.
            sql = sql.replace("?", "%s").replace("{ids}", "= ANY(%s::int8[])")
            literal = "{" + ",".join(map(str, values)) + "}" if values is not None else None
            args: tuple = (literal, *params) if values is not None else params
        else:
            sql = sql.replace("{ids}", "IN (SELECT value FROM json_each(?))")
            args = (json.dumps(values), *params) if values is not None else params
        # Binary results on PostgreSQL: a bytea id list in text form is hex, twice the bytes and
        # decoded in Python (a lookup's lists took 15 ms so, 6 ms in binary).
        cursor = self._driver.cursor(binary=True) if self._postgresql else self._driver.cursor()
        try:
            cursor.execute(sql, args)
            return cursor.fetchall()
        finally:
            cursor.close()

    def lookup(
        self, query: str, threshold: float = DEFAULT_THRESHOLD, limit: int = 5
    ) -> list[TMMatch]:
        """Up to `limit` matches scoring at least `threshold`, best first; an exact match is 100."""
        key = normalise(query)
        if not key or limit < 1:
            return []
        matches: list[TMMatch] = []
        exact_key = normalised_hash(query)
        exact = self._rows(
            _EXACT, None, self.source_lang, self.target_lang, exact_key, self.target_variant
        )
        if exact:
            matches.append(TMMatch(exact[0][0], exact[0][1], 100.0))
            if limit == 1:
                return matches
        candidates = self.candidates(key, threshold)
        if not candidates:
            return matches
        low, high = length_bounds(len(key), threshold)
        # Units whose length (tm_length) rules them out are not read; 0 is a unit added since.
        ids = np.array(candidates, np.int64)
        known = _by_id(self.unit_lengths(), ids)
        rows = self._normals(ids[(known == 0) | ((known >= low) & (known <= high))], low, high)
        scored = process.extract(
            key,
            [row[1] for row in rows],
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=None,
        )
        # A later unit with the same normalised source replaces an earlier one, as in memory;
        # the exact match (the same normalised source as the query) is already there.
        best: dict[str, tuple[float, int]] = {}
        same_source: dict[str, list[int]] = {}  # the ids of a normalised source met more than once
        for normal, score, i in scored:
            unit_id = rows[i][0]
            if normal == key:
                continue
            if normal in best:
                same_source.setdefault(normal, [best[normal][1]]).append(unit_id)
            if normal not in best or unit_id > best[normal][1]:
                best[normal] = (score, unit_id)
        if self.target_variant and same_source:
            self._prefer_variant(best, same_source)
        ranked = sorted(best.values(), key=lambda m: (-m[0], -m[1]))[: limit - len(matches)]
        if ranked:
            texts = {
                unit_id: (source, target)
                for unit_id, source, target in self._rows(_UNITS, [i for _, i in ranked])
            }
            matches += [TMMatch(*texts[unit_id], float(score)) for score, unit_id in ranked]
        return matches

    def _prefer_variant(
        self, best: dict[str, tuple[float, int]], same_source: dict[str, list[int]]
    ) -> None:
        """Among units with the same source, the latest in the target variant asked for wins.

        Only sources stored more than once (say for de-AT and de-DE) need the variants read, so
        the lookups of a memory without variants never run this query.
        """
        ids = [unit_id for group in same_source.values() for unit_id in group]
        variants = dict(self._rows(_VARIANTS, ids))
        for normal, group in same_source.items():
            chosen = max(group, key=lambda i: (variants.get(i) == self.target_variant, i))
            best[normal] = (best[normal][0], chosen)

    def unit_lengths(self) -> np.ndarray:
        """Every unit's normalised length, indexed by id (0: no unit, or one added since), read
        from tm_length once per IndexedMemory: 2 bytes a unit, 2 MB at a million."""
        if self._lengths is None:
            self._lengths = self._blocks("tm_length", "lengths", LENGTH)
        return self._lengths

    def unit_places(self) -> np.ndarray:
        """Where PostgreSQL keeps every unit's row (page, item; item 0: not known), indexed by
        id, read from tm_place once per IndexedMemory: 6 bytes a unit. Empty on SQLite."""
        if self._places is None:
            postgresql = self._postgresql
            self._places = self._blocks("tm_place", "places", PLACE) if postgresql else NO_PLACES
        return self._places

    def _blocks(self, table: str, column: str, dtype: np.dtype) -> np.ndarray:
        """The values of a table of blocks (store/tm_write.py, _update_blocks), indexed by id."""
        rows = self._rows(f"SELECT block, {column} FROM {table} ORDER BY block", None)
        if [row[0] for row in rows] == list(range(len(rows))):  # no block missing: one join
            return np.frombuffer(b"".join(row[1] for row in rows), dtype)
        values = np.zeros((max((row[0] for row in rows), default=-1) + 1) * BLOCK_UNITS, dtype)
        for block, blob in rows:
            start = block * BLOCK_UNITS
            values[start : start + BLOCK_UNITS] = np.frombuffer(blob, dtype)
        return values

    def _normals(self, ids: np.ndarray, low: int, high: int) -> list[tuple[int, str]]:
        """(id, normalised source) of the units `ids`, those of a length in [low, high] at least.

        On PostgreSQL the units whose place is known are read by it (a TID scan, one page each)
        and the rest by id; a row read by its place counts only if it has the id asked for.
        """
        where = _by_id(self.unit_places(), ids)
        placed = where["item"] > 0
        rows: list[tuple[int, str]] = []
        if placed.any():
            asked = set(ids[placed].tolist())
            tids = [
                f'"({page},{item})"'
                for page, item in zip(
                    where["page"][placed].tolist(), where["item"][placed].tolist(), strict=True
                )
            ]
            rows = [row for row in self._rows(_AT_PLACES, tids) if row[0] in asked]
            asked.difference_update(row[0] for row in rows)
            rest = [*asked, *ids[~placed].tolist()]
        else:
            rest = ids.tolist()
        if rest:
            rows += self._rows(_NORMALS, sorted(rest), low, high)
        return rows

    def candidates(self, key: str, threshold: float) -> list[int]:
        """Ids of the units most worth rescoring against the normalised query `key`."""
        weights_of = {
            token_id(self.source_lang, self.target_lang, word): weight
            for word, weight in word_weights(key).items()
        }
        if not weights_of:
            return []
        low, high = band_window(len(key), threshold)
        counts = sorted(self._rows(_DF, list(weights_of), low, high), key=lambda row: row[1])
        chosen: list[int] = []
        total = 0
        for token, units in counts:
            if (total + units > POSTING_CAP and chosen) or len(chosen) == MAX_TOKENS:
                break
            chosen.append(token)
            total += units
        if not chosen:
            return []
        # The two commonest tokens hold about half of the ids a lookup reads (the benchmark's
        # queries): they are only looked up for the most promising units (see most_shared).
        common = set(chosen[-COMMON_TOKENS:]) if len(chosen) >= 2 * COMMON_TOKENS else set()
        bands: dict[int, BandLists] = {}
        for token, band, blob in self._rows(_POSTINGS, chosen, low, high):
            lists = bands.get(band)
            if lists is None:
                lists = bands[band] = BandLists(band, [], {})
            ids = np.frombuffer(blob, dtype="<u4")
            if token in common:
                lists.common.setdefault(token, (weights_of[token], []))[1].append(ids)
            else:
                lists.rare.append((ids, weights_of[token]))
        # The ratio is 2·M / (n + m) for M characters in common. M is estimated by the weights of
        # the tokens a unit shares with the query, m (in the same measure) by the unit's length
        # (tm_length) times the query's weight per character: the share of both texts the shared
        # tokens make. It ranks far better than counting shared words, which favours
        # long units and makes a shared "дел" worth as much as a shared "сотрудничества".
        # (The query's own weight and length are the same for every unit and left out.)
        # For choosing the units worth an exact count, a band's weight uses its shortest length,
        # so that no unit of it can weigh more; the final order uses each unit's own length.
        weights = {band: 1 / (len(key) + band_shortest(band)) for band in bands}
        lengths = self.unit_lengths()

        def unit_weights(unit_ids: np.ndarray, band: int) -> np.ndarray:
            # The same with each unit's own length where it is known: it tells apart the members
            # of a family of formulaic sentences that share the same words.
            known = _by_id(lengths, unit_ids)
            return 1 / (len(key) + np.where(known > 0, known, band_middle(band)))

        return most_shared(list(bands.values()), weights, CANDIDATES, unit_weights)


def _by_id(values: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """values[ids] for an array of per-unit values (tm_length, tm_place) indexed by id, zero
    for an id past its end (a unit added since it was read)."""
    found = np.zeros(len(ids), values.dtype)
    inside = ids < len(values)
    found[inside] = values[ids[inside]]
    return found


@dataclass
class BandLists:
    """The id lists of the query's tokens in one length band (a unit is in one band only)."""

    band: int
    # (chunk, the token's weight): a chunk is a sorted array of unit ids (a posting list, or one
    # of a token's several), an id once per token
    rare: list[tuple[np.ndarray, int]]
    common: dict[int, tuple[int, list[np.ndarray]]]  # token -> (its weight, its chunks)


def most_shared(
    bands: list[BandLists],
    weights: dict[int, float],
    limit: int,
    unit_weights: Callable[[np.ndarray, int], np.ndarray] | None = None,
) -> list[int]:
    """The `limit` units with the highest weights[band] x (the weights of the tokens they hold),
    newest first on ties; with `unit_weights` (unit ids, band -> each unit's own weight), the
    final order uses those instead of weights[band].

    The rare tokens' weights are summed per unit into one array of counters indexed by unit id
    (tm_loops.tally, compiled: a few ns an id). The common tokens' ids, most of them, are not
    read so: a unit whose rare tokens weigh r weighs at most r + C (C the common tokens' weight),
    the `PROMISING` x `limit` units with the best such bounds are looked up in the common tokens'
    lists (tm_loops.add_held) for their exact weights, and the best `limit` of them are the answer.
    A unit with none of the rare tokens is left out: it holds at most the two commonest of the
    query's four or more tokens.
    """
    counter = _counter(bands)
    try:
        # histograms[i][s]: how many units of bands[i] have rare tokens weighing s in all
        histograms = []
        for lists in bands:
            histogram = np.zeros(sum(weight for _ids, weight in lists.rare) + 1, np.uint32)
            tm_loops.tally(counter, lists.rare, histogram)
            histograms.append(histogram)
        lowest = _lowest_sums(bands, weights, histograms, limit * PROMISING)
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


def _lowest_sums(
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
    found = tm_loops.collect(counter, lists.rare, least, unit_ids, sums)
    order = np.argsort(unit_ids[:found])  # add_held searches sorted units faster
    unit_ids = unit_ids[order]
    sums = sums[order]
    tm_loops.add_held(
        [(chunk, weight) for weight, chunks in lists.common.values() for chunk in chunks],
        unit_ids,
        sums,
    )
    return unit_ids.astype(np.int64), sums.astype(np.int64)


# One array of counters per thread (see store/tm_loops.py), kept between lookups, all zero.
_counters = threading.local()
NOTHING = 1 << 32  # a lowest sum no unit reaches: collect only clears
# More tokens than this are not read (a query of hundreds of words): a unit is in at most one
# chunk of each token, and the numpy loops count a unit's chunks in COUNT_BITS bits.
MAX_TOKENS = tm_loops.COUNT_MASK


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
