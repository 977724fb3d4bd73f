from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from translate.storage import po as ttk_po

from translate_flow.errors import InputError
from translate_flow.formats.po import read_po, write_po
from translate_flow.formats.units import Document, Unit

MSGFMT = "/usr/bin/msgfmt"


def article() -> Document:
    return Document(
        article_id="7",
        title='Лукашенко встретился с "послом" Китая',
        source_lang="ru",
        target_lang="de",
        version=3,
        units=[
            Unit(
                "1",
                "Президент Беларуси встретился с послом Китая.",
                "Der Präsident von Belarus traf den Botschafter Chinas.",
                "approved",
                notes=["Checked against the MFA press release."],
                paragraph=0,
                revision=11,
            ),
            Unit(
                "2",
                'Стороны обсудили "вопросы" сотрудничества.\nВторая строка.',
                "Die Seiten erörterten Fragen der Zusammenarbeit.",
                "machine-translated",
                notes=["terminology: missing »Zusammenarbeit«"],
                paragraph=0,
                revision=12,
            ),
            Unit("3", "Визит продлится три дня.", None, "new", paragraph=1),
            Unit(
                "4",
                "Переговоры пройдут в Минске 5 мая.",
                "Die Verhandlungen finden am 4. Mai in Minsk statt.",
                "source-changed",
                previous_source="Переговоры пройдут в Минске 4 мая.",
                paragraph=1,
                revision=5,
            ),
            Unit(
                "5",
                "Решение принято.",
                "Die Entscheidung fiel.",
                "rejected",
                ["Tense"],
                paragraph=2,
                revision=9,
            ),
            Unit("6", "Минск, 1 мая.", "Minsk, 1. Mai.", "translated", paragraph=2, revision=14),
        ],
    )


