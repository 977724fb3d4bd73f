"""Finding glossary terms in text in the forms the desk meets: cases, compounds, typography."""

from __future__ import annotations

import pytest

from translate_flow.terms.matcher import TermMatcher
from translate_flow.terms.morphology import belarusian_stems, german_stem, hunspell_available
from translate_flow.terms.normalize import normalize, tokenize
from translate_flow.terms.textformat import parse_glossary

GLOSSARY = """\
concept: ict
ru: информационно-коммуникационные технологии
ru: ИКТ | type=abbreviation
be: інфармацыйна-камунікацыйныя тэхналогіі
be: ІКТ | type=abbreviation
de: Informations- und Kommunikationstechnologien
de: IKT | type=abbreviation

concept: cis
ru: Содружество Независимых Государств
ru: СНГ | type=abbreviation
be: Садружнасць Незалежных Дзяржаў
be: СНД | type=abbreviation
de: Gemeinschaft Unabhängiger Staaten
de: GUS | type=abbreviation

concept: cis-members
ru: государства – участники СНГ
de: GUS-Mitgliedstaaten

concept: csto
ru: Организация Договора о коллективной безопасности
ru: ОДКБ | type=abbreviation
be: Арганізацыя Дагавора аб калектыўнай бяспецы
de: Organisation des Vertrags über kollektive Sicherheit
de: OVKS | type=abbreviation

concept: un
ru: Организация Объединённых Наций
ru: ООН | type=abbreviation
be: Арганізацыя Аб'яднаных Нацый
de: Vereinte Nationen
de: UN | type=abbreviation | status=admitted

concept: union-state
ru: Союзное государство | case=sensitive
be: Саюзная дзяржава | case=sensitive
de: Unionsstaat

concept: mfa
ru: Министерство иностранных дел
ru: МИД | type=abbreviation
de: Außenministerium

concept: belarus
ru: Беларусь
ru: Республика Беларусь
be: Беларусь
de: Belarus
de: Republik Belarus
de: Weißrussland | status=deprecated

concept: russia
de: Russland

concept: gus-agency
ru: ГУС | type=abbreviation | note=An invented agency, to test case-sensitive abbreviations.
"""


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    return TermMatcher(parse_glossary(GLOSSARY))


def found(matcher: TermMatcher, text: str, lang: str) -> list[tuple[str, str]]:
    return [(hit.concept_id, hit.text) for hit in matcher.find(text, lang)]


# ---------------------------------------------------------------- normalisation


def test_normalize_unifies_typography_but_keeps_case() -> None:
    text = "«Объединённых»\u00a0Наций – Бела\u00adрусь’s"

    assert normalize(text) == '"Объединенных" Наций - Беларусь\'s'


def test_tokens_point_into_the_original_text() -> None:
    text = "Бела\u00adрусь и ИКТ\u2011инфраструктура"

    tokens = tokenize(text)

    assert [t.text for t in tokens] == ["Беларусь", "и", "ИКТ", "инфраструктура"]
    assert [text[t.start : t.end] for t in tokens] == [
        "Бела\u00adрусь",
        "и",
        "ИКТ",
        "инфраструктура",
    ]
    assert tokens[3].hyphenated and tokens[3].joined


def test_decomposed_letters_are_composed_and_spans_stay_original() -> None:
    text = "Росси\u0438\u0306ская Федерация"  # й typed as и + combining breve

    token = tokenize(text)[0]

    assert token.text == "Российская"
    assert text[token.start : token.end] == "Росси\u0438\u0306ская"


def test_latin_lookalikes_in_a_cyrillic_word_are_read_as_cyrillic() -> None:
    assert tokenize("OДКБ")[0].text == "ОДКБ"  # Latin O
    assert tokenize("OVKS")[0].text == "OVKS"  # all Latin stays Latin


def test_punctuation_breaks_a_multi_word_match() -> None:
    tokens = tokenize("Организации, Договора")

    assert not tokens[1].joined


# ---------------------------------------------------------------- Russian


@pytest.mark.parametrize(
    "text",
    [
        "развитие информационно-коммуникационных технологий",
        "об информационно-коммуникационных технологиях",
        "информационно-коммуникационным технологиям",
    ],
)
def test_inflected_russian_multi_word_term_is_found(matcher: TermMatcher, text: str) -> None:
    hits = matcher.find(text, "ru")

    assert [h.concept_id for h in hits] == ["ict"]
    assert hits[0].text.startswith("информационно-коммуникационн")


