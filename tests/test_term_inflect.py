"""Target terms in the form the source's case asks for (terms/inflect.py)."""

from __future__ import annotations

import pytest

from translate_flow.terms.inflect import source_case, target_form

NAMES = {"Russland", "Belarus", "Moskau", "Ukraine"}  # pos=properNoun in the glossary


def _form(source: str, term: str, target_term: str, lang: str = "ru") -> str:
    start = source.index(term)
    case, governed = source_case(source, start, start + len(term), lang)
    return target_form(target_term, "de", case, governed, target_term in NAMES)


@pytest.mark.parametrize(
    ("source", "term", "german", "expected"),
    [
        ("Министр иностранных дел России прибыл.", "России", "Russland", "Russlands"),
        ("Столица Белоруссии.", "Белоруссии", "Belarus", "Belarus"),  # no -s after s
        ("Мэр Москвы выступил.", "Москвы", "Moskau", "Moskaus"),
        ("Посол Украины заявил.", "Украины", "Ukraine", "Ukraine"),  # die Ukraine
        ("Делегация прибыла из России.", "России", "Russland", "Russland"),  # aus Russland
        ("Переговоры с Российской Федерацией.", "Российской Федерацией", "Russische Föderation",
         "Russischen Föderation"),
        ("Российская Федерация заявила.", "Российская Федерация", "Russische Föderation",
         "Russische Föderation"),
        ("Позиция Организации Объединённых Наций.", "Организации Объединённых Наций",
         "Vereinte Nationen", "Vereinten Nationen"),
        # Not a name: its gender is unknown, so no -s is guessed.
        ("Решение Совета Безопасности.", "Совета Безопасности", "Sicherheitsrat", "Sicherheitsrat"),
        ("Развитие сотрудничества.", "сотрудничества", "Zusammenarbeit", "Zusammenarbeit"),
        ("Заседание ОДКБ.", "ОДКБ", "OVKS", "OVKS"),
    ],
)  # fmt: skip
def test_german_form_follows_the_russian_case(source, term, german, expected):
    assert _form(source, term, german) == expected


def test_belarusian_and_english_get_the_base_form():
    source = "Міністр замежных спраў Расіі."
    start = source.index("Расіі")
    assert target_form("Russland", "de", *source_case(source, start, start + 5, "be")) == "Russland"
    assert target_form("Russia", "en", "gent", False) == "Russia"
