"""`export --format original`: an agency's file comes back with our targets, all else as it was.

Each result is read by independent readers: lxml against the OASIS schema (from the standards
directory; skipped without it, except under CI), translate-toolkit for the targets, msgfmt and
polib for PO; everything but targets and states is compared with the original, serialised alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree
from standards import standard
from translate.storage import xliff as ttk_xliff

FOREIGN = Path(__file__).parent / "data" / "foreign"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
STATE_ATTRIBUTES = ("state", "{MQXliff}status", "conf", "approved")


def ingest(cli, name: str, *args) -> tuple[int, list[int]]:
    result = cli("ingest", FOREIGN / name, *args, "--json")
    assert result.exit_code == 0, result.stderr
    article = result.json()[0]["article"]
    lang = result.json()[0]["target_lang"]
    shown = cli("show", str(article), "--lang", lang, "--json").json()
    return article, [s["segment"] for p in shown["paragraphs"] for s in p["segments"]]


def edit(cli, segment: int, lang: str, text: str) -> None:
    result = cli("segment", "edit", str(segment), "--lang", lang, "--text", text)
    assert result.exit_code == 0, result.stderr


def export_original(cli, article: int, lang: str, path: Path) -> bytes:
    result = cli(
        "export", str(article), "--lang", lang, "--format", "original", "--draft", "-o", path
    )
    assert result.exit_code == 0, result.stderr
    return path.read_bytes()


def validate(data: bytes, schema_name: str) -> None:
    schema_path = standard(schema_name)  # skipped (failed under CI=true) when absent
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    assert schema.validate(etree.fromstring(data)), schema.error_log


def skeleton(data: bytes) -> bytes:
    """The file without target content and states, canonical: what must not change."""
    root = etree.fromstring(data)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for attribute in STATE_ATTRIBUTES:
            element.attrib.pop(attribute, None)
        if etree.QName(element).localname == "target":
            for child in list(element):
                element.remove(child)
            element.text = None
    for target in root.xpath("//*[local-name()='target']"):
        target.getparent().remove(target)
    return etree.tostring(root)


def test_memoq_file_comes_back_with_our_targets_codes_and_statuses(cli, tmp_path):
    article, segments = ingest(cli, "memoq-briefing.mqxliff")
    edit(cli, segments[1], "en", "The ministers will meet in Minsk on 12 May.")
    edit(cli, segments[3], "en", "The parties<1/> discussed regional security.")

    data = export_original(cli, article, "en", tmp_path / "back.mqxliff")

    validate(data, "xliff-core-1.2-transitional.xsd")
    original = (FOREIGN / "memoq-briefing.mqxliff").read_bytes()
    assert skeleton(data) == skeleton(original)
    # translate-toolkit shows memoQ's native codes ({}) in the text.
    units = ttk_xliff.xlifffile.parsestring(data).units
    assert [u.target for u in units][:4] == [
        "Briefing by the official spokesperson of the {}Russian Foreign Ministry{}",
        "The ministers will meet in Minsk on 12 May.",
        "Moscow, 12 May 2024",
        "The parties{} discussed regional security.",
    ]
    root = etree.fromstring(data)
    placeholder = root.xpath("//*[local-name()='trans-unit'][@id='4']/*[local-name()='target']/*")
    assert [(etree.QName(e).localname, e.get("id"), e.text) for e in placeholder] == [
        ("ph", "2", "{}")
    ]
    statuses = [u.get("{MQXliff}status") for u in root.xpath("//*[local-name()='trans-unit']")]
    assert statuses == [
        "ManuallyConfirmed",
        "ManuallyConfirmed",
        "Reviewer2Confirmed",
        "ManuallyConfirmed",
        "NotStarted",
        "Rejected",
    ]


def test_trados_sentences_are_written_into_their_marks_and_seg_defs(cli, tmp_path):
    article, segments = ingest(cli, "trados-statement.sdlxliff")
    edit(cli, segments[2], "de", "Das Treffen findet am 3. Juli statt.<1/>")

    data = export_original(cli, article, "de", tmp_path / "back.sdlxliff")

    validate(data, "xliff-core-1.2-transitional.xsd")
    assert skeleton(data) == skeleton((FOREIGN / "trados-statement.sdlxliff").read_bytes())
    root = etree.fromstring(data)
    mark = root.xpath("//*[local-name()='target']/*[@mid='3']")[0]
    assert etree.tostring(mark, encoding="unicode", with_tail=False).endswith(
        'Das Treffen findet am 3. Juli statt.<x id="pt2"/></mrk>'
    )
    confs = [s.get("conf") for s in root.iter("{http://sdl.com/FileTypes/SdlXliff/1.0}seg")]
    assert confs == ["Translated", "ApprovedSignOff", "Translated", "Draft", "RejectedTranslation"]


def test_unchanged_file_comes_back_as_it_was_read(cli, tmp_path):
    article, _ = ingest(cli, "xliff20-order.xlf")

    data = export_original(cli, article, "en", tmp_path / "back.xlf")

    assert data == (FOREIGN / "xliff20-order.xlf").read_bytes()


def test_xliff20_single_segment_target_is_written_with_its_codes(cli, tmp_path):
    article, segments = ingest(cli, "xliff20-order.xlf")
    edit(cli, segments[2], "en", "Talks will continue in <1>June</1>.<2/>")

    data = export_original(cli, article, "en", tmp_path / "back.xlf")

    validate(data, "xliff-core-2.0.xsd")
    assert skeleton(data) == skeleton((FOREIGN / "xliff20-order.xlf").read_bytes())
    target = etree.fromstring(data).xpath(
        "//*[local-name()='unit'][@id='u4']//*[local-name()='target']"
    )[0]
    assert etree.tostring(target, encoding="unicode", with_tail=False).endswith(
        'Talks will continue in <pc id="1">June</pc>.<ph id="2"/></target>'
    )


def test_xliff20_unit_of_several_segments_gets_each_target_in_its_own_segment(cli, tmp_path):
    article, segments = ingest(cli, "xliff20-order.xlf")
    shown = cli("show", str(article), "--lang", "en", "--json").json()
    texts = [(s["source"], s["target"]) for p in shown["paragraphs"] for s in p["segments"]]
    # Unit u1's two segments are two of ours, each with its own target and codes.
    assert texts[:2] == [
        (
            "Москва и Минск подписали <1>соглашение</1>.",
            "Moscow and Minsk signed <1>an agreement</1>.",
        ),
        ("Это стало итогом переговоров.", "This was the result of the talks."),
    ]
    edit(cli, segments[0], "en", "Moscow and Minsk signed <1>a treaty</1>.")
    edit(cli, segments[1], "en", "It crowned the talks.")

    data = export_original(cli, article, "en", tmp_path / "back.xlf")

    validate(data, "xliff-core-2.0.xsd")
    assert skeleton(data) == skeleton((FOREIGN / "xliff20-order.xlf").read_bytes())
    root = etree.fromstring(data)
    pieces = root.xpath("//*[local-name()='unit'][@id='u1']/*[local-name()!='originalData']")
    shown = [etree.tostring(p, encoding="unicode", with_tail=False) for p in pieces]
    assert [p.replace(f' xmlns="{XLIFF20}"', "") for p in shown] == [
        '<segment id="s1" state="translated">\n'
        '        <source>Москва и Минск подписали <sc id="1" dataRef="d1"/>соглашение'
        '<ec startRef="1" dataRef="d2"/>.</source>\n'
        '        <target order="3">Moscow and Minsk signed <sc id="1" dataRef="d1"/>a treaty'
        '<ec startRef="1" dataRef="d2"/>.</target>\n'
        "      </segment>",
        "<ignorable>\n        <source> </source>\n      </ignorable>",
        '<segment id="s2" state="reviewed" subState="example-tool:checked">\n'
        "        <source>Это стало итогом переговоров.</source>\n"
        '        <target order="1">It crowned the talks.</target>\n'
        "      </segment>",
    ]


def test_a_code_the_source_has_not_got_is_one_clear_error(cli, tmp_path):
    article, segments = ingest(cli, "memoq-briefing.mqxliff")
    edit(cli, segments[1], "en", "The ministers<7/> will meet.")

    result = cli("export", str(article), "--lang", "en", "--format", "original", "--draft")

    assert result.exit_code == 1
    assert "the target has <7/>, a code the source has not got" in result.stderr


def test_po_file_comes_back_with_every_plural_form_and_fuzzy_flags(cli, tmp_path):
    article, segments = ingest(cli, "toolkit-plurals.po", "--lang", "ru")
    edit(cli, segments[0], "de", "Meldungen")
    edit(cli, segments[4], "de", "%(n)d Kommentare")  # msgstr[1] of the comments entry
    edit(cli, segments[5], "de", "ein Leser")  # the untranslated plural entry, both forms
    edit(cli, segments[6], "de", "%(n)d Leser")
    edit(cli, segments[7], "de", "Alle Rechte vorbehalten.")

    data = export_original(cli, article, "de", tmp_path / "back.po")

    entries = [e for e in polib.pofile(data.decode("utf-8")) if not e.obsolete]
    assert [e.msgstr or e.msgstr_plural for e in entries] == [
        "Meldungen",
        {0: "%(n)d Nachricht vom %(d)s", 1: "%(n)d Nachrichten vom %(d)s"},
        {0: "%(n)d Kommentar", 1: "%(n)d Kommentare"},
        {0: "ein Leser", 1: "%(n)d Leser"},
        "Alle Rechte vorbehalten.",
    ]
    assert ["fuzzy" in e.flags for e in entries] == [False, False, False, False, False]
    if shutil.which("msgfmt"):
        path = tmp_path / "back.po"
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)


def test_an_article_from_a_text_file_has_no_original(cli, tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Министр прибыл в Минск.", encoding="utf-8")
    article = cli("ingest", text, "--json").json()[0]["article"]
    assert cli("segment", "edit", "1", "--lang", "de", "--text", "Der Minister.").exit_code == 0

    result = cli("export", str(article), "--lang", "de", "--format", "original", "--draft")

    assert result.exit_code == 1
    assert "has no original to write back" in result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "memoq-briefing.mqxliff",
        "trados-statement.sdlxliff",
        "xliff11-no-namespace.xlf",
        "xliff20-order.xlf",
        "tool-substates.xlf",
        "toolkit-plurals.po",
    ],
)
def test_every_single_document_fixture_goes_in_and_comes_back_unchanged(cli, tmp_path, name):
    article, segments = ingest(cli, name, *(["--lang", "ru"] if name.endswith(".po") else []))
    lang = cli("ingest", FOREIGN / name, "--json")  # a second ingest of the same file is refused
    assert lang.exit_code == 1 and "already imported" in lang.stderr
    in_file = {
        "memoq-briefing.mqxliff": "en",
        "trados-statement.sdlxliff": "de",
        "tool-substates.xlf": "de",
    }
    lang = in_file.get(name, "de" if name.endswith(".po") else "en")

    data = export_original(cli, article, lang, tmp_path / name)

    assert data == (FOREIGN / name).read_bytes()
    assert len(segments) > 0
