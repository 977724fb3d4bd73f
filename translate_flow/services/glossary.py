"""The desk's glossary in the database: import, list, find; the matcher the checks use."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from translate_flow.errors import InputError, NotFoundError
from translate_flow.services.context import Desk, load_actor
from translate_flow.store import glossary_rows
from translate_flow.store.db import Session, transaction
from translate_flow.store.locking import lock_counter, next_counter
from translate_flow.store.models import Concept as ConceptRow
from translate_flow.store.models import GlossaryChange, utcnow
from translate_flow.store.models import Term as TermRow
from translate_flow.terms.model import Concept, Term, Termbase

if TYPE_CHECKING:
    from translate_flow.terms.matcher import TermMatcher

GLOSSARY_VERSION_KEY = "glossary_version"

# One matcher per glossary version and process: building it lemmatises every term.
_matcher_cache: dict[tuple, TermMatcher | None] = {}


def glossary_version(session: Session) -> str:
    value = glossary_rows.meta_value(session, GLOSSARY_VERSION_KEY)
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
    concepts = {c.id: Concept(c.id, c.subject, c.note) for c in glossary_rows.concept_rows(session)}
    for t in glossary_rows.term_rows(session):
        concepts[t.concept_id].terms.append(
            Term(t.lang, t.text, t.status, t.type, t.pos, t.case_sensitive, t.note, t.derived)
        )
    return Termbase(sorted(concepts.values(), key=lambda c: c.id))


def matcher_for(session: Session, langs: tuple[str, ...] | None = None) -> TermMatcher | None:
    """The TermMatcher for the current glossary, or None when the glossary is empty.

    `langs` limits the index to the languages at hand: building the Belarusian side loads the
    hunspell dictionary, which a Russian article never needs.

    Matchers are kept by the glossary's content (glossary_digest), not its version number alone:
    one process may open several databases (the tests do; so could a server) whose glossaries
    share a version number, and a change not yet committed has no settled number. Building a
    matcher costs seconds for a big glossary, so a built one is also kept on disk between runs
    (terms/matcher_store.py) and a command only builds it after the glossary changed.
    """
    from translate_flow.terms.matcher_store import load_matcher, matcher_key, save_matcher

    digest = glossary_digest(session)
    key = (digest, langs)
    if key not in _matcher_cache:
        if digest == _EMPTY_DIGEST:
            matcher = None
        else:
            stored_key = matcher_key(digest, langs)
            matcher = load_matcher(stored_key)
            if matcher is None:
                from translate_flow.terms.matcher import TermMatcher

                matcher = TermMatcher(load_termbase(session), langs=langs)
                save_matcher(stored_key, matcher)
        if len(_matcher_cache) >= _MATCHER_CACHE_SIZE:
            _matcher_cache.pop(next(iter(_matcher_cache)))
        _matcher_cache[key] = matcher
    return _matcher_cache[key]


_MATCHER_CACHE_SIZE = 8


def terminology_for(session: Session, source_lang: str) -> Callable[[str], str]:
    """A function giving, for a source text, the digest of the glossary entries of the concepts
    found in it (mt/cache.py, terminology_digest): the part of the glossary an engine's answer
    for that text depends on."""
    from translate_flow.mt.cache import terminology_digest

    matcher = matcher_for(session, langs=(source_lang,))

    def digest(text: str) -> str:
        if matcher is None:
            return ""
        found = dict.fromkeys(hit.concept_id for hit in matcher.find(text, source_lang))
        termbase = matcher.termbase
        return terminology_digest(concept_to_dict(termbase.get(cid)) for cid in found)

    return digest


def glossary_digest(session: Session) -> str:
    """What identifies the glossary's content, read in three aggregate queries.

    Every change goes through store_concept, which stamps the concept's updated_at, or
    remove_concept, which lowers the count (and an import or edit bumps the version too): so
    the version, the counts and the newest stamp change whenever the content does, committed or
    not. Two databases agree on all of them only as copies of one another, whose glossaries are
    then the same. Hashing every row instead took 2 s with 40,000 concepts.
    """
    concepts, newest, terms = glossary_rows.glossary_counts(session)
    if not concepts:
        return _EMPTY_DIGEST
    stamp = newest.isoformat() if newest is not None else ""
    return f"v{glossary_version(session)}|{concepts}c|{terms}t|{stamp}"


_EMPTY_DIGEST = "empty"


def concept_to_dict(concept: Concept) -> dict[str, Any]:
    """The concept as the glossary history and the MT cache key store it (JSON)."""
    return {
        "id": concept.id,
        "subject": concept.subject,
        "note": concept.note,
        "terms": [asdict(t) for t in concept.terms],
    }


def same_concept(stored: Concept, incoming: Concept) -> bool:
    """Whether a file's concept says what the database holds.

    The order of terms counts within a language (the first accepted term is the one suggested),
    not across languages: TBX and CSV group a concept's terms by language, so a concept whose
    languages interleave (ru, de, ru) comes back from them grouped, and that is no change.
    """
    if (stored.id, stored.subject, stored.note) != (incoming.id, incoming.subject, incoming.note):
        return False
    return _terms_by_language(stored) == _terms_by_language(incoming)


def _terms_by_language(concept: Concept) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for term in concept.terms:
        grouped.setdefault(term.lang, []).append(asdict(term))
    return grouped


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
    glossary_rows.delete_terms(session, concept.id)
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
                derived=term.derived,
            )
        )


def read_glossary_file(path: str) -> Termbase:
    """Read a .glossary, .tbx or .tbx2 (v3 or 2.0, told apart by the root) or .csv file, all or
    nothing."""
    return read_glossary_file_with_summary(path)[0]


@dataclass
class GlossaryFileSummary:
    """What a glossary file holds: concepts, terms per language and, for TBX from other tools,
    the values mapped to TBX-Basic ones and the elements left out, with their counts."""

    concepts: int
    terms: dict[str, int]
    mapped: dict[str, int] = field(default_factory=dict)
    ignored: dict[str, int] = field(default_factory=dict)
    ids_assigned: int = 0
    # Set by an import: terms in languages the desk does not work in, left out, per language,
    # and the concepts that had no other term.
    skipped_terms: dict[str, int] = field(default_factory=dict)
    skipped_concepts: int = 0


def read_glossary_file_with_summary(path: str) -> tuple[Termbase, GlossaryFileSummary]:
    """The file's termbase and its summary: concepts, terms per language and, for TBX from other
    tools, the values mapped to TBX-Basic ones and the elements left out, with their counts."""
    termbase, report = _read_glossary_file(path)
    terms: dict[str, int] = {}
    for concept in termbase:
        for term in concept.terms:
            terms[term.lang] = terms.get(term.lang, 0) + 1
    summary = GlossaryFileSummary(
        concepts=len(termbase),
        terms=dict(sorted(terms.items())),
        mapped=dict(sorted(report.mapped.items())) if report else {},
        ignored=dict(sorted(report.ignored.items())) if report else {},
        ids_assigned=report.ids_assigned if report else 0,
    )
    return termbase, summary


def _read_glossary_file(path: str):
    from translate_flow.terms.fields import MAX_GLOSSARY_BYTES, check_termbase_texts

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

        termbase, report = load_glossary(p), None
    elif suffix in (".tbx", ".tbx2"):
        from translate_flow.terms.tbx import load_tbx_with_report

        termbase, report = load_tbx_with_report(p)
    elif suffix == ".csv":
        from translate_flow.terms.csvformat import load_csv

        termbase, report = load_csv(p), None
    else:
        raise InputError(
            f"{path}: unknown glossary format {suffix!r} (expected .glossary, .tbx, .tbx2 or .csv)"
        )
    check_termbase_texts(termbase, p.name)
    return termbase, report


GLOSSARY_EXPORT_FORMATS = ("tbx", "tbx2", "csv", "glossary")


@dataclass
class GlossaryExport:
    """A written glossary: the file ("-" for a stream), its format and what it holds."""

    file: str
    format: str
    concepts: int
    terms: int


def export_glossary(desk: Desk, fmt: str, path: str | IO[bytes]) -> GlossaryExport:
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
    return GlossaryExport(
        file=path if isinstance(path, str) else "-",
        format=fmt,
        concepts=len(termbase),
        terms=sum(len(c.terms) for c in termbase),
    )


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


def remove_concept(session: Session, author: str, concept: Concept) -> None:
    """Delete the concept and its terms, with a GlossaryChange row holding what it was."""
    glossary_rows.delete_concept(session, concept.id)
    session.add(
        GlossaryChange(
            concept_id=concept.id,
            action="remove",
            author=author,
            before=json.dumps(concept_to_dict(concept), ensure_ascii=False),
            after=None,
        )
    )


def list_concepts(desk: Desk) -> list[Concept]:
    """Every concept with its terms, by id."""
    with transaction(desk.engine, write=False) as session:
        return list(load_termbase(session))


def show_concept(desk: Desk, concept_id: str) -> Concept:
    with transaction(desk.engine, write=False) as session:
        termbase = load_termbase(session)
        concept = termbase.get(concept_id)
        if concept is None:
            raise NotFoundError(f"concept {concept_id!r} is not in the glossary")
        return concept


@dataclass
class TermHit:
    """A glossary term found in a text: the language, the words as written, the term they are a
    form of, and where they stand ([start, end] in characters)."""

    lang: str
    text: str
    term: str
    span: list[int]


@dataclass
class FoundConcept:
    """A concept whose terms occur in the text searched, with each occurrence."""

    concept: Concept
    hits: list[TermHit]

    def to_json(self) -> dict[str, Any]:
        return concept_to_dict(self.concept) | {"hits": [asdict(h) for h in self.hits]}


def find_concepts(desk: Desk, text: str, lang: str | None = None) -> list[FoundConcept]:
    """Concepts whose terms occur in `text`, in any word form the matcher understands."""
    from translate_flow.text.langdetect import detect_language

    with transaction(desk.engine, write=False) as session:
        matcher = matcher_for(session)
        termbase = load_termbase(session)
    if matcher is None:
        return []
    langs = [lang] if lang else _guess_langs(text, detect_language)
    found: dict[str, FoundConcept] = {}
    for lg in langs:
        for hit in matcher.find(text, lg):
            entry = found.setdefault(hit.concept_id, FoundConcept(termbase.get(hit.concept_id), []))
            entry.hits.append(TermHit(lg, hit.text, hit.term.text, [hit.start, hit.end]))
    return list(found.values())


def _guess_langs(text: str, detect_language: Callable[[str], str]) -> list[str]:
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        try:
            return [detect_language(text)]
        except InputError:
            return ["ru", "be"]
    return ["de", "en"]
