"""The glossary text format: parsing, error messages a terminologist can act on, round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate_flow.errors import InputError
from translate_flow.terms.model import Concept, Term, Termbase
from translate_flow.terms.textformat import dump_glossary, load_glossary, parse_glossary

CIS_BLOCK = """\
# The desk's CIS entry.
concept: cis
subject: international organisations
note: Regional organisation of former Soviet republics, founded 1991.
ru: Содружество Независимых Государств | type=fullForm | pos=noun
ru: СНГ | type=abbreviation
be: Садружнасць Незалежных Дзяржаў
de: Gemeinschaft Unabhängiger Staaten
de: GUS | type=abbreviation | note=Compounds: GUS-Staaten, GUS-Mitgliedstaaten.

concept: belarus
de: Belarus
de: Weißrussland | status=deprecated | case=insensitive
"""


def test_concept_block_is_read_with_all_attributes() -> None:
    termbase = parse_glossary(CIS_BLOCK)

    assert [c.id for c in termbase] == ["cis", "belarus"]
    cis = termbase.get("cis")
    assert cis.subject == "international organisations"
    assert cis.note.startswith("Regional organisation")
    assert [(t.lang, t.text) for t in cis.terms][:2] == [
        ("ru", "Содружество Независимых Государств"),
        ("ru", "СНГ"),
    ]
    full, abbreviation = cis.terms_in("ru")
    assert (full.type, full.pos, full.status) == ("fullForm", "noun", "preferred")
    assert abbreviation.type == "abbreviation" and abbreviation.is_case_sensitive
    gus = cis.terms_in("de")[1]
    assert gus.note == "Compounds: GUS-Staaten, GUS-Mitgliedstaaten."


def test_status_and_case_attributes_are_read() -> None:
    weiss = parse_glossary(CIS_BLOCK).get("belarus").terms[1]

    assert weiss.status == "deprecated"
    assert weiss.case_sensitive is False


def test_dump_then_parse_gives_the_same_termbase() -> None:
    termbase = parse_glossary(CIS_BLOCK)

    assert parse_glossary(dump_glossary(termbase)) == termbase


def test_dump_is_canonical_and_stable() -> None:
    once = dump_glossary(parse_glossary(CIS_BLOCK))

    assert dump_glossary(parse_glossary(once)) == once
    assert "type=fullForm" not in once  # defaults are left out
    assert "ru: СНГ | type=abbreviation" in once


def test_round_trip_keeps_every_field_of_a_built_termbase() -> None:
    termbase = Termbase(
        [
            Concept(
                "csto",
                subject="international organisations",
                note="Collective security; not its Council.",
                terms=[
                    Term("ru", "ОДКБ", type="abbreviation", case_sensitive=True),
                    Term("de", "OVKS", type="abbreviation"),
                    Term("de", "Rat für kollektive Sicherheit", status="superseded", pos="noun"),
                    Term("en", "CSTO", type="acronym", case_sensitive=False, note="Say C-S-T-O."),
                ],
            )
        ]
    )

    assert parse_glossary(dump_glossary(termbase)) == termbase


def test_dump_refuses_a_value_the_format_cannot_hold() -> None:
    termbase = Termbase([Concept("x", terms=[Term("de", "A | B")])])

    with pytest.raises(InputError, match="'\\|'"):
        dump_glossary(termbase)


def test_blank_lines_comments_crlf_and_bom_are_accepted() -> None:
    text = "\ufeff# header\r\n\r\n\r\nconcept: un\r\n# a comment inside\r\nru: ООН\r\n\r\n"

    termbase = parse_glossary(text)

    assert termbase.get("un").terms[0].text == "ООН"


def _error(text: str, source_name: str = "diplomatic.glossary") -> str:
    with pytest.raises(InputError) as caught:
        parse_glossary(text, source_name)
    return str(caught.value)


def test_unknown_status_names_the_file_line_and_the_choices() -> None:
    text = "concept: belarus\nde: Belarus\nde: Weißrussland | status=prefered\n"

    assert _error(text) == (
        "diplomatic.glossary line 3: unknown status 'prefered' "
        "(preferred, admitted, deprecated, superseded)"
    )


def test_duplicate_concept_id_is_an_error() -> None:
    text = "concept: cis\nru: СНГ\n\nconcept: cis\nde: GUS\n"

    assert _error(text) == "diplomatic.glossary line 4: duplicate concept id 'cis'"


def test_term_before_any_concept_is_an_error() -> None:
    assert "line 2: term line before any 'concept:' line" in _error("# x\nru: СНГ\n")


def test_concept_without_terms_is_reported_at_its_line() -> None:
    text = "concept: cis\nru: СНГ\n\nconcept: empty\nnote: nothing yet\n\nconcept: un\nru: ООН\n"

    assert _error(text) == "diplomatic.glossary line 4: concept 'empty' has no terms"


@pytest.mark.parametrize("code", ["RU", "rus", "de-AT", "ru_RU"])
def test_bad_language_code_is_an_error(code: str) -> None:
    message = _error(f"concept: cis\n{code}: СНГ\n")

    assert message.startswith(f"diplomatic.glossary line 2: bad language code '{code}'")


def test_unknown_attribute_lists_the_known_ones() -> None:
    message = _error("concept: cis\nru: СНГ | stat=preferred\n")

    assert message == (
        "diplomatic.glossary line 2: unknown attribute 'stat' (status, type, form, pos, case, note)"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ru: СНГ | type=abbr", "unknown type 'abbr'"),
        ("ru: СНГ | case=yes", "unknown case 'yes'"),
        ("ru: СНГ | status=admitted | status=deprecated", "attribute 'status' given twice"),
        ("ru: СНГ | abbreviation", "expected 'key=value'"),
        ("ru:  | type=abbreviation", "empty ru term"),
        ("definition: a union of states", "unknown field 'definition'"),
        ("just some words", "expected 'KEY: VALUE'"),
    ],
)
def test_malformed_lines_are_named(line: str, expected: str) -> None:
    message = _error(f"concept: cis\n{line}\n")

    assert message.startswith("diplomatic.glossary line 2: ")
    assert expected in message


def test_second_note_in_a_concept_is_an_error() -> None:
    message = _error("concept: cis\nnote: one\nnote: two\nru: СНГ\n")

    assert message == "diplomatic.glossary line 3: second 'note:' in concept 'cis'"


def test_bad_concept_id_is_an_error() -> None:
    assert "bad concept id 'a b'" in _error("concept: a b\nru: СНГ\n")


def test_term_after_a_blank_line_inside_a_block_is_an_error() -> None:
    message = _error("concept: cis\nru: СНГ\n\nde: GUS\n")

    assert message.startswith("diplomatic.glossary line 4: expected 'concept: ID' after a blank")


def test_duplicate_term_in_a_concept_is_an_error() -> None:
    message = _error("concept: cis\nde: GUS\nde: GUS | status=admitted\n")

    assert message == "diplomatic.glossary line 3: duplicate de term 'GUS' in concept 'cis'"


def test_load_glossary_names_the_file_in_errors(tmp_path) -> None:
    path = tmp_path / "diplomatic.glossary"
    path.write_text("concept: cis\nru: СНГ | status=prefered\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"^diplomatic\.glossary line 2: unknown status"):
        load_glossary(path)


def test_load_glossary_reads_a_file(tmp_path) -> None:
    path = tmp_path / "small.glossary"
    path.write_text(CIS_BLOCK, encoding="utf-8")

    assert len(load_glossary(path)) == 2


def test_missing_or_non_utf8_file_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "absent.glossary")
    latin1 = tmp_path / "latin1.glossary"
    latin1.write_bytes("concept: x\nde: Weißrussland\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_glossary(latin1)


def test_test_data_glossary_is_valid() -> None:
    termbase = load_glossary(Path(__file__).parent / "data/terminology/glossary.glossary")

    assert len(termbase) >= 25
    assert parse_glossary(dump_glossary(termbase)) == termbase
