"""Sentence segmentation of Russian and Belarusian news: rules, round trip, gold-set accuracy."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from translate_flow.errors import InputError
from translate_flow.text.segment import segment_paragraph, segment_spans
from translate_flow.text.segment_eval import (
    boundary_f1,
    gold_boundaries,
    parse_conllu,
    parse_gold_set,
    parse_razdel_sents,
)

GOLD_DIR = Path(__file__).parent / "data" / "segmentation"


def gold(lang: str) -> list[list[str]]:
    return parse_gold_set((GOLD_DIR / f"{lang}.txt").read_text(encoding="utf-8"))


def sentences(text: str, lang: str = "ru") -> list[str]:
    return [piece.strip() for piece in segment_paragraph(text, lang)]


def assert_one_sentence(text: str, lang: str = "ru") -> None:
    assert sentences(text, lang) == [text]


# --- the text is never changed ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_joined_sentences_give_back_every_gold_paragraph(lang):
    for paragraph_sentences in gold(lang):
        paragraph = " ".join(paragraph_sentences)
        assert "".join(segment_paragraph(paragraph, lang)) == paragraph


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_joined_sentences_give_back_paragraphs_with_odd_whitespace(lang):
    spaces = ["  ", "\u00a0", "\t", " \u00a0 ", "\u202f", "\n", " \t "]
    rng = random.Random(20240526)
    for paragraph_sentences in gold(lang):
        words = " ".join(paragraph_sentences).split(" ")
        for _ in range(3):
            paragraph = rng.choice(["", " ", "\t"])
            paragraph += "".join(word + rng.choice(spaces + [" "] * 6) for word in words)
            assert "".join(segment_paragraph(paragraph, lang)) == paragraph


def test_joined_sentences_give_back_random_punctuation_heavy_text():
    pieces = list('аАгГтдСВ.!?…«»„“"()[]–—-:,/@ 0123456789\u00a0\t') + [
        "г. ",
        "т.д. ",
        "Затем ",
        "2023 ",
        "млн руб. ",
        "МОСКВА, 26 мая ",
        "(ТАСС). ",
        "С.В. ",
    ]
    rng = random.Random(7)
    for _ in range(3000):
        paragraph = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        for lang in ("ru", "be"):
            result = segment_paragraph(paragraph, lang)
            assert "".join(result) == paragraph
            assert all(result)


def test_leading_whitespace_goes_into_the_first_sentence():
    pieces = segment_paragraph("  Визит завершен. Делегация вернулась в Минск. ", "ru")
    assert pieces == ["  Визит завершен. ", "Делегация вернулась в Минск. "]


def test_each_sentence_keeps_the_whitespace_that_follows_it():
    pieces = segment_paragraph("Визит завершен.\u00a0\tДелегация вернулась.", "ru")
    assert pieces == ["Визит завершен.\u00a0\t", "Делегация вернулась."]


def test_non_breaking_space_between_sentences_is_a_boundary_too():
    assert sentences("Переговоры завершены.\u00a0Стороны подписали протокол.") == [
        "Переговоры завершены.",
        "Стороны подписали протокол.",
    ]


def test_empty_and_blank_paragraphs_round_trip():
    assert segment_paragraph("", "ru") == []
    assert segment_paragraph(" \t ", "be") == [" \t "]
    assert segment_spans(" \t ", "be") == []


def test_spans_point_at_sentences_without_surrounding_whitespace():
    paragraph = " Визит завершен.  Делегация вернулась. "
    spans = segment_spans(paragraph, "ru")
    assert [paragraph[start:end] for start, end in spans] == [
        "Визит завершен.",
        "Делегация вернулась.",
    ]


def test_unknown_language_is_refused():
    with pytest.raises(InputError):
        segment_paragraph("Hello. World.", "en")


# --- abbreviations ----------------------------------------------------------------------------


def test_year_abbreviation_ends_sentence_before_capital():
    assert sentences("Договор подписан в 2023 г. Затем его ратифицировали.") == [
        "Договор подписан в 2023 г.",
        "Затем его ратифицировали.",
    ]
    assert sentences("Дагавор падпісаны ў 1999 г. Ён уступіў у сілу праз месяц.", "be") == [
        "Дагавор падпісаны ў 1999 г.",
        "Ён уступіў у сілу праз месяц.",
    ]


def test_year_abbreviation_before_lowercase_continues_sentence():
    assert_one_sentence("Саммит прошел в 2023 г. в Минске.")


def test_year_abbreviation_in_opening_adverbial_continues_before_proper_name():
    assert_one_sentence("В 2023 г. Беларусь председательствовала в ОДКБ.")
    assert_one_sentence("У 1991 г. Савецкі Саюз спыніў існаванне.", "be")


def test_year_abbreviation_after_long_sentence_ends_it_before_proper_name():
    assert sentences("Товарооборот заметно вырос в 2022 г. Беларусь нарастила экспорт.") == [
        "Товарооборот заметно вырос в 2022 г.",
        "Беларусь нарастила экспорт.",
    ]


def test_city_abbreviation_never_ends_sentence():
    assert_one_sentence("Саммит пройдет в г. Минске.")
    assert_one_sentence("Адрес посольства: г. Минск, ул. Старовиленская, д. 48.")
    assert_one_sentence("Сустрэча адбудзецца ў г. Мінску.", "be")


def test_century_abbreviation_after_roman_numeral():
    assert_one_sentence("В начале XX в. Минск был уездным городом.")
    assert sentences("Это произошло в XIX в. Затем город отстроили.") == [
        "Это произошло в XIX в.",
        "Затем город отстроили.",
    ]
    assert_one_sentence("У ХХІ ст. Беларусь стала незалежнай дзяржавай.", "be")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Подробнее см. Приложение 2 к Договору."),
        ("ru", "Согласно п. 2 ст. 5 Соглашения стороны информируют друг друга."),
        ("ru", "Порядок изложен в ч. 3 той же статьи."),
        ("ru", "Посольство находится на ул. Маросейка."),
        ("ru", "Доклад сделал проф. Иванов."),
        ("ru", "Его принял зам. министра Петров."),
        ("ru", "Лекция прошла в МГУ им. Ломоносова."),
        ("ru", "Книгу редактировал акад. Чубарьян."),
        ("ru", "Выступил ген. секретарь ОДКБ."),
        ("ru", "Союзные программы, напр. Программа по энергетике, выполнены."),
        ("ru", "На рис. 2 и в табл. 3 показана динамика."),
        ("ru", "Данные приведены на стр. 14 под ред. Смирнова."),
        ("ru", "Доклад включен в сб. Материалов конференции."),
        ("ru", "Дом приемов находится на пр. Независимости."),
        ("ru", "Доклад представил др. Смит из Лондона."),
        ("be", "Згодна з арт. 2 Статута АДКБ дзейнічае на аснове калектыўнай абароны."),
        ("be", "Яго прыняў нам. міністра Кавальчук."),
        ("be", "Даклад зрабіў праф. Іваноў."),
        ("be", "Гл. Дадатак 2 да Пагаднення."),
        ("be", "Пасольства размешчана на вул. Кірава."),
        ("be", "Звесткі прыводзяцца на с. 14 даклада."),
        ("be", "Бакі кіруюцца нормамі права (пар. Статут ААН)."),
        ("be", "Сустрэча прайшла ў в. Ждановічы."),
        ("be", "Выстава адкрылася ў музеі ім. П. В. Масленікава."),
        ("be", "Лекцыю прачытаў дац. Шчарбакоў."),
    ],
)
def test_abbreviation_before_the_word_it_qualifies_never_ends_sentence(lang, text):
    assert_one_sentence(text, lang)


def test_pronoun_spelled_like_an_abbreviation_ends_sentence_before_sentence_opener():
    assert sentences("Это решение помогло им. Затем они подписали договор.") == [
        "Это решение помогло им.",
        "Затем они подписали договор.",
    ]
    assert sentences("Гэта рашэнне дапамагло нам. Мы падпісалі дагавор.", "be") == [
        "Гэта рашэнне дапамагло нам.",
        "Мы падпісалі дагавор.",
    ]
    assert sentences("Справу даручылі ім. Потым пачаўся дождж.", "be") == [
        "Справу даручылі ім.",
        "Потым пачаўся дождж.",
    ]


def test_pronoun_after_a_preposition_ends_sentence_before_any_capital():
    assert sentences("Трэба сустрэцца з ім. Публіку збіраюся здзівіць.", "be") == [
        "Трэба сустрэцца з ім.",
        "Публіку збіраюся здзівіць.",
    ]
    assert sentences("Долго говорили о нем. Петров согласился.") == [
        "Долго говорили о нем.",
        "Петров согласился.",
    ]


@pytest.mark.parametrize(
    ("lang", "text", "first"),
    [
        ("ru", "Обсуждались экономика, энергетика и т.д. Далее выступил посол.", "т.д."),
        ("ru", "Обсуждались экономика, энергетика и т. д. Далее выступил посол.", "т. д."),
        ("ru", "Участвовали министры, депутаты и др. Затем начался концерт.", "и др."),
        ("ru", "Речь шла о кибератаках, фейках и пр. Эксперты встревожены.", "и пр."),
        ("ru", "Учения, консультации и т.п. Все это прописано в плане.", "т.п."),
        ("be", "Абмяркоўваліся энергетыка, транспарт і г.д. Затым выступіў пасол.", "г.д."),
        ("be", "Абмяркоўваліся энергетыка, транспарт і г. д. Затым выступіў пасол.", "г. д."),
        ("be", "Удзельнічалі міністры, дэпутаты і інш. Потым пачаўся канцэрт.", "інш."),
    ],
)
def test_enumeration_abbreviation_ends_sentence_before_capital(lang, text, first):
    result = sentences(text, lang)
    assert len(result) == 2
    assert result[0].endswith(first)


def test_enumeration_abbreviation_before_lowercase_continues_sentence():
    assert_one_sentence("Экономика, энергетика и т.д. обсуждались подробно.")
    assert_one_sentence("Эканоміка, энергетыка і г.д. абмяркоўваліся падрабязна.", "be")


def test_that_is_abbreviations_continue_the_sentence():
    assert_one_sentence("Доля рублей достигла 95%, т.е. Почти все платежи идут в рублях.")
    assert_one_sentence("Расчеты упростились, т.к. Банки перешли на СПФС.")
    assert_one_sentence("Доля дасягнула 95%, г.зн. Амаль усе плацяжы ідуць у рублях.", "be")


def test_currency_before_country_continues_sentence():
    assert_one_sentence("Товарооборот превысил 40 млрд долл. США за год.")
    assert_one_sentence("Тавараабарот перавысіў 40 млрд дол. ЗША за год.", "be")


def test_amount_abbreviation_ends_sentence_before_sentence_opener():
    assert sentences("На проекты выделено 150 млн руб. Затем сумму увеличили.") == [
        "На проекты выделено 150 млн руб.",
        "Затем сумму увеличили.",
    ]
    assert sentences("Учения соберут около 12 тыс. Военнослужащие прибудут заранее.") == [
        "Учения соберут около 12 тыс.",
        "Военнослужащие прибудут заранее.",
    ]


def test_amount_abbreviation_before_lowercase_or_digit_continues_sentence():
    assert_one_sentence("В учениях участвуют 12 тыс. военнослужащих.")
    assert_one_sentence("Бюджет составил 5 млн. 200 тыс. рублей.")


def test_region_abbreviation_ends_sentence_after_region_name():
    assert sentences("Учения пройдут в Брестской обл. Затем состоится разбор.") == [
        "Учения пройдут в Брестской обл.",
        "Затем состоится разбор.",
    ]
    assert sentences("Вучэнні пройдуць у Брэсцкай вобл. Затым адбудзецца разбор.", "be") == [
        "Вучэнні пройдуць у Брэсцкай вобл.",
        "Затым адбудзецца разбор.",
    ]


def test_square_abbreviation_after_the_name_ends_sentence():
    assert sentences("Встреча прошла на Смоленской пл. Согласно протоколу, она длилась час.") == [
        "Встреча прошла на Смоленской пл.",
        "Согласно протоколу, она длилась час.",
    ]


# --- names, numbers, addresses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Министр С.В. Лавров провел переговоры."),
        ("ru", "Переговоры провел С.В.Лавров."),
        ("ru", "Президент А. Г. Лукашенко принял послов."),
        ("ru", "Лавров С.В. заявил о готовности к диалогу."),
        ("ru", "В переговорах участвовал В. Путин."),
        ("ru", "Документ подписали И.Н. Тасмагамбетов и Б. В. Грызлов."),
        ("be", "Прэзідэнт А.Р. Лукашэнка правёў нараду."),
        ("be", "Дакумент падпісаў І. Н. Тасмагамбетаў."),
    ],
)
def test_initials_never_split_a_sentence(lang, text):
    assert_one_sentence(text, lang)


def test_initials_after_surname_end_sentence_before_sentence_opener():
    assert sentences("Телеграмму направили Лаврову С.В. Он ответил в тот же день.") == [
        "Телеграмму направили Лаврову С.В.",
        "Он ответил в тот же день.",
    ]


def test_capital_letter_after_ordinary_word_ends_sentence_before_sentence_opener():
    assert sentences("Звезда относится к спектральному классу S. В итоге ее яркость растет.") == [
        "Звезда относится к спектральному классу S.",
        "В итоге ее яркость растет.",
    ]
    assert_one_sentence("Переговоры провел министр С. Лавров.")


def test_full_stop_after_closed_brackets_ends_sentence():
    assert sentences("Стихи написал Хадзимэ Кикути (). Она вышла в 1990 году.") == [
        "Стихи написал Хадзимэ Кикути ().",
        "Она вышла в 1990 году.",
    ]
    assert_one_sentence("Текст был неясен (?) и его переписали.")


def test_roman_numeral_after_a_name_ends_sentence():
    assert sentences("Город основан при Петре I. Затем он стал портом.") == [
        "Город основан при Петре I.",
        "Затем он стал портом.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Рост составил 1.5 раза за год.",
        "Инфляция замедлилась до 3,2% в мае.",
        "Заявление распространено 01.01.2023 в Минске.",
        "Выставку посетили 1 000 000 человек.",
        "Встреча начнется в 10.00 по московскому времени.",
        "Версия 2.1.3 протокола утверждена.",
    ],
)
def test_numbers_and_dates_never_split_a_sentence(text):
    assert_one_sentence(text)


def test_number_at_sentence_end_ends_it():
    assert sentences("Рост составил 3,2%. Это рекорд.") == ["Рост составил 3,2%.", "Это рекорд."]
    assert sentences("Документ датирован 01.12.2023. Его опубликовали.") == [
        "Документ датирован 01.12.2023.",
        "Его опубликовали.",
    ]


def test_initials_typed_apart_from_their_full_stops_are_still_initials():
    assert_one_sentence("Об этом писал П . И . Ковалевский в 1900 году.")
    assert_one_sentence("Доклад сделал В . В . Седов из Москвы.")


def test_full_stop_typed_apart_from_an_ordinary_word_ends_the_sentence():
    # "нем." abbreviates "немецкий", but a full stop typed apart is the sentence's.
    assert sentences("Мы говорили о нем . Дети ушли .") == ["Мы говорили о нем .", "Дети ушли ."]
    assert sentences("Что это ? Никто не знал !") == ["Что это ?", "Никто не знал !"]


def test_two_full_stops_between_numbers_write_a_range_inside_the_sentence():
    assert_one_sentence("Днём паветра прагрэецца да +8 .. +13°С, ноччу да −2 .. +3°С.", "be")
    assert_one_sentence("Срок поставки составит 5 .. 7 дней после оплаты.")
    assert_one_sentence("Ночью от −2.. +3°С, днём теплее.")
    assert sentences("Цифры выросли до 13 .. Потом упали.") == [
        "Цифры выросли до 13 ..",
        "Потом упали.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Подробности на сайте https://mid.ru/ru/press_service/ в разделе новостей.",
        "Текст опубликован на портале mfa.gov.by сегодня утром.",
        "Вопросы принимаются по адресу info@mfa.gov.by до пятницы.",
        "Страница https://mid.ru/ru/foreign_policy/news/1.2/?id=5 обновлена.",
    ],
)
def test_urls_and_email_addresses_never_split_a_sentence(text):
    assert_one_sentence(text)


def test_url_at_sentence_end_ends_it():
    assert sentences("Текст на сайте mfa.gov.by. Затем его перевели.") == [
        "Текст на сайте mfa.gov.by.",
        "Затем его перевели.",
    ]
    assert sentences("Подробнее: https://mid.ru/ru/press_service/. Брифинг завтра.") == [
        "Подробнее: https://mid.ru/ru/press_service/.",
        "Брифинг завтра.",
    ]


# --- punctuation ------------------------------------------------------------------------------


def test_ellipsis_ends_sentence_before_capital_only():
    assert sentences("Переговоры шли долго... Наконец стороны договорились.") == [
        "Переговоры шли долго...",
        "Наконец стороны договорились.",
    ]
    assert sentences("Перамовы цягнуліся доўга… Нарэшце бакі дамовіліся.", "be") == [
        "Перамовы цягнуліся доўга…",
        "Нарэшце бакі дамовіліся.",
    ]
    assert_one_sentence("Мы готовы... к конструктивному диалогу.")


def test_question_and_exclamation_clusters_end_sentence():
    assert sentences("США голосовали против?! Такой результат не удивил. Это провал!!! Итог.") == [
        "США голосовали против?!",
        "Такой результат не удивил.",
        "Это провал!!!",
        "Итог.",
    ]


def test_omission_mark_in_brackets_does_not_end_sentence():
    assert_one_sentence("Министр заявил, что […] Беларусь готова к диалогу.")


# --- quotations and dialogue ------------------------------------------------------------------


def test_quotation_with_full_stop_inside_ends_sentence():
    assert sentences("«Мы готовы к диалогу.» Затем министр покинул зал.") == [
        "«Мы готовы к диалогу.»",
        "Затем министр покинул зал.",
    ]


def test_quotation_with_full_stop_outside_ends_sentence():
    assert sentences("Он заявил: «Мы готовы к диалогу». Затем министр покинул зал.") == [
        "Он заявил: «Мы готовы к диалогу».",
        "Затем министр покинул зал.",
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("be", "Ён спытаў: „Хто за гэта адкажа?“ Адказу не было."),
        ("ru", 'Посол сказал: "Мы открыты." Затем брифинг завершился.'),
        ("ru", "Посол сказал: “Мы открыты.” Затем брифинг завершился."),
    ],
)
def test_other_quotation_marks_close_sentences_too(lang, text):
    assert len(sentences(text, lang)) == 2


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "«Мы готовы», – сказал он."),
        ("ru", "«Мы готовы к диалогу!» – подчеркнул министр."),
        ("ru", "«Кто за это ответит?» — спросил дипломат."),
        ("ru", "«Мы готовы.» – сказал он."),
        ("be", "«Гэта недапушчальна!» – гаворыцца ў дакуменце."),
    ],
)
def test_quotation_followed_by_dash_attribution_stays_one_sentence(lang, text):
    assert_one_sentence(text, lang)


def test_dialogue_dashes_start_new_sentences():
    text = "– Готовы ли вы к переговорам? – спросил корреспондент. – Да, – ответил он. – А сроки?"
    assert sentences(text) == [
        "– Готовы ли вы к переговорам? – спросил корреспондент.",
        "– Да, – ответил он.",
        "– А сроки?",
    ]


# --- layout of agency news --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "dateline"),
    [
        ("ru", "МОСКВА, 26 мая (БЕЛТА) – Министр"),
        ("ru", "МОСКВА, 26 мая. /ТАСС/. Министр"),
        ("ru", "НЬЮ-ЙОРК, 12 сентября. /Корр. ТАСС/. Министр"),
        ("ru", "МИНСК, 3 июля (БЕЛТА). Министр"),
        ("be", "МІНСК, 3 ліпеня (БЕЛТА) – Міністр"),
        ("be", "МАСКВА, 26 мая. /БЕЛТА/. Міністр"),
    ],
)
def test_dateline_belongs_to_the_first_sentence(lang, dateline):
    text = dateline + " провел переговоры. Стороны обсудили интеграцию."
    result = sentences(text, lang)
    assert result == [dateline + " провел переговоры.", "Стороны обсудили интеграцию."]


def test_parenthesised_sentence_with_full_stop_inside_stands_alone():
    text = "Министр выступил. (Полный текст опубликован на сайте МИД.) Затем начались прения."
    assert sentences(text) == [
        "Министр выступил.",
        "(Полный текст опубликован на сайте МИД.)",
        "Затем начались прения.",
    ]


def test_bibliographic_reference_in_brackets_stays_in_the_sentence():
    assert_one_sentence("Доклад вошел в сборник (М., 2023. 312 с.).")


def test_bracketed_acronym_before_full_stop_ends_sentence():
    assert sentences("Переговоры прошли в рамках ОДКБ (СНГ). Затем прошел брифинг.") == [
        "Переговоры прошли в рамках ОДКБ (СНГ).",
        "Затем прошел брифинг.",
    ]


def test_numbered_list_items_keep_their_number():
    text = "Программа: 1. Переговоры. 2. Подписание документов. 3. Пресс-конференция."
    assert sentences(text) == [
        "Программа: 1. Переговоры.",
        "2. Подписание документов.",
        "3. Пресс-конференция.",
    ]
    assert sentences("II. Асноўныя прынцыпы. Бакі паважаюць суверэнітэт.", "be") == [
        "II. Асноўныя прынцыпы.",
        "Бакі паважаюць суверэнітэт.",
    ]


def test_date_adverbial_opening_a_clause_continues_before_proper_name():
    assert_one_sentence("Позднее, в 1306 г. Филипп IV изгнал купцов из Франции.")
    assert_one_sentence("Однако в 1306 г. Филипп IV изгнал купцов из Франции.")
    assert_one_sentence("Пазней, у 1569 г. Вялікае Княства Літоўскае заключыла унію.", "be")


def test_year_closing_a_statement_ends_sentence_before_proper_name():
    assert sentences("Король умер в 1306 г. Филипп IV взошел на престол.") == [
        "Король умер в 1306 г.",
        "Филипп IV взошел на престол.",
    ]
    assert sentences("Студия А основана в 1912 г., а студия Б — в 1916 г. Самым известным") == [
        "Студия А основана в 1912 г., а студия Б — в 1916 г.",
        "Самым известным",
    ]


def test_era_after_a_date_reads_like_the_year_abbreviation():
    assert_one_sentence("1 января 49 года до н. э. Марк Антоний выступил в сенате.")
    assert_one_sentence("В VIII веке до н. э. Греция вышла из темных веков.")
    assert sentences("Город основан в 753 г. до н. э. Ромул правил им долго.") == [
        "Город основан в 753 г. до н. э.",
        "Ромул правил им долго.",
    ]
    assert sentences("Крещение прошло в 988 г. н.э. Затем построили храмы.") == [
        "Крещение прошло в 988 г. н.э.",
        "Затем построили храмы.",
    ]


def test_date_opening_a_sentence_continues_before_proper_name():
    assert_one_sentence("12 марта 2023 г. Президент подписал указ.")
    assert sentences("Указ подписан 12 марта 2023 г. Президент поручил подготовить план.") == [
        "Указ подписан 12 марта 2023 г.",
        "Президент поручил подготовить план.",
    ]


def test_pronoun_of_one_letter_ends_sentence():
    assert sentences("— Как это? — не понял я. Мама принесла с кухни чай.") == [
        "— Как это? — не понял я.",
        "Мама принесла с кухни чай.",
    ]
    assert_one_sentence("Дом стоит на ул. Кирова, д. 5, кв. 7.")


@pytest.mark.parametrize(
    "text",
    [
        "Выручка холдинга составила $5 млрд. Компания довольна итогом.",
        "Выручка холдинга составила 5 млрд. Компания довольна итогом.",
        "Экспорт вырос на 300 тыс. Рост обеспечили поставки молока.",
        "Сделка оценена в €2 млн. Стороны подпишут договор летом.",
    ],
)
def test_amount_word_ends_sentence_before_capital(text):
    assert len(sentences(text)) == 2


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Галилео Галилей (итал. Galileo Galilei) родился в Пизе."),
        ("ru", "Праздник зовется Бошонто Утшоб (букв. «весенний фестиваль»)."),
        ("be", "Фільм (рэж. Галіна Адамовіч) атрымаў прыз журы."),
        ("be", "Слова «шыльда» (ням. Schild) прыйшло праз польскую мову."),
    ],
)
def test_abbreviation_right_after_opening_bracket_never_ends_sentence(lang, text):
    assert_one_sentence(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Контракт подписал директор фирмы Чарльз Дж. Филлипс."),
        ("ru", "Доклад сделал к.п.н. И. П. Карташов."),
        ("ru", "Лекцию прочел д.т.н. Петров, затем выступили студенты."),
        ("ru", "Экспедиция работала вблизи оз. Нарочь и пгт. Лиозно."),
        ("ru", "PS. Приглашаем всех на следующую встречу."),
        ("be", "Працы М. Дз. Зялінскага паклалі пачатак школе."),
    ],
)
def test_titles_initials_and_place_abbreviations_never_split_a_sentence(lang, text):
    assert_one_sentence(text, lang)


def test_paragraph_sign_with_number_opens_a_sentence():
    assert sentences("§2. Нахождение оптимального маршрута. Далее идут примеры.") == [
        "§2. Нахождение оптимального маршрута.",
        "Далее идут примеры.",
    ]


def test_list_item_after_semicolon_starts_a_new_sentence():
    assert sentences("Собственник вправе: продавать квартиру; 2) сдавать ее в аренду.") == [
        "Собственник вправе: продавать квартиру;",
        "2) сдавать ее в аренду.",
    ]
    assert_one_sentence("Делегация посетила Минск; Брест стал второй остановкой.")


def test_closing_quote_or_bracket_standing_alone_stays_with_its_sentence():
    assert sentences("Он спросил, кто они такие… » Ответа не было.") == [
        "Он спросил, кто они такие… »",
        "Ответа не было.",
    ]
    assert sentences("(Переговоры шли всю ночь. ) Утром стороны подписали протокол.") == [
        "(Переговоры шли всю ночь. )",
        "Утром стороны подписали протокол.",
    ]


def test_note_in_brackets_after_full_stop_stays_in_the_sentence():
    assert_one_sentence("Думаю, что умершие пациенты (от вируса. — Ред.) есть.")
    assert sentences("(Прилепин — хороший писатель. Но враг)") == [
        "(Прилепин — хороший писатель.",
        "Но враг)",
    ]


@pytest.mark.parametrize("smiley", [":)", ";)", ":))", ":-(", "))"])
def test_emoticon_ends_sentence_before_capital(smiley):
    assert sentences(f"Встреча прошла отлично {smiley} Завтра продолжим.") == [
        f"Встреча прошла отлично {smiley}",
        "Завтра продолжим.",
    ]
    assert_one_sentence(f"Встреча прошла отлично {smiley} завтра продолжим.")


def test_emoji_after_a_sentence_end_stays_with_that_sentence():
    assert sentences("Канцэрт пачынаецца а 19:00. 🎧📖 Уваход вольны.", "be") == [
        "Канцэрт пачынаецца а 19:00. 🎧📖",
        "Уваход вольны.",
    ]
    assert sentences("Хочаш стаць часткай каманды? 😃", "be") == ["Хочаш стаць часткай каманды? 😃"]
    assert sentences("Понравилось больше всего! 👍 👍 👍 Завтра повторим.") == [
        "Понравилось больше всего! 👍 👍 👍",
        "Завтра повторим.",
    ]


def test_smiley_after_a_sentence_end_stays_with_that_sentence():
    assert sentences("Без букета уйти невозможно! :) Завтра придем снова.") == [
        "Без букета уйти невозможно! :)",
        "Завтра придем снова.",
    ]
    assert sentences("Это только начало! ;)") == ["Это только начало! ;)"]


def test_emoji_standing_for_a_full_stop_ends_sentence_before_capital():
    assert sentences("Цяпер яе прададуць у краме 😲 Ня можа быць!", "be") == [
        "Цяпер яе прададуць у краме 😲",
        "Ня можа быць!",
    ]
    assert_one_sentence("Мы любим 🇧🇾 и ждем гостей.")


def test_authors_words_inside_quotation_end_sentence_before_dash():
    # UD_Belarusian-HSE and razdel both end the sentence after the author's words, and the
    # quotation goes on in the next one.
    assert sentences("«Мы готовы к диалогу, — сказал он. — Но не на таких условиях».") == [
        "«Мы готовы к диалогу, — сказал он.",
        "— Но не на таких условиях».",
    ]


def test_numbered_list_item_opens_a_sentence_after_any_full_stop_or_semicolon():
    for text, first in [
        ("Закон принят в 2010 г. 2. Сочетание мер дало результат.", "Закон принят в 2010 г."),
        ("Рост составил 5 млн. 2. Сочетание мер дало результат.", "Рост составил 5 млн."),
        ("Первое условие выполнено; 2. Сочетание мер дало результат.", "Первое условие выполнено;"),
        ("Так было в 1990-х гг. 3. Третье правило действует.", "Так было в 1990-х гг."),
    ]:
        assert sentences(text)[0] == first
    assert sentences("Согласно ст. 5. Порядок определяет правительство.")[0] == "Согласно ст. 5."
    assert_one_sentence("Працы (Дз. І. Мяцеліца, С. А. Усанаў) выйшлі ў 2001 годзе.", "be")


def test_belarusian_words_with_apostrophe_and_short_u():
    assert sentences("Аб'ём інвестыцый вырас. Аб’яднанне ўзмацнілася.", "be") == [
        "Аб'ём інвестыцый вырас.",
        "Аб’яднанне ўзмацнілася.",
    ]


# --- accuracy on the gold sets ----------------------------------------------------------------


def test_boundary_f1_counts_missed_and_spurious_boundaries():
    paragraphs = [["Один.", "Два.", "Три."]]
    assert gold_boundaries(paragraphs[0]) == {5, 10}
    assert boundary_f1(paragraphs, lambda text: [(0, 5), (6, 15)]) == pytest.approx(
        (1.0, 0.5, 2 / 3)
    )
    assert boundary_f1(paragraphs, lambda text: [(0, 2), (3, 5), (6, 10), (11, 15)]) == (
        pytest.approx((2 / 3, 1.0, 0.8))
    )


def test_razdel_sents_file_gives_one_paragraph_per_line_cut_at_bars():
    text = "Визит завершен.| |Делегация вернулась.\nОдна фраза\\|с чертой.\n\n"
    assert parse_razdel_sents(text) == [
        ["Визит завершен.", "Делегация вернулась."],
        ["Одна фраза|с чертой."],
    ]


def test_conllu_paragraphs_follow_newpar_and_newdoc_marks():
    text = (
        "# newdoc id = a\n# newpar\n# sent_id = 1\n# text = Первая фраза.\n1\tПервая\n\n"
        "# sent_id = 2\n# text = Вторая фраза.\n1\tВторая\n\n"
        "# newpar\n# sent_id = 3\n# text = Новый абзац.\n1\tНовый\n\n"
        "# newdoc id = b\n# sent_id = 4\n# text = Другой текст.\n1\tДругой\n\n"
    )
    assert parse_conllu(text) == [
        ["Первая фраза.", "Вторая фраза."],
        ["Новый абзац."],
        ["Другой текст."],
    ]


def test_conllu_without_paragraph_marks_is_grouped_in_file_order():
    text = "".join(f"# sent_id = {k}\n# text = Фраза {k}.\n1\tФраза\n\n" for k in range(5))
    assert parse_conllu(text, group=2) == [
        ["Фраза 0.", "Фраза 1."],
        ["Фраза 2.", "Фраза 3."],
        ["Фраза 4."],
    ]


def test_conllu_paragraphs_can_be_read_from_sentence_ids():
    ids = ["news-1-3-1-be", "news-1-7-2-be", "news-1-7-3-be", "news-2-3-4-be", "other-5"]
    text = "# newdoc\n" + "".join(
        f"# sent_id = {sent_id}\n# text = Сказ {k}\n1\tСказ\n\n" for k, sent_id in enumerate(ids)
    )
    pattern = re.compile(r"^news-(\d+-\d+)-")
    assert parse_conllu(text, paragraph_id=pattern) == [
        ["Сказ 0"],
        ["Сказ 1", "Сказ 2"],
        ["Сказ 3", "Сказ 4"],
    ]
    assert parse_conllu(text) == [[f"Сказ {k}" for k in range(5)]]


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_gold_set_has_at_least_170_sentences(lang):
    assert sum(len(paragraph) for paragraph in gold(lang)) >= 170


def test_boundary_f1_on_russian_gold_set_is_at_least_099():
    _, _, f1 = boundary_f1(gold("ru"), lambda text: segment_spans(text, "ru"))
    assert f1 >= 0.99


def test_boundary_f1_on_belarusian_gold_set_is_at_least_099():
    _, _, f1 = boundary_f1(gold("be"), lambda text: segment_spans(text, "be"))
    assert f1 >= 0.99


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_boundary_f1_beats_razdel_on_gold_set(lang):
    from razdel import sentenize

    _, _, ours = boundary_f1(gold(lang), lambda text: segment_spans(text, lang))
    _, _, theirs = boundary_f1(
        gold(lang), lambda text: [(s.start, s.stop) for s in sentenize(text)]
    )
    assert ours > theirs


# --- the benchmark on public corpora ----------------------------------------------------------

BENCHMARK = Path(__file__).parents[1] / "benchmarks" / "segmentation.py"


def run_benchmark(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARK), *args], capture_output=True, text=True, timeout=120
    )


def test_benchmark_scores_both_segmenters_on_conllu_and_razdel_files(tmp_path):
    conllu = tmp_path / "be_sample.conllu"
    conllu.write_text(
        "# newdoc id = a\n# newpar\n"
        "# text = Сустрэча адбылася ў 2023 г. у Мінску.\n1\tx\n\n"
        "# text = Дэлегацыя вярнулася ў Мінск.\n1\tx\n\n",
        encoding="utf-8",
    )
    sents = tmp_path / "news_sents.txt"
    sents.write_text("Переговоры завершены.| |Стороны подписали протокол.\n", encoding="utf-8")
    result = run_benchmark("--corpus", str(conllu), "--corpus", str(sents))
    assert result.returncode == 0, result.stderr
    assert "be_sample.conllu (be): 2 sentences in 1 paragraphs" in result.stdout
    assert "news_sents.txt (ru): 2 sentences in 1 paragraphs" in result.stdout
    scores = [line.split() for line in result.stdout.splitlines() if line.startswith("translate")]
    assert [row[1:4] for row in scores] == [["1.0000", "1.0000", "1.0000"]] * 2
    assert sum(line.startswith("razdel") for line in result.stdout.splitlines()) == 2


def test_benchmark_refuses_a_missing_corpus_in_one_line(tmp_path):
    result = run_benchmark("--corpus", str(tmp_path / "missing.conllu"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: no corpus file at {tmp_path / 'missing.conllu'}"
