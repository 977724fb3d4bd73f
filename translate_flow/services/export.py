"""Exporting an article's translation: a rebuilt article (txt, md, html, docx) or an exchange file
(po, xliff, xliff12, tmx).

Without --draft only an approved translation leaves the desk. A draft article (txt, md, html, docx)
opens with a notice that it is not approved and how many sentences are not translated or not
checked, and shows a sentence that has no translation yet as its source in brackets, so nobody
mistakes the gap or the machine's text for finished work. Exchange files carry each unit's state.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from translate_flow.errors import InputError, StateError
from translate_flow.services.access import readable_article
from translate_flow.services.approve import is_approved
from translate_flow.services.context import Desk, load_actor
from translate_flow.store.db import Session, transaction
from translate_flow.store.lookups import (
    current_segments,
    current_version,
    dismissed_findings,
    open_findings,
    translations_by_segment,
)
from translate_flow.store.models import Article, ArticleVersion, Revision, Segment, Translation
from translate_flow.store.review_queries import revisions_by_id, sources_by_segment
from translate_flow.workflow.states import (
    APPROVED,
    MACHINE_TRANSLATED,
    NEW,
    REJECTED,
    SOURCE_CHANGED,
    TRANSLATED,
)

if TYPE_CHECKING:
    from translate_flow.formats.article import DraftNotice

ARTICLE_FORMATS = ("txt", "md", "html", "docx")
EXCHANGE_FORMATS = ("po", "xliff", "xliff12", "tmx", "original")
FORMATS = ARTICLE_FORMATS + EXCHANGE_FORMATS
# Formats that are not text: the command line writes them to a file only.
BINARY_FORMATS = ("docx",)
# A TMX export is a memory for reuse: only sentences a person has accepted go in, never a machine
# draft, even in a --draft export.
_TMX_STATUSES = (TRANSLATED, APPROVED)


# The format a file name's suffix asks for (XLIFF 2.0 for .xlf; 1.2 only with --format xliff12).
_SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".po": "po",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tmx": "tmx",
}


def format_for_path(path: str) -> str:
    """The export format the suffix of `path` names; an InputError for any other suffix."""
    import os

    suffix = os.path.splitext(path)[1].lower()
    if suffix not in _SUFFIX_FORMATS:
        known = " ".join(sorted(_SUFFIX_FORMATS))
        raise InputError(
            f"cannot tell the format from {path!r}: give --format, or a file name ending in {known}"
        )
    return _SUFFIX_FORMATS[suffix]


@dataclass
class _Row:
    """One segment of the current version with its translation and current revision."""

    segment: Segment
    translation: Translation | None
    revision: Revision | None

    @property
    def target(self) -> str | None:
        return self.revision.text if self.revision is not None else None


def export_article(desk: Desk, article_id: int, lang: str, fmt: str, draft: bool = False) -> bytes:
    """The article's `lang` translation in format `fmt`, as the bytes of the file."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    with transaction(desk.engine) as session:
        article = readable_article(session, load_actor(session, desk.user_name), article_id)
        approved = is_approved(session, article, lang)
        if not draft and not approved:
            raise StateError(
                f"article {article_id} is not approved in {lang}; "
                "approve it first, or export a draft with --draft"
            )
        version = current_version(session, article)
        rows = _rows(session, article, lang)
        if all(row.translation is None for row in rows):
            raise StateError(f"article {article_id} has no {lang} translation")
        if fmt in ARTICLE_FORMATS:
            machine = _machine_texts(session, rows) if fmt == "html" else None
            notice = None if approved else _draft_notice(rows)
            return _article(article, rows, lang, fmt, machine, notice)
        if fmt == "tmx":
            return _tmx(article, rows, lang)
        if fmt == "original":
            return _original(article, version, rows, lang)
        return _exchange(session, article, version, rows, lang, fmt)


