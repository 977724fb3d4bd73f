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

import itertools
import json
import sqlite3
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from typing import NamedTuple

import numpy as np
from sqlalchemy import text
from sqlalchemy.engine import Connection

from translate_flow.tm.memory import hash_of_normalised, normalise
from translate_flow.tm.tokens import index_words, length_band, token_id

POSTING_BATCH = 200_000  # units whose postings are gathered before they are written
BULK_CACHE_KIB = 64 * 1024  # SQLite's page cache while a file is imported (see bulk_writing)
MAX_SMALL_CHUNKS = 16
SMALL_CHUNK = 1024  # units; bigger chunks (from imports) are never merged again

# Units per row of tm_length (1,920 bytes of lengths, stored in the row itself by PostgreSQL).
BLOCK_UNITS = 960
# A unit's length.
LENGTH = np.dtype("<u2")
# The first key of PostgreSQL's advisory locks on the blocks (any constant of our own).
LENGTH_LOCK = 0x746D6C6E
_UNIT_COLUMNS = (
    "id, source_lang, target_lang, source, target, source_normal, source_key, origin, "
    "created_by, at, source_variant, target_variant"
)
# Their PostgreSQL types, for binary COPY (varchar travels as text).
_UNIT_TYPES = ["int4", *["text"] * 8, "timestamptz", "text", "text"]


