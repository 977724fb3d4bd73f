"""Importing a translator's XLIFF or PO file back: the round trip of an exported article.

Each unit of the file is one segment (its id is the segment id). The revision id the export wrote
into the unit tells whether the translation was changed in the database since: if so, the unit is a
conflict and the database keeps its text. A changed target becomes a new revision by the importing
user, through the same path as `segment edit`; an unchanged target is left alone.

The whole file is read and checked before anything is written, and written in one transaction: a
file for another article version, or a broken file, imports nothing; so does a file that would
change an approved translation when a translator imports it (an editor reopens it first).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from translate_flow.errors import InputError, NotFoundError, StateError
from translate_flow.formats.exchange import read_exchange_file
from translate_flow.formats.units import Document
from translate_flow.langs import check_language, desk_languages
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.services.locks import refuse_locked
from translate_flow.services.review import edit_role, load_translation
from translate_flow.services.revisions import check_context_for, record_revision
from translate_flow.store.db import transaction
from translate_flow.store.locking import lock_article
from translate_flow.store.lookups import (
    current_segments,
    current_text,
    get_article,
    translations_by_segment,
)
from translate_flow.text.controls import one_line, refuse_controls
from translate_flow.text.limits import MAX_SEGMENT_CHARS, refuse_oversized


@dataclass
class UpdatedUnit:
    """A unit whose target became a new revision of its segment."""

    segment: int
    revision: int


@dataclass
class Conflict:
    """A unit whose segment changed in the database since the export: the database keeps its
    text. The revisions are the one the file was exported from and the current one."""

    segment: int
    file_revision: int | None
    database_revision: int | None


@dataclass
class ImportReport:
    """What an import did, unit by unit."""

    file: str
    format: str
    article: int
    version: int
    lang: str
    updated: list[UpdatedUnit] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # unit ids that are no segment of the version
    missing: list[int] = field(default_factory=list)  # segments of the version not in the file
    empty: list[int] = field(default_factory=list)  # units without a target: nothing to import

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def import_file(desk: Desk, path: str) -> ImportReport:
    """Import the translations of an exchange file as new revisions; see the module docstring."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror})") from None
    kind, doc = read_exchange_file(data, path)
    return import_document(desk, doc, path, kind)


def import_document(desk: Desk, doc: Document, name: str, kind: str) -> ImportReport:
    """Import the targets of a document read from an exchange file called `name`."""
    duplicates = doc.duplicate_ids()
    if duplicates:
        unit_id, positions = next(iter(duplicates.items()))
        more = f" (and {len(duplicates) - 1} more ids)" if len(duplicates) > 1 else ""
        raise InputError(
            f"{name}: unit id {unit_id!r} is given to units {', '.join(map(str, positions))}"
            f"{more}; each unit needs its own id, nothing was imported"
        )
    for unit in doc.units:
        if unit.target:
            refuse_controls(unit.target, f"{name}: the target of unit {unit.id!r}")
            refuse_oversized(
                unit.target, f"{name}: the target of unit {unit.id!r}", MAX_SEGMENT_CHARS
            )
    article_id = _article_id(doc, name)
    lang = doc.target_lang.strip()
    if not lang:
        raise InputError(f"{name}: the file names no target language")
    lang = check_language(lang, desk_languages(desk.config), f"{name}: target language")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("edit")
        try:
            article = get_article(session, article_id)
        except NotFoundError:
            raise NotFoundError(f"{name}: article {article_id} does not exist") from None
        lock_article(session, article.id)  # PostgreSQL: imports of one article take turns
        if doc.version is not None and doc.version != article.current_version:
            raise InputError(
                f"{name}: the file is for version {doc.version} of article {article_id}, "
                f"which is now at version {article.current_version}; export it again"
            )
        segments = {s.id: s for s in current_segments(session, article)}
        report = ImportReport(name, kind, article.id, article.current_version, lang)
        units = []
        seen: set[int] = set()
        for unit in doc.units:
            segment_id = int(unit.id) if unit.id.isdigit() else None
            if segment_id not in segments or segment_id in seen:
                report.unknown.append(unit.id)
                continue
            seen.add(segment_id)
            units.append((segments[segment_id], unit))
        report.missing = [s for s in segments if s not in seen]
        if not units:
            raise InputError(
                f"{name}: no unit of the file is a segment of article {article_id} "
                f"version {article.current_version}"
            )
        translations = translations_by_segment(session, [s.id for s, _ in units], lang)
        context = check_context_for(session, article, lang, desk.config)
        comment = f"imported from {Path(name).name}"
        for segment, unit in units:
            translation = translations.get(segment.id)
            database_revision = translation.current_revision_id if translation else None
            if unit.revision != database_revision:
                report.conflicts.append(Conflict(segment.id, unit.revision, database_revision))
                continue
            # A CAT tool may wrap a target: its line breaks become spaces, as in `segment edit`.
            text = one_line(unit.target or "")
            if not text:
                report.empty.append(segment.id)
                continue
            before = current_text(session, translation)
            # Compared without outer spaces: edits store stripped text, and a CAT tool may trim.
            if text == (before or "").strip():
                report.unchanged.append(segment.id)
                continue
            # All or nothing, like an approved one: the file changes a unit the agency locked.
            refuse_locked(segment, f"changed by {name}; nothing was imported")
            _, _, translation = load_translation(session, segment.id, lang, create=True)
            old_status = translation.status
            try:
                unit_role = edit_role(actor, role, translation, article.id)
            except StateError as refused:
                # All or nothing: the whole import is refused, nothing of it is stored.
                raise StateError(f"{name}: {refused}") from None
            revision = record_revision(
                session,
                translation,
                action="edit",
                text=text,
                origin="human",
                actor=actor,
                role=unit_role,
                comment=comment,
                check_context=context,
                source=segment.source,
            )
            audit(
                session,
                actor,
                unit_role,
                "edit",
                "segment",
                segment.id,
                article.id,
                {"status": old_status, "text": before},
                {"status": translation.status, "text": text, "revision": revision.id},
            )
            report.updated.append(UpdatedUnit(segment.id, revision.id))
        audit(
            session,
            actor,
            role,
            "import",
            "article",
            article.id,
            article.id,
            after={k: v for k, v in report.to_dict().items() if k != "unchanged"},
        )
        return report


def _article_id(doc: Document, name: str) -> int:
    value = (doc.article_id or "").strip()
    if not value.isdigit():
        raise InputError(
            f"{name}: the file does not name a translate-flow article "
            f"(article id {value!r}); import only files exported by 'translate-flow export'"
        )
    return int(value)
