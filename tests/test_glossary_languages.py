"""Language codes of glossary terms, in every import format (issue 15).

Every format checks a term's language with translate_flow.langs: a tag that is no language is
refused in one line naming the line or element, with a suggestion; a valid language the desk
does not work in is skipped and counted, so a termbase from IATE in 24 languages imports.
"""

from __future__ import annotations

import pytest

from translate_flow.errors import InputError
from translate_flow.terms.csvformat import dump_csv, parse_csv
from translate_flow.terms.model import Concept, Term, Termbase
from translate_flow.terms.tbx import dump_tbx, dump_tbx2, parse_tbx
from translate_flow.terms.textformat import dump_glossary, parse_glossary

# The official languages of the European Union, as an IATE export holds them.
EU_LANGUAGES = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()
DEFAULT_DESK_EU = ("de", "en", "es", "fr", "it", "pl")  # of the 24, those the default desk has


def iate_termbase() -> Termbase:
    """Two concepts with a term in each EU language, one with Irish and Maltese terms only."""
    termbase = Termbase()
    for concept_id in ("iate-1", "iate-2"):
        concept = Concept(concept_id, subject="law", note="From IATE.")
        concept.terms = [Term(lang, f"{concept_id} {lang}") for lang in EU_LANGUAGES]
        termbase.add(concept)
    only_elsewhere = Concept("iate-3")
    only_elsewhere.terms = [Term("ga", "téarma"), Term("mt", "terminu")]
    termbase.add(only_elsewhere)
    return termbase


WRITERS = {
    "tbx": lambda tb: dump_tbx(tb),
    "tbx2": lambda tb: dump_tbx2(tb),
    "csv": lambda tb: dump_csv(tb).encode("utf-8"),
    "glossary": lambda tb: dump_glossary(tb).encode("utf-8"),
}


def ok(result):
    assert result.exit_code == 0, result.stderr
    return result


# --- a tag that is no language: one line, where, and what was meant ---------------------------


@pytest.mark.parametrize(
    "tag, meant",
    [("German", "did you mean 'de'"), ("deu", "writes it 'de'"), ("iw", "writes it 'he'")],
)
def test_tbx_language_that_is_no_tag_is_refused_at_its_element_with_a_suggestion(tag, meant):
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" '
        'xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n<text><body>\n'
        '<conceptEntry id="cis">\n'
        f'<langSec xml:lang="{tag}"><termSec><term>GUS</term></termSec></langSec>\n'
        "</conceptEntry>\n</body></text></tbx>\n"
    ).encode()

    with pytest.raises(InputError) as caught:
        parse_tbx(data, "iate.tbx")

    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("iate.tbx line 5")
    assert f"unknown language code '{tag}'" in message
    assert "entry 'cis'" in message
    assert meant in message


@pytest.mark.parametrize(
    "tag, meant",
    [("German", "did you mean 'de'"), ("deu", "writes it 'de'"), ("xx", "such as ru, be, de")],
)
def test_csv_language_that_is_no_tag_is_refused_at_its_line_with_a_suggestion(tag, meant):
    sheet = f"concept_id,lang,term\ncis,de,GUS\ncis,{tag},GUS\n"

    with pytest.raises(InputError) as caught:
        parse_csv(sheet, "terms.csv")

    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"terms.csv line 3: unknown language code '{tag}'")
    assert meant in message


