"""Files from other tools (memoQ, Trados, Okapi, XLIFF 1.1 and 2.0, gettext) read right.

The fixtures in tests/data/foreign/ are our own files, each reproducing the structure of one tool
(named in its header comment). Counts are compared with an independent reader: lxml's XPath over
the raw XML for XLIFF, polib for PO.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import run_cli
from lxml import etree

from translate_flow.formats.exchange import read_exchange_documents
from translate_flow.formats.inline import placeholders
from translate_flow.formats.po import read_po, write_po
from translate_flow.formats.xliff import read_xliff, read_xliff_documents

FOREIGN = Path(__file__).parent / "data" / "foreign"
XLIFF_FIXTURES = [
    "memoq-briefing.mqxliff",
    "trados-statement.sdlxliff",
    "okapi-two-files.xlf",
    "xliff11-no-namespace.xlf",
    "xliff20-order.xlf",
    "tool-substates.xlf",
]


def documents(name: str):
    return read_exchange_documents((FOREIGN / name).read_bytes(), name)[1]


def qa_json(monkeypatch, tmp_path, *args) -> tuple[int, list[dict]]:
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("TRANSLATE_FLOW_DB", str(tmp_path / "never.db"))
    result = run_cli(["qa", "--json", *args])
    assert not (tmp_path / "never.db").exists()
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else []


def _local(element) -> str:
    return etree.QName(element).localname


def _independent_units(name: str) -> list[tuple[int, int]]:
    """(segments, placeholders expected in the sources) per translatable unit, by plain XPath.

    A code enclosing text (<g>, <pc>, <mrk>) shows as two placeholders, <n> and </n>; every other
    code element (<x/>, <bpt>, <ept>, <sc/>, <ec/>, ...) as one.
    """
    root = etree.parse(str(FOREIGN / name)).getroot()
    units = []
    for element in root.iter():
        if not isinstance(element.tag, str) or _local(element) not in ("trans-unit", "unit"):
            continue
        if any(e.get("translate") == "no" for e in [element, *element.iterancestors()]):
            continue
        marks = element.xpath("./*[local-name()='seg-source']//*[@mtype='seg']")
        sources = marks or element.xpath(".//*[local-name()='source']")
        expected = 0
        for source in sources:
            for code in source.iterdescendants():
                if not isinstance(code.tag, str) or code.get("mtype") == "seg":
                    continue
                expected += 2 if _local(code) in ("g", "pc", "mrk") else 1
        units.append((len(marks) or 1, expected))
    return units


@pytest.mark.parametrize("name", XLIFF_FIXTURES)
def test_every_translatable_unit_and_inline_code_is_read(name):
    ours = [unit for doc in documents(name) for unit in doc.units]
    theirs = _independent_units(name)

    assert len(ours) == sum(segments for segments, _ in theirs)
    assert sum(len(placeholders(u.source)) for u in ours) == sum(codes for _, codes in theirs)
    assert sum(len(placeholders(u.source)) for u in ours) > 0


def test_memoq_statuses_and_locks_become_ours():
    (doc,) = documents("memoq-briefing.mqxliff")

    assert [(u.id, u.state, u.locked) for u in doc.units] == [
        ("1", "translated", False),
        ("2", "new", False),
        ("3", "approved", True),
        ("4", "machine-translated", False),
        ("5", "new", False),  # a target holding only the copied codes is not a translation
        ("6", "rejected", False),
    ]
    assert doc.units[0].source == "Брифинг официального представителя <1>МИД России</1>"
    assert [u.target for u in doc.units if u.state == "new"] == [None, None]
    assert (doc.source_lang, doc.target_lang) == ("ru-RU", "en-GB")


def test_trados_sentences_are_units_with_their_confirmation_levels():
    (doc,) = documents("trados-statement.sdlxliff")
    base = "a1f0c3d2-0000-4000-8000-00000000000"

    assert [(u.id, u.state, u.locked) for u in doc.units] == [
        (f"{base}2:1", "translated", False),
        (f"{base}2:2", "approved", True),
        (f"{base}3", "new", False),
        (f"{base}4", "machine-translated", False),
        (f"{base}5", "rejected", False),
    ]
    assert doc.units[1].source == "Мінск вітае <1>перамовы</1>."
    assert doc.units[1].target == "Minsk begrüßt die <1>Verhandlungen</1>."


def test_each_file_element_is_its_own_document_with_its_languages():
    first, second = documents("okapi-two-files.xlf")

    assert (first.article_id, first.target_lang) == ("news/2024-05-12-minsk.html", "de")
    assert (second.article_id, second.target_lang) == ("news/2024-05-13-brest.html", "en")
    assert [u.id for u in first.units] == ["1", "2"]  # the translate="no" unit is left out
    assert [u.state for u in second.units] == ["machine-translated", "new"]


def test_a_file_with_several_file_elements_is_still_refused_as_one_article():
    with pytest.raises(Exception, match="holds 2 <file> elements"):
        read_xliff((FOREIGN / "okapi-two-files.xlf").read_bytes(), "okapi-two-files.xlf")


def test_namespace_less_xliff_11_is_read_and_its_no_translate_group_skipped():
    (doc,) = documents("xliff11-no-namespace.xlf")

    assert [(u.id, u.state) for u in doc.units] == [
        ("1", "translated"),
        ("3", "machine-translated"),
        ("4", "new"),
    ]
    assert doc.units[0].target == "The minister's interview <1>with the newspaper Zviazda</1>."


def test_xliff_11_namespace_is_read():
    data = (
        (FOREIGN / "xliff11-no-namespace.xlf")
        .read_bytes()
        .replace(
            b'<xliff version="1.1">',
            b'<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">',
        )
    )

    assert [u.id for u in read_xliff(data, "ns11.xlf").units] == ["1", "3", "4"]


def test_xliff20_targets_are_joined_in_their_order_and_no_translate_units_left_out():
    (doc,) = documents("xliff20-order.xlf")

    assert [u.id for u in doc.units] == ["u1", "u4", "u5"]
    assert doc.units[0].source == (
        "Москва и Минск подписали <1>соглашение</1>. Это стало итогом переговоров."
    )
    assert doc.units[0].target == (
        "This was the result of the talks. Moscow and Minsk signed <1>an agreement</1>."
    )
    # "reviewed" from another tool's subState: the standard state decides.
    assert [u.state for u in doc.units] == ["translated", "new", "approved"]


def test_an_order_that_is_not_a_number_is_one_clear_error():
    data = (FOREIGN / "xliff20-order.xlf").read_bytes().replace(b'order="3"', b'order="last"')

    with pytest.raises(Exception, match=r"unit u1: order='last' is not a position"):
        read_xliff_documents(data, "bad-order.xlf")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_po_plural_forms_are_read_as_msgfmt_compiles_them(tmp_path):
    # polib itself refuses "#Abbreviated"; msgfmt -c (gettext's own reader) accepts the file, and
    # the compiled catalogue holds every translated entry, each plural form included.
    compiled = tmp_path / "plurals.mo"
    subprocess.run(
        ["msgfmt", "-c", "-o", str(compiled), str(FOREIGN / "toolkit-plurals.po")],
        check=True,
        capture_output=True,
    )
    theirs = {e.msgid: e for e in polib.mofile(str(compiled)) if e.msgid}
    (doc,) = documents("toolkit-plurals.po")

    translated = {u.source: u for u in doc.units if u.target is not None and u.state != "new"}
    # msgfmt leaves fuzzy entries out of the catalogue.
    assert set(theirs) == {s for s, u in translated.items() if u.state != "machine-translated"}
    for source, entry in theirs.items():
        unit = translated[source]
        if entry.msgid_plural:
            assert unit.source_plural == entry.msgid_plural
            assert unit.target_plurals == [
                entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)
            ]
        else:
            assert unit.target == entry.msgstr
    assert doc.units[0].notes[0] == "Abbreviated for the menu bar"


def test_po_plural_forms_are_written_back(tmp_path):
    (doc,) = documents("toolkit-plurals.po")
    doc.source_lang = "ru"

    written = tmp_path / "back.po"
    written.write_text(write_po(doc), encoding="utf-8")
    again = polib.pofile(str(written))

    plural = [e for e in again if e.msgid_plural]
    assert [e.msgstr_plural for e in plural] == [
        {0: "%(n)d Nachricht vom %(d)s", 1: "%(n)d Nachrichten vom %(d)s"},
        {0: "%(n)d Kommentar", 1: "%(n)d комментариев"},
        {0: ""},
    ]
    assert read_po(written.read_bytes(), "back.po").units[1].target_plurals == [
        "%(n)d Nachricht vom %(d)s",
        "%(n)d Nachrichten vom %(d)s",
    ]


def test_qa_reports_untranslated_units_as_a_count_not_as_empty_translations(monkeypatch, tmp_path):
    code, findings = qa_json(monkeypatch, tmp_path, str(FOREIGN / "memoq-briefing.mqxliff"))

    assert code == 1
    assert [(f["unit"], f["check"]) for f in findings] == [("4", "tags"), ("6", "punctuation")]
    result = run_cli(["qa", str(FOREIGN / "memoq-briefing.mqxliff")])
    assert "2 without a target, not checked" in result.stdout


def test_qa_checks_every_file_element_and_names_its_document(monkeypatch, tmp_path):
    code, findings = qa_json(monkeypatch, tmp_path, str(FOREIGN / "okapi-two-files.xlf"))

    assert code == 1
    assert [(f["unit"], f["check"], f["message"]) for f in findings] == [
        (
            "news/2024-05-12-minsk.html/2",
            "tags",
            "Inline codes differ from the source: missing <1/>",
        )
    ]


def test_qa_checks_each_plural_form_against_the_source_plural(monkeypatch, tmp_path):
    code, findings = qa_json(
        monkeypatch, tmp_path, str(FOREIGN / "toolkit-plurals.po"), "--source-lang", "ru"
    )

    assert code == 1
    assert [(f["unit"], f["check"]) for f in findings] == [("#3[1]", "untranslated")]


def test_qa_leaves_no_translate_units_unchecked_and_checks_reordered_targets(monkeypatch, tmp_path):
    code, findings = qa_json(monkeypatch, tmp_path, str(FOREIGN / "xliff20-order.xlf"))

    assert [(f["unit"], f["check"]) for f in findings] == [("u5", "tags")]


@pytest.mark.parametrize("name", [*XLIFF_FIXTURES, "toolkit-plurals.po"])
def test_qa_reads_every_fixture_and_counts_each_unit_once(monkeypatch, tmp_path, name):
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("TRANSLATE_FLOW_DB", str(tmp_path / "never.db"))
    result = (
        run_cli(["qa", str(FOREIGN / name), "--source-lang", "ru"])
        if name.endswith(".po")
        else run_cli(["qa", str(FOREIGN / name)])
    )

    units = [u for doc in documents(name) for u in doc.units]
    checked = sum(1 for u in units if u.target is not None)
    assert result.exit_code in (0, 1) and "Traceback" not in result.stderr
    assert f"of {checked} unit(s)" in result.stdout or f"in {checked} unit(s)" in result.stdout


def test_tags_check_accepts_moved_codes_and_names_missing_and_extra_ones():
    from translate_flow.qa.base import CheckContext
    from translate_flow.qa.runner import run_checks

    context = CheckContext("ru", "en", None)
    source = "Встреча <1>в Минске</1> прошла 12 мая.<2/>"

    moved = run_checks(source, "On 12 May, the meeting <1>in Minsk</1> took place.<2/>", context)
    broken = run_checks(source, "The meeting in Minsk took place on 12 May.<3/>", context)

    assert moved == []
    assert [f.message for f in broken] == [
        "Inline codes differ from the source: missing </1> <1> <2/>; not in the source <3/>"
    ]


def test_other_checks_read_the_text_without_placeholders():
    from translate_flow.qa.base import CheckContext
    from translate_flow.qa.runner import run_checks

    context = CheckContext("ru", "en", None)

    # <2/> is no number and dropping it leaves no double space.
    findings = run_checks("Итоги <2/> 2024 года.", "Results <2/> of 2024.", context)

    assert findings == []


def test_po_source_language_comes_from_the_config_when_the_file_names_none(monkeypatch, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[qa]\nsource_lang = "ru"\n', encoding="utf-8")
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(config))
    monkeypatch.setenv("TRANSLATE_FLOW_DB", str(tmp_path / "never.db"))

    result = run_cli(["qa", "--json", str(FOREIGN / "toolkit-plurals.po")])
    without = run_cli(["qa", str(FOREIGN / "okapi-two-files.xlf"), "--source-lang", "be"])

    assert result.exit_code == 1, result.stderr
    assert [f["unit"] for f in json.loads(result.stdout)] == ["#3[1]"]
    # The file's own language comes first: an option that contradicts it is an error.
    assert without.exit_code == 1
    assert "the file's source language is ru, but --source-lang says be" in without.stderr
