"""The built-in quality checks on Russian and Belarusian news sentences and their translations."""

from __future__ import annotations

import pytest

from translate_flow.errors import InputError
from translate_flow.qa import runner
from translate_flow.qa.base import REGISTRY, CheckContext
from translate_flow.qa.checks import extract_numbers

BUILTIN_CHECKS = (
    "empty",
    "untranslated",
    "cyrillic",
    "numbers",
    "whitespace",
    "punctuation",
    "quotes",
    "brackets",
    "length",
)
NBSP = "\u00a0"


def found(check_id: str, source: str, target: str, source_lang="ru", target_lang="de"):
    """(check, severity, span, side) of each finding of one check."""
    context = CheckContext(source_lang=source_lang, target_lang=target_lang)
    return [
        (f.check, f.severity, f.span, f.side)
        for f in REGISTRY[check_id].function(source, target, context)
    ]


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


@pytest.fixture
def builtin_only(monkeypatch):
    """The runner over this module's checks alone, whether or not qa/terminology exists yet."""
    monkeypatch.setattr(runner, "CHECK_MODULES", ("translate_flow.qa.checks",))


# --- empty -------------------------------------------------------------------------------------


def test_blank_translation_is_reported_as_empty():
    assert found("empty", "Лукашенко принял верительные грамоты.", "  \n") == [
        ("empty", "error", None, "target")
    ]


def test_missing_translation_is_reported_once_and_by_empty_alone(builtin_only):
    findings = runner.run_checks(
        "Лукашенко принял верительные грамоты послов 12 государств.",
        None,
        CheckContext("ru", "de"),
        only=BUILTIN_CHECKS,
    )
    assert [(f.check, f.severity) for f in findings] == [("empty", "error")]


def test_empty_source_needs_no_translation():
    assert found("empty", " ", "") == []


# --- untranslated and cyrillic -----------------------------------------------------------------


def test_translation_identical_to_source_is_reported():
    source = "Министр иностранных дел провёл переговоры в Вене."
    assert found("untranslated", source, source, target_lang="en") == [
        ("untranslated", "error", (0, len(source)), "target")
    ]


def test_copy_of_the_source_with_other_spacing_is_still_untranslated():
    source = "Стороны  обсудили\nвопросы двустороннего сотрудничества."
    target = "Стороны обсудили вопросы двустороннего сотрудничества. "
    assert found("untranslated", source, target) == [
        ("untranslated", "error", (0, len(target)), "target")
    ]


def test_latin_names_may_stay_unchanged():
    assert found("untranslated", "NATO", "NATO", target_lang="en") == []
    assert found("untranslated", "www.mfa.gov.by", "www.mfa.gov.by") == []


def test_mostly_cyrillic_target_is_untranslated_and_not_also_cyrillic():
    source = "Посол Германии вручил копии верительных грамот."
    target = "Der Botschafter вручил копии верительных грамот."
    assert found("untranslated", source, target) == [
        ("untranslated", "error", (0, len(target)), "target")
    ]
    assert found("cyrillic", source, target) == []


def test_belarusian_translated_into_russian_is_not_untranslated():
    source = "Прэзідэнт правёў сустрэчу з паслом Кітая."
    target = "Президент провёл встречу с послом Китая."
    assert found("untranslated", source, target, "be", "ru") == []
    assert found("cyrillic", source, target, "be", "ru") == []


def test_cyrillic_left_in_german_target_is_reported_with_span():
    source = "Делегацию возглавил заместитель министра иностранных дел Беларуси."
    target = "Die Delegation leitete der stellvertretende Außenminister Беларуси."
    findings = REGISTRY["cyrillic"].function(source, target, CheckContext("ru", "de"))
    assert [(f.check, f.severity, f.span) for f in findings] == [
        ("cyrillic", "error", span(target, "Беларуси"))
    ]
    assert "«Беларуси»" in findings[0].message


def test_each_cyrillic_phrase_is_one_finding():
    source = "В Минске прошло заседание Совета министров иностранных дел СНГ."
    target = "In Minsk tagte der Совет министров der GUS-Staaten am ул. Кирова."
    assert found("cyrillic", source, target) == [
        ("cyrillic", "error", span(target, "Совет министров"), "target"),
        ("cyrillic", "error", span(target, "ул"), "target"),
        ("cyrillic", "error", span(target, "Кирова"), "target"),
    ]