class NewUnit(NamedTuple):
    source_lang: str  # the base language ("de"): a memory pair is by base language
    target_lang: str
    source: str
    target: str
    # The full tag when it says more than the base ("de-AT"), else "" (migration 0009).
    source_variant: str = ""
    target_variant: str = ""


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
    """Postings gathered in memory and written as one chunk per token and band.

    Words and groups (language pair and band) are numbered in the order first met, and each word
    is hashed to its token once, at flush. A batch of units is gathered with no Python loop per
    word: its postings, as (word number, unit id) arrays, are split by group and kept so; a flush
    sorts each group's postings by word, stably, so every list keeps the order its units came in,
    and cuts them into one id list per word.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.units = 0
        self._start()

    def _start(self) -> None:
        self._words: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self._groups: defaultdict[tuple[str, str, int], int] = defaultdict(
            itertools.count().__next__
        )
        self._bands = _Bands()
        # group number -> (word numbers, unit ids) of its postings, in arrays batch by batch
        self._postings: dict[int, tuple[list[np.ndarray], list[np.ndarray]]] = {}

    def add_units(self, units: Iterable[tuple[int, str, str, str]]) -> None:
        """Add (unit id, source language, target language, normalised source) for each unit."""
        columns = list(zip(*units, strict=True))
        if not columns:
            return
        ids, sources, targets, normals = columns
        self.units += len(ids)
        words = list(map(index_words, normals))
        counts = np.fromiter(map(len, words), np.int64, len(words))
        total = int(counts.sum())
        if not total:
            return
        bands = map(self._bands.__getitem__, map(len, normals))
        groups = np.fromiter(
            map(self._groups.__getitem__, zip(sources, targets, bands, strict=True)),
            np.int32,
            len(ids),
        )
        codes = np.fromiter(
            map(self._words.__getitem__, itertools.chain.from_iterable(words)), np.int32, total
        )
        posting_groups = np.repeat(groups, counts)
        order = np.argsort(posting_groups, kind="stable")
        posting_groups = posting_groups[order]
        cuts = np.flatnonzero(posting_groups[1:] != posting_groups[:-1]) + 1
        for group, group_codes, group_ids in zip(
            posting_groups[np.concatenate(([0], cuts))].tolist(),
            np.split(codes[order], cuts),
            np.split(np.repeat(np.array(ids, np.uint32), counts)[order], cuts),
            strict=True,
        ):
            kept_codes, kept_ids = self._postings.setdefault(group, ([], []))
            kept_codes.append(group_codes)
            kept_ids.append(group_ids)

    def flush(self) -> list[tuple[int, int]]:
        """Write the gathered postings; return the (token, band) keys written."""
        columns, blobs = self._lists()
        self._start()
        self.units = 0
        tokens, bands = columns[0], columns[1]
        # In primary-key order the rows go into the table's b-tree page after page rather than
        # all over it.
        order = np.lexsort((bands, tokens))
        if len(order):
            _insert_postings(self.connection, _posting_rows(order, columns, blobs))
        return list(zip(tokens[order].tolist(), bands[order].tolist(), strict=True))

    def _lists(self) -> tuple[list[np.ndarray], list[bytes]]:
        """The id lists as columns (token, band, blob, start, end, first id) and the blobs.

        A list is ids[start:end] of its blob, the packed ids of its group sorted by word.
        """
        words = list(self._words)
        groups = list(self._groups)
        columns: list[list[np.ndarray]] = [[], [], [], [], [], []]
        blobs: list[bytes] = []
        while self._postings:
            group, (code_arrays, id_arrays) = self._postings.popitem()
            source_lang, target_lang, band = groups[group]
            codes = np.concatenate(code_arrays)
            order = np.argsort(codes, kind="stable")
            codes = codes[order]
            ids = np.concatenate(id_arrays)[order]
            del code_arrays, id_arrays, order
            starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
            tokens = [token_id(source_lang, target_lang, words[c]) for c in codes[starts].tolist()]
            for column, values in zip(
                columns,
                (
                    np.array(tokens, np.int64),
                    np.full(len(starts), band),
                    np.full(len(starts), len(blobs)),
                    starts,
                    np.append(starts[1:], len(codes)),
                    ids[starts],
                ),
                strict=True,
            ):
                column.append(values)
            blobs.append(ids.astype("<u4", copy=False).tobytes())  # little-endian, as pack_ids
        if not blobs:
            return [np.zeros(0, np.int64)] * 6, blobs
        return [np.concatenate(column) for column in columns], blobs


def _posting_rows(
    order: np.ndarray, columns: list[np.ndarray], blobs: list[bytes]
) -> Iterator[tuple[int, int, int, int, bytes]]:
    # A few thousand rows at a time: the Python objects of all of them at once would take more
    # memory than the postings themselves.
    for part in range(0, len(order), 4096):
        picked = order[part : part + 4096]
        for token, band, blob, start, end, first_id in zip(
            *(column[picked].tolist() for column in columns), strict=True
        ):
            yield token, band, first_id, end - start, blobs[blob][4 * start : 4 * end]


class _Bands(dict):
    """length_band of each text length, computed once per length."""

    def __missing__(self, length: int) -> int:
        band = self[length] = length_band(length)
        return band


def _insert_postings(connection: Connection, rows: Iterable[tuple]) -> None:
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


@contextmanager
def bulk_writing(connection: Connection) -> Iterator[None]:
    """Connection settings for adding a whole file of units.

    SQLite's page cache (2 MB by default) is raised to BULK_CACHE_KIB: the exact-match index of
    tm_unit is keyed by hashes, so every unit goes to a random page of it, and once the index
    outgrows the cache nearly every insert reads a page back and writes one out (a million units
    took a sixth longer so). The cache is set back afterwards, which frees what it held.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    previous = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):  # a broken connection must not hide the import's error
            raw.execute(f"PRAGMA cache_size = {previous}")


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
        self._next_id: int | None = None  # SQLite
        self._sequence: str | None = None  # PostgreSQL: tm_unit's id sequence
        self._analysed = 0  # units added when PostgreSQL last analysed tm_unit
        self._at = _stored_time(connection, datetime.now(UTC))

    def add_batch(self, units: Iterable[NewUnit], article_id: int | None = None) -> int:
        """Add the units that are not duplicates; return how many were added."""
        units = list(units)
        normals = [normalise(unit.source) for unit in units]
        keys = [
            (unit.source_lang, unit.target_lang, hash_of_normalised(normal), unit.target)
            for unit, normal in zip(units, normals, strict=True)
        ]
        fresh: dict[tuple[str, str, str, str], int] = {}  # key -> its first unit in the batch
        for index, key in enumerate(keys):
            fresh.setdefault(key, index)
        self.duplicates += len(keys) - len(fresh)
        for existing in self._existing(list(fresh)):
            del fresh[existing]
            self.duplicates += 1
        if not fresh:
            return 0
        ids = self._new_ids(len(fresh))
        # article_id only when there is one: the column's default is NULL anyway, and sqlite3
        # binds None through an adapter lookup, which costs more than the other columns together.
        article = () if article_id is None else (article_id,)
        rows = [
            (
                unit_id,
                *units[index][:4],
                normals[index],
                keys[index][2],
                self.origin,
                self.created_by,
                self._at,
                units[index].source_variant,
                units[index].target_variant,
                *article,
            )
            for unit_id, index in zip(ids, fresh.values(), strict=True)
        ]
        self._postings.add_units([(row[0], row[1], row[2], row[5]) for row in rows])
        self._insert_units(rows, with_article=article_id is not None)
        record_lengths(self.connection, [row[0] for row in rows], [len(row[5]) for row in rows])
        self.added += len(rows)
        if self.dialect == "postgresql" and self.added >= max(2 * self._analysed, 5000):
            # Without fresh statistics the planner takes the growing table for the empty one it
            # was and scans it for every batch's duplicates instead of using the index.
            self.connection.execute(text("ANALYZE tm_unit"))
            self._analysed = self.added
        if self._postings.units >= POSTING_BATCH:
            self._postings.flush()
        return len(rows)

    def finish(self, analyse: bool = True) -> None:
        """Write the remaining postings; merge small chunks after a small addition.

        `analyse=False` leaves PostgreSQL's statistics to the caller, who vacuums and analyses
        the tables once the transaction is committed (services.tm.vacuum_memory).
        """
        small = self._postings.units < SMALL_CHUNK
        keys = self._postings.flush()
        if small and keys:
            merge_small_chunks(self.connection, keys)
        if analyse and self.dialect == "postgresql" and self.added >= 5000:
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
            if self._sequence is None:
                self._sequence = self.connection.execute(
                    text("SELECT pg_get_serial_sequence('tm_unit', 'id')")
                ).scalar()
            # The sequence named once, not looked up for every id, and the ids in one array:
            # 10,000 ids took 85 ms as rows, 11 ms so.
            with self.connection.connection.driver_connection.cursor() as cursor:
                cursor.execute(
                    "SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)",
                    (self._sequence, count),
                )
                return cursor.fetchone()[0]
        if self._next_id is None:
            # A write that changes nothing takes SQLite's write lock, so no other writer can add
            # units between reading the largest id and inserting after it.
            self.connection.execute(text("UPDATE tm_unit SET id = id WHERE 0"))
            largest = self.connection.execute(text("SELECT max(id) FROM tm_unit")).scalar()
            self._next_id = max(largest or 0, _largest_recorded_id(self.connection)) + 1
        first, self._next_id = self._next_id, self._next_id + count
        return range(first, first + count)

    def _insert_units(self, rows: list[tuple], with_article: bool) -> None:
        columns = f"{_UNIT_COLUMNS}, article_id" if with_article else _UNIT_COLUMNS
        raw = self.connection.connection.driver_connection
        if self.dialect == "postgresql":
            # Binary: psycopg writes a row in a quarter of the time it takes to escape it as text.
            types = [*_UNIT_TYPES, "int4"] if with_article else _UNIT_TYPES
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY tm_unit ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                    copy.set_types(types)
                    for row in rows:
                        copy.write_row(row)
        else:
            marks = ", ".join("?" * len(rows[0]))
            cursor = raw.cursor()
            cursor.executemany(f"INSERT INTO tm_unit ({columns}) VALUES ({marks})", rows)
            cursor.close()