def _original(article: Article, version: ArticleVersion, rows: list[_Row], lang: str) -> bytes:
    """The agency's file the version was ingested from, with our targets and states written in."""
    from translate_flow.formats.original import write_original
    from translate_flow.langs import base_lang

    if version.original is None:
        raise InputError(
            f"article {article.id} was not ingested from an XLIFF or PO file: "
            "it has no original to write back"
        )
    name = version.source_name or f"article-{article.id}"
    _check_original_lang(version.original, name, version.format, lang, base_lang)
    # A unit the agency locked goes back as it came (services/locks.py): no target of ours.
    targets = [
        (
            None if row.segment.locked else row.target,
            row.translation.status if row.translation is not None else NEW,
        )
        for row in rows
    ]
    return write_original(version.original, name, version.format, targets)


def _check_original_lang(
    data: bytes, name: str, kind: str, lang: str, base_lang: Callable[[str], str]
) -> None:
    from translate_flow.formats.exchange import read_exchange_documents

    documents = read_exchange_documents(data, name)[1]
    in_file = documents[0].target_lang
    if in_file and base_lang(in_file) != base_lang(lang):
        raise InputError(f"{name} is a file for {in_file}; export it with --lang {in_file}")


def _rows(session: Session, article: Article, lang: str) -> list[_Row]:
    segments = current_segments(session, article)
    translations = translations_by_segment(session, [s.id for s in segments], lang)
    revision_ids = [t.current_revision_id for t in translations.values() if t.current_revision_id]
    revisions = revisions_by_id(session, revision_ids)
    rows = []
    for segment in segments:
        translation = translations.get(segment.id)
        revision = (
            revisions.get(translation.current_revision_id) if translation is not None else None
        )
        rows.append(_Row(segment, translation, revision))
    return rows


# Articles


def _draft_notice(rows: list[_Row]) -> DraftNotice:
    """What a draft's reader must know: how many sentences are not translated or not checked."""
    from translate_flow.formats.article import DraftNotice

    notice = DraftNotice(total=len(rows))
    for row in rows:
        status = row.translation.status if row.translation is not None else NEW
        if not row.target:
            notice.untranslated += 1
        elif status == MACHINE_TRANSLATED:
            notice.machine += 1
        elif status == REJECTED:
            notice.rejected += 1
        elif status == SOURCE_CHANGED:
            notice.source_changed += 1
    return notice


def _machine_texts(session: Session, rows: list[_Row]) -> dict[int, str]:
    """Per segment, the machine translation its current text was post-edited from, looking
    through source updates (services/lineage.py); segments no engine translated are left out."""
    from translate_flow.services.lineage import lineages, machine_baseline

    translations = [row.translation for row in rows if row.translation is not None]
    history = lineages(session, translations)
    result = {}
    for translation in translations:
        revisions = history.get(translation.id, [])
        index = machine_baseline(revisions)
        if index is not None:
            result[translation.segment_id] = revisions[index].text
    return result


def _article(
    article: Article,
    rows: list[_Row],
    lang: str,
    fmt: str,
    machine: dict[int, str] | None = None,
    notice: DraftNotice | None = None,
) -> bytes:
    """`machine` (segment id -> machine translation) makes the HTML page show the changes;
    `notice` opens the text of a translation that is not approved."""
    from translate_flow.formats import article as writers

    title: list[str] = []
    title_machine: list[str] = []
    paragraphs: dict[int, list[str]] = {}
    source_paragraphs: dict[int, list[str]] = {}
    machine_paragraphs: dict[int, list[str | None]] = {}
    blocks: dict[int, str] = {}
    for row in rows:
        segment = row.segment
        piece = row.target if row.target else f"[{segment.source}]"
        mt = machine.get(segment.id) if machine is not None and row.target else None
        if segment.is_title:
            title.append(piece)
            title_machine.append(piece if mt is None else mt)
        else:
            paragraphs.setdefault(segment.paragraph, []).append(piece)
            blocks.setdefault(segment.paragraph, segment.block)
            source_paragraphs.setdefault(segment.paragraph, []).append(segment.source)
            machine_paragraphs.setdefault(segment.paragraph, []).append(mt)
    order = sorted(paragraphs)
    # HTML and DOCX are read by an editor checking the translation: source beside target.
    side_by_side = fmt in ("html", "docx")
    export = writers.ArticleExport(
        title=" ".join(title) or None,
        paragraphs=[paragraphs[k] for k in order],
        lang=lang,
        source_paragraphs=[source_paragraphs[k] for k in order] if side_by_side else None,
        source_lang=article.source_lang,
        draft=notice,
        blocks=[blocks[k] for k in order],
    )
    if machine:
        export.machine_paragraphs = [machine_paragraphs[k] for k in order]
        export.machine_title = " ".join(title_machine) or None
    if fmt == "docx":
        buffer = io.BytesIO()
        writers.write_docx(export, buffer)
        return buffer.getvalue()
    write = {"txt": writers.write_txt, "md": writers.write_md, "html": writers.write_html}[fmt]
    return write(export).encode("utf-8")


