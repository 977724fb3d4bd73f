"""The translation memory looked up in the database, for memories too big to load.

Exact matches come from the indexed hash of the normalised source (tm_unit.source_key). Fuzzy
matches come from the word-token index (tm_posting, written by store/tm_write.py):

1. The query's tokens (tm/tokens.py) and the length bands a match can lie in.
2. How many units of those bands hold each token: one small query over the chunk counts.
3. The tokens' id lists are read, rarest first, up to `POSTING_CAP` ids (only a query made of
   very common words reaches it), and handed to tm/ranking.py, which sums the weights of the
   tokens each unit holds (tm/counting.py, compiled).
4. The units with the largest estimated share of characters in common (token weights over the
   lengths of both texts, tm_length) are rescored with rapidfuzz's ratio on the normalised
   texts, exactly as the in-memory TranslationMemory scores: `CANDIDATES` of them, read by id.

benchmarks/tm_scale.py measures the recall of this against a scan of every unit, and the time.
"""

from __future__ import annotations

import json

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy.engine import Connection
from sqlmodel import Session

from translate_flow.store.tm_write import BLOCK_UNITS, LENGTH
from translate_flow.tm.memory import DEFAULT_THRESHOLD, TMMatch, normalise, normalised_hash
from translate_flow.tm.ranking import MAX_TOKENS, PROMISING, BandLists, best_candidates, by_id
from translate_flow.tm.tokens import band_window, length_bounds, token_id, word_weights

# However rare the query's words, never more ids than this (a query of only common words).
POSTING_CAP = 2_000_000
# Units rescored with rapidfuzz; benchmarks/tm_scale.py shows what more or fewer cost and buy.
CANDIDATES = 600
# The commonest tokens of a query (of at least twice as many), looked up instead of counted (see
# tm/ranking.py, most_shared).
COMMON_TOKENS = 2
SQLITE_MMAP = 1 << 31

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
        known = by_id(self.unit_lengths(), ids)
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
        """(id, normalised source) of the units `ids`, those of a length in [low, high] at least."""
        return self._rows(_NORMALS, sorted(ids.tolist()), low, high) if len(ids) else []

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
        return best_candidates(
            len(key), list(bands.values()), self.unit_lengths(), CANDIDATES, PROMISING
        )