def _largest_recorded_id(connection: Connection) -> int:
    """The largest unit id tm_length has a length for (SQLite).

    A deleted unit (a merge or split removes the pairs its approval made, services/
    segmentation.py) stays in the word index until `tm reindex`. SQLite would hand its id, when
    it was the largest, to the next unit, whose postings then collide with the stale ones
    (IntegrityError: approving the article failed) or inherit its words; so ids go on from the
    largest one ever recorded."""
    row = connection.execute(
        text("SELECT block, lengths FROM tm_length ORDER BY block DESC LIMIT 1")
    ).first()
    if row is None:
        return 0
    used = np.flatnonzero(np.frombuffer(bytes(row[1]), LENGTH))
    return int(row[0]) * BLOCK_UNITS + (int(used[-1]) if used.size else 0)


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


def record_lengths(connection: Connection, ids: list[int], lengths: list[int]) -> None:
    """Store the normalised sources' lengths of new units in tm_length (migration 0005).

    A row holds the lengths of BLOCK_UNITS consecutive ids as little-endian uint16 (capped at
    65,535; 0 for an id with no unit), small enough to stay in the row on PostgreSQL.
    """
    values = np.minimum(np.asarray(lengths, np.int64), 0xFFFF).astype(LENGTH)
    _update_blocks(connection, "tm_length", "lengths", LENGTH, LENGTH_LOCK, ids, values)