# Exchange files


def _exchange(
    session: Session,
    article: Article,
    version: ArticleVersion,
    rows: list[_Row],
    lang: str,
    fmt: str,
) -> bytes:
    from translate_flow.formats.units import Document, Unit

    previous_ids = [row.segment.previous_id for row in rows if row.segment.previous_id]
    previous = sources_by_segment(session, previous_ids)
    units = []
    for row in rows:
        segment, translation = row.segment, row.translation
        old_source = previous.get(segment.previous_id) if segment.previous_id else None
        units.append(
            Unit(
                id=str(segment.id),
                source=segment.source,
                target=row.target,
                state=translation.status if translation is not None else NEW,
                notes=_finding_notes(session, translation),
                previous_source=old_source if old_source != segment.source else None,
                paragraph=segment.paragraph,
                revision=translation.current_revision_id if translation is not None else None,
            )
        )
    # The file names the article by the source's own title; a display name (--title, or one
    # derived from the lead) is the desk's label for lists and never leaves the desk.
    title = " ".join(row.segment.source for row in rows if row.segment.is_title) or None
    doc = Document(
        article_id=str(article.id),
        title=title,
        source_lang=article.source_lang,
        target_lang=lang,
        units=units,
        version=version.n,
    )
    if fmt == "po":
        from translate_flow.formats.po import write_po

        date, translator = _last_change(rows)
        return write_po(doc, revision_date=date, translator=translator).encode("utf-8")
    from translate_flow.formats.xliff import write_xliff

    return write_xliff(doc, "2.0" if fmt == "xliff" else "1.2")


def _finding_notes(session: Session, translation: Translation | None) -> list[str]:
    """Open findings, then dismissed ones with who dismissed them and why (XLIFF notes, PO
    translator comments): a reviewer in a CAT tool sees that the desk judged them right."""
    if translation is None:
        return []
    notes = [
        f"finding {f.id}: {f.severity} {f.check}: {f.message}"
        for f in open_findings(session, translation)
    ]
    for f in dismissed_findings(session, translation):
        notes.append(
            f"finding {f.id} dismissed by {f.dismissed_by} ({f.dismissed_role}, "
            f"{f.dismissed_at:%Y-%m-%d}): {f.dismissed_reason} — {f.severity} {f.check}: "
            f"{f.message}"
        )
    return notes


def _last_change(rows: list[_Row]) -> tuple[datetime | None, str | None]:
    """When the translation last changed and who changed it: PO's Revision-Date and Translator."""
    revisions = [row.revision for row in rows if row.revision is not None]
    if not revisions:
        return None, None
    newest = max(revisions, key=lambda r: (r.at, r.id))
    return newest.at, newest.author or None


def _tmx(article: Article, rows: list[_Row], lang: str) -> bytes:
    from translate_flow.formats.tmx import TMEntry, write_tmx

    entries = [
        TMEntry(
            source_lang=article.source_lang,
            target_lang=lang,
            source=row.segment.source,
            target=row.target,
            created_at=row.revision.at,
            creator=row.revision.author or None,
        )
        for row in rows
        if row.target and row.translation is not None and row.translation.status in _TMX_STATUSES
    ]
    buffer = io.BytesIO()
    write_tmx(entries, article.source_lang, buffer)
    return buffer.getvalue()