def test_po_export_passes_msgfmt_check(tmp_path: Path) -> None:
    path = tmp_path / "article-7.de.po"
    path.write_text(
        write_po(article(), revision_date=datetime(2024, 5, 1, 12, 0, tzinfo=UTC), translator="A"),
        encoding="utf-8",
    )

    result = subprocess.run(
        [MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not even a warning about a missing header field


def test_po_round_trip_keeps_every_unit_and_the_article_fields() -> None:
    doc = article()

    again = read_po(write_po(doc), "article-7.de.po")

    assert again == doc


def test_po_round_trip_through_polib_file_api(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    path.write_text(write_po(article()), encoding="utf-8")

    po = polib.pofile(str(path))
    po.save(str(path))

    assert read_po(path.read_bytes(), "a.po") == article()


def test_translate_toolkit_reads_the_po_export_to_the_same_units() -> None:
    store = ttk_po.pofile.parsestring(write_po(article()).encode("utf-8"))

    units = [u for u in store.units if not u.isheader()]
    expected = article().units
    assert [u.source for u in units] == [u.source for u in expected]
    assert [u.target or None for u in units] == [u.target for u in expected]
    assert [u.getcontext() for u in units] == ["1", "2", "3", "4", "5", "6"]
    assert [u.isfuzzy() for u in units] == [False, True, True, True, True, False]
    assert store.gettargetlanguage() == "de"


def test_only_translated_and_approved_entries_are_not_fuzzy() -> None:
    po = polib.pofile(write_po(article()))

    not_fuzzy = [e.msgctxt for e in po if "fuzzy" not in e.flags]

    assert not_fuzzy == ["1", "6"]


def test_source_changed_segment_carries_the_old_source_as_previous_msgid() -> None:
    text = write_po(article())

    assert '#| msgid "Переговоры пройдут в Минске 4 мая."' in text
    entry = polib.pofile(text).find("Переговоры пройдут в Минске 5 мая.", msgctxt="4")
    assert entry.previous_msgid == "Переговоры пройдут в Минске 4 мая."


def test_status_and_notes_are_translator_comments() -> None:
    entry = polib.pofile(write_po(article())).find("Решение принято.", msgctxt="5")

    assert entry.tcomment.splitlines() == [
        "translate-flow: status=rejected revision=9 paragraph=2",
        "Tense",
    ]


def test_header_names_article_version_and_languages() -> None:
    metadata = polib.pofile(write_po(article())).metadata

    assert metadata["Project-Id-Version"] == "translate-flow"
    assert metadata["Language"] == "de"
    assert metadata["X-Article-Id"] == "7"
    assert metadata["X-Article-Version"] == "3"
    assert metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_russian_and_belarusian_targets_get_three_plural_forms() -> None:
    doc = article()
    doc.target_lang = "be-BY"

    metadata = polib.pofile(write_po(doc)).metadata

    assert metadata["Plural-Forms"].startswith("nplurals=3;")


def test_translator_clearing_the_fuzzy_flag_accepts_the_draft() -> None:
    po = polib.pofile(write_po(article()))
    po.find('Стороны обсудили "вопросы" сотрудничества.\nВторая строка.', msgctxt="2").flags = []
    flagged = po.find("Минск, 1 мая.", msgctxt="6")
    flagged.flags.append("fuzzy")

    units = {u.id: u for u in read_po(str(po), "edited.po").units}

    assert units["2"].state == "translated"
    assert units["2"].revision == 12  # still there for conflict detection
    assert units["6"].state == "machine-translated"


def test_a_po_file_from_another_tool_gets_statuses_from_flags_alone() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "1"\nmsgid "Да."\nmsgstr "Yes."\n\n'
        '#, fuzzy\nmsgctxt "2"\nmsgid "Нет."\nmsgstr "No."\n\n'
        'msgctxt "3"\nmsgid "Может быть."\nmsgstr ""\n'
    )

    doc = read_po(text, "other.po")

    assert [(u.id, u.state, u.target) for u in doc.units] == [
        ("1", "translated", "Yes."),
        ("2", "machine-translated", "No."),
        ("3", "new", None),
    ]
    assert doc.target_lang == "en"
    assert doc.version is None


def test_read_po_decodes_a_legacy_charset_named_in_the_header() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=windows-1251\\n"\n\n'
        'msgctxt "1"\nmsgid "Минск"\nmsgstr "Minsk"\n'
    )

    doc = read_po(text.encode("cp1251"), "legacy.po")

    assert doc.units[0].source == "Минск"


def test_unterminated_string_is_a_syntax_error_naming_the_line() -> None:
    text = 'msgid ""\nmsgstr ""\n\nmsgctxt "1"\nmsgid "Минск\nmsgstr "Minsk"\n'

    with pytest.raises(InputError, match=r"^broken\.po: line 5: not PO syntax"):
        read_po(text, "broken.po")


def test_unescaped_quote_is_a_syntax_error_naming_the_line() -> None:
    text = 'msgctxt "1"\nmsgid "Он сказал "да"."\nmsgstr ""\n'

    with pytest.raises(InputError, match=r"broken\.po: line 2"):
        read_po(text, "broken.po")


def test_a_second_msgid_in_one_entry_is_reported_with_its_line() -> None:
    text = 'msgid "a"\nmsgid "b"\nmsgstr ""\n'

    with pytest.raises(InputError, match=r"broken\.po: not a valid PO file \(line 2"):
        read_po(text, "broken.po")


def test_unknown_status_in_a_comment_is_refused() -> None:
    text = (
        'msgid ""\nmsgstr ""\n\n# translate-flow: status=done\nmsgctxt "1"\nmsgid "a"\nmsgstr "b"\n'
    )

    with pytest.raises(InputError, match="unknown status 'done'"):
        read_po(text, "odd.po")


def test_empty_source_cannot_become_a_po_entry() -> None:
    doc = article()
    doc.units.append(Unit("9", "", None, "new"))

    with pytest.raises(InputError, match="segment 9 has an empty source"):
        write_po(doc)
