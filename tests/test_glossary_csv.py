"""The glossary as CSV for spreadsheets: one row per term, lossless round trip, errors naming the
line, and a broken sheet imports nothing."""

from __future__ import annotations

import pytest
from conftest import GLOSSARY

from translate_flow.errors import InputError
from translate_flow.terms.csvformat import dump_csv, load_csv, parse_csv
from translate_flow.terms.model import Concept, Term, Termbase
from translate_flow.terms.textformat import load_glossary

SHEET = """\
concept_id,subject,concept_note,lang,term,status,type,pos,case,term_note
cis,international organisations,Founded 1991.,ru,Содружество Независимых Государств,,,,,
cis,,,ru,СНГ,Preferred,abbreviation,,,
cis,international organisations,,de,GUS,preferred,ABBREVIATION,properNoun,sensitive,"Compounds: \
GUS-Staaten, GUS-Mitgliedstaaten."
belarus,countries,,de-DE,Weißrussland,deprecated,,,insensitive,
"""


def test_sheet_is_read_with_defaults_and_concept_fields_from_any_row():
    termbase = parse_csv(SHEET)

    assert [c.id for c in termbase] == ["cis", "belarus"]
    cis = termbase.get("cis")
    assert (cis.subject, cis.note) == ("international organisations", "Founded 1991.")
    full, short = cis.terms_in("ru")
    assert (full.status, full.type, full.pos, full.case_sensitive) == (
        "preferred",
        "fullForm",
        None,
        None,
    )
    assert (short.status, short.type) == ("preferred", "abbreviation")
    [gus] = cis.terms_in("de")
    assert (gus.type, gus.pos, gus.case_sensitive) == ("abbreviation", "properNoun", True)
    assert gus.note == "Compounds: GUS-Staaten, GUS-Mitgliedstaaten."
    [weiss] = termbase.get("belarus").terms_in("de")
    assert (weiss.status, weiss.case_sensitive) == ("deprecated", False)


def test_diplomatic_glossary_survives_csv_unchanged():
    glossary = load_glossary(GLOSSARY)

    assert parse_csv(dump_csv(glossary)) == glossary


def test_case_notes_with_commas_quotes_and_line_breaks_round_trip():
    termbase = Termbase(
        [
            Concept(
                "quotes",
                subject='a "quoted", subject',
                note="first line\nsecond line",
                terms=[
                    Term("de", "A, B", case_sensitive=True, note='say "A"'),
                    Term("en", "=SUM(1)", status="superseded", type="variant"),
                ],
            )
        ]
    )

    assert parse_csv(dump_csv(termbase)) == termbase


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_file_with_or_without_bom_is_read(tmp_path, bom):
    path = tmp_path / "g.csv"
    path.write_bytes(bom + SHEET.encode("utf-8"))

    assert load_csv(path) == parse_csv(SHEET)


def test_semicolon_separated_sheet_from_a_german_spreadsheet_is_read():
    sheet = "concept_id;lang;term;status\ncis;de;GUS;admitted\n"

    assert parse_csv(sheet).get("cis").terms == [Term("de", "GUS", status="admitted")]


def test_columns_may_come_in_any_order_and_optional_ones_may_be_missing():
    sheet = "Term, Lang ,concept_id\nGUS,de,cis\n"

    assert parse_csv(sheet).get("cis").terms == [Term("de", "GUS")]


def test_non_utf8_file_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("concept_id,lang,term\nbelarus,de,Weißrussland\n".encode("latin-1"))

    with pytest.raises(InputError, match="latin1.csv: not UTF-8.*CSV UTF-8"):
        load_csv(path)


