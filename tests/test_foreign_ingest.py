"""`ingest` takes an agency's XLIFF or PO file in as work, on SQLite and PostgreSQL.

The fixtures are our own files reproducing memoQ's, Trados's and gettext's structures (see
tests/data/foreign/); unit counts are compared with lxml's XPath and polib.
"""

from __future__ import annotations

from pathlib import Path

import polib
from lxml import etree

from translate_flow.formats.inline import without_placeholders

FOREIGN = Path(__file__).parent / "data" / "foreign"


def segments(cli, article: int, lang: str) -> list[dict]:
    result = cli("show", str(article), "--lang", lang, "--json")
    assert result.exit_code == 0, result.stderr
    return [s for p in result.json()["paragraphs"] for s in p["segments"]]


def test_memoq_file_becomes_an_article_with_its_segments_targets_and_statuses(cli):
    result = cli("ingest", FOREIGN / "memoq-briefing.mqxliff", "--json")

    assert result.exit_code == 0, result.stderr
    [summary] = result.json()
    units = etree.parse(str(FOREIGN / "memoq-briefing.mqxliff")).xpath(
        "//*[local-name()='trans-unit']"
    )
    assert (summary["lang"], summary["target_lang"]) == ("ru", "en")
    assert summary["segments"] == len(units)
    shown = segments(cli, summary["article"], "en")
    assert [s["status"] for s in shown] == [
        "translated",
        "new",
        "approved",
        "machine-translated",
        "new",
        "rejected",
    ]
    assert shown[0]["source"] == "Брифинг официального представителя <1>МИД России</1>"
    history = cli("segment", "history", str(shown[2]["segment"]), "--lang", "en").stdout
    assert "imported" in history and "locked in the file" in history


def test_imported_targets_are_checked_at_once(cli):
    article = cli("ingest", FOREIGN / "memoq-briefing.mqxliff", "--json").json()[0]["article"]

    report = cli("check", str(article), "--lang", "en", "--json")

    # The draft that lost its <1/> code: the tags check found it when the file came in.
    assert report.json()[0]["by_check"]["tags"] == 1


def test_trados_sentences_become_segments_in_file_order(cli):
    [summary] = cli("ingest", FOREIGN / "trados-statement.sdlxliff", "--json").json()
    marks = etree.parse(str(FOREIGN / "trados-statement.sdlxliff")).xpath(
        "//*[local-name()='seg-source']//*[@mtype='seg']"
    )

    assert (summary["lang"], summary["target_lang"]) == ("be", "de")
    shown = segments(cli, summary["article"], "de")
    # The sentences as Trados cut them, their codes as placeholders.
    assert [without_placeholders(s["source"]) for s in shown] == [
        "".join(m.itertext()) for m in marks
    ]
    assert shown[1]["source"] == "Мінск вітае <1>перамовы</1>."
    assert [s["status"] for s in shown] == [
        "translated",
        "approved",
        "new",
        "machine-translated",
        "rejected",
    ]


def test_po_file_without_source_language_takes_the_option(cli):
    [summary] = cli("ingest", FOREIGN / "toolkit-plurals.po", "--lang", "ru", "--json").json()
    entries = [
        e
        for e in polib.pofile(
            (FOREIGN / "toolkit-plurals.po").read_text(encoding="utf-8").replace("#Abb", "# Abb")
        )
        if not e.obsolete
    ]

    # A plural entry is one segment per msgstr[n].
    assert summary["segments"] == sum(len(e.msgstr_plural) or 1 for e in entries)
    assert summary["imported"] == {"translated": 5, "machine-translated": 1}


