"""An article's source and one translation, paragraph by paragraph, for reading them together."""

from __future__ import annotations

from dataclasses import dataclass

from translate_flow.services.access import readable_article
from translate_flow.services.context import Desk, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.lookups import (
    current_segments,
    current_version,
    translations_by_segment,
)
from translate_flow.store.models import Revision
from translate_flow.workflow.states import APPROVED, NEW


@dataclass
class SentencePair:
    """A source sentence, the whitespace after it, its translation (None: none yet) and status."""

    segment: int
    source: str
    space_after: str
    target: str | None
    status: str


@dataclass
class ParagraphPair:
    """A paragraph (0: the source's title) with its source as written, its translated sentences
    joined (None: none translated) and each sentence."""

    paragraph: int
    is_title: bool
    source: str
    target: str | None
    segments: list[SentencePair]


@dataclass
class SideBySide:
    """An article's current version and its translation into `lang`, paragraph by paragraph;
    `approved` when every segment is."""

    article: int
    title: str
    version: int
    source_lang: str
    lang: str
    approved: bool
    paragraphs: list[ParagraphPair]


def side_by_side(desk: Desk, article_id: int, lang: str) -> SideBySide:
    """Paragraphs in order, the title (paragraph 0) first; each with its sentences and statuses."""
    with transaction(desk.engine) as session:
        article = readable_article(session, load_actor(session, desk.user_name), article_id)
        version = current_version(session, article)
        segments = current_segments(session, article)
        translations = translations_by_segment(session, [s.id for s in segments], lang)
        texts = {
            t.segment_id: session.get(Revision, t.current_revision_id).text
            for t in translations.values()
            if t.current_revision_id is not None
        }
        paragraphs: dict[int, list[SentencePair]] = {}
        for segment in segments:
            translation = translations.get(segment.id)
            paragraphs.setdefault(segment.paragraph, []).append(
                SentencePair(
                    segment=segment.id,
                    source=segment.source,
                    space_after=segment.space_after,
                    target=texts.get(segment.id),
                    status=translation.status if translation else NEW,
                )
            )
        return SideBySide(
            article=article.id,
            title=article.title,
            version=version.n,
            source_lang=article.source_lang,
            lang=lang,
            approved=bool(segments)
            and all(
                translations.get(s.id) is not None and translations[s.id].status == APPROVED
                for s in segments
            ),
            paragraphs=[
                ParagraphPair(
                    paragraph=number,
                    is_title=number == 0,
                    source=_join_source(sentences),
                    target=" ".join(s.target for s in sentences if s.target) or None,
                    segments=sentences,
                )
                for number, sentences in sorted(paragraphs.items())
            ],
        )


def _join_source(sentences: list[SentencePair]) -> str:
    # space_after keeps the original whitespace, so the source paragraph comes back exactly.
    return "".join(s.source + s.space_after for s in sentences).strip()
