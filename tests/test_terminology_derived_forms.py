"""Derived forms (the German adjective of a country, an organisation's compound form) satisfy
their concept; a rejected derived form is reported; one concept gives one finding per span."""

from __future__ import annotations

import pytest

from translate_flow.mt.terms import pair_glossary
from translate_flow.qa.base import CheckContext
from translate_flow.qa.terminology import terminology
from translate_flow.terms.matcher import TermMatcher
from translate_flow.terms.tbx import dump_tbx, parse_tbx
from translate_flow.terms.textformat import load_glossary, parse_glossary

GLOSSARY = """\
concept: russia
ru: Россия | type=shortForm
ru: российский | form=derived | pos=adjective
de: Russland | type=shortForm
de: Russische Föderation
de: russisch | form=derived | pos=adjective
de: russländisch | status=deprecated | form=derived | pos=adjective

concept: belarus
ru: Беларусь
de: Belarus
de: Weißrussland | status=deprecated
de: belarussisch | form=derived | pos=adjective
de: belorussisch | status=admitted | form=derived | pos=adjective
de: weißrussisch | status=deprecated | form=derived | pos=adjective

concept: foreign-minister
ru: министр иностранных дел
de: Außenminister

concept: cis
ru: СНГ | type=abbreviation
de: GUS | type=abbreviation
de: GUS- | type=abbreviation | form=derived

concept: ict
ru: информационно-коммуникационные технологии
ru: ИКТ | type=abbreviation
de: Informations- und Kommunikationstechnologien
de: IKT | type=abbreviation
de: Informatisierung und Telekommunikation | status=deprecated
de: Telekommunikation und Informatik | status=deprecated
"""


@pytest.fixture(scope="module")
def context() -> CheckContext:
    return CheckContext("ru", "de", TermMatcher(parse_glossary(GLOSSARY)))


def findings(source: str, target: str, context: CheckContext) -> list[tuple]:
    return [(f.concept, f.kind, f.term) for f in terminology(source, target, context)]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Министр иностранных дел России выступил.", "Der russische Außenminister sprach."),
        ("Делегация России прибыла.", "Die russischen Delegierten trafen ein."),
        ("Граница Беларуси и России.", "Die belarussisch-russische Grenze."),
        ("Позиция Беларуси ясна.", "Die belorussische Position ist klar."),
        ("Саммит СНГ прошёл в Минске.", "Der GUS-Gipfel fand in Minsk statt."),
    ],
)
def test_correct_adjectival_rendering_is_no_finding(
    source: str, target: str, context: CheckContext
) -> None:
    assert findings(source, target, context) == []


def test_country_left_out_is_still_missing(context: CheckContext) -> None:
    result = terminology(
        "Министр иностранных дел России выступил.", "Der Außenminister sprach.", context
    )

    assert [(f.concept, f.kind) for f in result] == [("russia", "missing")]
    # Suggestions are the concept's names, never its derived forms.
    assert result[0].suggestions == ["Russland", "Russische Föderation"]


def test_deprecated_derived_form_is_reported_with_the_preferred_derived_form(
    context: CheckContext,
) -> None:
    result = terminology(
        "Экономика Беларуси растёт.", "Die weißrussische Wirtschaft wächst.", context
    )

    assert len(result) == 1
    finding = result[0]
    assert (finding.concept, finding.kind, finding.term) == (
        "belarus",
        "deprecated",
        "weißrussische",
    )
    assert finding.suggestions == ["belarussisch"]
    assert "use belarussisch" in finding.message


def test_deprecated_derived_form_is_caught_in_any_inflection(context: CheckContext) -> None:
    target = "Mit den russländischen Vertretern."

    assert findings("С представителями России.", target, context) == [
        ("russia", "deprecated", "russländischen")
    ]


def test_derived_form_in_the_source_asks_for_nothing(context: CheckContext) -> None:
    # российский is listed to accept, not to demand: "Moskau" may stand for it.
    assert findings("Российская сторона согласилась.", "Moskau stimmte zu.", context) == []


def test_word_that_names_one_concept_and_derives_from_another_is_reported_once() -> None:
    glossary = GLOSSARY + (
        "\nconcept: belarusian\nru: белорусский | pos=adjective\n"
        "de: belarussisch | pos=adjective\nde: weißrussisch | status=deprecated | pos=adjective\n"
    )
    context = CheckContext("ru", "de", TermMatcher(parse_glossary(glossary)))

    result = findings("Экономика Беларуси растёт.", "Die weißrussische Wirtschaft wächst.", context)

    assert result == [("belarusian", "deprecated", "weißrussische")]