def _update_blocks(
    connection: Connection,
    table: str,
    column: str,
    dtype: np.dtype,
    lock: int,
    ids: list[int],
    values: np.ndarray,
) -> None:
    """Set the values of units `ids` in a table of blocks (tm_length): one row per
    BLOCK_UNITS consecutive ids, their values packed in one column.

    The rows a batch touches are read, changed and written back; the writer holds SQLite's write
    lock already, and on PostgreSQL an advisory lock per block keeps two writers from
    overwriting each other's values.
    """
    if not len(ids):
        return
    unit_ids = np.asarray(ids, np.int64)
    blocks = unit_ids // BLOCK_UNITS
    wanted = sorted(set(blocks.tolist()))
    raw = connection.connection.driver_connection
    postgresql = connection.dialect.name == "postgresql"
    mark = "%s" if postgresql else "?"
    cursor = raw.cursor()
    try:
        if postgresql:
            for block in wanted:  # in order, so two writers cannot wait for each other
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", (lock, block))
        marks = ", ".join([mark] * len(wanted))
        cursor.execute(f"SELECT block, {column} FROM {table} WHERE block IN ({marks})", wanted)
        stored = {block: bytes(blob) for block, blob in cursor.fetchall()}
        rows = []
        for block in wanted:
            array = np.zeros(BLOCK_UNITS, dtype)
            if block in stored:
                array[:] = np.frombuffer(stored[block], dtype)
            here = blocks == block
            array[unit_ids[here] - block * BLOCK_UNITS] = values[here]
            rows.append((block, array.tobytes()))
        cursor.executemany(
            f"INSERT INTO {table} (block, {column}) VALUES ({mark}, {mark}) "
            f"ON CONFLICT (block) DO UPDATE SET {column} = excluded.{column}",
            rows,
        )
    finally:
        cursor.close()


def _all_units(connection: Connection, columns: str) -> Iterator[list]:
    """(id, columns...) of every unit, in pages by id, so the whole memory is never in Python."""
    last_id = 0
    while True:
        rows = connection.execute(
            text(f"SELECT id, {columns} FROM tm_unit WHERE id > :last ORDER BY id LIMIT 50000"),
            {"last": last_id},
        ).all()
        if not rows:
            return
        yield rows
        last_id = rows[-1][0]


def rebuild_lengths(connection: Connection) -> int:
    """Write tm_length again from every unit (after the migration, or to repair); return units."""
    connection.execute(text("DELETE FROM tm_length"))
    count = 0
    for rows in _all_units(connection, "length(source_normal)"):
        record_lengths(connection, [row[0] for row in rows], [row[1] for row in rows])
        count += len(rows)
    return count


def rebuild_postings(connection: Connection) -> int:
    """Index every unit again from tm_unit (after the migration, or to repair); return units."""
    connection.execute(text("DELETE FROM tm_posting"))
    buffer = PostingBuffer(connection)
    count = 0
    for rows in _all_units(connection, "source_lang, target_lang, source_normal"):
        buffer.add_units(rows)
        count += len(rows)
        if buffer.units >= POSTING_BATCH:
            buffer.flush()
    buffer.flush()
    return count