def test_each_plural_form_is_a_segment_checked_against_its_own_source(cli):
    [summary] = cli("ingest", FOREIGN / "toolkit-plurals.po", "--lang", "ru", "--json").json()
    text = (FOREIGN / "toolkit-plurals.po").read_text(encoding="utf-8").replace("#Abb", "# Abb")
    plural = [e for e in polib.pofile(text) if e.msgid_plural]

    shown = segments(cli, summary["article"], "de")

    # Entries 2 to 4 are plural: msgstr[0] translates msgid, msgstr[1] msgid_plural.
    assert [(s["source"], s["target"]) for s in shown[1:7]] == [
        (source, entry.msgstr_plural[n] or None)
        for entry in plural
        for n, source in enumerate((entry.msgid, entry.msgid_plural))
    ]
    queue = cli("queue", "--article", str(summary["article"]), "--lang", "de", "--json").json()
    findings = {r["source"]: [f["check"] for f in r["findings"]] for r in queue if r["findings"]}
    # Form 1 of the comments entry was left in Russian: the same as msgid_plural, not as msgid.
    assert findings == {"%(n)d комментариев": ["untranslated"]}


def test_a_file_whose_source_is_not_russian_or_belarusian_changes_nothing(cli, tmp_path):
    english = tmp_path / "en.xlf"
    english.write_bytes(
        (FOREIGN / "xliff11-no-namespace.xlf")
        .read_bytes()
        .replace(b'source-language="be"', b'source-language="en"')
    )

    result = cli("ingest", english)

    assert result.exit_code == 1
    assert "source language is en" in result.stderr
    assert "Traceback" not in result.stderr
    assert cli("status", "--json").json() == []


def test_several_files_are_all_or_nothing(cli, tmp_path):
    broken = tmp_path / "broken.xlf"
    broken.write_bytes(b"<xliff version='1.2'><file")

    result = cli("ingest", FOREIGN / "memoq-briefing.mqxliff", broken)

    assert result.exit_code == 1
    assert "broken.xlf" in result.stderr
    assert cli("status", "--json").json() == []


def test_docx_is_ingested_with_its_title_headings_and_paragraphs(cli, tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Заявление МИД России", level=1)
    document.add_paragraph("Министр провёл переговоры в Минске. Стороны обсудили безопасность.")
    document.add_heading("Итоги встречи", level=2)
    document.add_paragraph("")
    document.add_paragraph("Следующая встреча пройдёт в июне.")
    path = tmp_path / "statement.docx"
    document.save(path)

    [summary] = cli("ingest", path, "--json").json()

    assert (summary["title"], summary["lang"], summary["format"]) == (
        "Заявление МИД России",
        "ru",
        "docx",
    )
    assert summary["paragraphs"] == 3  # the heading is a paragraph; the empty one is none
    shown = segments(cli, summary["article"], "de")
    assert [s["source"] for s in shown] == [
        "Заявление МИД России",
        "Министр провёл переговоры в Минске.",
        "Стороны обсудили безопасность.",
        "Итоги встречи",
        "Следующая встреча пройдёт в июне.",
    ]


def test_a_file_named_docx_that_is_not_one_is_one_clear_error(cli, tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_text("Министр провёл переговоры.", encoding="utf-8")

    result = cli("ingest", fake)

    assert result.exit_code == 1
    assert result.stderr.strip().endswith("fake.docx is not a Word .docx document")
    assert cli("status", "--json").json() == []


def test_segments_of_an_agency_file_are_its_units_and_cannot_be_merged_or_split(cli, tmp_path):
    # Locked or not: each segment goes back into its own unit of the file, so a joined or split
    # one would have nowhere to go; the article and its export are left as they were.
    article = cli("ingest", FOREIGN / "trados-statement.sdlxliff", "--json").json()[0]["article"]
    shown = segments(cli, article, "de")
    before = cli("export", str(article), "--lang", "de", "--format", "original").stdout

    merged = cli("segment", "merge", str(shown[2]["segment"]), str(shown[3]["segment"]))
    split = cli("segment", "split", str(shown[1]["segment"]), "--at-text", "вітае")

    for result in (merged, split):
        assert result.exit_code == 1
        assert "ingested from the agency's file 'trados-statement.sdlxliff'" in result.stderr
        assert "cannot be merged or split" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert segments(cli, article, "de") == shown
    assert cli("export", str(article), "--lang", "de", "--format", "original").stdout == before
