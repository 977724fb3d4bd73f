"""`translate-flow qa` checks XLIFF and PO files from any tool, without a database."""

from __future__ import annotations

import pytest
from conftest import CliResult, run_cli

GLOSSARY = """\
concept: belarus
ru: Беларусь
de: Belarus
de: Weißrussland | status=deprecated
en: Belarus
en: Byelorussia | status=deprecated

concept: csto
ru: ОДКБ | type=abbreviation
de: OVKS | type=abbreviation
en: CSTO | type=abbreviation
"""

CORRECT_DE = [
    ("1", "Министры стран ОДКБ встретились в Беларуси.", "Die Minister der OVKS-Staaten trafen "
     "sich in Belarus."),
    ("2", "Встреча прошла 12 мая в Минске.", "Das Treffen fand am 12. Mai in Minsk statt."),
]  # fmt: skip
FAULTY_DE = [
    ("1", "Министр посетил Беларусь.", "Der Minister besuchte Weißrussland."),
    ("2", "Встреча прошла 12 мая в Минске.", "Das Treffen fand am 13. Mai in Minsk statt."),
    ("3", "Генсек ОДКБ посетил Минск.", "Der Generalsekretär besuchte Minsk."),
    ("4", "Без перевода.", None),
]


@pytest.fixture
def qa(monkeypatch, tmp_path):
    """Run `translate-flow qa ARGS` in-process, with a database path that must stay unused."""
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("TRANSLATE_FLOW_DB", str(tmp_path / "never.db"))
    monkeypatch.setenv("COLUMNS", "160")  # a table row per finding, messages unwrapped
    glossary = tmp_path / "desk.glossary"
    glossary.write_text(GLOSSARY, encoding="utf-8")

    def run(*args) -> CliResult:
        return run_cli(["qa", *args])

    run.glossary = glossary
    yield run
    assert not (tmp_path / "never.db").exists()


def xliff12(path, units, source_lang="ru", target_lang="de"):
    """An XLIFF 1.2 file as a CAT tool writes one (no translate-flow notes)."""
    body = "".join(
        f'<trans-unit id="{uid}"><source>{src}</source>'
        + ("" if tgt is None else f'<target state="translated">{tgt}</target>')
        + "</trans-unit>\n"
        for uid, src, tgt in units
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        f'<file original="news.txt" datatype="plaintext" source-language="{source_lang}" '
        f'target-language="{target_lang}"><body>\n{body}</body></file></xliff>\n',
        encoding="utf-8",
    )
    return path


def xliff20(path, units, source_lang="ru", target_lang="en"):
    body = "".join(
        f'<unit id="{uid}"><segment state="translated"><source>{src}</source>'
        + ("" if tgt is None else f"<target>{tgt}</target>")
        + "</segment></unit>\n"
        for uid, src, tgt in units
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
        f'srcLang="{source_lang}" trgLang="{target_lang}">\n'
        f'<file id="f1">\n{body}</file></xliff>\n',
        encoding="utf-8",
    )
    return path


def po(path, units, language="de"):
    """A PO file as Poedit leaves it: Language, no source language, msgctxt as the unit id."""
    entries = "".join(
        f'\nmsgctxt "{uid}"\nmsgid "{src}"\nmsgstr "{tgt or ""}"\n' for uid, src, tgt in units
    )
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Language: {language}\\n"\n{entries}',
        encoding="utf-8",
    )
    return path


def test_correct_xliff12_file_has_no_findings(qa, tmp_path):
    path = xliff12(tmp_path / "ok.xlf", CORRECT_DE)

    result = qa(path, "--glossary", qa.glossary)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "no findings in 2 unit(s)\n"
    assert qa(path, "--glossary", qa.glossary, "--json").json() == []


def test_faulty_xliff12_file_reports_each_finding_and_exits_1(qa, tmp_path):
    path = xliff12(tmp_path / "faulty.xlf", FAULTY_DE)

    result = qa(path, "--glossary", qa.glossary, "--json")

    assert result.exit_code == 1
    findings = result.json()
    assert {(f["unit"], f["check"], f["kind"], f["concept"]) for f in findings} == {
        ("1", "terminology", "deprecated", "belarus"),
        ("2", "numbers", None, None),
        ("3", "terminology", "missing", "csto"),
    }
    deprecated = next(f for f in findings if f["kind"] == "deprecated")
    assert deprecated == {
        "file": str(path),
        "unit": "1",
        "check": "terminology",
        "severity": "error",
        "message": "Weißrussland is deprecated (belarus); use Belarus",
        "span": [22, 34],
        "side": "target",
        "concept": "belarus",
        "kind": "deprecated",
        "term": "Weißrussland",
        "suggestions": ["Belarus"],
    }
    missing = next(f for f in findings if f["kind"] == "missing")
    assert missing["message"] == "ОДКБ (csto) is not translated as OVKS"
    assert missing["severity"] == "error" and missing["side"] == "source"


def test_the_table_names_unit_check_and_message(qa, tmp_path):
    path = xliff12(tmp_path / "faulty.xlf", FAULTY_DE)

    result = qa(path, "--glossary", qa.glossary)

    assert result.exit_code == 1
    assert "Weißrussland is deprecated (belarus); use Belarus" in result.stdout
    assert "terminology" in result.stdout and "numbers" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "4 finding(s) in 3 of 3 unit(s); 1 without a target, not checked"
    )


