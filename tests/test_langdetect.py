import pytest

from translate_flow.errors import InputError
from translate_flow.text.langdetect import detect_language, detect_script_share

NOT_RU_OR_BE = "could not detect the language: the text is not Russian or Belarusian; use --lang"


def test_russian_news_paragraph_is_russian():
    text = (
        "Министр иностранных дел провёл в Минске переговоры с коллегой из Вьетнама. "
        "Стороны обсудили торговлю, образование и подготовку визита на высшем уровне."
    )
    assert detect_language(text) == "ru"


def test_belarusian_news_paragraph_is_belarusian():
    text = (
        "Міністр замежных спраў правёў у Мінску перамовы з калегам з В'етнама. "
        "Бакі абмеркавалі гандаль, адукацыю і падрыхтоўку візіту на вышэйшым узроўні."
    )
    assert detect_language(text) == "be"


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Посол вручил верительные грамоты.", "ru"),
        ("Пасол уручыў даверчыя граматы.", "be"),
        ("Лавров прибыл в Минск.", "ru"),
        ("Сям'я пасла жыве ў Гродне.", "be"),
        ("Съезд объявил перерыв.", "ru"),
    ],
)
def test_one_sentence_is_enough(sentence, language):
    assert detect_language(sentence) == language


def test_sentence_without_distinctive_letters_is_decided_by_function_words():
    assert detect_language("Встреча прошла в Москве.") == "ru"
    assert detect_language("Гэта добра.") == "be"


def test_sentence_without_distinctive_letters_or_words_is_decided_by_akanye():
    # Neither і/ў nor и/щ/ъ, and no one-language word: Belarusian writes unstressed о as а.
    assert detect_language("Калега з Масквы прыехала на сустрэчу.") == "be"
    assert detect_language("Коллега с Москвы подготовил доклад.") == "ru"


def test_belarusian_text_quoting_russian_names_stays_belarusian():
    text = (
        "Як паведаміў Сергей Викторович Лавров, перамовы прайшлі канструктыўна. "
        "Міністр падкрэсліў, што наступная сустрэча адбудзецца ў Мінску восенню, "
        "а ў Маскве пачнецца праца сумеснай камісіі."
    )
    assert detect_language(text) == "be"


def test_russian_text_with_belarusian_place_names_stays_russian():
    text = (
        "На вывеске было написано «Магілёўскі аблвыканкам», а рядом висел герб. "
        "Делегация осмотрела предприятия и встретилась с руководством области."
    )
    assert detect_language(text) == "ru"


@pytest.mark.parametrize(
    "text",
    [
        "The foreign minister met his counterpart in Minsk on Tuesday.",
        "Der Außenminister traf am Dienstag seinen Amtskollegen in Minsk.",
    ],
)
def test_latin_script_languages_are_rejected(text):
    with pytest.raises(InputError) as raised:
        detect_language(text)
    assert str(raised.value) == NOT_RU_OR_BE


@pytest.mark.parametrize(
    "text",
    [
        "Міністр закордонних справ України зустрівся з послом Європейського союзу в Києві.",
        "Министърът на външните работи се срещна с посланика в София. Страните обсъдиха "
        "търговията, енергетиката и сътрудничеството в областта на образованието, "
        "като се съгласиха да продължат разговорите през есента в същия състав.",
        "Министар спољних послова састао се са амбасадором у Београду и разговарао о сарадњи.",
    ],
)
def test_other_cyrillic_languages_are_rejected(text):
    with pytest.raises(InputError, match="not Russian or Belarusian"):
        detect_language(text)


def test_text_without_letters_is_rejected():
    with pytest.raises(InputError, match="use --lang"):
        detect_language("12:30 — 14:45, 2024/03/12")


def test_script_share_counts_cyrillic_and_latin_letters():
    share = detect_script_share("МИД и NATO, 2024")
    assert share["cyrillic"] == pytest.approx(4 / 8)
    assert share["latin"] == pytest.approx(4 / 8)
    assert detect_script_share("123")["cyrillic"] == 0.0
