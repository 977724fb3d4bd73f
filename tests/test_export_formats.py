"""Every export format through the command line, validated against its standard and read back by
translate-toolkit, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest
from exchange_support import approved_article, segments, translated_article
from lxml import etree, html
from standards import standard
from translate.storage import po as ttk_po
from translate.storage import tmx as ttk_tmx
from translate.storage import xliff as ttk_xliff
from translate.storage import xliff2 as ttk_xliff2

# Quotes, an ampersand and angle brackets: what XML and PO must escape.
EDITED = 'Lawrow und Ryschenko erörterten „IKT-Sicherheit“ & <Zusammenarbeit> im "Unionsstaat".'


def _export(cli, article: int, fmt: str, *options: str) -> bytes:
    result = cli("export", article, "--lang", "de", "--format", fmt, *options)
    assert result.exit_code == 0, result.stderr
    return result.stdout.encode("utf-8")


def _expected_pairs(cli, article: int) -> list[tuple[str, str, str]]:
    return [(str(s["segment"]), s["source"], s["target"]) for s in segments(cli, article)]


@pytest.mark.parametrize(
    ("fmt", "schema_file"),
    [("xliff", "xliff-core-2.0.xsd"), ("xliff12", "xliff-core-1.2-transitional.xsd")],
)
def test_xliff_export_validates_against_the_oasis_schema(cli, fmt, schema_file):
    article = approved_article(cli, EDITED)

    document = etree.fromstring(_export(cli, article, fmt))

    schema = etree.XMLSchema(etree.parse(str(standard(schema_file))))
    assert schema.validate(document), schema.error_log


def test_translate_toolkit_reads_the_xliff20_export_to_the_same_units(cli):
    article = approved_article(cli, EDITED)

    store = ttk_xliff2.Xliff2File.parsestring(_export(cli, article, "xliff"))

    assert [(u.getid(), u.source, u.target) for u in store.units] == _expected_pairs(cli, article)
    assert EDITED in [u.target for u in store.units]


def test_translate_toolkit_reads_the_xliff12_export_to_the_same_units(cli):
    article = approved_article(cli, EDITED)

    store = ttk_xliff.xlifffile.parsestring(_export(cli, article, "xliff12"))

    units = [(u.getid().split("\x04")[-1], u.source, u.target) for u in store.units]
    assert units == _expected_pairs(cli, article)
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("ru", "de")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_po_export_passes_msgfmt_check_and_reads_back(cli, tmp_path):
    article = approved_article(cli, EDITED)
    path = tmp_path / "article.de.po"
    assert cli("export", article, "--lang", "de", "--format", "po", "-o", path).exit_code == 0

    checked = subprocess.run(
        ["msgfmt", "-c", "-o", str(tmp_path / "a.mo"), str(path)], capture_output=True, text=True
    )

    assert checked.returncode == 0, checked.stderr
    assert "warning" not in checked.stderr  # the header is complete, dates and translator too
    store = ttk_po.pofile.parsestring(path.read_bytes())
    units = [(u.getcontext(), u.source, u.target) for u in store.units if not u.isheader()]
    assert units == _expected_pairs(cli, article)
    assert store.gettargetlanguage() == "de"


def test_tmx_export_validates_against_the_dtd_and_holds_the_article_pairs(cli):
    article = approved_article(cli, EDITED)
    data = _export(cli, article, "tmx")

    dtd = etree.DTD(str(standard("tmx14.dtd")))
    assert dtd.validate(etree.fromstring(data)), dtd.error_log
    store = ttk_tmx.tmxfile.parsestring(data)
    pairs = [(source, target) for _id, source, target in _expected_pairs(cli, article)]
    assert [(u.source, u.target) for u in store.units] == pairs


def test_draft_tmx_leaves_out_machine_translations_nobody_accepted(cli):
    article = translated_article(cli)
    first = segments(cli, article)[0]
    assert cli("segment", "accept", first["segment"], "--lang", "de").exit_code == 0

    store = ttk_tmx.tmxfile.parsestring(_export(cli, article, "tmx", "--draft"))

    assert [(u.source, u.target) for u in store.units] == [(first["source"], first["target"])]


def test_html_export_is_a_page_with_source_and_target_side_by_side(cli):
    article = approved_article(cli, EDITED)
    rows = segments(cli, article)

    page = html.fromstring(_export(cli, article, "html"))

    assert page.get("lang") == "de"
    assert page.findtext(".//h1") == rows[0]["target"]
    cells = [[td.text_content() for td in tr.findall("td")] for tr in page.iter("tr")]
    assert rows[1]["source"] in cells[0][0]
    assert cells[0][1].startswith(EDITED)
    assert page.find(".//tr/td").get("lang") == "ru"
    assert all(r["target"] in page.text_content() for r in rows)


def test_docx_export_opens_in_word_with_every_paragraph(cli, tmp_path):
    article = approved_article(cli, EDITED)
    rows = segments(cli, article)
    path = tmp_path / "article.de.docx"

    result = cli("export", article, "--lang", "de", "--format", "docx", "-o", path)

    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == rows[0]["target"]
    [table] = document.tables
    body_paragraphs = _export(cli, article, "txt").decode().strip().split("\n\n")[1:]
    assert len(table.rows) == len(body_paragraphs)
    text = "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert all(r["source"] in text and r["target"] in text for r in rows[1:])


def test_docx_export_needs_an_output_file(cli):
    article = approved_article(cli)

    result = cli("export", article, "--lang", "de", "--format", "docx")

    assert result.exit_code == 2
    assert "-o FILE" in result.stderr


@pytest.mark.parametrize("fmt", ["html", "xliff", "tmx"])
def test_unapproved_article_is_exported_only_as_a_draft(cli, fmt):
    article = translated_article(cli)

    refused = cli("export", article, "--lang", "de", "--format", fmt)

    assert refused.exit_code == 1 and "not approved" in refused.stderr
    assert cli("export", article, "--lang", "de", "--format", fmt, "--draft").exit_code == 0
