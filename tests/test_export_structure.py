"""An article keeps the structure of its source through the desk: headings, list items and quotes
come back as such in the Markdown, HTML and Word exports, also after a segment is split or merged
and after a source update (plain text has none to keep)."""

from __future__ import annotations

import docx
from lxml import html

from translate_flow.text.readers import read_article

SOURCE = """\
# Заява МЗС Рэспублікі Беларусь

Міністэрства замежных спраў вітае аднаўленне перамоў. Дэлегацыя прыбудзе 12 сакавіка.

## Парадак дня

1. Рэгіянальная бяспека;
2. Гуманітарнае супрацоўніцтва.

- абмен дэлегацыямі,
- культурныя праекты.

> «Мы адкрытыя для дыялогу», — падкрэсліў міністр.

### Наступныя крокі

Кансультацыі працягнуцца ў Мінску.
"""
BLOCKS = ["", "h2", "ol", "ol", "ul", "ul", "quote", "h3", ""]


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


def segments(cli, article: int) -> list[dict]:
    shown = ok(cli("show", article, "--lang", "de", "--json")).json()
    return [s for p in shown["paragraphs"] for s in p["segments"]]


def translated(cli, source: str = SOURCE, name: str = "zajava.md") -> int:
    """The article ingested from Markdown, each sentence "translated" as itself by hand."""
    [row] = ok(cli("ingest", "-", "--format", "md", "--json", input=source)).json()
    article = row["article"]
    ok(cli("translate", article, "--to", "de", "--engine", "tm"))
    for segment in segments(cli, article):
        ok(cli("segment", "edit", segment["segment"], "--lang", "de", "--text", segment["source"]))
    return article


def exported_structure(cli, article: int) -> tuple[list[str], list[str]]:
    markdown = ok(cli("export", article, "--lang", "de", "--draft", "--format", "md")).stdout
    notice, text = markdown.split("\n\n", 1)
    assert notice.startswith("> DRAFT")
    read = read_article(text.encode(), "export.md")
    return read.paragraphs, [read.block(i) for i in range(len(read.paragraphs))]


def test_markdown_export_has_the_sources_headings_lists_and_quote(cli):
    article = translated(cli)

    paragraphs, blocks = exported_structure(cli, article)

    source = read_article(SOURCE.encode(), "zajava.md")
    assert (paragraphs, blocks) == (source.paragraphs, BLOCKS)


def test_html_and_docx_exports_mark_each_row_with_its_block(cli, tmp_path):
    article = translated(cli)

    page = html.fromstring(
        ok(cli("export", article, "--lang", "de", "--draft", "--format", "html")).stdout
    )
    ok(cli("export", article, "--lang", "de", "--draft", "-o", str(tmp_path / "a.docx")))

    assert [row.get("class") or "" for row in page.iter("tr")] == BLOCKS
    table = docx.Document(str(tmp_path / "a.docx")).tables[0]
    styles = [row.cells[1].paragraphs[0].style.name for row in table.rows]
    assert styles[1:4] == ["Heading 2", "List Number", "List Number"]
    assert styles[6] == "Quote"


def test_split_merge_and_source_update_keep_the_blocks(cli):
    article = translated(cli)
    first = segments(cli, article)[1]  # "Міністэрства ... перамоў."
    ok(cli("segment", "merge", first["segment"], segments(cli, article)[2]["segment"]))
    ok(cli("segment", "split", segments(cli, article)[1]["segment"], "--at-text", "Дэлегацыя"))
    assert exported_structure(cli, article)[1] == BLOCKS

    changed = SOURCE.replace("- абмен дэлегацыямі,", "- абмен студэнтамі,")
    ok(cli("ingest", "-", "--format", "md", "--update", article, input=changed))
    for segment in segments(cli, article):
        ok(cli("segment", "edit", segment["segment"], "--lang", "de", "--text", segment["source"]))

    paragraphs, blocks = exported_structure(cli, article)
    assert blocks == BLOCKS and "абмен студэнтамі," in paragraphs
