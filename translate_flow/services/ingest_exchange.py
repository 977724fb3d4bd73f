"""An agency's XLIFF or PO file taken in as work: `translate-flow ingest FILE.xlf|.sdlxliff|...`.

The file's units become the article's segments as the agency's tool cut them (no re-segmentation;
a Trados sentence mark is one segment), in file order, each its own paragraph unless the file
says which paragraph it belongs to. A unit's target becomes a revision with origin `imported`,
checked at once like any new revision; its status is the one the file states (a memoQ or Trados
confirmation, a lock, an XLIFF state, a PO fuzzy flag: formats/xliff.py and formats/po.py). A
target nobody confirmed is a draft (`machine-translated`). Units without a target stay to be
translated. The article is in Russian or Belarusian: the file's source language, else --lang,
else detected from the units.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from translate_flow.errors import InputError
from translate_flow.formats.exchange import PO_SUFFIXES, XLIFF_SUFFIXES
from translate_flow.formats.units import Unit
from translate_flow.langs import base_lang
from translate_flow.services.article_text import LANGS, PreparedArticle
from translate_flow.services.context import Actor
from translate_flow.store.db import Session
from translate_flow.workflow.states import (
    APPROVED,
    MACHINE_TRANSLATED,
    NEW,
    REJECTED,
    SOURCE_CHANGED,
    TRANSLATED,
)

EXCHANGE_SUFFIXES = XLIFF_SUFFIXES + PO_SUFFIXES
ORIGIN = "imported"
# Our status for a target the file brings: its own, except that a target cannot be new.
_IMPORTED_STATUS = {
    NEW: MACHINE_TRANSLATED,
    SOURCE_CHANGED: MACHINE_TRANSLATED,
    MACHINE_TRANSLATED: MACHINE_TRANSLATED,
    REJECTED: REJECTED,
    TRANSLATED: TRANSLATED,
    APPROVED: APPROVED,
}


def is_exchange_file(name: str) -> bool:
    return Path(name).suffix.lower() in EXCHANGE_SUFFIXES


@dataclass
class ExchangeWork:
    """What an exchange file brings besides its segments: the target language and the units."""

    target_lang: str
    units: list[Unit]
    format: str


def prepare_exchange(
    name: str, data: bytes | None, lang: str | None, title: str | None
) -> tuple[PreparedArticle, ExchangeWork]:
    """Read one XLIFF or PO file into a PreparedArticle (one segment per unit) and its work."""
    from translate_flow.formats.exchange import read_exchange_file
    from translate_flow.formats.original import taken_units

    if data is None:
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            raise InputError(f"{name}: cannot read the file ({error.strerror})") from None
    kind, document = read_exchange_file(data, name)
    units = taken_units(document.units)  # an XLIFF 2.0 segment is a segment, ignorables left out
    if kind == "po":
        from translate_flow.formats.po import plural_form_units

        units = plural_form_units(units)  # every msgstr[n] its own segment
    if not units:
        raise InputError(f"{name}: no unit with source text to take in")
    source_lang = _source_lang(name, document.source_lang, lang, units)
    if source_lang not in LANGS:
        raise InputError(
            f"{name}: the source language is {document.source_lang or source_lang}; "
            "translate-flow takes Russian (ru) or Belarusian (be) articles"
        )
    target_lang = base_lang(document.target_lang) if document.target_lang else ""
    if not target_lang and any(u.target is not None for u in units):
        raise InputError(f"{name}: the file has targets but names no target language")
    title_text = (title or document.title or Path(name).name).strip()
    pieces = []
    for number, unit in enumerate(units, start=1):
        paragraph = unit.paragraph if unit.paragraph is not None else number
        pieces.append((paragraph, False, unit.source, " "))
    text = "\n\n".join([title_text, *(u.source for u in units)])
    prepared = PreparedArticle(
        name, title_text, source_lang, "utf-8", kind, text, pieces, named=True, original=data
    )
    return prepared, ExchangeWork(target_lang, units, kind)


def store_targets(
    session: Session, actor: Actor, role: str, article_id: int, work: ExchangeWork, name: str
) -> dict[str, int]:
    """Add each unit's target as an imported revision of the new article's segment; counts."""
    from translate_flow.services.revisions import check_context_for, record_revision
    from translate_flow.store.lock_rows import mark_locked
    from translate_flow.store.lookups import current_segments, get_article
    from translate_flow.store.models import Translation

    article = get_article(session, article_id)
    segments = current_segments(session, article)
    context = check_context_for(session, article, work.target_lang) if work.target_lang else None
    counts: dict[str, int] = {}
    mark_locked(session, [s.id for s, u in zip(segments, work.units, strict=True) if u.locked])
    for segment, unit in zip(segments, work.units, strict=True):
        if unit.target is None or not work.target_lang:
            continue
        translation = Translation(
            segment_id=segment.id, article_id=article_id, target_lang=work.target_lang, status=NEW
        )
        session.add(translation)
        session.flush()
        status = _IMPORTED_STATUS.get(unit.state, MACHINE_TRANSLATED)
        record_revision(
            session,
            translation,
            action="import",
            text=unit.target,
            origin=ORIGIN,
            actor=actor,
            role=role,
            comment=f"imported from {name}" + (" (locked in the file)" if unit.locked else ""),
            check_context=context,
            source=segment.source,
            status=status,
        )
        counts[status] = counts.get(status, 0) + 1
    return counts


def _source_lang(name: str, in_file: str, option: str | None, units: list[Unit]) -> str:
    if in_file:
        lang = base_lang(in_file)
        if option and option != lang:
            raise InputError(f"{name}: the file's source language is {in_file}, not {option}")
        return lang
    if option:
        return option
    from translate_flow.text.langdetect import detect_language

    return detect_language("\n".join(u.source for u in units))