@pytest.mark.parametrize(
    "sheet, message",
    [
        ("", "line 1: empty file"),
        ("concept_id,lang\ncis,de\n", "line 1: missing column(s) term"),
        ("concept,lang,term\ncis,de,GUS\n", "line 1: unknown column 'concept'"),
        ("concept_id,lang,term,lang\n", "line 1: column 'lang' appears twice"),
        ("concept_id,lang,term,status\ncis,de,GUS,prefered\n", "line 2: unknown status 'prefered'"),
        ("concept_id,lang,term,type\ncis,de,GUS,abbr\n", "line 2: unknown type 'abbr'"),
        ("concept_id,lang,term,case\ncis,de,GUS,yes\n", "line 2: unknown case 'yes'"),
        ("concept_id,lang,term\ncis,xx,GUS\n", "line 2: unknown language code 'xx'"),
        ("concept_id,lang,term\ncis,de,\n", "line 2: empty term"),
        ("concept_id,lang,term\n,de,GUS\n", "line 2: no concept id"),
        ("concept_id,lang,term\nc is,de,GUS\n", "line 2: bad concept id 'c is'"),
        ("concept_id,lang,term\ncis,de,GUS,extra\n", "line 2: 4 cells, but the header names 3"),
        ("concept_id,lang,term\ncis,de,GUS\ncis,de,GUS\n", "line 3: duplicate de term 'GUS'"),
        (
            "concept_id,lang,term\ncis,de,GUS\nun,de,UNO\n\ncis,en,CIS\n",
            "line 5: concept 'cis' already ended (its rows began on line 2)",
        ),
        (
            "concept_id,subject,lang,term\ncis,orgs,de,GUS\ncis,countries,en,CIS\n",
            "line 3: subject of 'cis' differs from the one on line 2",
        ),
        ('concept_id,lang,term,term_note\ncis,de,GUS,"open\n', "line 2: malformed CSV"),
    ],
)
def test_bad_sheet_is_refused_naming_the_line(sheet, message):
    with pytest.raises(InputError) as caught:
        parse_csv(sheet, "terms.csv")

    assert str(caught.value).startswith(f"terms.csv {message}")


# ---- through the command line and the database (SQLite and PostgreSQL)


def _glossary(cli) -> list:
    result = cli("glossary", "list", "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def test_sheet_imports_and_reimports_without_changes(cli, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8-sig")

    first = cli("glossary", "import", path, "--json").json()
    second = cli("glossary", "import", path)

    assert first["added"] == ["cis", "belarus"]
    assert second.exit_code == 0
    assert "0 added, 0 changed, 2 unchanged" in second.stdout


def test_edited_sheet_reports_the_changed_concept(cli, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    assert cli("glossary", "import", path).exit_code == 0
    path.write_text(SHEET.replace("Weißrussland,deprecated", "Weißrussland,superseded"), "utf-8")

    report = cli("glossary", "import", path, "--json").json()

    assert (report["added"], report["changed"], report["unchanged"]) == ([], ["belarus"], 1)


@pytest.mark.parametrize(
    "sheet, fragment",
    [
        ("concept_id,language,term\ncis,de,GUS\n", "line 1: unknown column 'language'"),
        ("concept_id,term\ncis,GUS\n", "line 1: missing column(s) lang"),
        (
            "concept_id,lang,term,status\ncis,de,GUS,\nun,de,UNO,official\n",
            "line 3: unknown status",
        ),
    ],
    ids=["wrong-header", "missing-column", "bad-status"],
)
def test_bad_sheet_leaves_the_database_glossary_as_it_was(cli, tmp_path, sheet, fragment):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    before = _glossary(cli)
    path = tmp_path / "bad.csv"
    path.write_text(sheet, encoding="utf-8")

    result = cli("glossary", "import", path)

    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"bad.csv {fragment}" in result.stderr
    assert _glossary(cli) == before


def test_csv_export_opens_in_spreadsheets_as_utf8(cli, tmp_path):
    assert cli("glossary", "import", GLOSSARY).exit_code == 0
    path = tmp_path / "out.csv"

    assert cli("glossary", "export", "-o", path).exit_code == 0  # format from the suffix

    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfconcept_id,subject,concept_note,lang,term,")
    assert len(load_csv(path)) == 84
