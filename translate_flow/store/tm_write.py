"""Writing translation-memory units and their index (table tm_posting), in bulk or one by one.

The index (migration 0004) holds, for each token of a language pair (tm/tokens.py) and each length
band, the ids of the units that contain it, as packed 32-bit integers:

    tm_posting(token, band, first_id, units, ids)   primary key (token, band, first_id)

A row is one chunk of such a list. A bulk import writes one chunk per token and band for every
`POSTING_BATCH` units, so a million units become a few million rows instead of fifteen million
(token, unit) pairs, and a lookup reads a few hundred rows. Units added one at a time (approvals)
make small chunks; once a token and band has more than `MAX_SMALL_CHUNKS` of them they are merged
into one, so a lookup never reads thousands of tiny rows.

Everything runs on the caller's connection and transaction: an import that fails leaves neither
units nor postings behind. Rows go through the driver directly (sqlite3 executemany, psycopg
COPY): SQLAlchemy's per-row work would cost more than the database's.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from translate_flow.tm.memory import hash_of_normalised, normalise
from translate_flow.tm.tokens import index_words, length_band, token_id

POSTING_BATCH = 200_000  # units whose postings are gathered before they are written
MAX_SMALL_CHUNKS = 16
SMALL_CHUNK = 1024  # units; bigger chunks (from imports) are never merged again

_UNIT_COLUMNS = (
    "id, source_lang, target_lang, source, target, source_normal, source_key, origin, "
    "article_id, created_by, at"
)


@dataclass(frozen=True, slots=True)
class NewUnit:
    source_lang: str
    target_lang: str
    source: str
    target: str


def pack_ids(ids: array) -> bytes:
    if sys.byteorder == "big":  # stored little-endian, so a database file moves between machines
        ids = array("I", ids)
        ids.byteswap()
    return ids.tobytes()


def unpack_ids(blob: bytes) -> array:
    ids = array("I")
    ids.frombytes(blob)
    if sys.byteorder == "big":
        ids.byteswap()
    return ids


class PostingBuffer:
    """Postings gathered in memory and written as one chunk per token and band."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        # (source_lang, target_lang, band) -> word -> ids. Keyed by the word, not its hash: a
        # batch hashes each distinct word once, at flush, instead of every occurrence.
        self._lists: dict[tuple[str, str, int], dict[str, array]] = {}
        self.units = 0

    def add(self, unit_id: int, source_lang: str, target_lang: str, normal: str) -> None:
        key = (source_lang, target_lang, length_band(len(normal)))
        lists = self._lists.get(key)
        if lists is None:
            lists = self._lists[key] = {}
        for word in index_words(normal):
            ids = lists.get(word)
            if ids is None:
                ids = lists[word] = array("I")
            ids.append(unit_id)
        self.units += 1

    def flush(self) -> list[tuple[int, int]]:
        """Write the gathered postings; return the (token, band) keys written."""
        rows = [
            (token_id(source_lang, target_lang, word), band, ids[0], len(ids), pack_ids(ids))
            for (source_lang, target_lang, band), lists in self._lists.items()
            for word, ids in lists.items()
        ]
        self._lists = {}
        self.units = 0
        _insert_postings(self.connection, rows)
        return [(token, band) for token, band, *_ in rows]