@pytest.mark.parametrize(
    "key, message",
    [
        ("xx", "line 3: unknown language code 'xx'"),
        ("rus", "line 3: bad language code 'rus'"),
        ("German", "line 3: unknown field 'German'"),
    ],
)
def test_glossary_text_key_that_is_no_language_is_refused_at_its_line(key, message):
    with pytest.raises(InputError) as caught:
        parse_glossary(f"concept: cis\nde: GUS\n{key}: СНГ\n", "desk.glossary")

    assert str(caught.value).startswith(f"desk.glossary {message}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("key", "meant"), [("rus", "'ru'"), ("German", "'de'"), ("ru_RU", "'ru'")])
def test_glossary_text_key_names_the_code_that_was_meant(key, meant):
    with pytest.raises(InputError, match=f"did you mean {meant}"):
        parse_glossary(f"concept: cis\n{key}: СНГ\n", "desk.glossary")


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_reader_keeps_valid_languages_the_desk_does_not_work_in(fmt):
    data = WRITERS[fmt](iate_termbase())
    reader = {
        "tbx": parse_tbx,
        "tbx2": parse_tbx,
        "csv": lambda d: parse_csv(d.decode("utf-8")),
        "glossary": lambda d: parse_glossary(d.decode("utf-8")),
    }[fmt]

    termbase = reader(data)

    assert {t.lang for t in termbase.get("iate-1").terms} == set(EU_LANGUAGES)


# --- a language the desk does not work in: skipped and counted --------------------------------


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_iate_termbase_in_24_languages_imports_the_desk_languages_and_counts_the_rest(
    cli, tmp_path, fmt
):
    path = tmp_path / f"iate.{fmt}"
    path.write_bytes(WRITERS[fmt](iate_termbase()))

    result = ok(cli("glossary", "import", path, "--json")).json()

    assert result["added"] == ["iate-1", "iate-2"]
    skipped = result["summary"]["skipped_terms"]
    assert sorted(skipped) == sorted(set(EU_LANGUAGES) - set(DEFAULT_DESK_EU))
    assert skipped["bg"] == 2 and skipped["ga"] == 3 and skipped["mt"] == 3
    assert result["summary"]["skipped_concepts"] == 1
    shown = ok(cli("glossary", "show", "iate-1", "--json")).json()
    assert {t["lang"] for t in shown["terms"]} == set(DEFAULT_DESK_EU)
    assert cli("glossary", "show", "iate-3").exit_code != 0


def test_import_summary_line_names_the_skipped_languages(cli, tmp_path):
    path = tmp_path / "iate.tbx"
    path.write_bytes(dump_tbx(iate_termbase()))

    output = ok(cli("glossary", "import", path)).stdout

    assert "skipped, languages the desk does not work in ([desk] languages): bg 2, cs 2" in output
    assert "1 concepts had no other term" in output
    assert "2 added" in output


def test_desk_language_list_decides_what_an_import_keeps(cli, tmp_path, monkeypatch):
    config = tmp_path / "desk.toml"
    config.write_text('[desk]\nlanguages = ["ru", "be", "de"]\n', encoding="utf-8")
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(config))
    path = tmp_path / "terms.csv"
    path.write_text("concept_id,lang,term\ncis,ru,СНГ\ncis,de,GUS\ncis,en,CIS\n", encoding="utf-8")

    result = ok(cli("glossary", "import", path, "--json")).json()

    assert result["summary"]["skipped_terms"] == {"en": 1}
    assert result["summary"]["skipped_concepts"] == 0
    shown = ok(cli("glossary", "show", "cis", "--json")).json()
    assert [(t["lang"], t["text"]) for t in shown["terms"]] == [("ru", "СНГ"), ("de", "GUS")]


def test_reimporting_a_skipping_import_changes_nothing(cli, tmp_path):
    path = tmp_path / "iate.csv"
    path.write_bytes(WRITERS["csv"](iate_termbase()))
    ok(cli("glossary", "import", path))

    again = ok(cli("glossary", "import", path, "--json")).json()

    assert again["added"] == [] and again["changed"] == [] and again["unchanged"] == 2


def test_invalid_language_imports_nothing(cli, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("concept_id,lang,term\ncis,de,GUS\nun,german,UNO\n", encoding="utf-8")

    result = cli("glossary", "import", path)

    assert result.exit_code != 0
    [line] = result.stderr.strip().splitlines()
    assert "terms.csv line 3: unknown language code 'german' (did you mean 'de'" in line
    assert ok(cli("glossary", "list", "--json")).json() == []


def test_a_language_without_a_two_letter_code_round_trips_through_the_text_format():
    # Filipino has only a three-letter code; a desk working in it keeps its terms in every format.
    text = "concept: asean\nen: ASEAN\nfil: Samahan ng mga Bansa sa Timog-Silangang Asya\n"

    termbase = parse_glossary(text, "desk.glossary")

    [concept] = termbase
    assert [t.lang for t in concept.terms] == ["en", "fil"]
    assert parse_glossary(dump_glossary(termbase), "again.glossary") == termbase


@pytest.mark.parametrize("key", ["deu", "rus"])
def test_a_three_letter_code_of_a_two_letter_language_is_still_refused(key):
    with pytest.raises(InputError, match=f"bad language code '{key}'"):
        parse_glossary(f"concept: cis\nde: GUS\n{key}: СНГ\n", "desk.glossary")