def test_genitive_of_a_long_russian_name_is_found(matcher: TermMatcher) -> None:
    text = "Генсек Организации Договора о коллективной безопасности заявил"

    assert found(matcher, text, "ru") == [
        ("csto", "Организации Договора о коллективной безопасности")
    ]


def test_yo_and_ye_spellings_both_match(matcher: TermMatcher) -> None:
    assert found(matcher, "Устав Организации Объединенных Наций", "ru") == [
        ("un", "Организации Объединенных Наций")
    ]


def test_dash_term_matches_in_the_genitive_plural_with_its_nested_abbreviation(
    matcher: TermMatcher,
) -> None:
    hits = found(matcher, "министры государств – участников СНГ", "ru")

    assert hits == [("cis-members", "государств – участников СНГ"), ("cis", "СНГ")]


def test_abbreviation_inside_a_hyphenated_word_is_found(matcher: TermMatcher) -> None:
    assert found(matcher, "защита ИКТ-инфраструктуры", "ru") == [("ict", "ИКТ")]


@pytest.mark.parametrize("form", ["МИДа", "МИДом", "МИДе", "МИДу"])
def test_russian_case_ending_on_an_abbreviation_is_found(matcher: TermMatcher, form: str) -> None:
    assert found(matcher, f"представитель {form} России", "ru") == [("mfa", form)]


def test_derived_adjective_of_an_abbreviation_is_not_the_term(matcher: TermMatcher) -> None:
    assert found(matcher, "ооновская бюрократия и ООНовский стиль", "ru") == []


def test_lowercase_word_is_not_a_case_sensitive_abbreviation(matcher: TermMatcher) -> None:
    assert found(matcher, "гус и Гус", "ru") == []
    assert found(matcher, "решение ГУС", "ru") == [("gus-agency", "ГУС")]


def test_part_of_a_name_alone_is_not_the_term(matcher: TermMatcher) -> None:
    text = "Договор о коллективной безопасности и союз народов"

    assert found(matcher, text, "ru") == []


def test_case_sensitive_full_form_needs_its_capital(matcher: TermMatcher) -> None:
    assert found(matcher, "бюджет Союзного государства", "ru") == [
        ("union-state", "Союзного государства")
    ]
    assert found(matcher, "ни одно союзное государство", "ru") == []


def test_shorter_term_inside_a_longer_term_of_the_same_concept_is_one_hit(
    matcher: TermMatcher,
) -> None:
    assert found(matcher, "Посол Республики Беларусь", "ru") == [("belarus", "Республики Беларусь")]


def test_hits_are_in_text_order_with_original_spans(matcher: TermMatcher) -> None:
    text = "ОДКБ,\u00a0СНГ и ООН"

    hits = matcher.find(text, "ru")

    assert [(h.concept_id, h.start, h.end) for h in hits] == [
        ("csto", 0, 4),
        ("cis", 6, 9),
        ("un", 12, 15),
    ]
    assert all(text[h.start : h.end] == h.text for h in hits)


# ---------------------------------------------------------------- Belarusian


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Саміт Садружнасці Незалежных Дзяржаў", "cis"),
        ("у Садружнасці Незалежных Дзяржаў", "cis"),
        ("Статут Арганізацыі Дагавора аб калектыўнай бяспецы", "csto"),
        ("Статут Арганізацыі Аб’яднаных Нацый", "un"),
        ("бюджэт Саюзнай дзяржавы", "union-state"),
        ("развіццё інфармацыйна-камунікацыйных тэхналогій", "ict"),
        ("пагадненне з Беларуссю", "belarus"),
    ],
)
def test_inflected_belarusian_term_is_found(matcher: TermMatcher, text: str, concept: str) -> None:
    assert [h.concept_id for h in matcher.find(text, "be")] == [concept]


def test_belarusian_rule_stemmer_joins_inflected_forms() -> None:
    def share(a: str, b: str) -> bool:
        return bool(set(belarusian_stems(a)) & set(belarusian_stems(b)))

    assert share("Садружнасці", "садружнасць")
    assert share("Дзяржаў", "дзяржава")
    assert share("бяспекі", "бяспека")
    assert share("бяспецы", "бяспека")
    assert not share("саюз", "саюзная")


def test_belarusian_matching_works_with_the_rules_alone() -> None:
    rules_only = TermMatcher(parse_glossary(GLOSSARY), lemmatisers={"be": belarusian_stems})

    assert [h.concept_id for h in rules_only.find("Саміт Садружнасці Незалежных Дзяржаў", "be")]


