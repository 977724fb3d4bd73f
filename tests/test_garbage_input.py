"""Garbage in is refused, never stored: hostile files for every importer, each refused in one line
with the database as it was; control characters refused, stripped or shown harmlessly.

Runs on SQLite and PostgreSQL (the `cli` fixture)."""

from __future__ import annotations

import re

import polib
import pytest
from conftest import EXAMPLES, GLOSSARY
from exchange_support import segments, translated_article
from mt_servers import libre_server

from translate_flow.errors import InputError
from translate_flow.text.encoding import decode_text

# A headline (segment 1), then the sentences (segments 2 and 3).
RUSSIAN = (
    "Переговоры в МИД\n\nМинистр иностранных дел провёл переговоры с послом.\n\n"
    "Стороны обсудили визит в Минск.\n"
)


def _refused(result, fragment: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def _articles(cli) -> list:
    return cli("status", "--json").json()


def _glossary(cli) -> list:
    return cli("glossary", "list", "--json").json()


def _tm(cli) -> list:
    return cli("tm", "stats", "--json").json()


# --- encodings -------------------------------------------------------------------------------


def test_utf8_with_one_bad_byte_is_refused_with_its_offset_not_read_as_a_code_page():
    data = RUSSIAN.encode("utf-8")
    damaged = data[:40] + b"\xff" + data[41:]
    with pytest.raises(InputError, match=r"^news\.txt is not valid UTF-8: .* at byte offset 40;"):
        decode_text(damaged, "news.txt")


def test_a_genuine_windows_1251_file_is_still_detected_as_such():
    assert decode_text(RUSSIAN.encode("cp1251"))[1] == "cp1251"


def test_encoding_given_by_the_user_is_used_and_every_byte_must_fit_it():
    assert decode_text(RUSSIAN.encode("koi8-r"), "a.txt", "koi8-r") == (RUSSIAN, "koi8-r")
    with pytest.raises(InputError, match=r"^a\.txt is not valid utf-8: .* at byte offset 0$"):
        decode_text(RUSSIAN.encode("cp1251"), "a.txt", "utf-8")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        decode_text(b"text", "a.txt", "klingon")


@pytest.mark.parametrize("lang", [[], ["--lang", "ru"]])
def test_ingest_refuses_utf8_with_a_bad_byte_and_imports_nothing(cli, tmp_path, lang):
    data = RUSSIAN.encode("utf-8")
    bad = tmp_path / "news.txt"
    bad.write_bytes(data[:40] + b"\xc0" + data[41:])
    _refused(cli("ingest", EXAMPLES / "ru-csto-meeting.md", bad, *lang), "byte offset 40")
    assert _articles(cli) == []


def test_ingest_reads_a_legacy_file_in_the_encoding_given(cli, tmp_path):
    path = tmp_path / "archive.txt"
    path.write_bytes(RUSSIAN.encode("koi8-r"))
    result = cli("ingest", path, "--encoding", "koi8-r", "--json")
    assert result.exit_code == 0, result.stderr
    [article] = result.json()
    assert article["encoding"] == "koi8-r"
    assert article["title"] == "Переговоры в МИД"


def _latin1_declared(data: bytes) -> bytes:
    head, rest = data.split(b"?>", 1)
    assert b'encoding="UTF-8"' in head or b"encoding='UTF-8'" in head
    return b'<?xml version="1.0" encoding="ISO-8859-1"?>' + rest


def test_tbx_declaring_latin1_over_utf8_bytes_is_refused_and_the_glossary_kept(cli, tmp_path):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    exported = tmp_path / "desk.tbx"
    assert cli("glossary", "export", "-o", exported).exit_code == 0
    before = _glossary(cli)
    exported.write_bytes(_latin1_declared(exported.read_bytes()))
    _refused(cli("glossary", "import", exported), "encoding='ISO-8859-1' but the bytes are UTF-8")
    assert _glossary(cli) == before


def test_tmx_declaring_latin1_over_utf8_bytes_is_refused_and_the_memory_kept(cli, tmp_path):
    tmx = tmp_path / "memory.tmx"
    tmx.write_bytes(_latin1_declared((EXAMPLES / "seed-memory.ru-de.tmx").read_bytes()))
    _refused(cli("tm", "import", tmx), "the bytes are UTF-8")
    assert _tm(cli) == []


def test_tmx_with_a_bidi_override_in_a_unit_is_refused_whole(cli, tmp_path):
    seed = (EXAMPLES / "seed-memory.ru-de.tmx").read_text(encoding="utf-8")
    # The last unit's German text gets a right-to-left override, which XML parsers let through.
    head, last_seg = seed.rsplit("<seg>", 1)
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(f"{head}<seg>\u202e{last_seg}", encoding="utf-8")
    _refused(cli("tm", "import", tmx), "contains the control character U+202E")
    assert _tm(cli) == []


def test_xliff_declaring_latin1_over_utf8_bytes_is_refused_and_nothing_changes(cli, tmp_path):
    article = translated_article(cli)
    path = tmp_path / "a.xlf"
    exported = cli("export", article, "--lang", "de", "--format", "xliff", "--draft", "-o", path)
    assert exported.exit_code == 0, exported.stderr
    before = segments(cli, article)
    path.write_bytes(_latin1_declared(path.read_bytes()).replace(b"Lawrow", b"Lawr\xc3\xb6w"))
    _refused(cli("import", path), "the bytes are UTF-8")
    assert segments(cli, article) == before


# --- glossary files cut off, and imports that only add and change ---------------------------

SHEET = (
    "concept_id,lang,term,term_note\r\n"
    "cis,ru,СНГ,\r\n"
    "cis,de,GUS,\r\n"
    'belarus,de,Belarus,"Neutrum, ohne Artikel"\r\n'
    "belarus,en,Belarus,\r\n"
)


@pytest.mark.parametrize(
    "cut, fragment",
    [
        (SHEET[: SHEET.index("Neutrum") + 4], "ends inside a quoted cell"),
        (SHEET[: SHEET.index("en,Bel") + 6], "ends inside this row (3 of 4 cells"),
    ],
)
def test_csv_glossary_cut_off_is_refused_and_nothing_is_truncated(cli, tmp_path, cut, fragment):
    path = tmp_path / "terms.csv"
    path.write_text(SHEET, encoding="utf-8")
    assert cli("glossary", "import", path).exit_code == 0
    before = _glossary(cli)
    path.write_text(cut, encoding="utf-8")
    _refused(cli("glossary", "import", path), fragment)
    assert _glossary(cli) == before


def test_text_glossary_cut_off_mid_entry_is_refused(cli, tmp_path):
    text = GLOSSARY.read_text(encoding="utf-8")
    path = tmp_path / "cut.glossary"
    path.write_text(text[: text.index("Weißrussland") + 5], encoding="utf-8")
    _refused(cli("glossary", "import", path), "looks cut off")
    assert _glossary(cli) == []


def _concept(cli, concept_id: str) -> dict:
    return cli("glossary", "show", concept_id, "--json").json()


def test_import_keeps_terms_and_concepts_the_file_leaves_out(cli, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(SHEET, encoding="utf-8")
    assert cli("glossary", "import", path).exit_code == 0
    path.write_text("concept_id,lang,term\ncis,de,GUS\ncis,en,CIS\n", encoding="utf-8")
    result = cli("glossary", "import", path, "--json")
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert report["changed"] == ["cis"] and report["not_in_file"] == ["belarus"]
    assert report["kept_terms"] == [{"concept": "cis", "lang": "ru", "term": "СНГ"}]
    texts = [t["text"] for t in _concept(cli, "cis")["terms"]]
    assert texts == ["GUS", "CIS", "СНГ"]
    assert [t["text"] for t in _concept(cli, "belarus")["terms"]] == ["Belarus", "Belarus"]


def test_remove_missing_deletes_what_the_file_leaves_out(cli, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(SHEET, encoding="utf-8")
    assert cli("glossary", "import", path).exit_code == 0
    path.write_text("concept_id,lang,term\ncis,de,GUS\n", encoding="utf-8")
    report = cli("glossary", "import", path, "--remove-missing", "--json").json()
    assert report["removed"] == ["belarus"] and report["changed"] == ["cis"]
    assert [c["id"] for c in _glossary(cli)] == ["cis"]
    assert [t["text"] for t in _concept(cli, "cis")["terms"]] == ["GUS"]


def test_dry_run_reports_the_import_and_changes_nothing(cli, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(SHEET, encoding="utf-8")
    result = cli("glossary", "import", path, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "\ndry run, nothing changed: " in result.stdout
    assert "2 added" in result.stdout and "added: cis, belarus" in result.stdout
    assert _glossary(cli) == []


# --- spreadsheet formulas ---------------------------------------------------------------------


def test_csv_export_neutralises_formulas_and_reimport_restores_them(cli, tmp_path):
    formula = "=cmd|' /C calc'!A0"
    sheet = tmp_path / "in.csv"
    quoted = formula.replace('"', '""')
    sheet.write_text(
        f'concept_id,lang,term,term_note\r\nx,de,Gipfel,"{quoted}"\r\nx,en,+summit,@SUM(A1)\r\n',
        encoding="utf-8",
    )
    assert cli("glossary", "import", sheet).exit_code == 0
    out = tmp_path / "out.csv"
    assert cli("glossary", "export", "-o", out).exit_code == 0
    written = out.read_text(encoding="utf-8-sig")
    assert "'=cmd" in written and ",'+summit," in written and ",'@SUM(A1)" in written
    assert not re.search(r"(^|,)[=+@-]", written, re.M)
    before = _glossary(cli)
    report = cli("glossary", "import", out, "--json").json()
    assert report["changed"] == [] and report["added"] == []
    assert _glossary(cli) == before
    assert _concept(cli, "x")["terms"][0]["note"] == formula


# --- control characters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "char, fragment",
    [
        ("\x1b[31m", "paragraph 1 contains the control character U+001B (ESC) at character 8"),
        ("\u202e", "paragraph 1 contains the control character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\x1a", "paragraph 1 contains the control character U+001A (Ctrl-Z)"),
        # Valid UTF-8, but no XML may hold it: the DOCX export failed with a traceback.
        ("\uffff", "paragraph 1 contains the control character U+FFFF (noncharacter) at char"),
        ("\x00", "looks like a binary file"),  # NUL anywhere: not a text file at all
    ],
)
def test_ingest_refuses_control_characters_and_imports_nothing(cli, tmp_path, char, fragment):
    path = tmp_path / "news.txt"
    # Long enough that one control character does not make it look like a binary file.
    path.write_text(f"Заголовок\n\nМинистр{char} провёл переговоры. {RUSSIAN * 3}", "utf-8")
    _refused(cli("ingest", path), fragment)
    assert _articles(cli) == []


def _one_article(cli, tmp_path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(RUSSIAN, encoding="utf-8")
    assert cli("ingest", path, "--lang", "ru").exit_code == 0


def test_edit_with_ctrl_z_and_comment_with_escape_are_refused(cli, tmp_path):
    _one_article(cli, tmp_path)
    assert cli("segment", "edit", "2", "--lang", "de", "--text", "Der Minister").exit_code == 0
    _refused(
        cli("segment", "edit", "2", "--lang", "de", "--text", "Der Minister\x1a"),
        "the translation contains the control character U+001A (Ctrl-Z) at character 13",
    )
    _refused(
        cli("segment", "edit", "2", "--lang", "de", "--text", "Gut", "--comment", "a\x1b[2Jb"),
        "the comment contains the control character U+001B (ESC)",
    )
    _refused(
        cli("segment", "edit", "2", "--lang", "de", "--text", "Der Minister\ufffe"),
        "the translation contains the control character U+FFFE (noncharacter) at character 13",
    )
    history = cli("segment", "history", "2", "--lang", "de", "--json").json()
    assert [r["text"] for r in history] == ["Der Minister"]


@pytest.mark.parametrize(
    "args",
    [
        ("glossary", "add", "x", "--term", "de:Gipfel\x00"),
        ("glossary", "add", "x", "--term", "de:Gipfel", "--note", "\u202eevil"),
    ],
)
def test_glossary_edits_refuse_control_characters(cli, args):
    _refused(cli(*args), "contains the control character")
    assert _glossary(cli) == []


def test_glossary_import_refuses_control_characters_and_long_terms(cli, tmp_path):
    path = tmp_path / "terms.glossary"
    path.write_text("concept: x\nde: Gip\x1bfel\n", encoding="utf-8")
    _refused(cli("glossary", "import", path), "concept 'x': the de term contains")
    path.write_text(f"concept: x\nde: {'G' * 501}\n", encoding="utf-8")
    _refused(cli("glossary", "import", path), "the de term is 501 characters long; the limit")
    assert _glossary(cli) == []


def test_escape_codes_in_an_engines_answer_are_removed_with_a_finding(cli, tmp_path, monkeypatch):
    _one_article(cli, tmp_path)
    answer = "\x1b[31mDer Minister\x1b[0m führte Gespräche\u202e mit dem Botschafter."
    source = "Министр иностранных дел провёл переговоры с послом."
    with libre_server({source: answer}) as server:
        monkeypatch.setenv("TRANSLATE_FLOW_LIBRE_URL", server.url)
        assert cli("translate", "1", "--to", "de", "--engine", "libre").exit_code == 0
    shown = cli("segment", "show", "2", "--lang", "de", "--json").json()
    assert shown["target"] == "Der Minister führte Gespräche mit dem Botschafter."
    [finding] = [f for f in shown["findings"] if f["check"] == "control-characters"]
    assert "3 control character(s)" in finding["message"] and "U+001B (ESC)" in finding["message"]


def _store_raw_target(cli, text: str) -> None:
    """Older data: a target written before control characters were refused."""
    from sqlalchemy import create_engine
    from sqlalchemy import text as sql

    engine = create_engine(cli.db_url)
    with engine.begin() as connection:
        connection.execute(sql("UPDATE revision SET text = :t"), {"t": text})
    engine.dispose()


def test_stored_escape_codes_are_shown_as_marks_by_show_queue_and_export(cli, tmp_path):
    _one_article(cli, tmp_path)
    assert cli("segment", "edit", "2", "--lang", "de", "--text", "Der Minister").exit_code == 0
    _store_raw_target(cli, "Der \x1b[2JMinister\u202e")
    shown = cli("segment", "show", "2", "--lang", "de")
    queue = cli("queue", "--article", "1", "--lang", "de")
    for output in (shown.stdout, queue.stdout):
        assert "\x1b" not in output and "\u202e" not in output
        assert "Der ␛[2JMinister⟨U+202E⟩" in output


def test_qa_check_flags_control_characters_in_older_data():
    from translate_flow.qa.base import CheckContext
    from translate_flow.qa.runner import run_checks

    findings = run_checks("Текст\x07", "Text\x9b", CheckContext("ru", "de"))
    flagged = [(f.side, f.span) for f in findings if f.check == "control-characters"]
    assert flagged == [("source", (5, 6)), ("target", (4, 5))]
    assert all(f.blocking for f in findings if f.check == "control-characters")


# --- duplicate unit ids -----------------------------------------------------------------------


def test_po_with_a_duplicate_unit_id_is_refused_by_import_and_reported_by_qa(cli, tmp_path):
    article = translated_article(cli)
    path = tmp_path / "a.po"
    exported = cli("export", article, "--lang", "de", "--format", "po", "--draft", "-o", path)
    assert exported.exit_code == 0, exported.stderr
    po = polib.pofile(str(path), wrapwidth=0)
    copy = polib.POEntry(
        msgctxt=po[1].msgctxt, msgid=po[1].msgid, msgstr="Eine zweite Übersetzung."
    )
    po.append(copy)
    po.save(str(path))
    before = segments(cli, article)
    _refused(cli("import", path), f"unit id '{po[1].msgctxt}' is given to units 2, ")
    assert segments(cli, article) == before
    findings = cli("qa", path, "--json").json()
    assert any(f["check"] == "duplicate-id" and f["unit"] == po[1].msgctxt for f in findings)


def test_xliff_with_a_duplicate_unit_id_is_refused_by_import(cli, tmp_path):
    article = translated_article(cli)
    path = tmp_path / "a.xlf"
    exported = cli("export", article, "--lang", "de", "--format", "xliff", "--draft", "-o", path)
    assert exported.exit_code == 0, exported.stderr
    data = path.read_text(encoding="utf-8")
    ids = re.findall(r'<unit id="(\d+)"', data)
    path.write_text(data.replace(f'<unit id="{ids[1]}"', f'<unit id="{ids[0]}"'), "utf-8")
    before = segments(cli, article)
    _refused(cli("import", path), f"unit id '{ids[0]}' is given to units 1, 2")
    assert segments(cli, article) == before


# --- sizes ------------------------------------------------------------------------------------


def test_a_segment_over_the_limit_gets_one_size_finding_and_no_other_check():
    from translate_flow.qa.base import CheckContext
    from translate_flow.qa.runner import run_checks

    findings = run_checks("Визит.", "Besuch " * 3000, CheckContext("ru", "de"))
    assert [(f.check, f.side) for f in findings] == [("size", "target")]
    assert "21,000 characters long" in findings[0].message


def test_edit_and_ingest_refuse_segments_over_the_limit(cli, tmp_path):
    _one_article(cli, tmp_path)
    _refused(
        cli("segment", "edit", "2", "--lang", "de", "--text", "Wort " * 4001),
        "the translation is 20,004 characters long; the limit is 20,000",
    )
    path = tmp_path / "endless.txt"
    path.write_text("Заголовок\n\n" + "слово " * 4000 + "конец.\n", encoding="utf-8")
    _refused(cli("ingest", path), "endless.txt: a sentence of paragraph 1 is 24,006 characters")
    assert len(_articles(cli)) == 1


def test_a_compound_at_the_start_of_a_huge_word_is_still_found():
    from translate_flow.terms.matcher import TermMatcher
    from translate_flow.terms.textformat import load_glossary

    matcher = TermMatcher(load_glossary(GLOSSARY), ["de"])
    word = "Unionsstaatsvertrag" + "e" * 200_000
    assert [h.concept_id for h in matcher.find(word, "de")] == ["union-state"]
