"""An article's text read and cut into sentences without touching the database: what `ingest`
stores and what `split` prints.

Below services/ingest.py and services/ingest_exchange.py, which both build a PreparedArticle.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from translate_flow.errors import InputError
from translate_flow.text.controls import refuse_controls
from translate_flow.text.limits import MAX_SEGMENT_CHARS, refuse_oversized

LANGS = ("ru", "be")


@dataclass
class IngestSource:
    """A file on disk, or bytes read from standard input (name "-").

    `format` ("txt", "md", "html") overrides the file's suffix; standard input without it is
    plain text.
    """

    name: str
    data: bytes | None = None
    format: str | None = None


@dataclass
class PreparedArticle:
    name: str
    title: str  # the display name: --title, else the source's title, else derived for lists
    lang: str
    encoding: str
    format: str
    text: str  # the source's own text: its title (if it has one) and paragraphs
    # (paragraph number, is_title, source sentence, whitespace after it); paragraph 0 is the
    # source's title and is absent when the source has none
    pieces: list[tuple[int, bool, str, str]]
    # The name was given (--title) or is the source's title, not derived from the first
    # paragraph: a source update then renames the article, otherwise it keeps its name.
    named: bool = True
    original: bytes | None = None  # an agency's XLIFF or PO file, kept to be written back
    # The kind of block (readers.BLOCKS: a heading, a list item, a quote) of each paragraph
    # that is not a plain one, by paragraph number; the export rebuilds the structure from it.
    blocks: dict[int, str] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def prepare(
    source: IngestSource, lang: str | None, title: str | None, encoding: str | None = None
) -> PreparedArticle:
    """Read and segment one article without touching the database.

    Only a title the source has (a headline, a heading, an HTML title) becomes a segment; the
    display name `title` (else the source's title, else the start of the first paragraph) is
    what lists show, and is never translated or exported.
    """
    from translate_flow.text.langdetect import detect_language
    from translate_flow.text.readers import read_article, read_article_file
    from translate_flow.text.segment import segment_paragraph

    if source.data is not None:
        name = None if source.name == "-" else source.name
        article = read_article(source.data, name, source.format, encoding=encoding)
    else:
        article = read_article_file(source.name, source.format, encoding)
    if not article.paragraphs:
        raise InputError(f"{source.name}: no article text found")
    if lang in (None, "auto"):
        lang = detect_language("\n".join(article.paragraphs))
    elif lang not in LANGS:
        raise InputError(f"unsupported source language {lang!r}; use ru or be")
    if title is not None and not title.strip():
        raise InputError("--title is empty")
    display = " ".join((title or article.title or display_name(article.paragraphs[0])).split())
    blocks = [(0, article.title)] if article.title else []
    blocks += list(enumerate(article.paragraphs, start=1))
    refuse_controls(display, f"{source.name}: the title")
    for number, paragraph in blocks:
        refuse_controls(paragraph, f"{source.name}: paragraph {number}")
    pieces: list[tuple[int, bool, str, str]] = []
    for number, paragraph in blocks:
        for piece in segment_paragraph(paragraph, lang):
            sentence = piece.rstrip()
            refuse_oversized(
                sentence, f"{source.name}: a sentence of paragraph {number}", MAX_SEGMENT_CHARS
            )
            if sentence:
                pieces.append((number, number == 0, sentence, piece[len(sentence) :]))
    text = "\n\n".join(paragraph for _, paragraph in blocks)
    named = bool(title or article.title)
    kinds = {n: article.block(n - 1) for n in range(1, len(article.paragraphs) + 1)}
    return PreparedArticle(
        source.name,
        display,
        lang,
        article.encoding,
        article.format,
        text,
        pieces,
        named,
        blocks={n: kind for n, kind in kinds.items() if kind},
    )


# An agency dateline opening a lead: "МОСКВА, 26 мая (БЕЛТА) – ", "МИНСК, 3 июля. ".
_DATELINE = re.compile(r"^[A-ZА-ЯЁІЎ][A-ZА-ЯЁІЎ\s-]+,[^–—.()]{0,40}(?:\([^)]{1,40}\))?\s*[–—.-]\s+")


def display_name(paragraph: str, limit: int = 80) -> str:
    """A name for lists derived from an untitled article's first paragraph: its first words,
    without an agency dateline, cut at a word with "…"."""
    text = _DATELINE.sub("", paragraph, count=1) or paragraph
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


@dataclass
class SplitText:
    """An article cut into sentences (`split`): its language and, per paragraph (the source's
    title first, when it has one), the sentences without their surrounding whitespace."""

    lang: str
    paragraphs: list[list[str]]


def split_text(
    data: bytes, name: str | None = None, format: str | None = None, lang: str | None = None
) -> SplitText:
    """Read an article (`name` gives the suffix that tells the format when `format` does not)
    and cut it into sentences as an import would, touching no database. `lang` None or "auto":
    detected."""
    from translate_flow.text.langdetect import detect_language
    from translate_flow.text.readers import read_article
    from translate_flow.text.segment import segment_paragraph

    article = read_article(data, name, format)
    if lang in (None, "auto"):
        lang = detect_language("\n".join(article.paragraphs))
    paragraphs = ([article.title] if article.title else []) + article.paragraphs
    sentences = [[s.strip() for s in segment_paragraph(p, lang) if s.strip()] for p in paragraphs]
    return SplitText(lang, sentences)
