"""The terminology check as a translator sees it: what is reported, where, and what to use."""

from __future__ import annotations

import pytest

from translate_flow.qa.base import REGISTRY, CheckContext
from translate_flow.qa.terminology import terminology
from translate_flow.terms.matcher import TermMatcher
from translate_flow.terms.textformat import parse_glossary

GLOSSARY = """\
concept: csto
ru: Организация Договора о коллективной безопасности
ru: ОДКБ | type=abbreviation
de: Organisation des Vertrags über kollektive Sicherheit
de: OVKS | type=abbreviation

concept: belarus
ru: Беларусь
be: Беларусь
de: Belarus
de: Republik Belarus | status=admitted
de: Weißrussland | status=deprecated
de: Belorussland | status=superseded

concept: un
ru: ООН | type=abbreviation
de: Vereinte Nationen
de: UN | type=abbreviation | status=admitted

concept: only-russian
ru: Генассамблея
de: Vollversammlung | status=deprecated
"""


@pytest.fixture(scope="module")
def context() -> CheckContext:
    return CheckContext("ru", "de", TermMatcher(parse_glossary(GLOSSARY)))


def test_check_is_registered_as_a_blocking_error() -> None:
    info = REGISTRY["terminology"]

    assert info.name == "Glossary terminology"
    assert info.severity == "error"
    assert "missing" in info.description and "deprecated" in info.description


def test_correct_translation_has_no_findings(context: CheckContext) -> None:
    source = "Министры стран ОДКБ встретились в Беларуси."
    target = "Die Minister der OVKS-Staaten trafen sich in Belarus."

    assert terminology(source, target, context) == []


def test_missing_term_points_at_the_source_and_suggests_target_terms(
    context: CheckContext,
) -> None:
    source = "Генсек ОДКБ посетил Минск."

    [finding] = terminology(source, "Der Generalsekretär des Bündnisses besuchte Minsk.", context)

    assert finding.kind == "missing"
    assert finding.concept == "csto"
    assert finding.side == "source"
    assert finding.severity == "error"
    assert finding.term == "ОДКБ"
    assert source[finding.span[0] : finding.span[1]] == "ОДКБ"
    assert finding.suggestions == ["OVKS", "Organisation des Vertrags über kollektive Sicherheit"]
    assert finding.message == (
        "ОДКБ (csto) is not translated as OVKS or "
        "Organisation des Vertrags über kollektive Sicherheit"
    )


def test_full_form_in_the_source_suggests_the_full_form_first(context: CheckContext) -> None:
    source = "Заявление Организации Договора о коллективной безопасности"

    [finding] = terminology(source, "Eine Erklärung des Bündnisses", context)

    assert finding.term == "Организации Договора о коллективной безопасности"
    assert finding.suggestions[0] == "Organisation des Vertrags über kollektive Sicherheit"


def test_preferred_terms_come_before_admitted_ones(context: CheckContext) -> None:
    [finding] = terminology("Доклад ООН", "Der Bericht der Weltorganisation", context)

    assert finding.suggestions == ["Vereinte Nationen", "UN"]


def test_admitted_target_term_is_accepted(context: CheckContext) -> None:
    assert terminology("Доклад ООН", "Der UN-Bericht", context) == []


def test_deprecated_term_points_at_the_target_and_suggests_the_preferred_term(
    context: CheckContext,
) -> None:
    target = "Der Präsident von Weißrussland traf ein."

    [finding] = terminology("Президент Беларуси прибыл.", target, context)

    assert finding.kind == "deprecated"
    assert finding.side == "target"
    assert finding.concept == "belarus"
    assert target[finding.span[0] : finding.span[1]] == "Weißrussland"
    assert finding.suggestions == ["Belarus"]
    assert finding.message == "Weißrussland is deprecated (belarus); use Belarus"
    assert finding.severity == "error"


def test_superseded_term_is_reported_like_a_deprecated_one(context: CheckContext) -> None:
    [finding] = terminology("В Беларуси", "In Belorussland", context)

    assert (finding.kind, finding.term) == ("deprecated", "Belorussland")
    assert finding.message == "Belorussland is superseded (belarus); use Belarus"


def test_deprecated_term_is_reported_even_without_the_source_term(context: CheckContext) -> None:
    findings = terminology(
        "Президент прибыл в Минск.", "Der Präsident kam nach Weißrussland.", context
    )

    assert [(f.concept, f.kind) for f in findings] == [("belarus", "deprecated")]


def test_each_deprecated_occurrence_is_reported(context: CheckContext) -> None:
    target = "Weißrussland und wieder Weißrussland"

    findings = terminology("Беларусь и Беларусь", target, context)

    assert [f.span for f in findings] == [(0, 12), (24, 36)]


def test_accepted_and_deprecated_term_together_report_only_the_deprecated_one(
    context: CheckContext,
) -> None:
    findings = terminology("Беларусь", "Belarus, früher Weißrussland", context)

    assert [(f.concept, f.kind) for f in findings] == [("belarus", "deprecated")]


def test_concept_without_an_accepted_target_term_is_not_missing(context: CheckContext) -> None:
    assert (
        terminology("Генассамблея приняла резолюцию", "Die Resolution wurde angenommen", context)
        == []
    )


def test_repeated_source_term_gives_one_missing_finding(context: CheckContext) -> None:
    findings = terminology("ОДКБ и снова ОДКБ", "das Bündnis und wieder das Bündnis", context)

    assert [(f.concept, f.span) for f in findings] == [("csto", (0, 4))]


def test_belarusian_source_is_checked(context: CheckContext) -> None:
    belarusian = CheckContext("be", "de", context.matcher)

    [finding] = terminology("Прэзідэнт Беларусі", "Der Präsident", belarusian)

    assert (finding.concept, finding.kind, finding.term) == ("belarus", "missing", "Беларусі")


def test_without_a_glossary_there_are_no_findings() -> None:
    assert terminology("ОДКБ", "Weißrussland", CheckContext("ru", "de")) == []


def test_findings_serialise_for_the_json_output(context: CheckContext) -> None:
    [finding] = terminology("ОДКБ", "das Bündnis", context)

    assert finding.to_dict()["span"] == [0, 4]
    assert finding.to_dict()["kind"] == "missing"