def test_xliff20_file_with_its_own_languages(qa, tmp_path):
    units = [
        ("a", "Генсек ОДКБ посетил Минск.", "The CSTO Secretary General visited Minsk."),
        ("b", "Министр посетил Беларусь.", "The minister visited Byelorussia."),
    ]
    path = xliff20(tmp_path / "news.en.xlf", units)

    result = qa(path, "--glossary", qa.glossary, "--json")

    assert result.exit_code == 1
    assert [(f["file"], f["unit"], f["check"], f["kind"], f["concept"]) for f in result.json()] == [
        (str(path), "b", "terminology", "deprecated", "belarus")
    ]
    fixed = xliff20(tmp_path / "fixed.en.xlf", [units[0], ("b", units[1][1], "The minister "
                                                          "visited Belarus.")])  # fmt: skip
    assert qa(fixed, "--glossary", qa.glossary).exit_code == 0


def test_po_file_takes_msgctxt_as_unit_and_the_source_language_from_the_option(qa, tmp_path):
    path = po(tmp_path / "news.de.po", FAULTY_DE[:1] + CORRECT_DE[1:])

    missing_language = qa(path, "--glossary", qa.glossary, "--json")
    result = qa(path, "--glossary", qa.glossary, "--source-lang", "ru", "--json")

    assert missing_language.exit_code == 1 and missing_language.stdout == ""
    assert missing_language.stderr == (
        f"translate-flow: {path}: the file names no source language; give --source-lang\n"
    )
    assert result.exit_code == 1
    assert [(f["unit"], f["kind"], f["concept"]) for f in result.json()] == [
        ("1", "deprecated", "belarus")
    ]


def test_po_file_exported_by_translate_flow_names_its_languages(qa, tmp_path):
    from translate_flow.formats.po import write_po
    from translate_flow.formats.units import Document, Unit

    doc = Document(
        "7", "Заявление", "ru", "de",
        [Unit(uid, src, tgt, "translated") for uid, src, tgt in CORRECT_DE],
    )  # fmt: skip
    path = tmp_path / "article7.de.po"
    path.write_text(write_po(doc), encoding="utf-8")

    result = qa(path, "--glossary", qa.glossary)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "no findings in 2 unit(s)\n"


def test_several_files_in_one_run(qa, tmp_path, monkeypatch):
    good = xliff12(tmp_path / "good.xlf", CORRECT_DE)
    bad = po(tmp_path / "bad.po", FAULTY_DE[:1])

    result = qa(good, bad, "--glossary", qa.glossary, "--source-lang", "ru", "--json")

    assert result.exit_code == 1
    assert [(f["file"], f["unit"]) for f in result.json()] == [(str(bad), "1")]
    # Relative names, as a translator types them: a long temporary path would wrap in the table.
    monkeypatch.chdir(tmp_path)
    table = qa("good.xlf", "bad.po", "--glossary", qa.glossary, "--source-lang", "ru").stdout
    assert "file" in table.splitlines()[1] and "bad.po" in table


def test_an_option_contradicting_the_file_is_an_error(qa, tmp_path):
    path = xliff12(tmp_path / "ok.xlf", CORRECT_DE)

    result = qa(path, "--glossary", qa.glossary, "--target-lang", "en")

    assert result.exit_code == 1
    assert result.stderr == (
        f"translate-flow: {path}: the file's target language is de, but --target-lang says en\n"
    )
    assert qa(path, "--glossary", qa.glossary, "--target-lang", "de-DE").exit_code == 0


def test_a_broken_file_is_an_error_and_nothing_is_reported(qa, tmp_path):
    good = xliff12(tmp_path / "faulty.xlf", FAULTY_DE)
    broken = tmp_path / "broken.xlf"
    broken.write_text('<xliff version="1.2"><file>', encoding="utf-8")

    result = qa(good, broken, "--glossary", qa.glossary, "--json")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"translate-flow: {broken}") and result.stderr.count("\n") == 1


def test_a_missing_glossary_file_is_an_error(qa, tmp_path):
    path = xliff12(tmp_path / "ok.xlf", CORRECT_DE)

    result = qa(path, "--glossary", tmp_path / "nowhere.glossary")

    assert result.exit_code == 1 and result.stdout == ""
    assert "nowhere.glossary" in result.stderr


def test_without_a_glossary_the_other_checks_still_run(qa, tmp_path):
    path = xliff12(tmp_path / "faulty.xlf", FAULTY_DE)

    result = qa(path, "--json")

    assert result.exit_code == 1
    assert result.stderr == (
        "translate-flow: no glossary (--glossary or [qa] glossary in the config file): "
        "terminology is not checked\n"
    )
    assert {f["check"] for f in result.json()} == {"numbers"}


def test_the_glossary_may_come_from_the_config_file(qa, tmp_path):
    (tmp_path / "config.toml").write_text(f'[qa]\nglossary = "{qa.glossary}"\n', encoding="utf-8")
    path = xliff12(tmp_path / "faulty.xlf", FAULTY_DE[:1])

    result = qa(path, "--json")

    assert result.exit_code == 1 and result.stderr == ""
    assert [f["concept"] for f in result.json()] == ["belarus"]


def test_list_checks_describes_every_check(qa):
    result = qa("--list-checks")

    assert result.exit_code == 0
    assert "terminology (error): Glossary terminology" in result.stdout
    assert "numbers (error)" in result.stdout and "quotes (warning)" in result.stdout