def test_cyrillic_lookalike_letter_inside_a_latin_word_is_named():
    source = "Лукашенко провёл переговоры."
    target = "Lukashenk\u043e held talks."  # the last "o" is Cyrillic
    findings = REGISTRY["cyrillic"].function(source, target, CheckContext("ru", "en"))
    assert [(f.check, f.span) for f in findings] == [("cyrillic", (9, 10))]
    assert "inside the word «Lukashenkо»" in findings[0].message


def test_serbian_in_latin_script_is_checked_for_cyrillic():
    source = "Встреча прошла в Белграде."
    target = "Sastanak je održan u Београду."
    assert found("cyrillic", source, target, "ru", "sr-Latn") == [
        ("cyrillic", "error", span(target, "Београду"), "target")
    ]
    assert found("cyrillic", source, "Састанак је одржан у Београду.", "ru", "sr") == []


# --- numbers -----------------------------------------------------------------------------------


def test_changed_percentage_is_reported():
    source = "Товарооборот вырос на 3,2% по сравнению с 2022 годом."
    target = "Der Handelsumsatz stieg gegenüber 2022 um 3,5 Prozent."
    assert found("numbers", source, target) == [
        ("numbers", "error", span(source, "3,2"), "source"),
        ("numbers", "warning", span(target, "3,5"), "target"),
    ]


def test_percentage_in_german_and_english_notation_is_accepted():
    source = "Товарооборот вырос на 3,2% по сравнению с 2022 годом."
    assert found("numbers", source, "Der Handelsumsatz stieg gegenüber 2022 um 3,2 %.") == []
    assert found("numbers", source, "Der Handelsumsatz stieg 2022 um 3,2 Prozent.") == []
    english = "Trade grew by 3.2 per cent compared with 2022."
    assert found("numbers", source, english, target_lang="en") == []
    assert found("numbers", source, "Trade grew 3.2% on 2022.", target_lang="en") == []


def test_german_thousands_separator_is_accepted():
    for source in (
        "В учениях участвуют 1 500 военнослужащих.",
        f"В учениях участвуют 1{NBSP}500 военнослужащих.",
        "В учениях участвуют 1500 военнослужащих.",
    ):
        assert found("numbers", source, "An der Übung nehmen 1.500 Soldaten teil.") == []
        assert found("numbers", source, "An der Übung nehmen 1500 Soldaten teil.") == []


def test_english_thousands_comma_is_accepted():
    source = "В учениях участвуют 12 500 военнослужащих."
    target = "Some 12,500 servicemen are taking part in the exercise."
    assert found("numbers", source, target, target_lang="en") == []


def test_german_thousands_point_in_english_target_is_reported():
    source = "В учениях участвуют 1 500 военнослужащих."
    target = "Some 1.500 servicemen are taking part in the exercise."
    assert found("numbers", source, target, target_lang="en") == [
        ("numbers", "error", span(source, "1 500"), "source"),
        ("numbers", "warning", span(target, "1.500"), "target"),
    ]


def test_translated_scale_word_is_accepted():
    source = "Объём инвестиций превысил 15 млн долларов."
    assert found("numbers", source, "Die Investitionen überstiegen 15 Mio. Dollar.") == []
    assert found("numbers", source, "Die Investitionen überstiegen 15 Millionen Dollar.") == []
    english = "Investment exceeded 15 million dollars."
    assert found("numbers", source, english, target_lang="en") == []
    assert found("numbers", source, "Investment exceeded $15,000,000.", target_lang="en") == []


def test_decimal_with_scale_word_is_accepted():
    source = "Экспорт составил 2,5 млрд долларов."
    assert found("numbers", source, "Die Exporte betrugen 2,5 Mrd. Dollar.") == []
    assert found("numbers", source, "Exports totalled $2.5bn.", target_lang="en") == []


def test_german_billion_false_friend_is_reported():
    source = "Товарооборот достиг 40 млрд долларов."
    target = "Der Handelsumsatz erreichte 40 Billionen Dollar."
    assert found("numbers", source, target) == [
        ("numbers", "error", span(source, "40 млрд"), "source"),
        ("numbers", "warning", span(target, "40 Billionen"), "target"),
    ]


def test_date_written_out_in_german_is_accepted():
    source = "Соглашение вступило в силу 01.01.2023."
    assert found("numbers", source, "Das Abkommen ist am 1. Januar 2023 in Kraft getreten.") == []
    assert found("numbers", source, "Das Abkommen ist am 01.01.2023 in Kraft getreten.") == []