@pytest.mark.skipif(not hunspell_available(), reason="hunspell-be is not installed")
def test_hunspell_reads_belarusian_forms() -> None:
    from translate_flow.terms.morphology import belarusian_hunspell_lemmas

    assert belarusian_hunspell_lemmas("Дзяржаў") == ("дзяржава",)
    assert "незалежны" in belarusian_hunspell_lemmas("Незалежных")


# ---------------------------------------------------------------- German


def test_german_stemmer_joins_inflected_forms() -> None:
    assert german_stem("Vereinten") == german_stem("Vereinte")
    assert german_stem("Unionsstaates") == german_stem("Unionsstaat")
    assert german_stem("Weissrussland") == german_stem("Weißrusslands")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bei den Vereinten Nationen", [("un", "Vereinten Nationen")]),
        ("der Haushalt des Unionsstaates", [("union-state", "Unionsstaates")]),
        ("die GUS-Mitgliedstaaten", [("cis-members", "GUS-Mitgliedstaaten"), ("cis", "GUS")]),
        ("die kritische IKT-Infrastruktur", [("ict", "IKT")]),
        ("der UN-Sicherheitsrat", [("un", "UN")]),
        ("in Weissrussland", [("belarus", "Weissrussland")]),
        ("des Vertrages über kollektive Sicherheit", []),
    ],
)
def test_german_forms_are_found(
    matcher: TermMatcher, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(matcher, text, "de") == expected


def test_suspended_hyphen_matches_the_full_form(matcher: TermMatcher) -> None:
    text = "Einsatz von Informations- und Kommunikationstechnologien"

    assert found(matcher, text, "de") == [("ict", "Informations- und Kommunikationstechnologien")]


def test_closed_german_compound_starting_with_a_term_is_found(matcher: TermMatcher) -> None:
    assert found(matcher, "der Unionsstaatsvertrag", "de") == [
        ("union-state", "Unionsstaatsvertrag")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "mit Gusto",  # not GUS
        "die Union",  # not Unionsstaat
        "mit uns",  # not UN
        "die belarussische Seite",  # an adjective, not Belarus
    ],
)
def test_german_lookalikes_are_not_terms(matcher: TermMatcher, text: str) -> None:
    assert found(matcher, text, "de") == []


def test_compound_head_is_not_a_term(matcher: TermMatcher) -> None:
    assert found(matcher, "Weißrussland", "de") == [("belarus", "Weißrussland")]


# ---------------------------------------------------------------- the matcher


def test_languages_can_be_limited_when_building() -> None:
    matcher = TermMatcher(parse_glossary(GLOSSARY), langs=["ru"])

    assert matcher.langs == ["ru"]
    assert matcher.find("die GUS", "de") == []


def test_regional_language_codes_use_the_base_language(matcher: TermMatcher) -> None:
    assert found(matcher, "die GUS", "de-DE") == [("cis", "GUS")]


def test_empty_text_and_unknown_language_give_no_hits(matcher: TermMatcher) -> None:
    assert matcher.find("", "ru") == []
    assert matcher.find("ОДКБ", "fr") == []


def _desk_matcher() -> TermMatcher:
    return TermMatcher(
        parse_glossary(
            "concept: ambassador\nru: посол\nde: Botschafter\n\n"
            "concept: mfa\nru: министерство иностранных дел\nde: Außenministerium\n\n"
            "concept: incident\nru: компьютерный инцидент\nde: Computersicherheitsvorfall\n"
        )
    )


def test_preposition_is_not_read_as_a_rare_noun_form():
    matcher = _desk_matcher()
    assert matcher.find("После переговоров посол вернулся.", "ru")[0].text == "посол"
    assert len(matcher.find("После переговоров посол вернулся.", "ru")) == 1


def test_german_plural_with_umlaut_matches_the_singular_term():
    hits = _desk_matcher().find("Daten über Computersicherheitsvorfälle", "de")
    assert [h.concept_id for h in hits] == ["incident"]


@pytest.mark.parametrize("form", ["Außenministerien", "Außenministeriums", "Außenministerium"])
def test_german_latin_neuter_plural_and_genitive_match(form):
    hits = _desk_matcher().find(f"ein Plan der {form} beider Länder", "de")
    assert [h.concept_id for h in hits] == ["mfa"]
