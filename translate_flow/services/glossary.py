"""The desk's glossary in the database: import, list, find; the matcher the checks use."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import IO

from sqlmodel import Session, delete, select

from translate_flow.errors import InputError, NotFoundError
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.locking import lock_counter, next_counter
from translate_flow.store.models import Concept as ConceptRow
from translate_flow.store.models import GlossaryChange, Meta, utcnow
from translate_flow.store.models import Term as TermRow
from translate_flow.terms.model import Concept, Term, Termbase

GLOSSARY_VERSION_KEY = "glossary_version"

# One matcher per glossary version and process: building it lemmatises every term.
_matcher_cache: dict[tuple, object] = {}


def glossary_version(session: Session) -> str:
    value = session.exec(select(Meta.value).where(Meta.key == GLOSSARY_VERSION_KEY)).first()
    return value if value is not None else "0"


def bump_glossary_version(session: Session) -> int:
    """The next glossary version, counted in the database (store/locking.next_counter): parallel
    changes get one version each, and the version is part of the MT cache key."""
    return next_counter(session, GLOSSARY_VERSION_KEY)


def lock_glossary(session: Session) -> None:
    """Make this transaction the glossary's only writer until it commits (first thing in every
    glossary change, before reading what it changes)."""
    lock_counter(session, GLOSSARY_VERSION_KEY)


def load_termbase(session: Session) -> Termbase:
    concepts = {c.id: Concept(c.id, c.subject, c.note) for c in session.exec(select(ConceptRow))}
    for t in session.exec(select(TermRow).order_by(TermRow.concept_id, TermRow.position)):
        concepts[t.concept_id].terms.append(
            Term(t.lang, t.text, t.status, t.type, t.pos, t.case_sensitive, t.note)
        )
    return Termbase(sorted(concepts.values(), key=lambda c: c.id))


def matcher_for(session: Session, langs: tuple[str, ...] | None = None):
    """The TermMatcher for the current glossary, or None when the glossary is empty.

    `langs` limits the index to the languages at hand: building the Belarusian side loads the
    hunspell dictionary, which a Russian article never needs.

    The cache is keyed by the glossary's content, not its version number: one process may open
    several databases (the tests do; so could a server) whose glossaries share a version number,
    and a change not yet committed has no settled number. Reading the glossary to fingerprint it
    costs milliseconds; building a matcher costs far more.
    """
    termbase = load_termbase(session)
    key = (_fingerprint(termbase), langs)
    if key not in _matcher_cache:
        if len(termbase) == 0:
            _matcher_cache[key] = None
        else:
            from translate_flow.terms.matcher import TermMatcher

            if len(_matcher_cache) >= _MATCHER_CACHE_SIZE:
                _matcher_cache.pop(next(iter(_matcher_cache)))
            _matcher_cache[key] = TermMatcher(termbase, langs=langs)
    return _matcher_cache[key]


_MATCHER_CACHE_SIZE = 8


def _fingerprint(termbase: Termbase) -> str:
    digest = hashlib.sha256()
    for concept in termbase:
        digest.update(json.dumps(concept_to_dict(concept), ensure_ascii=False).encode())
    return digest.hexdigest()


def concept_to_dict(concept: Concept) -> dict:
    return {
        "id": concept.id,
        "subject": concept.subject,
        "note": concept.note,
        "terms": [asdict(t) for t in concept.terms],
    }


def store_concept(session: Session, concept: Concept) -> None:
    """Write the concept and its terms (in their order), replacing what the database had."""
    row = session.get(ConceptRow, concept.id)
    if row is None:
        row = ConceptRow(id=concept.id)
    row.subject = concept.subject
    row.note = concept.note
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    session.exec(delete(TermRow).where(TermRow.concept_id == concept.id))
    for position, term in enumerate(concept.terms):
        session.add(
            TermRow(
                concept_id=concept.id,
                position=position,
                lang=term.lang,
                text=term.text,
                status=term.status,
                type=term.type,
                pos=term.pos,
                case_sensitive=term.case_sensitive,
                note=term.note,
            )
        )


def read_glossary_file(path: str) -> Termbase:
    """Read a .glossary, .tbx (v3 or 2.0, told apart by the root) or .csv file, all or nothing."""
    from translate_flow.terms.fields import MAX_GLOSSARY_BYTES

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    size = p.stat().st_size
    if size > MAX_GLOSSARY_BYTES:
        raise InputError(
            f"{path}: {size / 2**20:.0f} MB is over the {MAX_GLOSSARY_BYTES // 2**20} MB limit "
            "for glossary files; split the termbase"
        )
    suffix = p.suffix.lower()
    if suffix in (".glossary", ".txt"):
        from translate_flow.terms.textformat import load_glossary

        return load_glossary(p)
    if suffix == ".tbx":
        from translate_flow.terms.tbx import load_tbx

        return load_tbx(p)
    if suffix == ".csv":
        from translate_flow.terms.csvformat import load_csv

        return load_csv(p)
    raise InputError(
        f"{path}: unknown glossary format {suffix!r} (expected .glossary, .tbx or .csv)"
    )


GLOSSARY_EXPORT_FORMATS = ("tbx", "tbx2", "csv", "glossary")


def export_glossary(desk: Desk, fmt: str, path: str | IO[bytes]) -> dict:
    """Write the glossary as TBX-Basic v3 (tbx), TBX 2.0 (tbx2), CSV or the text format.

    Anyone who may read the desk may export. A file is written to a temporary name beside it and
    renamed, so a failed export never leaves half a glossary; `path` may also be a binary stream.
    """
    with transaction(desk.engine, write=False) as session:
        load_actor(session, desk.user_name)
        termbase = load_termbase(session)
    if fmt in ("tbx", "tbx2"):
        from translate_flow.terms.tbx import dump_tbx, dump_tbx2

        data = dump_tbx(termbase) if fmt == "tbx" else dump_tbx2(termbase)
    elif fmt == "csv":
        from translate_flow.terms.csvformat import dump_csv

        # With the byte order mark spreadsheet programs read the file as UTF-8.
        data = dump_csv(termbase).encode("utf-8-sig")
    elif fmt == "glossary":
        from translate_flow.terms.textformat import dump_glossary

        data = dump_glossary(termbase).encode("utf-8")
    else:
        raise InputError(f"unknown glossary format {fmt!r} ({', '.join(GLOSSARY_EXPORT_FORMATS)})")
    if isinstance(path, str):
        _write_atomically(Path(path), data)
    else:
        path.write(data)
    return {
        "file": path if isinstance(path, str) else "-",
        "format": fmt,
        "concepts": len(termbase),
        "terms": sum(len(c.terms) for c in termbase),
    }


def _write_atomically(path: Path, data: bytes) -> None:
    import os
    import tempfile

    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp creates the file for its owner only; give it the mode a new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {error.strerror}") from None


def import_glossary(desk: Desk, path: str, remove_missing: bool = False) -> dict:
    """Merge a glossary file into the database: report what was added, changed and removed.

    Concepts are matched by id. Importing the same file twice changes nothing. Concepts in the
    database but not in the file are only reported (`not_in_file`), since a file may hold part of
    the glossary; with `remove_missing` they are deleted, each with a GlossaryChange row.
    """
    from translate_flow.services.glossary_recheck import recheck_after_glossary_change

    incoming = read_glossary_file(path)
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        role = actor.require("glossary-change")
        lock_glossary(session)
        current = {c.id: c for c in load_termbase(session)}
        added, changed, unchanged = [], [], []
        for concept in incoming:
            before = current.get(concept.id)
            if before is not None and concept_to_dict(before) == concept_to_dict(concept):
                unchanged.append(concept.id)
                continue
            store_concept(session, concept)
            session.add(
                GlossaryChange(
                    concept_id=concept.id,
                    action="import" if before is None else "edit",
                    author=actor.name,
                    before=None if before is None else json.dumps(concept_to_dict(before)),
                    after=json.dumps(concept_to_dict(concept), ensure_ascii=False),
                )
            )
            (added if before is None else changed).append(concept.id)
        not_in_file = sorted(set(current) - {c.id for c in incoming})
        removed: list[str] = []
        if remove_missing:
            for concept_id in not_in_file:
                _remove_concept(session, actor.name, current[concept_id])
            removed, not_in_file = not_in_file, []
        if added or changed or removed:
            bump_glossary_version(session)
            audit(
                session,
                actor,
                role,
                "glossary-import",
                "glossary",
                path,
                after={"added": added, "changed": changed, "removed": removed},
            )
        return {
            "file": path,
            "added": added,
            "changed": changed,
            "removed": removed,
            "unchanged": len(unchanged),
            "not_in_file": not_in_file,
            # Open translations using the added, changed or removed concepts are checked again.
            **recheck_after_glossary_change(
                session,
                {concept_id: current.get(concept_id) for concept_id in added + changed + removed},
            ),
        }


def _remove_concept(session: Session, author: str, concept: Concept) -> None:
    session.exec(delete(TermRow).where(TermRow.concept_id == concept.id))
    session.exec(delete(ConceptRow).where(ConceptRow.id == concept.id))
    session.add(
        GlossaryChange(
            concept_id=concept.id,
            action="remove",
            author=author,
            before=json.dumps(concept_to_dict(concept), ensure_ascii=False),
            after=None,
        )
    )


def list_concepts(desk: Desk) -> list[dict]:
    with transaction(desk.engine, write=False) as session:
        return [concept_to_dict(c) for c in load_termbase(session)]


def show_concept(desk: Desk, concept_id: str) -> dict:
    with transaction(desk.engine, write=False) as session:
        termbase = load_termbase(session)
        concept = termbase.get(concept_id)
        if concept is None:
            raise NotFoundError(f"concept {concept_id!r} is not in the glossary")
        return concept_to_dict(concept)


def find_concepts(desk: Desk, text: str, lang: str | None = None) -> list[dict]:
    """Concepts whose terms occur in `text`, in any word form the matcher understands."""
    from translate_flow.text.langdetect import detect_language

    with transaction(desk.engine, write=False) as session:
        matcher = matcher_for(session)
        termbase = load_termbase(session)
    if matcher is None:
        return []
    langs = [lang] if lang else _guess_langs(text, detect_language)
    found: dict[str, dict] = {}
    for lg in langs:
        for hit in matcher.find(text, lg):
            entry = found.setdefault(hit.concept_id, concept_to_dict(termbase.get(hit.concept_id)))
            entry.setdefault("hits", []).append(
                {"lang": lg, "text": hit.text, "term": hit.term.text, "span": [hit.start, hit.end]}
            )
    return list(found.values())


def _guess_langs(text: str, detect_language) -> list[str]:
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        try:
            return [detect_language(text)]
        except InputError:
            return ["ru", "be"]
    return ["de", "en"]
