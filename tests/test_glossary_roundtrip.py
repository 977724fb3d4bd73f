"""Exporting the glossary and importing the file again changes nothing, in every format.

The glossary has what breaks a round trip: notes with quotes, commas and angle brackets, every
status, derived forms, case settings, ids that start with a digit, '_' or '-', and a concept
whose languages interleave (ru, de, ru), which TBX and CSV write grouped by language.
"""

from __future__ import annotations

import pytest

GLOSSARY = """\
concept: 1991-treaty
subject: international law
note: Treaty of 8 December 1991; "quoted", with <angle> & ampersand.
ru: Беловежские соглашения | note=Also: Минские соглашения 1991 года, "Вискули".
de: Belowescher Vertrag | status=admitted
ru: Вискули | status=deprecated | type=variant
de: Abkommen von Beloweschskaja Puschtscha
en: Belovezha Accords | case=sensitive

concept: _russia.v2
de: russisch | form=derived | pos=adjective
ru: Россия | type=shortForm | pos=properNoun
de: russländisch | status=superseded | form=derived | pos=adjective | note=Literal; avoid.
de: Russland | type=shortForm | pos=properNoun | case=insensitive

concept: -csto
be: АДКБ | type=abbreviation
ru: ОДКБ | type=acronym | case=insensitive
de: OVKS- | type=abbreviation | form=derived
de: OVKS | type=abbreviation
"""

SOURCE = "Россия и ОДКБ. Вискули упоминались."
TARGETS = ["Russland und die OVKS.", "Viskuli wurde erwähnt."]


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def desk(cli, tmp_path):
    path = tmp_path / "desk.glossary"
    path.write_text(GLOSSARY, encoding="utf-8")
    ok(cli("glossary", "import", path))
    [row] = ok(cli("ingest", "-", "--title", "Заметка", "--json", input=SOURCE.encode())).json()
    shown = ok(cli("show", row["article"], "--lang", "de", "--json")).json()
    segments = [s["segment"] for p in shown["paragraphs"] for s in p["segments"]][-2:]
    for segment, target in zip(segments, TARGETS, strict=True):
        ok(cli("segment", "edit", segment, "--lang", "de", "--text", target))
    cli.segments = segments
    return cli


def _glossary_version(db_url: str) -> str:
    from translate_flow.services.glossary import glossary_version
    from translate_flow.store.db import open_database, transaction

    with transaction(open_database(db_url)) as session:
        return glossary_version(session)


def _state(cli) -> tuple:
    findings = [
        ok(cli("segment", "show", s, "--lang", "de", "--json")).json()["findings"]
        for s in cli.segments
    ]
    return (
        ok(cli("glossary", "list", "--json")).json(),
        ok(cli("glossary", "history", "--json")).json(),
        ok(cli("log", "--limit", "0", "--json")).json(),
        findings,
        _glossary_version(cli.db_url),
    )


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [
        ("tbx", ".tbx"),
        ("tbx2", ".tbx2"),
        ("tbx2", ".tbx"),
        ("csv", ".csv"),
        ("glossary", ".glossary"),
    ],
)
def test_exported_glossary_imports_back_without_any_change(desk, tmp_path, fmt, suffix):
    before = _state(desk)
    path = tmp_path / f"export{suffix}"
    ok(desk("glossary", "export", "--format", fmt, "-o", path))

    report = ok(desk("glossary", "import", path, "--json")).json()

    assert (report["added"], report["changed"], report["removed"]) == ([], [], [])
    assert report["unchanged"] == 3
    assert report["rechecked"] == 0
    assert _state(desk) == before


def test_tbx2_suffix_gives_tbx_2_on_export_and_is_read_on_import(desk, tmp_path):
    path = tmp_path / "partner.tbx2"
    ok(desk("glossary", "export", "-o", path))

    assert b"<martif" in path.read_bytes()
    assert ok(desk("glossary", "import", path, "--json")).json()["unchanged"] == 3


def test_every_format_keeps_the_derived_forms_statuses_notes_and_ids(desk, tmp_path):
    from translate_flow.services.glossary import read_glossary_file

    listed = ok(desk("glossary", "list", "--json")).json()
    for fmt, suffix in [("tbx", ".tbx"), ("tbx2", ".tbx2"), ("csv", ".csv"), ("glossary", ".g")]:
        path = tmp_path / f"export{suffix}"
        ok(desk("glossary", "export", "--format", fmt, "-o", path))
        if suffix == ".g":
            path = path.rename(tmp_path / "export.glossary")

        termbase = read_glossary_file(str(path))

        assert [c.id for c in termbase] == ["-csto", "1991-treaty", "_russia.v2"], fmt
        derived = {(t.text, t.status) for c in termbase for t in c.terms if t.derived}
        assert derived == {
            ("russisch", "preferred"),
            ("russländisch", "superseded"),
            ("OVKS-", "preferred"),
        }, fmt
        treaty = termbase.get("1991-treaty")
        assert treaty.note == listed[1]["note"], fmt
        by_lang = [t.text for t in treaty.terms if t.lang == "ru"]
        assert by_lang == ["Беловежские соглашения", "Вискули"], fmt


def test_changed_term_in_an_exported_file_is_one_change(desk, tmp_path):
    path = tmp_path / "export.csv"
    ok(desk("glossary", "export", "-o", path))
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("Belowescher Vertrag,admitted", "Belowescher Vertrag,deprecated"))
    version = _glossary_version(desk.db_url)

    report = ok(desk("glossary", "import", path, "--json")).json()

    assert report["changed"] == ["1991-treaty"]
    assert report["unchanged"] == 2
    assert int(_glossary_version(desk.db_url)) == int(version) + 1
