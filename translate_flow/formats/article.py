"""Rebuild a translated article from its sentences: plain text, Markdown, HTML and DOCX.

The service hands over the target sentences grouped by paragraph; each writer joins the sentences
of a paragraph with one space and keeps the paragraphs apart in its own way. Given the source
paragraphs too, HTML and DOCX show source and target side by side, one row per paragraph, which is
what an editor checking a translation wants to read. Given the machine translations too, the HTML
page adds a third column with each sentence's changes to its machine translation (<del>/<ins>,
diff/spans.py) and a legend; the target column stays the clean text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import IO

# Characters that start a Markdown construct anywhere in a line ("~" strikes text through), and
# an ampersand that would read as an entity ("&laquo;" shown as «).
_MD_INLINE = re.compile(r"([\\`*_\[\]<~]|&(?=#?\w+;))")
# Constructs that only count at the start of a line: headings, quotes, lists, rules, tables, fences.
_MD_LINE_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s|$)|=+\s*$|-+\s*$|\||~~~|(\d+)([.)])(?=\s|$))")
_MD_CLOSING_HASHES = re.compile(r"(\s)(#+\s*)$")

_HTML_STYLE = """\
body { font-family: Georgia, serif; max-width: 46em; margin: 2em auto; line-height: 1.5; }
table { border-collapse: collapse; width: 100%; }
td { vertical-align: top; padding: 0.4em 0.8em; border-top: 1px solid #ccc; width: 50%; }
tr.h1 td, tr.h2 td, tr.h3 td, tr.h4 td, tr.h5 td, tr.h6 td { font-weight: bold; }
tr.ul td, tr.ol td { padding-left: 2em; }
tr.quote td { font-style: italic; }"""
_HTML_CHANGES_STYLE = """
body.with-changes { max-width: 72em; }
table.with-changes td { width: 33%; }
del { color: #a40000; background: #fde2e2; text-decoration: line-through; }
ins { color: #05600f; background: #dff5e1; text-decoration: underline; }
del.in-word, ins.in-word { font-weight: bold; }
.legend { font-size: 0.9em; color: #444; }"""
_HTML_DRAFT_STYLE = """
.draft { border: 2px solid #a40000; padding: 0.4em 0.8em; font-weight: bold; }"""


@dataclass
class DraftNotice:
    """How far a translation exported before its approval has come, sentence by sentence
    (the title counts as one): every article format opens with it, so a draft never passes for
    finished text and an untranslated sentence's "[source]" is not taken for the translation."""

    total: int
    untranslated: int = 0  # no translation: the source is shown in brackets
    machine: int = 0  # machine translations nobody accepted
    rejected: int = 0
    source_changed: int = 0  # the source changed since; the old translation stands

    def text(self) -> str:
        accepted = (
            self.total - self.untranslated - self.machine - self.rejected - self.source_changed
        )
        parts = [f"{accepted} of {self.total} sentences accepted"]
        if self.machine:
            parts.append(f"{self.machine} machine-translated and not checked")
        if self.rejected:
            parts.append(f"{self.rejected} rejected")
        if self.source_changed:
            parts.append(f"{self.source_changed} kept from before a source change, not checked")
        if self.untranslated:
            parts.append(f"{self.untranslated} not translated (the source, in [brackets])")
        return "DRAFT, not approved: " + "; ".join(parts) + "."


@dataclass
class ArticleExport:
    """A translated article ready to be written: its title and target sentences by paragraph."""

    title: str | None
    paragraphs: list[list[str]]  # per paragraph, its target sentences in order
    lang: str  # the target language, e.g. "de"
    source_paragraphs: list[list[str]] | None = None  # for side-by-side HTML and DOCX
    source_lang: str | None = None  # the language of source_paragraphs, for HTML's lang attribute
    # For the HTML page: per paragraph and sentence, the machine translation the sentence was
    # post-edited from (None: no engine wrote it), and the same for the title.
    machine_paragraphs: list[list[str | None]] | None = None
    machine_title: str | None = None
    draft: DraftNotice | None = None  # set when the translation is not approved
    # Per paragraph, the kind of block it is in the source (text/readers.BLOCKS: "h2", "ul",
    # "ol", "quote", "" a plain paragraph); None: every paragraph is a plain one.
    blocks: list[str] | None = None

    def block(self, index: int) -> str:
        return self.blocks[index] if self.blocks is not None and index < len(self.blocks) else ""


# A blank line typed inside a translation would start a paragraph the source has not got.
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")


def paragraph_text(sentences: list[str]) -> str:
    """The sentences of one paragraph joined by a single space (empty sentences skipped); a line
    break inside a sentence stays one line break, never a blank line."""
    return " ".join(_LINE_BREAK.sub("\n", s.strip()) for s in sentences if s and s.strip())


def write_txt(export: ArticleExport) -> str:
    """Title, a blank line, then the paragraphs separated by blank lines."""
    blocks = [paragraph_text(p) for p in export.paragraphs]
    if export.title:
        blocks.insert(0, export.title.strip())
    if export.draft is not None:
        blocks.insert(0, export.draft.text())
    return "\n\n".join(b for b in blocks if b) + "\n"


def write_md(export: ArticleExport) -> str:
    """`# title`, then each paragraph as the block it was in the source (a heading, a list item,
    a quote, a paragraph), the text's own specials escaped."""
    blocks: list[tuple[str, str]] = []  # (Markdown, the block kind)
    if export.draft is not None:
        blocks.append(("> " + _md_escape(export.draft.text()), "quote"))
    if export.title:
        blocks.append((_md_heading(1, export.title), "h1"))
    number = 0
    for index, text in enumerate(map(paragraph_text, export.paragraphs)):
        if not text:
            continue
        kind = export.block(index)
        number = number + 1 if kind == "ol" and blocks and blocks[-1][1] == "ol" else 1
        if kind.startswith("h"):
            blocks.append((_md_heading(int(kind[1]), text), kind))
        elif kind in ("ul", "ol"):
            marker = "- " if kind == "ul" else f"{number}. "
            lines = _md_escape(text).split("\n")
            indent = "\n" + " " * len(marker)
            blocks.append((marker + indent.join(lines), kind))
        elif kind == "quote":
            blocks.append(("> " + "\n> ".join(_md_escape(text).split("\n")), kind))
        else:
            blocks.append((_md_escape(text), kind))
    out = ""
    for index, (markdown, kind) in enumerate(blocks):
        if index:
            # Items of one list are set tight, one per line; every other block after a blank line.
            tight = kind in ("ul", "ol") and blocks[index - 1][1] == kind
            out += "\n" if tight else "\n\n"
        out += markdown
    return out + "\n"


def _md_heading(level: int, text: str) -> str:
    heading = _md_escape(" ".join(text.split()))
    # A run of '#' at the end of a heading line is read as its closing sequence.
    return "#" * level + " " + _MD_CLOSING_HASHES.sub(r"\1\\\2", heading)


def write_html(export: ArticleExport) -> str:
    """A standalone HTML page; with source paragraphs, a two-column table source | target."""
    lang = html.escape(export.lang, quote=True)
    title = html.escape(export.title or "", quote=False)
    changes = export.source_paragraphs is not None and export.machine_paragraphs is not None
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>\n{_HTML_STYLE}{_HTML_CHANGES_STYLE if changes else ''}"
        f"{_HTML_DRAFT_STYLE if export.draft is not None else ''}\n</style>",
        "</head>",
        '<body class="with-changes">' if changes else "<body>",
    ]
    if export.draft is not None:
        lines.append(f'<p class="draft">{_html_text(export.draft.text())}</p>')
    if export.title:
        lines.append(f"<h1>{title}</h1>")
    if changes:
        lines.append(_HTML_LEGEND)
        if export.title and export.machine_title and export.machine_title != export.title:
            title_changes = _html_changes([export.title], [export.machine_title])
            lines.append(f'<p class="title-changes">Title: {title_changes}</p>')
    if export.source_paragraphs is None:
        lines.extend(_html_body(export))
    else:
        source_lang = html.escape(export.source_lang or "", quote=True)
        source_attribute = f' lang="{source_lang}"' if source_lang else ""
        lines.append(f'<table class="side-by-side{" with-changes" if changes else ""}">')
        machine = export.machine_paragraphs if changes else []
        rows = zip_longest(export.source_paragraphs, export.paragraphs, machine)
        for index, (source, target, mt) in enumerate(rows):
            changes_cell = f"<td>{_html_changes(target or [], mt or [])}</td>" if changes else ""
            kind = export.block(index)
            row = f'<tr class="{kind}">' if kind else "<tr>"
            lines.append(
                f"{row}<td{source_attribute}>{_html_text(paragraph_text(source or []))}</td>"
                f"<td>{_html_text(paragraph_text(target or []))}</td>{changes_cell}</tr>"
            )
        lines.append("</table>")
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"


def write_docx(export: ArticleExport, path: str | Path | IO[bytes]) -> None:
    """A Word document: the title as Heading 1, then the paragraphs (or a two-column table)."""
    import docx  # python-docx is slow to import; only DOCX export pays for it

    document = docx.Document()
    document.core_properties.language = export.lang
    if export.draft is not None:
        document.add_paragraph().add_run(export.draft.text()).bold = True
    if export.title:
        document.core_properties.title = export.title
        document.add_heading(export.title, level=1)
    if export.source_paragraphs is None:
        for index, text in enumerate(map(paragraph_text, export.paragraphs)):
            if text:
                document.add_paragraph(text, _DOCX_STYLES.get(export.block(index)))
    else:
        rows = list(zip_longest(export.source_paragraphs, export.paragraphs))
        table = document.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        for index, (row, (source, target)) in enumerate(zip(table.rows, rows, strict=True)):
            row.cells[0].text = paragraph_text(source or [])
            row.cells[1].text = paragraph_text(target or [])
            style = _DOCX_STYLES.get(export.block(index))
            if style is not None:
                for cell in row.cells:
                    cell.paragraphs[0].style = style
    document.save(path)


# Word's built-in styles for the source's blocks (text/readers.py reads them back the same way).
_DOCX_STYLES = {
    **{f"h{level}": f"Heading {level}" for level in range(1, 7)},
    "ul": "List Bullet",
    "ol": "List Number",
    "quote": "Quote",
}


def _html_body(export: ArticleExport) -> list[str]:
    """The paragraphs as the source's blocks: headings, lists (consecutive items in one list),
    quotes and paragraphs."""
    lines: list[str] = []
    open_list = ""
    for index, text in enumerate(map(paragraph_text, export.paragraphs)):
        if not text:
            continue
        kind = export.block(index)
        if open_list and kind != open_list:
            lines.append(f"</{open_list}>")
            open_list = ""
        if kind in ("ul", "ol"):
            if not open_list:
                lines.append(f"<{kind}>")
                open_list = kind
            lines.append(f"<li>{_html_text(text)}</li>")
        elif kind.startswith("h"):
            lines.append(f"<{kind}>{_html_text(text)}</{kind}>")
        elif kind == "quote":
            lines.append(f"<blockquote><p>{_html_text(text)}</p></blockquote>")
        else:
            lines.append(f"<p>{_html_text(text)}</p>")
    if open_list:
        lines.append(f"</{open_list}>")
    return lines


def _md_escape(text: str) -> str:
    text = _MD_INLINE.sub(r"\\\1", text)
    # A backslash before the newline keeps the translator's line break (a hard break).
    return "\\\n".join(_md_escape_line_start(line) for line in text.split("\n"))


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


_HTML_LEGEND = (
    '<p class="legend">Third column: the changes to the machine translation. '
    "<del>removed</del> <ins>added</ins>; inside a word only the letters that changed: "
    'Staate<del class="in-word">n</del><ins class="in-word">s</ins>. '
    "Sentences no engine translated are shown as written.</p>"
)


def _html_changes(sentences: list[str], machine: list[str | None]) -> str:
    """A paragraph's sentences, each marked with its changes to its machine translation."""
    from translate_flow.diff.spans import diff_spans, render_html

    pieces = []
    for sentence, mt in zip_longest(sentences, machine):
        text = (sentence or "").strip()
        if not text:
            continue
        if mt is None or mt.strip() == text:
            pieces.append(_html_text(text))
        else:
            pieces.append(render_html(diff_spans(mt.strip(), text)))
    return " ".join(pieces)