def remove_approved_pairs(
    connection: Connection, article_id: int, sources: Iterable[str], keep: set[str] = frozenset()
) -> int:
    """Delete the memory units that approving an article's segments with these sources made.

    Used when a translator merges or splits those segments: the old pairs were cut in the wrong
    place, and a lookup must not offer a fragment and its translation again. Both parts of the
    memory are cleared (shared and restricted). A source that is also a segment of another
    article keeps its unit, since the memory stores a pair once and that article's approval may
    be the one it stands for. The index keeps the deleted ids; lookups read units by id, so they
    are never returned (`translate-flow tm reindex` drops them). A source in `keep` (still a
    segment of the article) keeps its unit too. Returns the units deleted.
    """
    removed = 0
    for source in dict.fromkeys(sources):
        if source in keep or _in_another_article(connection, source, article_id):
            continue
        for table in ("tm_unit", "tm_restricted_unit"):
            result = connection.execute(
                text(
                    f"DELETE FROM {table} WHERE article_id = :article AND origin = 'approval' "
                    "AND source = :source"
                ),
                {"source": source, "article": article_id},
            )
            removed += result.rowcount
    return removed


def remove_superseded_approvals(
    connection: Connection,
    article_id: int,
    source_lang: str,
    target_lang: str,
    approved: dict[str, set[str]],
) -> int:
    """Delete the memory units an earlier approval of the article made for these sources whose
    target is no longer the approved one (`approved`: source -> the targets approved now).

    An editor reopened the segment and it was corrected: the old pair stays in the history, but
    the memory must not offer it next to the correction. Both parts of the memory are cleared;
    units of other articles and of imports stay, and so does a pair whose source is also a
    segment of another article (the memory stores a pair once; that article's approval may be
    the one it stands for, as in `remove_approved_pairs`). Returns the units deleted.

    The shared memory is read through its exact-match index (the sources' keys), the restricted
    part by article: an approval reads only its own sentences' units.
    """
    from translate_flow.langs import base_lang

    if not approved:
        return 0
    langs = sorted({target_lang, base_lang(target_lang)})
    keys = sorted({hash_of_normalised(normalise(source)) for source in approved})
    lang_marks = ", ".join(f":lang{i}" for i in range(len(langs)))
    key_marks = ", ".join(f":key{i}" for i in range(len(keys)))
    params = {"article": article_id, "source_lang": base_lang(source_lang)}
    params |= {f"lang{i}": lang for i, lang in enumerate(langs)}
    stale: list[tuple[str, int, str]] = []
    for table, where in (
        ("tm_unit", f"source_lang = :source_lang AND source_key IN ({key_marks})"),
        ("tm_restricted_unit", "1 = 1"),
    ):
        rows = connection.execute(
            text(
                f"SELECT id, source, target FROM {table} WHERE {where} "
                f"AND target_lang IN ({lang_marks}) AND article_id = :article "
                "AND origin = 'approval'"
            ),
            params | ({f"key{i}": key for i, key in enumerate(keys)} if "key" in where else {}),
        ).all()
        stale += [
            (table, unit_id, source)
            for unit_id, source, target in rows
            if source in approved and target not in approved[source]
        ]
    removed = 0
    for table, unit_id, source in stale:
        if not _in_another_article(connection, source, article_id):
            connection.execute(text(f"DELETE FROM {table} WHERE id = :id"), {"id": unit_id})
            removed += 1
    return removed


def _in_another_article(connection: Connection, source: str, article_id: int) -> bool:
    """Is `source` also a segment of another article? (The memory stores a pair once: that
    article's approval may be the one the unit stands for.)"""
    found = connection.execute(
        text("SELECT 1 FROM segment WHERE source = :source AND article_id <> :article LIMIT 1"),
        {"source": source, "article": article_id},
    ).first()
    return found is not None