def test_date_written_out_in_english_is_accepted_in_both_orders():
    source = "Соглашение вступило в силу 01.01.2023."
    british = "The agreement entered into force on 1 January 2023."
    american = "The agreement entered into force on January 1, 2023."
    assert found("numbers", source, british, target_lang="en") == []
    assert found("numbers", source, american, target_lang="en") == []


def test_russian_day_and_month_match_german_and_english():
    source = "Переговоры пройдут 26 мая в Минске."
    assert found("numbers", source, "Die Gespräche finden am 26. Mai in Minsk statt.") == []
    english = "The talks will be held in Minsk on 26 May."
    assert found("numbers", source, english, target_lang="en") == []


def test_belarusian_month_name_is_read():
    source = "Форум адбудзецца 15 чэрвеня 2024 года ў Віцебску."
    assert found("numbers", source, "Das Forum findet am 15.06.2024 in Witebsk statt.", "be") == []


def test_year_with_russian_abbreviation_matches_bare_year():
    source = "В 2023 г. страны подписали 14 документов."
    target = "Im Jahr 2023 unterzeichneten die Länder 14 Dokumente."
    assert found("numbers", source, target) == []


def test_wrong_day_is_reported_as_a_changed_date():
    source = "Визит запланирован на 26 мая."
    target = "Der Besuch ist für den 27. Mai geplant."
    assert found("numbers", source, target) == [
        ("numbers", "error", span(source, "26 мая"), "source"),
        ("numbers", "warning", span(target, "27. Mai"), "target"),
    ]


def test_dropped_year_is_reported_with_its_source_span():
    source = "Договор подписан 12 марта 1999 года."
    target = "Der Vertrag wurde am 12. März unterzeichnet."
    assert found("numbers", source, target) == [
        ("numbers", "error", span(source, "1999"), "source")
    ]


def test_day_range_matches_english_month_first_order():
    source = "Саммит ШОС пройдёт 3-4 июля в Астане."
    target = "The SCO summit will take place in Astana on July 3-4."
    assert found("numbers", source, target, target_lang="en") == []


def test_roman_century_matches_german_ordinal():
    source = "Это главный вызов XXI века."
    assert (
        found("numbers", source, "Das ist die größte Herausforderung des 21. Jahrhunderts.") == []
    )
    english = "This is the main challenge of the 21st century."
    assert found("numbers", source, english, target_lang="en") == []


def test_small_number_written_as_word_is_accepted():
    source = "Стороны подписали 2 соглашения и 3 меморандума."
    assert (
        found("numbers", source, "Die Seiten unterzeichneten zwei Abkommen und drei Memoranden.")
        == []
    )
    english = "The sides signed two agreements and three memoranda."
    assert found("numbers", source, english, target_lang="en") == []


def test_russian_number_word_covers_a_digit_in_the_target():
    source = "Министры обсудили две темы."
    assert found("numbers", source, "Die Minister erörterten 2 Themen.") == []


def test_number_word_without_counterpart_is_not_reported():
    source = "Беларусь является одним из крупнейших партнёров Китая."
    target = "Belarus ist einer der größten Partner Chinas."
    assert found("numbers", source, target) == []


def test_extra_number_in_target_is_a_warning():
    source = "Послы обсудили подготовку визита."
    target = "Die Botschafter erörterten die Vorbereitung des Besuchs am 5. Juni."
    assert found("numbers", source, target) == [
        ("numbers", "warning", span(target, "5. Juni"), "target")
    ]


def test_time_of_day_in_german_notation_is_accepted():
    source = "Брифинг начнётся в 15:00 по минскому времени."
    assert found("numbers", source, "Das Briefing beginnt um 15.00 Uhr Minsker Zeit.") == []
    assert found("numbers", source, "Das Briefing beginnt um 15 Uhr Minsker Zeit.") == []


def test_numbers_are_read_by_value():
    values = [
        t.value for t in extract_numbers("am 1. Januar 2023 kamen 1.500 Gäste, 2,5 Mio. €", "de")
    ]
    assert values == [("date", 1, 1), ("num", "2023"), ("num", "1500"), ("num", "2500000")]


# --- whitespace --------------------------------------------------------------------------------


def test_missing_trailing_space_is_reported():
    source = "Визит продлится три дня. "
    target = "Der Besuch dauert drei Tage."
    assert found("whitespace", source, target) == [
        ("whitespace", "warning", (len(target), len(target)), "target")
    ]


def test_double_space_in_target_is_reported():
    source = "Визит продлится три дня."
    target = "Der Besuch  dauert drei Tage."
    assert found("whitespace", source, target) == [("whitespace", "warning", (10, 12), "target")]