def _insert_postings(connection: Connection, rows: list[tuple]) -> None:
    if not rows:
        return
    raw = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor:
            with cursor.copy(
                "COPY tm_posting (token, band, first_id, units, ids) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int8", "int2", "int8", "int4", "bytea"])
                for row in rows:
                    copy.write_row(row)
    else:
        cursor = raw.cursor()
        cursor.executemany(
            "INSERT INTO tm_posting (token, band, first_id, units, ids) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        cursor.close()


class MemoryWriter:
    """Adds units to the memory in the caller's transaction, skipping duplicates in bulk.

    A duplicate is a unit whose language pair, normalised source (tm.memory.normalised_hash) and
    target the memory already has, from before or earlier in the same run. Duplicates are found
    with one query per batch, not per unit.
    """

    def __init__(self, connection: Connection, origin: str, created_by: str = "") -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self.origin = origin
        self.created_by = created_by
        self.added = 0
        self.duplicates = 0
        self._postings = PostingBuffer(connection)
        self._next_id: int | None = None
        self._analysed = 0  # units added when PostgreSQL last analysed tm_unit
        self._at = _stored_time(connection, datetime.now(UTC))

    def add_batch(self, units: Iterable[NewUnit], article_id: int | None = None) -> int:
        """Add the units that are not duplicates; return how many were added."""
        fresh: dict[tuple[str, str, str, str], tuple[NewUnit, str]] = {}
        for unit in units:
            normal = normalise(unit.source)
            key = (unit.source_lang, unit.target_lang, hash_of_normalised(normal), unit.target)
            if key in fresh:
                self.duplicates += 1
            else:
                fresh[key] = (unit, normal)
        for existing in self._existing(list(fresh)):
            del fresh[existing]
            self.duplicates += 1
        if not fresh:
            return 0
        ids = self._new_ids(len(fresh))
        rows = []
        for unit_id, ((src, tgt, source_key, _), (unit, normal)) in zip(
            ids, fresh.items(), strict=True
        ):
            rows.append(
                (
                    unit_id,
                    src,
                    tgt,
                    unit.source,
                    unit.target,
                    normal,
                    source_key,
                    self.origin,
                    article_id,
                    self.created_by,
                    self._at,
                )
            )
            self._postings.add(unit_id, src, tgt, normal)
        self._insert_units(rows)
        self.added += len(rows)
        if self.dialect == "postgresql" and self.added >= max(2 * self._analysed, 5000):
            # Without fresh statistics the planner takes the growing table for the empty one it
            # was and scans it for every batch's duplicates instead of using the index.
            self.connection.execute(text("ANALYZE tm_unit"))
            self._analysed = self.added
        if self._postings.units >= POSTING_BATCH:
            self._postings.flush()
        return len(rows)

    def finish(self) -> None:
        """Write the remaining postings; merge small chunks after a small addition."""
        small = self._postings.units < SMALL_CHUNK
        keys = self._postings.flush()
        if small and keys:
            merge_small_chunks(self.connection, keys)
        if self.dialect == "postgresql" and self.added >= 5000:
            self.connection.execute(text("ANALYZE tm_unit, tm_posting"))

    def _existing(self, keys: list[tuple[str, str, str, str]]) -> Iterator[tuple]:
        by_pair: dict[tuple[str, str], set[str]] = {}
        for src, tgt, source_key, _ in keys:
            by_pair.setdefault((src, tgt), set()).add(source_key)
        wanted = set(keys)
        for (src, tgt), source_keys in by_pair.items():
            if self.dialect == "postgresql":
                match, value = "source_key = ANY(:keys)", sorted(source_keys)
            else:
                match, value = (
                    "source_key IN (SELECT value FROM json_each(:keys))",
                    json.dumps(sorted(source_keys)),
                )
            rows = self.connection.execute(
                text(
                    "SELECT source_key, target FROM tm_unit WHERE source_lang = :s "
                    f"AND target_lang = :t AND {match}"
                ),
                {"s": src, "t": tgt, "keys": value},
            )
            for source_key, target in rows:
                key = (src, tgt, source_key, target)
                if key in wanted:
                    wanted.discard(key)
                    yield key

    def _new_ids(self, count: int) -> range | list[int]:
        if self.dialect == "postgresql":
            return list(
                self.connection.execute(
                    text(
                        "SELECT nextval(pg_get_serial_sequence('tm_unit', 'id')) "
                        "FROM generate_series(1, :n)"
                    ),
                    {"n": count},
                ).scalars()
            )
        if self._next_id is None:
            # A write that changes nothing takes SQLite's write lock, so no other writer can add
            # units between reading the largest id and inserting after it.
            self.connection.execute(text("UPDATE tm_unit SET id = id WHERE 0"))
            largest = self.connection.execute(text("SELECT max(id) FROM tm_unit")).scalar()
            self._next_id = (largest or 0) + 1
        first, self._next_id = self._next_id, self._next_id + count
        return range(first, first + count)

    def _insert_units(self, rows: list[tuple]) -> None:
        raw = self.connection.connection.driver_connection
        if self.dialect == "postgresql":
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY tm_unit ({_UNIT_COLUMNS}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            cursor = raw.cursor()
            cursor.executemany(
                f"INSERT INTO tm_unit ({_UNIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            cursor.close()


def _stored_time(connection: Connection, moment: datetime):
    """The value the driver stores for `moment` in tm_unit.at, as SQLAlchemy would write it."""
    from translate_flow.store.models import TMUnit

    column_type = TMUnit.__table__.c.at.type.dialect_impl(connection.dialect)
    process = column_type.bind_processor(connection.dialect)
    return process(moment) if process else moment


def merge_small_chunks(connection: Connection, keys: list[tuple[int, int]]) -> int:
    """Merge the small chunks of each (token, band) in `keys` that has too many; return merges."""
    merged = 0
    for token, band in keys:
        rows = connection.execute(
            text(
                "SELECT first_id, ids FROM tm_posting WHERE token = :token AND band = :band "
                "AND units < :small ORDER BY first_id"
            ),
            {"token": token, "band": band, "small": SMALL_CHUNK},
        ).all()
        if len(rows) <= MAX_SMALL_CHUNKS:
            continue
        ids = array("I")
        for _first, blob in rows:
            ids.extend(unpack_ids(blob))
        connection.execute(
            text("DELETE FROM tm_posting WHERE token = :token AND band = :band AND units < :small"),
            {"token": token, "band": band, "small": SMALL_CHUNK},
        )
        _insert_postings(connection, [(token, band, ids[0], len(ids), pack_ids(ids))])
        merged += 1
    return merged


def rebuild_postings(connection: Connection) -> int:
    """Index every unit again from tm_unit (after the migration, or to repair); return units."""
    connection.execute(text("DELETE FROM tm_posting"))
    buffer = PostingBuffer(connection)
    count = 0
    last_id = 0
    while True:
        # Pages by id, so the whole memory is never in Python at once.
        rows = connection.execute(
            text(
                "SELECT id, source_lang, target_lang, source_normal FROM tm_unit "
                "WHERE id > :last ORDER BY id LIMIT 50000"
            ),
            {"last": last_id},
        ).all()
        if not rows:
            break
        for unit_id, src, tgt, normal in rows:
            buffer.add(unit_id, src, tgt, normal)
        count += len(rows)
        last_id = rows[-1][0]
        if buffer.units >= POSTING_BATCH:
            buffer.flush()
    buffer.flush()
    return count
