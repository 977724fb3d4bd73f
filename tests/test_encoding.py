import codecs

import pytest

from translate_flow.errors import InputError
from translate_flow.text.encoding import decode_text

RUSSIAN = "Министр иностранных дел провёл переговоры с послом.\nСтороны обсудили визит."
BELARUSIAN = "Міністр замежных спраў сустрэўся з паслом.\nБакі абмеркавалі візіт."

# Short texts, one or two sentences: the hard case for telling windows-1251 from KOI8-R.
SHORT_RUSSIAN = [
    "Лавров прибыл в Минск.",
    "Визит состоится в среду. Стороны обсудят торговлю.",
    "Посол вручил верительные грамоты.",
    "Заявление МИД РФ.",
    "ООН и ОБСЕ осудили обстрел.",
    "ВИЗИТ МИНИСТРА В КИТАЙ. Переговоры начнутся утром.",
    "Журналистам сообщили, что следующий раунд консультаций пройдёт осенью.",
    "Съезд объявил перерыв.",
    "Щедрость союзников удивила экспертов.",
    "Брифинг начнётся в полдень.",
]
SHORT_BELARUSIAN = [
    "Пасол уручыў даверчыя граматы.",
    "Сустрэча адбылася ў Мінску. Бакі абмеркавалі гандаль.",
    "Міністр заявіў, што супрацоўніцтва развіваецца.",
]


def test_utf8_without_bom_is_decoded():
    assert decode_text(RUSSIAN.encode("utf-8")) == (RUSSIAN, "utf-8")


def test_utf8_bom_is_recognised_and_not_kept_in_the_text():
    text, encoding = decode_text(codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"))
    assert (text, encoding) == (RUSSIAN, "utf-8-sig")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text, encoding = decode_text(bom + BELARUSIAN.encode(codec))
    assert (text, encoding) == (BELARUSIAN, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("sample", [RUSSIAN, BELARUSIAN, "Reuters: Лавров прибыл в Минск."])
def test_utf16_without_bom_is_recognised_by_its_nul_pattern(codec, sample):
    assert decode_text(sample.encode(codec)) == (sample, codec)


@pytest.mark.parametrize("sample", SHORT_RUSSIAN + SHORT_BELARUSIAN + [RUSSIAN, BELARUSIAN])
def test_windows_1251_text_is_decoded(sample):
    assert decode_text(sample.encode("cp1251")) == (sample, "cp1251")


@pytest.mark.parametrize("sample", SHORT_RUSSIAN + [RUSSIAN])
def test_koi8_r_text_is_decoded(sample):
    assert decode_text(sample.encode("koi8-r")) == (sample, "koi8-r")


def test_single_russian_words_mostly_decode_in_both_code_pages():
    words = (
        "министр посол переговоры встреча визит правительство сотрудничество заявление "
        "делегация торговля посольство соглашение консультации объявление щит съезд"
    ).split()
    correct = sum(
        decode_text(word.encode(codec))[0] == word
        for word in words
        for codec in ("cp1251", "koi8-r")
    )
    assert correct / (2 * len(words)) >= 0.9


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_newlines_become_line_feeds(newline):
    data = "Первая строка.\nВторая строка.\n".replace("\n", newline).encode("cp1251")
    assert decode_text(data)[0] == "Первая строка.\nВторая строка.\n"


def test_nul_bytes_mark_binary_data():
    with pytest.raises(InputError, match=r"^photo\.jpg looks like a binary file, not an article$"):
        decode_text(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01", "photo.jpg")


def test_many_control_characters_mark_binary_data():
    data = bytes(range(1, 9)) * 20 + "Текст".encode()
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_text(data, "dump.txt")


def test_a_form_feed_and_tabs_are_still_text():
    text, _ = decode_text("Заголовок\tраздела\n\fТекст статьи о переговорах в Минске.".encode())
    assert "переговорах" in text


def test_utf8_bom_followed_by_invalid_utf8_cannot_be_decoded():
    data = codecs.BOM_UTF8 + "Текст".encode("cp1251")
    with pytest.raises(InputError, match=r"^news\.txt cannot be decoded: .*not valid UTF-8$"):
        decode_text(data, "news.txt")


def test_utf16_bom_with_a_cut_off_character_cannot_be_decoded():
    data = codecs.BOM_UTF16_LE + "Текст".encode("utf-16-le") + b"\x04"
    with pytest.raises(InputError, match="cannot be decoded"):
        decode_text(data, "news.txt")


def test_western_legacy_text_is_not_taken_for_cyrillic():
    sample = "Müller sagte, die Gespräche in Genf seien schwierig gewesen."
    text, encoding = decode_text(sample.encode("latin-1"))
    assert text == sample
    assert encoding not in ("cp1251", "koi8-r")
