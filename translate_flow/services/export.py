"""Exporting an article's translation: rebuilt text (txt, md) or an exchange file (po)."""

from __future__ import annotations

from translate_flow.errors import InputError, StateError
from translate_flow.services.approve import is_approved
from translate_flow.services.context import Desk, load_actor
from translate_flow.services.queries import (
    current_segments,
    current_text,
    current_version,
    get_article,
    translations_by_segment,
)
from translate_flow.store.db import transaction
from translate_flow.store.models import Segment

ARTICLE_FORMATS = ("txt", "md")
EXCHANGE_FORMATS = ("po",)
FORMATS = ARTICLE_FORMATS + EXCHANGE_FORMATS


def export_article(desk: Desk, article_id: int, lang: str, fmt: str, draft: bool = False) -> bytes:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    with transaction(desk.engine) as session:
        load_actor(session, desk.user_name)
        article = get_article(session, article_id)
        if not draft and not is_approved(session, article, lang):
            raise StateError(
                f"article {article_id} is not approved in {lang}; "
                "approve it first, or export a draft with --draft"
            )
        version = current_version(session, article)
        segments = current_segments(session, article)
        translations = translations_by_segment(session, [s.id for s in segments], lang)
        if not translations:
            raise StateError(f"article {article_id} has no {lang} translation")
        if fmt in ARTICLE_FORMATS:
            return _article_text(session, article, segments, translations, lang, fmt)
        return _exchange(session, article, version, segments, translations, lang, fmt)


def _article_text(session, article, segments: list[Segment], translations, lang, fmt) -> bytes:
    from translate_flow.formats.article import ArticleExport, write_md, write_txt

    title: list[str] = []
    paragraphs: dict[int, list[str]] = {}
    for segment in segments:
        text = current_text(session, translations.get(segment.id))
        # A draft keeps untranslated sentences visible in the source language, marked.
        piece = text if text else f"[{segment.source}]"
        if segment.is_title:
            title.append(piece)
        else:
            paragraphs.setdefault(segment.paragraph, []).append(piece)
    export = ArticleExport(
        title=" ".join(title) or None,
        paragraphs=[paragraphs[k] for k in sorted(paragraphs)],
        lang=lang,
    )
    writer = write_txt if fmt == "txt" else write_md
    return writer(export).encode("utf-8")


def _exchange(session, article, version, segments, translations, lang, fmt) -> bytes:
    from translate_flow.formats.po import write_po
    from translate_flow.formats.units import Document, Unit

    units = []
    for segment in segments:
        translation = translations.get(segment.id)
        previous = session.get(Segment, segment.previous_id) if segment.previous_id else None
        units.append(
            Unit(
                id=str(segment.id),
                source=segment.source,
                target=current_text(session, translation),
                state=translation.status if translation else "new",
                previous_source=previous.source
                if previous is not None and previous.source != segment.source
                else None,
                paragraph=segment.paragraph,
                revision=translation.current_revision_id if translation else None,
            )
        )
    doc = Document(
        article_id=str(article.id),
        title=article.title,
        source_lang=article.source_lang,
        target_lang=lang,
        units=units,
        version=version.n,
    )
    return write_po(doc).encode("utf-8")
