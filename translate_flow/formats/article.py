"""Rebuild a translated article from its sentences: plain text, Markdown, HTML and DOCX.

The service hands over the target sentences grouped by paragraph; each writer joins the sentences
of a paragraph with one space and keeps the paragraphs apart in its own way. Given the source
paragraphs too, HTML and DOCX show source and target side by side, one row per paragraph, which is
what an editor checking a translation wants to read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import IO

# Characters that start a Markdown construct anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]<])")
# Constructs that only count at the start of a line: headings, quotes, lists, rules, tables, fences.
_MD_LINE_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s|$)|=+\s*$|-+\s*$|\||~~~|(\d+)([.)])(?=\s|$))")
_MD_CLOSING_HASHES = re.compile(r"(\s)(#+\s*)$")

_HTML_STYLE = """\
body { font-family: Georgia, serif; max-width: 46em; margin: 2em auto; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; }
td { vertical-align: top; padding: 0.4em 0.8em; border-top: 1px solid #ccc; width: 50%; }"""


@dataclass
class ArticleExport:
    """A translated article ready to be written: its title and target sentences by paragraph."""

    title: str | None
    paragraphs: list[list[str]]  # per paragraph, its target sentences in order
    lang: str  # the target language, e.g. "de"
    source_paragraphs: list[list[str]] | None = None  # for side-by-side HTML and DOCX
    source_lang: str | None = None  # the language of source_paragraphs, for HTML's lang attribute


def paragraph_text(sentences: list[str]) -> str:
    """The sentences of one paragraph joined by a single space (empty sentences skipped)."""
    return " ".join(s.strip() for s in sentences if s and s.strip())


def write_txt(export: ArticleExport) -> str:
    """Title, a blank line, then the paragraphs separated by blank lines."""
    blocks = [paragraph_text(p) for p in export.paragraphs]
    if export.title:
        blocks.insert(0, export.title.strip())
    return "\n\n".join(b for b in blocks if b) + "\n"


def write_md(export: ArticleExport) -> str:
    """`# title`, then one Markdown paragraph per paragraph, the text's own specials escaped."""
    blocks = [_md_escape(paragraph_text(p)) for p in export.paragraphs]
    if export.title:
        title = _md_escape(" ".join(export.title.split()))
        # A run of '#' at the end of a heading line is read as its closing sequence.
        blocks.insert(0, "# " + _MD_CLOSING_HASHES.sub(r"\1\\\2", title))
    return "\n\n".join(b for b in blocks if b) + "\n"


def write_html(export: ArticleExport) -> str:
    """A standalone HTML page; with source paragraphs, a two-column table source | target."""
    lang = html.escape(export.lang, quote=True)
    title = html.escape(export.title or "", quote=False)
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>\n{_HTML_STYLE}\n</style>",
        "</head>",
        "<body>",
    ]
    if export.title:
        lines.append(f"<h1>{title}</h1>")
    if export.source_paragraphs is None:
        lines.extend(f"<p>{_html_text(p)}</p>" for p in map(paragraph_text, export.paragraphs) if p)
    else:
        source_lang = html.escape(export.source_lang or "", quote=True)
        source_attribute = f' lang="{source_lang}"' if source_lang else ""
        lines.append('<table class="side-by-side">')
        for source, target in zip_longest(export.source_paragraphs, export.paragraphs):
            lines.append(
                f"<tr><td{source_attribute}>{_html_text(paragraph_text(source or []))}</td>"
                f"<td>{_html_text(paragraph_text(target or []))}</td></tr>"
            )
        lines.append("</table>")
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"


def write_docx(export: ArticleExport, path: str | Path | IO[bytes]) -> None:
    """A Word document: the title as Heading 1, then the paragraphs (or a two-column table)."""
    import docx  # python-docx is slow to import; only DOCX export pays for it

    document = docx.Document()
    document.core_properties.language = export.lang
    if export.title:
        document.core_properties.title = export.title
        document.add_heading(export.title, level=1)
    if export.source_paragraphs is None:
        for text in map(paragraph_text, export.paragraphs):
            if text:
                document.add_paragraph(text)
    else:
        rows = list(zip_longest(export.source_paragraphs, export.paragraphs))
        table = document.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        for row, (source, target) in zip(table.rows, rows, strict=True):
            row.cells[0].text = paragraph_text(source or [])
            row.cells[1].text = paragraph_text(target or [])
    document.save(path)


def _md_escape(text: str) -> str:
    text = _MD_INLINE.sub(r"\\\1", text)
    return "\n".join(_md_escape_line_start(line) for line in text.split("\n"))


def _md_escape_line_start(line: str) -> str:
    match = _MD_LINE_START.match(line)
    if not match:
        return line
    indent, marker = match.group(1), match.group(2)
    if match.group(3):  # "1." or "1)": escape the delimiter, not the number
        marker = f"{match.group(3)}\\{match.group(4)}"
    else:
        marker = "\\" + marker
    return indent + marker + line[match.end() :]


def _html_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>\n")
