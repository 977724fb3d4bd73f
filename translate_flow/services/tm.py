"""The translation memory in the database: approved translations and imported TMX files."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import IO

from translate_flow.langs import base_lang
from translate_flow.services.access import WithRestrictedUnits, privileged
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.store import tm_queries
from translate_flow.store.access import restricted_units
from translate_flow.store.db import Session, transaction
from translate_flow.store.locking import lock_counter
from translate_flow.text.controls import CONTROL, refuse_controls

# TMX units read, checked for duplicates and written together.
IMPORT_BATCH = 10_000
# The meta row every writer of the memory locks first (store/locking.lock_counter): on
# PostgreSQL two imports of one file would each find the other's units new and store them twice.
TM_WRITE_LOCK = "tm_write"
# Units after whose import PostgreSQL's tables are vacuumed at once (see vacuum_memory).
VACUUM_AFTER = 10_000


@dataclass
class ImportResult:
    """What `tm import` did: units added, already there (duplicates) and without text (skipped),
    and the language pairs of the file ("ru-de")."""

    file: str
    added: int
    duplicates: int
    without_text: int
    pairs: list[str]


@dataclass
class ReindexResult:
    units: int  # units whose index entries were written again


@dataclass
class PairUnits:
    """How many units the memory holds for one language pair."""

    source_lang: str
    target_lang: str
    units: int


@dataclass
class SearchMatch:
    source: str
    target: str
    score: float  # 100 for an exact match, else the fuzzy ratio, rounded to a tenth


@dataclass
class SearchResult:
    query: str
    matches: list[SearchMatch]  # best first


@dataclass
class ExportResult:
    units: int
    source_lang: str | None
    target_lang: str | None


def add_unit(
    session: Session,
    source_lang: str,
    target_lang: str,
    source: str,
    target: str,
    origin: str,
    created_by: str = "",
    article_id: int | None = None,
) -> bool:
    """Store and index a unit unless the memory already has this target for the same source.

    "Same source" is what the memory's exact match means (tm.memory.normalise): a unit that
    differs only in ё/е, quotes or spacing would never be found apart from the stored one.
    """
    from translate_flow.store.tm_write import MemoryWriter, NewUnit

    lock_counter(session, TM_WRITE_LOCK)
    writer = MemoryWriter(session.connection(), origin, created_by)
    added = writer.add_batch([NewUnit(source_lang, target_lang, source, target)], article_id)
    writer.finish()
    return added == 1


def import_tmx(desk: Desk, path: str) -> ImportResult:
    """Import a TMX file into the memory: all units or none.

    The file is read as a stream and written in batches (duplicates found per batch, rows and
    index postings written in bulk by store.tm_write), all in one transaction, so memory stays
    bounded and a file that breaks half-way leaves the memory as it was.
    """
    import gc
    from contextlib import closing
    from functools import lru_cache

    from translate_flow.formats.tmx import iter_tmx_batches
    from translate_flow.store.tm_write import MemoryWriter, NewUnit, bulk_writing

    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("tm-import")
        lock_counter(session, TM_WRITE_LOCK)
        writer = MemoryWriter(session.connection(), f"tmx:{path}", actor.name)
        pairs: set[tuple[str, str]] = set()
        without_text = 0
        base = lru_cache(maxsize=64)(base_lang)  # a file repeats a few language tags
        variant = lru_cache(maxsize=64)(language_variant)
        # Millions of short-lived tuples and no reference cycles: the cyclic collector would only
        # walk the live batches over and over (a tenth of the import's time).
        collecting = gc.isenabled()
        gc.disable()
        try:
            with (
                bulk_writing(session.connection()),
                closing(iter_tmx_batches(path, IMPORT_BATCH)) as batches,
            ):
                read = 0
                for batch in batches:
                    _refuse_controls_in(batch, path, read)
                    read += len(batch)
                    units = [
                        NewUnit(
                            base(source_lang),
                            base(target_lang),
                            source,
                            target,
                            variant(source_lang),
                            variant(target_lang),
                        )
                        for source_lang, target_lang, source, target in batch
                        if _has_text(source) and _has_text(target)
                    ]
                    without_text += len(batch) - len(units)
                    pairs.update((unit.source_lang, unit.target_lang) for unit in units)
                    writer.add_batch(units)
                    del batch, units  # gone before the next batch arrives, not after
                # VACUUM (ANALYZE) follows the commit of a big import; no need to analyse twice.
                writer.finish(analyse=writer.added < VACUUM_AFTER)
        finally:
            if collecting:
                gc.enable()
        audit(session, actor, role, "tm-import", "tm", path, after={"added": writer.added})
    if writer.added >= VACUUM_AFTER:
        vacuum_memory(desk.engine)
    return ImportResult(
        file=path,
        added=writer.added,
        duplicates=writer.duplicates,
        without_text=without_text,
        pairs=sorted(f"{s}-{t}" for s, t in pairs),
    )


def _tmx_entry(unit, source_lang: str, target_lang: str):
    """One unit of the shared or the restricted memory as a TMX entry."""
    from translate_flow.formats.tmx import TMEntry

    return TMEntry(
        source_lang=source_lang,
        target_lang=target_lang,
        source=unit.source,
        target=unit.target,
        created_at=unit.at,
        creator=unit.created_by or None,
    )


def _refuse_controls_in(batch: list, path: str, before: int) -> None:
    """Refuse the import (all of it: the transaction rolls back) when a unit holds a control
    character (text/controls.py): XML parsers refuse most C0 codes, but C1 codes and bidi
    overrides pass them. One search over the batch; the unit is looked for only when one is
    there."""
    if CONTROL.search("".join(source + target for _, _, source, target in batch)) is None:
        return
    for number, (_, _, source, target) in enumerate(batch, start=before + 1):
        refuse_controls(source, f"{path}: unit {number}, the source,")
        refuse_controls(target, f"{path}: unit {number}, the target,")


def language_variant(tag: str) -> str:
    """The tag as a variant to keep ("en-US", "de-AT"), or "" when it is only a base language.

    Written as BCP 47 has it (language lower case, region upper case), so en_us and en-US meet.
    """
    parts = tag.strip().replace("_", "-").split("-")
    if len(parts) < 2 or not all(parts):
        return ""
    first, *rest = parts
    return "-".join([first.lower(), *(p.upper() if len(p) == 2 else p for p in rest)])[:35]


def _has_text(text: str) -> bool:
    """A side of a memory unit is worth keeping: it has words, not only inline codes or spaces."""
    if "<" not in text:  # the common case, without a regular expression
        return not text.isspace() and bool(text)
    from translate_flow.formats.inline import without_placeholders

    return bool(without_placeholders(text).strip())


def reindex_memory(desk: Desk) -> ReindexResult:
    """Write the memory's index again from its units: the postings (tm_posting) and the lengths
    (tm_length), in one transaction. For repair: the index depends only on the units' ids and
    texts, so moving rows (VACUUM FULL, CLUSTER, a restore from a dump) does not call for it.
    """
    from translate_flow.store.tm_write import rebuild_lengths, rebuild_postings

    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("tm-import")
        lock_counter(session, TM_WRITE_LOCK)
        connection = session.connection()
        units = rebuild_postings(connection)
        rebuild_lengths(connection)
        audit(session, actor, role, "tm-reindex", "tm", "", after={"units": units})
    if units >= VACUUM_AFTER:
        vacuum_memory(desk.engine)
    return ReindexResult(units)


def vacuum_memory(engine) -> None:
    """After a big import on PostgreSQL, vacuum the memory's tables now rather than when
    autovacuum comes round: until then every lookup that reads a freshly written page also writes
    it back (to set its hint bits), which doubles the time of the first lookups."""
    tm_queries.vacuum_memory_tables(engine)


def tm_stats(desk: Desk) -> list[PairUnits]:
    """Units per language pair, in the order of the pairs."""
    with transaction(desk.engine, write=False) as session:
        return [PairUnits(*row) for row in tm_queries.units_per_pair(session)]


def tm_search(
    desk: Desk, queries: list[str], source_lang: str, target_lang: str, threshold: float, limit: int
) -> list[SearchResult]:
    from translate_flow.store.tm_index import IndexedMemory

    # The indexed memory reads only candidates from the database, so a search over a memory of
    # millions of units does not load it first.
    with transaction(desk.engine, write=False) as session:
        memory = IndexedMemory(
            session, base_lang(source_lang), base_lang(target_lang), language_variant(target_lang)
        )
        if privileged(load_actor(session, desk.user_name)):
            # Editors and admins read restricted articles, so they find their pairs too.
            memory = WithRestrictedUnits(
                memory, session, base_lang(source_lang), base_lang(target_lang)
            )
        return [
            SearchResult(
                q,
                [
                    SearchMatch(m.source, m.target, round(m.score, 1))
                    for m in memory.lookup(q, threshold=threshold, limit=limit)
                ],
            )
            for q in queries
        ]


def export_tmx(
    desk: Desk,
    output: str | IO[bytes],
    source_lang: str | None = None,
    target_lang: str | None = None,
    restricted: bool = False,
) -> ExportResult:
    """Write the memory (approved and imported units) as TMX 1.4, optionally one direction only;
    with `restricted`, the restricted part too (admins only).

    Units are streamed from the database to the file, so a memory of millions needs little memory.
    """
    from translate_flow.formats.tmx import write_tmx

    with transaction(desk.engine, write=False) as session:
        actor = load_actor(session, desk.user_name)
        if restricted:
            actor.require("tm-export-restricted")
        source = base_lang(source_lang) if source_lang else None
        target = base_lang(target_lang) if target_lang else None
        languages = tm_queries.source_languages(session, source, target)
        # TMX's header names one source language; "*all*" says the units name their own.
        header_lang = languages[0] if len(languages) == 1 else "*all*"
        rows = tm_queries.units_in_order(session, source, target)
        entries = (
            _tmx_entry(
                unit,
                unit.source_variant or unit.source_lang,
                unit.target_variant or unit.target_lang,
            )
            for unit in rows
        )
        if restricted:
            entries = chain(
                entries,
                (
                    _tmx_entry(unit, unit.source_lang, unit.target_lang)
                    for unit in restricted_units(session, source, target)
                ),
            )
        count = write_tmx(entries, header_lang, output)
        return ExportResult(count, source_lang, target_lang)
