"""Read an article file (plain text, Markdown, a saved news page, a Word document) into a title and
paragraphs, each with the kind of block it is: a heading, a list item, a quote, a paragraph.

Every reader returns the same `ArticleText`, so segmentation and import never care where the
text came from. lxml, markdown-it and charset-normalizer are imported inside the functions that
use them: the command line imports this module on every start.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field

from translate_flow.errors import InputError
from translate_flow.text.encoding import decode_text

MAX_ARTICLE_BYTES = 10 * 1024 * 1024
FORMATS = ("txt", "md", "html", "docx")
_EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xhtml": "html",
}
# A first line longer than this is a paragraph, not a headline.
MAX_TITLE_CHARS = 200

_WHITESPACE = re.compile(r"\s+")
_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]")


# The kinds of block a paragraph can be, besides a plain one (""): what the export rebuilds.
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = ("", *HEADINGS, "ul", "ol", "quote")  # "ul"/"ol": an item of a bulleted/numbered list


@dataclass
class ArticleText:
    title: str | None
    paragraphs: list[str]  # whitespace collapsed to single spaces, stripped, none empty
    encoding: str  # e.g. "utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r"
    format: str  # "txt" | "md" | "html" | "docx"
    # Per paragraph, the kind of block it is in the source (BLOCKS); plain text has none, and an
    # empty list means every paragraph is a plain one.
    blocks: list[str] = field(default_factory=list)

    def block(self, index: int) -> str:
        return self.blocks[index] if index < len(self.blocks) else ""


def read_article_file(
    path: str | os.PathLike[str], format: str | None = None, encoding: str | None = None
) -> ArticleText:
    """Read the article at `path` (as `format`, else by its suffix); the size is checked before
    a byte is read. `encoding` is the one the user gave (`--encoding`); without it the encoding
    is detected.
    """
    name = os.fspath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{name} does not exist") from None
    except OSError as error:
        raise InputError(f"{name} cannot be read: {error.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{name} is a directory, not an article file")
    _check_size(info.st_size, name)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        raise InputError(f"{name} cannot be read: {error.strerror}") from None
    return read_article(data, filename=name, format=format, encoding=encoding)


def read_article(
    data: bytes,
    filename: str | None = None,
    format: str | None = None,
    encoding: str | None = None,
) -> ArticleText:
    """Decode and parse an article given as bytes (a file's content or standard input).

    The format is `format` if given, else taken from the suffix of `filename`, else plain text:
    content is never guessed at, so plain text with asterisks, brackets or angle brackets keeps
    every character. `filename` also names the input in error messages.
    """
    source = filename or "the input"
    _check_size(len(data), source)
    if not data.strip():
        raise InputError(f"{source} is empty")
    if format == "docx" or (format is None and format_from_filename(filename) == "docx"):
        return read_docx(data, source)
    text, encoding = decode_text(data, source, encoding)
    if not text.strip():
        raise InputError(f"{source} is empty")
    if format is None:
        format = format_from_filename(filename) or "txt"
    elif format not in FORMATS:
        raise InputError(f"unknown article format {format!r}; use one of {', '.join(FORMATS)}")
    if format != "html" and not _LETTER.search(text):
        raise InputError(f"{source} contains no Cyrillic or Latin letters")
    if format == "html":
        title, paragraphs, blocks = parse_html(text, source)
        if not paragraphs:
            raise InputError(f"no article text found in {source}")
    elif format == "md":
        title, paragraphs, blocks = parse_markdown(text, source)
        if not paragraphs:
            raise InputError(
                f"no article text found in {source}: Markdown code blocks, comments and images "
                "are not read"
            )
    else:
        title, paragraphs = parse_plain_text(text)
        blocks = []
    if not any(_LETTER.search(paragraph) for paragraph in paragraphs):
        raise InputError(f"{source} contains no Cyrillic or Latin letters")
    return ArticleText(title, paragraphs, encoding, format, blocks)


# A .docx is a zip: its document part may unpack to far more than the file's size.
MAX_DOCX_XML_BYTES = 20 * MAX_ARTICLE_BYTES


def read_docx(data: bytes, source: str) -> ArticleText:
    """The paragraphs, headings and table cells of a Word document, in order; its title is the
    first paragraph styled Title or Heading 1 (the others stay paragraphs). Page headers, footers
    and notes are not read.
    """
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = archive.getinfo("word/document.xml").file_size
    except (zipfile.BadZipFile, KeyError):
        raise InputError(f"{source} is not a Word .docx document") from None
    if size > MAX_DOCX_XML_BYTES:
        raise InputError(f"{source}: its text unpacks to {size / 1024 / 1024:.0f} MB; too large")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise InputError(f"{source} is not a readable .docx document ({error})") from None
    title: str | None = None
    paragraphs: list[str] = []
    blocks: list[str] = []
    for paragraph in _docx_paragraphs(document):
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        if title is None and not paragraphs and style in ("Title", "Heading 1"):
            title = text
        else:
            paragraphs.append(text)
            blocks.append(_docx_block(style))
    if not any(_LETTER.search(p) for p in paragraphs):
        raise InputError(f"{source} contains no Cyrillic or Latin letters")
    return ArticleText(title, paragraphs, "utf-8", "docx", blocks)


_DOCX_HEADING = re.compile(r"^Heading ([1-6])$")


def _docx_block(style: str) -> str:
    """The block a paragraph of Word's built-in style is: "Heading 2" "h2", "List Bullet 2"
    "ul", "List Number" "ol", "Quote" "quote"; any other style a plain paragraph."""
    heading = _DOCX_HEADING.match(style)
    if heading:
        return f"h{heading.group(1)}"
    if style.startswith("List Bullet"):
        return "ul"
    if style.startswith("List Number"):
        return "ol"
    return "quote" if style in ("Quote", "Intense Quote") else ""


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_paragraphs(document) -> list:
    """The document's paragraphs in reading order, with those in table cells (and in tables
    inside cells) and content controls. python-docx's `paragraphs` leaves both out; a merged cell
    is read once, where its text is (a vertical merge's later rows only continue it)."""
    from docx.text.paragraph import Paragraph

    paragraphs = []

    def walk(element) -> None:
        for child in element.iterchildren(f"{_W}p", f"{_W}tbl", f"{_W}sdt", f"{_W}customXml"):
            if child.tag == f"{_W}p":
                paragraphs.append(Paragraph(child, document))
            elif child.tag == f"{_W}tbl":
                for cell in child.iterfind(f"{_W}tr/{_W}tc"):
                    merge = cell.find(f"{_W}tcPr/{_W}vMerge")
                    if merge is None or merge.get(f"{_W}val") == "restart":
                        walk(cell)
            elif child.tag == f"{_W}sdt":
                for content in child.iterfind(f"{_W}sdtContent"):
                    walk(content)
            else:
                walk(child)

    walk(document.element.body)
    return paragraphs


def _check_size(size: int, source: str) -> None:
    if size > MAX_ARTICLE_BYTES:
        mib = 1024 * 1024
        limit = MAX_ARTICLE_BYTES // mib
        raise InputError(f"{source} is {size / mib:.1f} MB; articles are limited to {limit} MB")


def format_from_filename(filename: str | None) -> str | None:
    """The format a file name's suffix names ("md" for notes.markdown), or None."""
    if not filename:
        return None
    return _EXTENSIONS.get(os.path.splitext(filename)[1].lower())


def collapse_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


# --- plain text -------------------------------------------------------------------------------

_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n")
_LIST_OR_SPEECH = re.compile(r"[-–—•*][ \t]")
_SENTENCE_END = re.compile(r"[.!?…:;»\"”)]$")
# A headline ends without a sentence's final punctuation (a closing quote or bracket may follow).
_HEADLINE_END = re.compile(r"[.!?…:;][»\"”’)\]]*$")
# Nobody hard-wraps at this width: a block of longer lines has one paragraph per line.
_UNWRAPPED_WIDTH = 150


def parse_plain_text(text: str) -> tuple[str | None, list[str]]:
    """Split plain text into a title and paragraphs.

    Paragraphs are separated by blank lines; lines of a hard-wrapped paragraph are joined. A
    first block that is a headline (one short line without sentence-final punctuation, followed
    by a blank line and more text) is the title. Anything else, such as an agency lead
    ("МОСКВА, 26 мая (БЕЛТА) – ..."), is a paragraph: there is then no title.
    """
    blocks = [block for block in _BLANK_LINES.split(text) if block.strip()]
    title = None
    if len(blocks) > 1:
        first = blocks[0].strip()
        if "\n" not in first and len(first) <= MAX_TITLE_CHARS and not _HEADLINE_END.search(first):
            title = collapse_whitespace(first)
            blocks = blocks[1:]
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(_split_block(block))
    return title, paragraphs


def _headline_before(first: str, line: str) -> bool:
    """Is the block's short first line a headline set right above its text?

    A headline has no sentence-final punctuation, and the text under it opens with a capital
    ("Министры СНГ встретились в Москве" / "МОСКВА, 26 мая (БЕЛТА) – ..."). A hard-wrapped
    paragraph fills its first line, so a short one is not a wrapped sentence's beginning.
    """
    if _HEADLINE_END.search(first) or first.endswith((",", "-", "–", "—")):
        return False
    opening = line.lstrip().lstrip("«„“\"'(")
    return opening[:1].isupper()


def _split_block(block: str) -> list[str]:
    """Split one blank-line-delimited block into paragraphs.

    Text without blank lines between paragraphs still marks them: by a red-line indent, by a
    dash that opens direct speech or a list item after a finished sentence, by lines too long to
    be hard-wrapped, by a short line that ends a sentence (the last line of a paragraph), or by
    a short first line without final punctuation above a line that opens with a capital (a
    headline set right above its text, which the segmenter could not tell from the lead).
    """
    lines = [line.rstrip() for line in block.split("\n") if line.strip()]
    width = max(len(line) for line in lines)
    indents = [len(line) - len(line.lstrip()) for line in lines]
    uniform_indent = len(set(indents)) == 1
    paragraphs: list[list[str]] = [[]]
    for index, line in enumerate(lines):
        if index:
            previous = lines[index - 1].strip()
            ends_sentence = bool(_SENTENCE_END.search(previous))
            short = len(lines[index - 1]) < 0.6 * width
            starts_new = (
                width > _UNWRAPPED_WIDTH
                or (not uniform_indent and indents[index] > min(indents))
                or (ends_sentence and _LIST_OR_SPEECH.match(line.lstrip()) is not None)
                or (ends_sentence and short)
                or (index == 1 and short and _headline_before(previous, line))
            )
            if starts_new:
                paragraphs.append([])
        paragraphs[-1].append(line.strip())
    return [collapse_whitespace(" ".join(lines)) for lines in paragraphs if lines]


# --- Markdown ---------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_TITLE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.M)
# Raw HTML whose content a browser does not show.
_HIDDEN_HTML = ("script", "style", "template")
_HIDDEN_OPEN = re.compile(r"<(" + "|".join(_HIDDEN_HTML) + r")\b", re.I)


# How deep Markdown may nest quotes and lists. markdown-it skips whatever lies deeper than its
# limit without a word; with this one, a text that deep exhausts Python's stack first, and is
# refused.
_MARKDOWN_NESTING = 100_000


def parse_markdown(text: str, source: str = "the text") -> tuple[str | None, list[str], list[str]]:
    """Split Markdown into a title and paragraphs, dropping markup, code, comments, front matter.

    The title is a heading (ATX or Setext, any level) that opens the text, else a `title:` in
    the front matter; a heading further down is a paragraph, as are list items and table cells,
    so that the export keeps the source's order. Each paragraph comes with its block (BLOCKS):
    a heading's level, the innermost list's kind, a block quote.
    """
    from markdown_it import MarkdownIt

    front_title = None
    front_matter = _FRONT_MATTER.match(text)
    if front_matter:
        found = _FRONT_MATTER_TITLE.search(front_matter.group(1) or "")
        front_title = collapse_whitespace(found.group(1).strip("\"'")) if found else None
        text = text[front_matter.end() :]
    # Comments are left to the parser: a "<!--" in a code span or in text is not one.
    markdown = MarkdownIt("commonmark", {"maxNesting": _MARKDOWN_NESTING})
    try:
        tokens = markdown.enable(["table", "strikethrough"]).parse(text)
    except RecursionError:
        raise InputError(
            f"{source} nests quotes or lists too deeply to be read whole; flatten them"
        ) from None

    blocks: list[tuple[str, str]] = []  # (text, block)
    heading = ""
    lists: list[str] = []  # the lists the text is in, innermost last
    quotes = 0
    for token in tokens:
        if token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = ""
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("ul" if token.type == "bullet_list_open" else "ol")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type in ("blockquote_open", "blockquote_close"):
            quotes += 1 if token.type == "blockquote_open" else -1
        elif token.type in ("inline", "html_block"):
            block = heading or (lists[-1] if lists else "") or ("quote" if quotes else "")
            if token.type == "inline":
                blocks.append((_markdown_inline_text(token.children or []), block))
            else:
                fragment = _html_fragment_blocks(token.content, source)
                blocks.extend((text, block) for text in fragment)
    blocks = [(text, block) for text, block in blocks if text]

    title = front_title
    if blocks and blocks[0][1] in HEADINGS:
        title = blocks.pop(0)[0]
    return title, [text for text, _ in blocks], [block for _, block in blocks]


def _markdown_inline_text(children: list) -> str:
    parts = []
    hidden = None  # inside inline <script> or <style>: the closing tag that ends it
    for child in children:
        if hidden is not None:
            if child.type == "html_inline" and child.content.lower().startswith(hidden):
                hidden = None
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            opening = _HIDDEN_OPEN.match(child.content)
            if opening:
                hidden = f"</{opening.group(1).lower()}"
            parts.append(" " if child.content.lower().startswith("<br") else "")
        # Images are skipped: their alt text is not part of the story.
    return collapse_whitespace("".join(parts))


def _html_fragment_blocks(fragment: str, source: str) -> list[str]:
    """The blocks of text of raw HTML in Markdown, as a browser shows them: entities resolved,
    comments, scripts and styles left out, inline tags joining words ("сло<b>во</b>")."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div", parser=parser)
    except (etree.ParserError, ValueError):
        return []
    _refuse_deep_nesting(
        parser, f"{source}: its raw HTML nests elements too deeply (over 255) to be read"
    )
    for element in list(root.iter(*_HIDDEN_HTML)):
        element.drop_tree()
    return [text for text, _, _, _ in html_text_blocks(root)]


def _refuse_deep_nesting(parser, message: str) -> None:
    """libxml2 stops reading at 256 nested elements, and whatever follows would be lost unseen:
    refused with `message` instead."""
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise InputError(message)


# --- HTML -------------------------------------------------------------------------------------

# Elements that never hold the story.
_JUNK_TAGS = (
    "script style noscript template svg canvas iframe object embed form button select textarea "
    "input label nav aside footer menu dialog figure figcaption audio video picture"
).split()
# Class and id words of boilerplate blocks: menus, share buttons, related lists, cookie banners.
_JUNK_NAME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|footer|header|share|sharing"
    r"|social|soc|likes?|cookies?|consent|gdpr|banners?|advert\w*|ads?|adv|promo|subscribe"
    r"|subscription|newsletter|related|also|readmore|more-news|recommend\w*|popular|comments?"
    r"|tags?|widget|popup|modal|rubrics?|byline|date|datetime|print|search|contentinfo|complementary)"
    r"(?:$|[\s_-])",
    re.I,
)
_BLOCK_TAGS = frozenset(
    "address article blockquote center dd div dl dt h1 h2 h3 h4 h5 h6 header hr li main ol p pre "
    "section table tbody td tfoot th thead tr ul".split()
)
# Blocks where a single <br> is a line break inside a paragraph rather than a paragraph break.
_PARAGRAPH_TAGS = frozenset("p h1 h2 h3 h4 h5 h6 li dd dt td th blockquote".split())
_RELATED_PHRASES = (
    r"(?:(?:читайте|смотрите|чытайце|глядзіце)\s+(?:также|таксама|ещё|еще|яшчэ)|по теме|па тэме"
    r"|другие новости|іншыя навіны|похожие (?:новости|материалы)|популярное|самое читаемое)"
)
# The label alone ("Читайте также:", "По теме"): a sentence that opens with the words ("По теме
# миграции стороны договорились ...") is story text.
_RELATED_HEADING = re.compile("^" + _RELATED_PHRASES + r"\s*[:.…]?$", re.I)
_RELATED_OPENING = re.compile("^" + _RELATED_PHRASES + r"\b", re.I)
# text_content() runs blocks together ("Читайте такжеДругое"), so no word boundary here.
_RELATED_ANYWHERE = re.compile(_RELATED_PHRASES, re.I)
# Page furniture in a short block. A label ("Фото: БЕЛТА", "Источник", "Теги: МИД") is followed by
# a colon or dash, or stands in a short block without a sentence's end: "Источник в МИД сообщил,
# что ..." opens a story's sentence.
_BOILERPLATE_LABEL = re.compile(
    r"^(?:фото|фота|видео|відэа|источник|крыніца|поделиться|падзяліцца|теги|тэгі|реклама|рэклама)"
    r"(?:\s*[:|—–-]|$|(?=\s)(?!.*[.!?…]$).{0,50}$)",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:подписывайтесь|падпісвайцеся)\b|при использовании материал|пры выкарыстанні матэрыял"
    r"|все права защищены|усе правы абаронены|©",
    re.I,
)
_MONTHS = (
    r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|студзен|лют"
    r"|сакавік|красавік|травен|траўн|чэрвен|ліпен|жнівен|жніўн|верас|кастрычнік"
    r"|лістапад|снеж)"
)
# A date or time alone: "12 марта 2024, 14:35", "12.03.2024 | 09:15". A number alone ("45 000",
# "Статья 5.") is not one: it may be the story's.
_DATELINE = re.compile(
    r"^(?=.*(?:\d:\d\d|\d[./]\d{1,2}[./]\d|\d\s*" + _MONTHS + r"|" + _MONTHS + r"\w*\s*\d))"
    r"[\d\s.,:/|-]*(?:[^\W\d_]+)?[\d\s.,:/|-]*$",
    re.I,
)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||::|/|•|·|—|–|-)\s+")
_SITE_WORDS = re.compile(
    r"новост|навін|news|портал|сайт|агентств|агенцтв|мид\b|мзс\b|\.(?:by|ru|com|org|net)\b", re.I
)


def parse_html(text: str, source: str = "the page") -> tuple[str | None, list[str], list[str]]:
    """Extract the headline and the story's paragraphs from a news page.

    Menus, headers, footers, sidebars, scripts, forms, share buttons, "Читайте также" lists and
    cookie banners are dropped; the story is the article body (itemprop="articleBody", else the
    <article> with most paragraph text, else the element holding most <p> text).
    """
    import lxml.html
    from lxml import etree

    # lxml refuses a str that carries an XML encoding declaration; the text is decoded already.
    text = re.sub(r"\A\s*<\?xml[^>]*>", "", text)
    # The HTML parser loads no DTD and resolves no external entity; no_network keeps it offline.
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None, [], []
    _refuse_deep_nesting(
        parser,
        f"{source} nests its elements too deeply (over 255) to be read whole; "
        "save the page's article as plain HTML or text",
    )
    for element in list(root.iter(*_JUNK_TAGS)):
        element.drop_tree()
    container = _article_container(root)
    title = _html_title(root, container)
    for header in list(container.iter("header")):
        # The article's own header holds the headline (taken above), date and author; keep it
        # only when it also holds a lead paragraph.
        if header is not container and _paragraph_text_length(header) < 80:
            header.drop_tree()
    _drop_junk_by_name(root, container)
    _drop_related_lists(container)
    kept = [(text, block) for text, block in _html_blocks(container) if text != title]
    return title, [text for text, _ in kept], [block for _, block in kept]


def _article_container(root):
    body = root.find("body")
    body = body if body is not None else root
    found = root.xpath("//*[@itemprop='articleBody']")
    if found:
        return found[0]
    articles = root.xpath("//article")
    if articles:
        # Related-news cards are <article>s too: the story's one holds most of the page's text.
        article = max(articles, key=_paragraph_text_length)
        if _paragraph_text_length(article) >= _paragraph_text_length(body) / 2:
            return article
    # The element whose paragraphs hold the most text; a grandparent gets half, so that a body
    # split into several wrappers is still found whole.
    scores: dict = {}
    for paragraph in body.iter("p"):
        length = len(collapse_whitespace(paragraph.text_content()))
        parent = paragraph.getparent()
        # A quote's paragraphs are the text around it's: a long quote is not the story alone.
        while parent is not None and parent.tag == "blockquote" and parent is not body:
            parent = parent.getparent()
        if length < 25 or parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0) + length / 2
    return max(scores, key=scores.get) if scores else body


def _paragraph_text_length(element) -> int:
    return sum(len(paragraph.text_content().strip()) for paragraph in element.iter("p"))


def _is_inside(element, container) -> bool:
    return (
        any(ancestor is container for ancestor in element.iterancestors()) or element is container
    )


def _drop_junk_by_name(root, container) -> None:
    """Drop blocks whose class, id or role names boilerplate, unless they hold the story."""
    story = _paragraph_text_length(container) or 1
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        names = " ".join(element.get(attribute, "") for attribute in ("class", "id", "role"))
        if not _JUNK_NAME.search(names) or element is container:
            continue
        # A wrapper named "page has-sidebar" may hold the story: never drop one that does.
        if _is_inside(container, element) or _paragraph_text_length(element) > story / 2:
            continue
        if _in_running_text(element):
            continue  # "состоится <span class="date">12 марта</span> в Минске"
        element.drop_tree()


def _in_running_text(element) -> bool:
    """Is `element` an inline element with text of its block around it, i.e. words of a
    sentence (a date, a tag link) rather than a widget of its own?"""
    if element.tag in _BLOCK_TAGS or element.tag == "br":
        return False
    parent = element.getparent()
    while parent is not None and parent.tag not in _BLOCK_TAGS and parent.tag != "body":
        parent = parent.getparent()
    if parent is None:
        return False
    own = collapse_whitespace(element.text_content())
    return collapse_whitespace(parent.text_content()) != own


def _drop_related_lists(container) -> None:
    """Drop a "Читайте также" heading together with the list of links that follows it."""
    if not _RELATED_ANYWHERE.search(container.text_content()):
        return  # one search over the whole text spares a look at every block of a long page
    for element in list(container.iter("h2", "h3", "h4", "h5", "h6", "p", "div", "strong", "b")):
        if not _is_inside(element, container) or element is container:
            continue  # dropped with an earlier heading's list
        text = collapse_whitespace(element.text_content())
        if len(text) > 60 or not _RELATED_HEADING.search(text):
            continue
        parent = element.getparent()
        while parent is not container and collapse_whitespace(parent.text_content()) == text:
            element, parent = parent, parent.getparent()
        if element.tag in ("strong", "b"):
            continue  # the words open a sentence of the story: "<b>По теме</b> миграции ..."
        sibling = element.getnext()
        while sibling is not None and (sibling.tag in ("ul", "ol") or _link_share(sibling) >= 0.5):
            sibling, dropped = sibling.getnext(), sibling
            dropped.drop_tree()
        element.drop_tree()


def _link_share(element) -> float:
    text = collapse_whitespace(element.text_content())
    if not text:
        return 0.0
    linked = sum(len(collapse_whitespace(link.text_content())) for link in element.iter("a"))
    return linked / len(text)


def _html_title(root, container) -> str | None:
    site_name = root.xpath("string(//meta[@property='og:site_name']/@content)").strip()
    og_title = root.xpath("string(//meta[@property='og:title' or @name='og:title']/@content)")
    if og_title.strip():
        return _strip_site_suffix(collapse_whitespace(og_title), site_name)
    for scope in (container, root):
        for heading in scope.iter("h1"):
            heading_text = collapse_whitespace(heading.text_content())
            if heading_text:
                return heading_text
    title = collapse_whitespace(root.xpath("string(//title)"))
    return _strip_site_suffix(title, site_name) or None


def _strip_site_suffix(title: str, site_name: str) -> str:
    """Remove " | БЕЛТА", " - Новости Беларуси" and the like from the end of a page title.

    A dash also occurs in headlines ("Лавров — о переговорах"), so what follows a dash is cut
    only when it names a site (og:site_name, "Новости", "МИД", a domain); what follows "|" is
    cut when it is shorter than the rest.
    """
    while True:
        parts = _TITLE_SEPARATOR.split(title)
        separators = _TITLE_SEPARATOR.findall(title)
        if len(parts) < 2:
            return title
        if site_name and parts[0].lower() == site_name.lower():
            title = title[len(parts[0]) + len(separators[0]) :].strip()
            continue
        head = title[: title.rfind(separators[-1])]
        tail = parts[-1]
        is_site_name = bool(site_name) and tail.lower() == site_name.lower()
        names_site = is_site_name or _SITE_WORDS.search(tail) is not None
        # Behind "|" a short part is the site; a longer one may be the headline ("Сайт | ...").
        plain_separator = separators[-1].strip() in ("|", "::", "•", "·") and len(tail) <= len(head)
        if not (names_site or plain_separator):
            return title
        title = head.strip()


def _html_blocks(container) -> list[tuple[str, str]]:
    """The text of each block in `container`, in order, without link lists and boilerplate.

    A table cell or list item is the story's even when it holds no letters ("45 000") or repeats
    its neighbour ("Да" | "Да"): the filters for page furniture apply to the other blocks.
    """
    paragraphs: list[tuple[str, str]] = []  # (text, block)
    for text, link_share, tag, block in html_text_blocks(container):
        in_cell = tag in _CELL_TAGS
        if _RELATED_HEADING.search(text) or (_RELATED_OPENING.search(text) and link_share >= 0.5):
            continue
        if link_share >= 0.8:
            continue
        if len(text) < 200 and (_BOILERPLATE.search(text) or _BOILERPLATE_LABEL.search(text)):
            continue
        if not in_cell:
            if len(text) <= 60 and _DATELINE.match(text):
                continue
            if not _LETTER.search(text) and not any(c.isdigit() for c in text):
                continue  # a separator such as "* * *"
            if paragraphs and paragraphs[-1][0] == text:
                continue
        paragraphs.append((text, block))
    return paragraphs


# Blocks whose text is content whatever it looks like.
_CELL_TAGS = frozenset("td th li dd dt".split())


def _html_block(holders: list[str]) -> str:
    """The kind of block (BLOCKS) text is in, given the block elements around it, innermost
    last: a heading, an item of the innermost list, a quote; a table cell is a plain one."""
    for index in range(len(holders) - 1, -1, -1):
        tag = holders[index]
        if tag in HEADINGS:
            return tag
        if tag == "li":
            lists = [t for t in holders[:index] if t in ("ul", "ol")]
            return lists[-1] if lists else "ul"
        if tag == "blockquote":
            return "quote"
        if tag in ("td", "th"):
            return ""
    return ""


def html_text_blocks(element) -> list[tuple[str, float, str, str]]:
    """Each block of text in `element`, in order: its text (whitespace collapsed), the share of
    it inside links, the tag of the block element that holds it and the kind of block it is
    (BLOCKS). A <br> breaks a block that is not a paragraph; inline elements join their text to
    the block's without a space."""
    blocks: list[tuple[str, float, str, str]] = []
    parts: list[tuple[str, bool]] = []
    holder = [element.tag if isinstance(element.tag, str) else ""]

    def flush() -> None:
        text = collapse_whitespace("".join(part for part, _ in parts))
        if text:
            linked = collapse_whitespace("".join(part for part, in_link in parts if in_link))
            blocks.append((text, len(linked) / len(text), holder[-1], _html_block(holder)))
        parts.clear()

    def add(text: str, in_link: bool, in_pre: bool) -> None:
        if not in_pre:
            parts.append((text, in_link))
            return
        # Each line of preformatted text is a line of its own (a clause, a row of figures).
        *lines, last = text.split("\n")
        for line in lines:
            parts.append((line, in_link))
            flush()
        parts.append((last, in_link))

    def walk(element, in_paragraph: bool, in_link: bool, in_pre: bool = False) -> None:
        if element.text:
            add(element.text, in_link, in_pre)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                if in_paragraph:
                    parts.append((" ", in_link))
                else:
                    flush()
            elif tag in _BLOCK_TAGS:
                flush()
                holder.append(tag)
                walk(child, tag in _PARAGRAPH_TAGS, in_link, in_pre or tag == "pre")
                flush()
                holder.pop()
            elif tag:
                walk(child, in_paragraph, in_link or tag == "a", in_pre)
            if child.tail:
                add(child.tail, in_link, in_pre)

    walk(element, False, False)
    flush()
    return blocks