def test_overlapping_terms_of_one_concept_report_once(context: CheckContext) -> None:
    # Two deprecated renderings of ICT share "Telekommunikation": one mention, one finding.
    target = "Die Informatisierung und Telekommunikation und Informatik wächst."

    assert findings("ИКТ развиваются.", target, context) == [
        ("ict", "deprecated", "Informatisierung und Telekommunikation")
    ]


def test_abbreviation_inside_the_full_name_reports_the_concept_once(
    context: CheckContext,
) -> None:
    source = "Развитие информационно-коммуникационных технологий (ИКТ) и ИКТ-инфраструктуры."

    result = findings(source, "Die Entwicklung der Informatik.", context)

    assert result == [("ict", "missing", "информационно-коммуникационных технологий")]


def test_derived_forms_are_not_sent_to_engines_as_required_terms(context: CheckContext) -> None:
    glossary = pair_glossary(context.matcher, "ru", "de", "1")

    assert "российский" not in glossary.entries
    assert glossary.find("Российская сторона и Россия.") == [("Россия", "Russland")]


def test_desk_glossary_accepts_the_adjective_of_every_country() -> None:
    from conftest import GLOSSARY as DESK_GLOSSARY

    termbase = load_glossary(DESK_GLOSSARY)
    context = CheckContext("ru", "de", TermMatcher(termbase))

    assert (
        findings(
            "Министр иностранных дел России прибыл в Минск.",
            "Der russische Außenminister ist in Minsk eingetroffen.",
            context,
        )
        == []
    )
    assert (
        findings(
            "Правительство Беларуси одобрило проект.",
            "Die belarussische Regierung billigte das Projekt.",
            context,
        )
        == []
    )
    assert [
        kind
        for _c, kind, _t in findings(
            "Экономика Беларуси растёт.", "Die weißrussische Wirtschaft wächst.", context
        )
    ] == ["deprecated"]


def test_derived_form_survives_tbx_with_its_status() -> None:
    termbase = parse_glossary(GLOSSARY)

    again = parse_tbx(dump_tbx(termbase))

    weiss = [t for t in again.get("belarus").terms if t.text == "weißrussisch"][0]
    assert (weiss.derived, weiss.status, weiss.pos) == (True, "deprecated", "adjective")
    assert [t.derived for t in again.get("russia").terms] == [
        t.derived for t in termbase.get("russia").terms
    ]


def test_term_spec_on_the_command_line_marks_a_derived_form() -> None:
    from translate_flow.terms.editing import parse_term_spec

    term = parse_term_spec("de:weißrussisch:deprecated:derived")

    assert (term.text, term.status, term.derived) == ("weißrussisch", "deprecated", True)
    assert parse_term_spec("de:russisch").derived is False


def test_terms_of_a_database_from_before_derived_forms_upgrade_as_names(db_url) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from translate_flow.services.glossary import load_termbase
    from translate_flow.store.db import MIGRATIONS_DIR, get_engine, open_database, transaction

    engine = get_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO concept (id, created_at, updated_at) "
                "VALUES ('russia', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO term (concept_id, position, lang, text, status, type) "
                "VALUES ('russia', 0, 'de', 'Russland', 'preferred', 'shortForm')"
            )
        )

    with transaction(open_database(db_url)) as session:  # upgrades to the newest schema
        [concept] = load_termbase(session)

    assert [(t.text, t.derived) for t in concept.terms] == [("Russland", False)]


def test_glossary_show_and_list_mark_derived_forms(cli, tmp_path) -> None:
    path = tmp_path / "desk.glossary"
    path.write_text(GLOSSARY, encoding="utf-8")
    assert cli("glossary", "import", path).exit_code == 0

    shown = cli("glossary", "show", "belarus").stdout
    listed = cli("glossary", "list", "--json").json()

    assert "de: weißrussisch  (deprecated, fullForm, derived)" in shown
    assert "de: Belarus  (preferred, fullForm)" in shown
    belarus = [c for c in listed if c["id"] == "belarus"][0]
    assert [t["text"] for t in belarus["terms"] if t["derived"]] == [
        "belarussisch",
        "belorussisch",
        "weißrussisch",
    ]