def test_matching_whitespace_is_fine():
    source = "\nВизит продлится три дня. "
    assert found("whitespace", source, "\nDer Besuch dauert drei Tage. ") == []


# --- punctuation -------------------------------------------------------------------------------


def test_question_turned_into_statement_is_reported():
    source = "Готова ли Москва к новым переговорам?"
    target = "Moskau ist zu neuen Verhandlungen bereit."
    assert found("punctuation", source, target) == [
        ("punctuation", "warning", (len(target) - 1, len(target)), "target")
    ]


def test_full_stop_inside_or_outside_closing_quote_is_accepted():
    source = "Министр заявил: «Мы открыты к диалогу»."
    assert found("punctuation", source, "Der Minister sagte: „Wir sind offen für Dialog“.") == []
    english = 'The minister said: "We are open to dialogue."'
    assert found("punctuation", source, english, target_lang="en") == []


def test_three_dots_and_ellipsis_are_the_same_ending():
    source = "Переговоры продолжатся..."
    assert found("punctuation", source, "Die Verhandlungen gehen weiter …") == []
    assert found("punctuation", source, "Die Verhandlungen gehen weiter.") == [
        ("punctuation", "warning", (30, 31), "target")
    ]


def test_headline_without_final_punctuation_is_not_checked():
    assert (
        found("punctuation", "Лукашенко встретился с Си Цзиньпином", "Lukaschenko traf Xi.") == []
    )


# --- quotes ------------------------------------------------------------------------------------


def test_guillemets_in_german_target_are_reported_with_suggestion():
    source = "Он назвал встречу «конструктивной»."
    target = "Er nannte das Treffen «konstruktiv»."
    findings = REGISTRY["quotes"].function(source, target, CheckContext("ru", "de"))
    assert [(f.check, f.severity, f.span, f.suggestions) for f in findings] == [
        ("quotes", "warning", span(target, "«konstruktiv»"), ["„konstruktiv“"])
    ]


def test_straight_and_english_quotes_in_german_target_are_reported():
    source = "Он назвал встречу «конструктивной», а переговоры «откровенными»."
    target = 'Er nannte das Treffen "konstruktiv" und die Gespräche “offen”.'
    assert found("quotes", source, target) == [
        ("quotes", "warning", span(target, '"konstruktiv"'), "target"),
        ("quotes", "warning", span(target, "“offen”"), "target"),
    ]


def test_german_news_quotes_are_accepted():
    source = "Он назвал встречу «конструктивной»."
    assert found("quotes", source, "Er nannte das Treffen „konstruktiv“.") == []


def test_guillemets_in_english_target_are_reported():
    source = "Он назвал встречу «конструктивной»."
    target = "He called the meeting «constructive»."
    assert found("quotes", source, target, target_lang="en") == [
        ("quotes", "warning", span(target, "«constructive»"), "target")
    ]
    assert found("quotes", source, "He called the meeting “constructive”.", "ru", "en") == []


def test_quotes_of_other_target_languages_are_not_checked():
    source = "Он назвал встречу «конструктивной»."
    assert (
        found("quotes", source, "Il a qualifié la réunion de « constructive ».", "ru", "fr") == []
    )


# --- brackets ----------------------------------------------------------------------------------


def test_unclosed_parenthesis_in_target_is_reported():
    source = "Организация Договора о коллективной безопасности (ОДКБ) провела учения."
    target = "Die Organisation des Vertrags über kollektive Sicherheit (OVKS hielt eine Übung ab."
    assert found("brackets", source, target) == [
        ("brackets", "warning", span(target, "("), "target")
    ]


def test_closing_bracket_without_opening_is_reported():
    source = "В заявлении МИД (см. полный текст) говорится о санкциях."
    target = "Die Erklärung des Außenministeriums siehe Volltext) spricht von Sanktionen."
    assert found("brackets", source, target) == [
        ("brackets", "warning", span(target, ")"), "target")
    ]


def test_quote_left_open_in_the_source_segment_is_not_reported():
    source = "«Мы готовы к диалогу, но не на таких условиях."
    target = "„Wir sind zum Dialog bereit, aber nicht zu diesen Bedingungen."
    assert found("brackets", source, target) == []


def test_balanced_brackets_and_german_quotes_are_fine():
    source = "Глава МИД (Сергей Лавров) сказал: «Мы [все] готовы»."
    target = "Der Außenminister (Sergej Lawrow) sagte: „Wir [alle] sind bereit“."
    assert found("brackets", source, target) == []


