"""The translation memory looked up in the database, for memories too big to load.

Exact matches come from the indexed hash of the normalised source (tm_unit.source_key). Fuzzy
matches come from the word-token index (tm_posting, written by store/tm_write.py):

1. The query's tokens (tm/tokens.py) and the length bands a match can lie in.
2. How many units of those bands hold each token: one small query over the chunk counts.
3. The tokens' id lists are read, rarest first, up to `POSTING_CAP` ids (only a query made of
   very common words reaches it), and numpy counts how many of the tokens each unit holds.
4. The units holding the most of them are rescored with rapidfuzz's ratio on the normalised texts,
   exactly as the in-memory TranslationMemory scores: `CANDIDATES` of them, half from the query's
   own length band, because a unit of about the query's length can score higher.

benchmarks/tm_scale.py measures the recall of this against a scan of every unit, and the time.
"""

from __future__ import annotations

import json

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy.engine import Connection
from sqlmodel import Session

from translate_flow.tm.memory import DEFAULT_THRESHOLD, TMMatch, normalise, normalised_hash
from translate_flow.tm.tokens import band_window, index_words, length_band, length_bounds, token_id

# However rare the query's words, never more ids than this (a query of only common words).
POSTING_CAP = 2_000_000
# Units rescored with rapidfuzz, and the shares of them by the distance of their length band from
# the query's (the same band, all others). benchmarks/tm_scale.py shows what these cost and buy.
CANDIDATES = 1500
TIERS = (0.5, 0.5)
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
    "SELECT id, source_normal, source_key FROM tm_unit "
    "WHERE id {ids} AND length(source_normal) BETWEEN ? AND ?"
)
_UNITS = "SELECT id, source, target FROM tm_unit WHERE id {ids}"
_EXACT = (
    "SELECT source, target FROM tm_unit WHERE source_lang = ? AND target_lang = ? "
    "AND source_key = ? ORDER BY id DESC LIMIT 1"
)


class IndexedMemory:
    """Exact and fuzzy lookup for one language pair, reading the database per query.

    Gives the same answers as tm.memory.TranslationMemory over the same units (a later unit with
    the same normalised source replaces an earlier one), within the recall of the index.
    """

    def __init__(self, session: Session | Connection, source_lang: str, target_lang: str) -> None:
        connection = session.connection() if isinstance(session, Session) else session
        self._driver = connection.connection.driver_connection
        self._postgresql = connection.dialect.name == "postgresql"
        if not self._postgresql:
            # Candidate rows are read from all over the file; memory-mapped reads skip a system
            # call and a copy for each page.
            connection.exec_driver_sql(f"PRAGMA mmap_size = {SQLITE_MMAP}")
        self.source_lang = source_lang
        self.target_lang = target_lang

    def _rows(self, sql: str, values: list | None, *params) -> list[tuple]:
        if self._postgresql:
            sql = sql.replace("?", "%s").replace("{ids}", "= ANY(%s)")
            args: tuple = (values, *params) if values is not None else params
        else:
            sql = sql.replace("{ids}", "IN (SELECT value FROM json_each(?))")
            args = (json.dumps(values), *params) if values is not None else params
        cursor = self._driver.cursor()
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
        exact = self._rows(_EXACT, None, self.source_lang, self.target_lang, exact_key)
        if exact:
            matches.append(TMMatch(exact[0][0], exact[0][1], 100.0))
            if limit == 1:
                return matches
        candidates = self.candidates(key, threshold)
        if not candidates:
            return matches
        low, high = length_bounds(len(key), threshold)
        rows = self._rows(_NORMALS, candidates, low, high)
        scored = process.extract(
            key,
            [row[1] for row in rows],
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=None,
        )
        # A later unit with the same normalised source replaces an earlier one, as in memory.
        best: dict[str, tuple[float, int]] = {}
        for _normal, score, i in scored:
            unit_id, _, source_key = rows[i]
            if source_key == exact_key:
                continue
            if source_key not in best or unit_id > best[source_key][1]:
                best[source_key] = (score, unit_id)
        ranked = sorted(best.values(), key=lambda m: (-m[0], -m[1]))[: limit - len(matches)]
        if ranked:
            texts = {
                unit_id: (source, target)
                for unit_id, source, target in self._rows(_UNITS, [i for _, i in ranked])
            }
            matches += [TMMatch(*texts[unit_id], float(score)) for score, unit_id in ranked]
        return matches

    def candidates(self, key: str, threshold: float) -> list[int]:
        """Ids of the units most worth rescoring against the normalised query `key`."""
        words = {}
        for word in index_words(key):
            words[token_id(self.source_lang, self.target_lang, word)] = word
        if not words:
            return []
        low, high = band_window(len(key), threshold)
        query_band = length_band(len(key))
        counts = sorted(self._rows(_DF, list(words), low, high), key=lambda row: row[1])
        chosen: list[int] = []
        total = 0
        for token, units in counts:
            if total + units > POSTING_CAP and chosen:
                break
            chosen.append(token)
            total += units
        if not chosen:
            return []
        # A unit lies in one band, that of its length. Units of about the query's length can score
        # higher (the ratio is at most 2·min(n, m)/(n + m)), so the places for rescoring are
        # shared out by the distance of the band from the query's: TIERS[d] of them at distance
        # d, the last share for all farther ones; places a tier cannot fill pass to the next.
        tiers: list[list] = [[] for _ in TIERS]
        for _token, band, blob in self._rows(_POSTINGS, chosen, low, high):
            tier = min(abs(band - query_band), len(TIERS) - 1)
            tiers[tier].append(np.frombuffer(blob, dtype="<u4"))
        found: list[int] = []
        places = 0.0
        for share, arrays in zip(TIERS, tiers, strict=True):
            places += CANDIDATES * share
            found += _most_shared(arrays, round(places) - len(found))
        return found


def _most_shared(arrays: list, limit: int) -> list[int]:
    """The `limit` ids found in most of the arrays; among equal counts the newest units."""
    if not arrays or limit <= 0:
        return []
    shared = np.bincount(np.concatenate(arrays))
    levels = np.bincount(shared)
    levels[0] = 0
    # The lowest count whose units, with all those of higher counts, fit in `limit`.
    at_or_above = np.cumsum(levels[::-1])[::-1]
    fits = np.flatnonzero(at_or_above <= limit)
    cutoff = max(int(fits[0]), 1) if len(fits) else len(levels)
    best = np.flatnonzero(shared >= cutoff) if cutoff < len(levels) else np.empty(0, np.int64)
    if len(best) < limit and cutoff > 1:
        boundary = np.flatnonzero(shared == cutoff - 1)
        best = np.concatenate([best, boundary[len(best) - limit :]])
    return best.tolist()