# --- length ------------------------------------------------------------------------------------


def test_much_shorter_translation_is_reported():
    source = (
        "Стороны обсудили широкий круг вопросов двустороннего и многостороннего сотрудничества."
    )
    assert found("length", source, "Gespräche.") == [("length", "warning", None, "target")]


def test_much_longer_translation_is_reported():
    source = "Переговоры прошли в Минске."
    target = "Die Gespräche fanden in Minsk statt. " * 3
    assert found("length", source, target) == [("length", "warning", None, "target")]


def test_short_headline_is_not_length_checked():
    assert found("length", "Визит в Пекин", "Der Besuch des Präsidenten in Peking beginnt") == []


# --- runner ------------------------------------------------------------------------------------


def test_runner_includes_the_terminology_integrity_and_inline_code_check_modules():
    assert runner.CHECK_MODULES == (
        "translate_flow.qa.checks",
        "translate_flow.qa.terminology",
        "translate_flow.qa.integrity",
        "translate_flow.qa.tags",
    )


def test_runner_raises_when_a_check_module_is_missing(monkeypatch):
    monkeypatch.setattr(runner, "CHECK_MODULES", ("translate_flow.qa.checks", "no_such.checks"))
    with pytest.raises(ModuleNotFoundError):
        runner.load_checks()


def test_runner_runs_only_the_named_checks(builtin_only):
    source = "Товарооборот вырос на 3,2%."
    target = "Der Handelsumsatz  stieg um 3,5 % "
    findings = runner.run_checks(source, target, CheckContext("ru", "de"), only=["numbers"])
    assert [(f.check, f.severity) for f in findings] == [
        ("numbers", "error"),
        ("numbers", "warning"),
    ]


def test_runner_rejects_an_unknown_check_id(builtin_only):
    with pytest.raises(InputError, match="no-such-check"):
        runner.run_checks("Текст.", "Text.", CheckContext("ru", "de"), only=["no-such-check"])


@pytest.mark.parametrize(
    ("source_lang", "target_lang", "source", "target"),
    [
        (
            "ru",
            "de",
            "Президент Беларуси Александр Лукашенко 26 мая 2023 года принял в Минске "
            "верительные грамоты послов 12 государств.",
            "Der belarussische Präsident Alexander Lukaschenko hat am 26. Mai 2023 in Minsk "
            "die Beglaubigungsschreiben der Botschafter von 12 Staaten entgegengenommen.",
        ),
        (
            "ru",
            "en",
            "По словам министра, товарооборот в 2023 г. вырос на 7,4% и достиг 1,2 млрд долларов.",
            "According to the minister, trade grew by 7.4% in 2023 to reach $1.2 billion.",
        ),
        (
            "be",
            "de",
            "Кіраўнік дзяржавы адзначыў: «Мы гатовы да дыялогу з Еўропай».",
            "Das Staatsoberhaupt betonte: „Wir sind zum Dialog mit Europa bereit“.",
        ),
        (
            "ru",
            "en",
            "Учения ОДКБ «Взаимодействие-2023» пройдут с 1 по 6 октября, в них примут участие "
            "около 1 500 военнослужащих.",
            "The CSTO exercise “Interaction-2023” will run from 1 to 6 October with some 1,500 "
            "servicemen taking part.",
        ),
    ],
)
def test_correct_translations_have_no_findings(
    builtin_only, source_lang, target_lang, source, target
):
    context = CheckContext(source_lang, target_lang)
    assert runner.run_checks(source, target, context, only=BUILTIN_CHECKS) == []


def test_every_check_documents_what_it_finds():
    for check_id in BUILTIN_CHECKS:
        info = REGISTRY[check_id]
        assert info.id == check_id
        assert len(info.description) > 40, check_id


def test_units_and_initials_are_not_read_as_roman_numerals():
    source = "Температура опустилась до −5 °C, сообщил господин X."
    target = "The temperature fell to −5 °C, Mr X said."
    assert found("numbers", source, target, target_lang="en") == []


def test_russian_ordinal_word_matches_roman_numeral_in_english():
    source = "Ветераны Второй мировой войны приняли участие в параде."
    target = "Veterans of World War II took part in the parade."
    assert found("numbers", source, target, target_lang="en") == []


def test_single_letter_roman_numeral_matches_an_ordinal():
    source = "V Форум регионов Беларуси и России прошёл в Могилёве."
    target = "The 5th Forum of Regions of Belarus and Russia was held in Mogilev."
    assert found("numbers", source, target, target_lang="en") == []
