import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from translate_flow.errors import InputError
from translate_flow.text.readers import MAX_ARTICLE_BYTES, read_article, read_article_file

DATA = Path(__file__).parent / "data" / "readers"

PLAIN_ARTICLE = """\
Визит министра в Пекин

Министр иностранных дел прибыл в Пекин
с официальным визитом, который продлится
три дня.

Переговоры с китайским коллегой пройдут в четверг.
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- plain text ------------------------------------------------------------------------------


def test_plain_text_first_short_line_is_the_title():
    article = read_article(PLAIN_ARTICLE.encode(), "visit.txt")
    assert article.title == "Визит министра в Пекин"
    assert article.format == "txt"


def test_hard_wrapped_paragraph_is_joined_with_spaces():
    article = read_article(PLAIN_ARTICLE.encode(), "visit.txt")
    assert article.paragraphs == [
        "Министр иностранных дел прибыл в Пекин с официальным визитом, который продлится три дня.",
        "Переговоры с китайским коллегой пройдут в четверг.",
    ]


def test_first_line_ending_with_a_period_is_a_paragraph_not_a_title():
    text = "Министр прибыл в Пекин.\n\nПереговоры пройдут в четверг.\n"
    article = read_article(text.encode(), "visit.txt")
    assert article.title is None
    assert article.paragraphs == ["Министр прибыл в Пекин.", "Переговоры пройдут в четверг."]


def test_first_line_longer_than_200_characters_is_not_a_title():
    first = "Очень длинная первая строка без точки " * 6
    article = read_article(f"{first}\n\nВторой абзац.".encode(), "long.txt")
    assert article.title is None
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize("end", ["!", "?", "…", ":", ";", ".»", '?"'])
def test_first_line_with_sentence_final_punctuation_is_not_a_title(end):
    text = f"Министр прибыл в Пекин{end}\n\nПереговоры пройдут в четверг.\n"
    article = read_article(text.encode(), "visit.txt")
    assert article.title is None
    assert article.paragraphs[0] == f"Министр прибыл в Пекин{end}"


def test_agency_lead_first_paragraph_is_not_a_title():
    lead = (
        "МОСКВА, 26 мая (БЕЛТА) – Министры иностранных дел Беларуси и России обсудили в Москве "
        "ход подготовки к заседанию Высшего Государственного Совета Союзного государства."
    )
    article = read_article(f"{lead}\n\nВстреча прошла в Доме приёмов.\n".encode(), "a.txt")
    assert article.title is None
    assert article.paragraphs == [lead, "Встреча прошла в Доме приёмов."]


def test_a_lone_line_is_a_paragraph_not_a_title():
    article = read_article("Лавров прибыл в Минск".encode(), "one.txt")
    assert (article.title, article.paragraphs) == (None, ["Лавров прибыл в Минск"])


def test_whitespace_inside_paragraphs_is_collapsed():
    text = "Заголовок\n\n  Посол\t\tвручил   грамоты\u00a0президенту.  \n\n\n\n"
    article = read_article(text.encode(), "a.txt")
    assert article.paragraphs == ["Посол вручил грамоты президенту."]


def test_one_paragraph_per_long_line_without_blank_lines_is_split():
    first = "Министр иностранных дел провёл переговоры с коллегой, " * 3 + "итоги подведены."
    second = "Стороны договорились о новой встрече, " * 4 + "дата будет согласована."
    article = read_article(f"{first}\n{second}\n".encode(), "lines.txt")
    assert article.paragraphs == [first, second]


def test_direct_speech_after_a_finished_sentence_starts_a_paragraph():
    text = "Министр ответил на вопросы журналистов.\n— Мы довольны итогами, — сказал он.\n"
    article = read_article(text.encode(), "quote.txt")
    assert article.paragraphs == [
        "Министр ответил на вопросы журналистов.",
        "— Мы довольны итогами, — сказал он.",
    ]


def test_headline_set_right_above_its_text_is_a_paragraph_of_its_own():
    text = (
        "Министры СНГ встретились в Москве\n"
        "МОСКВА, 26 мая (БЕЛТА) – Министры иностранных дел стран СНГ обсудили в Москве\n"
        "сотрудничество в сфере безопасности. Встреча прошла в конструктивной атмосфере.\n"
    )
    article = read_article(text.encode(), "news.txt")
    assert article.title is None  # a title needs a blank line after it
    assert article.paragraphs == [
        "Министры СНГ встретились в Москве",
        "МОСКВА, 26 мая (БЕЛТА) – Министры иностранных дел стран СНГ обсудили в Москве "
        "сотрудничество в сфере безопасности. Встреча прошла в конструктивной атмосфере.",
    ]


@pytest.mark.parametrize(
    "first",
    [
        # A full first line: the sentence was wrapped before a name.
        "Министр иностранных дел Беларуси провёл в среду в Минске переговоры с",
        # A short one that cannot end a headline.
        "По словам министра,",
    ],
)
def test_wrapped_sentence_continuing_with_a_capital_stays_one_paragraph(first):
    text = (
        f"{first}\nЛавровым, который прибыл в столицу с двухдневным официальным визитом накануне.\n"
    )
    article = read_article(text.encode(), "wrapped.txt")
    assert len(article.paragraphs) == 1


def test_red_line_indent_starts_a_paragraph():
    text = "    Посол прибыл в Минск.\nОн встретится с министром.\n    Визит продлится два дня.\n"
    article = read_article(text.encode(), "indent.txt")
    assert article.paragraphs == [
        "Посол прибыл в Минск. Он встретится с министром.",
        "Визит продлится два дня.",
    ]


# --- Markdown --------------------------------------------------------------------------------

MARKDOWN_ARTICLE = """\
---
title: "Черновик"
author: desk
---

<!-- редактору: проверить цифры -->

# Минск и Ханой расширят торговлю

Министры провели **переговоры** в _Минске_ и обсудили [поставки техники](https://example.by/t)
и `сельское хозяйство`.

## Образование

- обмен студентами;
- дни культуры ~~в мае~~ осенью.

```
код не переводится
```

![Фото министров](photo.jpg)

Текст со ссылкой-сноской [на заявление][1].

[1]: https://example.by/statement
"""


def test_markdown_heading_is_the_title_and_markup_is_removed():
    article = read_article(MARKDOWN_ARTICLE.encode(), "trade.md")
    assert article.format == "md"
    assert article.title == "Минск и Ханой расширят торговлю"
    assert article.paragraphs == [
        "Министры провели переговоры в Минске и обсудили поставки техники и сельское хозяйство.",
        "Образование",
        "обмен студентами;",
        "дни культуры в мае осенью.",
        "Текст со ссылкой-сноской на заявление.",
    ]


def test_markdown_front_matter_comments_code_and_images_are_dropped():
    article = read_article(MARKDOWN_ARTICLE.encode(), "trade.md")
    text = " ".join(article.paragraphs)
    for dropped in ("author", "редактору", "код не переводится", "Фото министров", "https"):
        assert dropped not in text


def test_markdown_setext_heading_is_the_title():
    text = "Визит в Пекин\n=============\n\nМинистр прибыл в Пекин.\n"
    article = read_article(text.encode(), "visit.markdown")
    assert (article.title, article.paragraphs) == ("Визит в Пекин", ["Министр прибыл в Пекин."])


def test_markdown_first_heading_is_the_title_when_there_is_no_level_one_heading():
    text = "## Визит в Пекин\n\nМинистр прибыл.\n\n### Итоги\n\nПодписан меморандум.\n"
    article = read_article(text.encode(), "visit.md")
    assert article.title == "Визит в Пекин"
    assert article.paragraphs == ["Министр прибыл.", "Итоги", "Подписан меморандум."]


def test_markdown_heading_after_text_stays_in_place_and_is_not_the_title():
    text = "Министр прибыл.\n\n# Итоги\n\nПодписан меморандум.\n"
    article = read_article(text.encode(), "visit.md")
    assert (article.title, article.paragraphs) == (
        None,
        ["Министр прибыл.", "Итоги", "Подписан меморандум."],
    )


def test_markdown_front_matter_title_is_used_without_headings():
    text = "---\ntitle: 'Визит в Пекин'\n---\nМинистр прибыл.\n"
    article = read_article(text.encode(), "visit.md")
    assert (article.title, article.paragraphs) == ("Визит в Пекин", ["Министр прибыл."])


# --- HTML ------------------------------------------------------------------------------------


def test_full_news_page_yields_the_headline_and_the_story():
    article = read_article_file(DATA / "news_page_article.html")
    assert article.format == "html"
    assert article.encoding == "utf-8"
    assert article.title == "Минск и Ханой договорились расширить торговлю"
    assert article.paragraphs == [
        "Министры иностранных дел двух стран провели в Минске переговоры, посвящённые "
        "торгово-экономическому сотрудничеству.",
        "Стороны отметили, что товарооборот за прошлый год вырос почти на треть, и договорились "
        "о новых поставках сельскохозяйственной техники.",
        "Образование и культура",
        "Кроме того, обсуждался обмен студентами и проведение дней культуры "
        "«в обоих государствах».",
        "Следующий раунд консультаций запланирован на осень.",
    ]


def test_navigation_and_scripts_are_dropped_from_html():
    text = " ".join(read_article_file(DATA / "news_page_article.html").paragraphs)
    for dropped in ("Политика", "Происшествия", "Архив", "Поиск", "dataLayer", "trackView"):
        assert dropped not in text


def test_share_buttons_and_read_also_lists_are_dropped_from_html():
    text = " ".join(read_article_file(DATA / "news_page_article.html").paragraphs)
    for dropped in ("Поделиться", "Читайте также", "Посол Вьетнама", "бизнес-форум", "МТЗ"):
        assert dropped not in text


def test_cookie_banner_sidebar_and_footer_are_dropped_from_html():
    text = " ".join(read_article_file(DATA / "news_page_article.html").paragraphs)
    for dropped in ("cookie", "Популярное", "погоде", "Все права", "О редакции", "Фото"):
        assert dropped not in text


def test_windows_1251_page_laid_out_with_tables_and_divs_is_read():
    article = read_article_file(DATA / "news_page_divs.html")
    assert article.encoding == "cp1251"
    assert article.title == "Беларусь і Кітай падпісалі пагадненне аб адукацыі"
    assert article.paragraphs == [
        "Міністр адукацыі Беларусі і пасол Кітая падпісалі ў Мінску пагадненне аб "
        "супрацоўніцтве ва ўзаемным прызнанні дыпломаў.",
        "Паводле дакумента, студэнты абедзвюх краін змогуць працягваць навучанне без "
        "дадатковых экзаменаў.",
        "Бакі таксама дамовіліся пра стажыроўкі выкладчыкаў і сумесныя навуковыя праекты ў "
        "галіне інфармацыйных тэхналогій.",
    ]


def test_story_inside_a_wrapper_named_like_a_sidebar_is_kept():
    page = """<html><body><div class="layout has-sidebar">
      <div class="menu"><p>Главная</p><p>Политика</p></div>
      <div class="content"><h1>Итоги визита</h1>
        <p>Министры обсудили в Минске торговлю и поставки сельскохозяйственной техники.</p>
        <p>Следующая встреча пройдёт осенью в Ханое, сообщили в министерстве.</p></div>
      <div class="sidebar"><p>Погода: в столице ожидается до двадцати градусов.</p></div>
    </div></body></html>"""
    article = read_article(page.encode(), "visit.html")
    assert article.title == "Итоги визита"
    assert article.paragraphs == [
        "Министры обсудили в Минске торговлю и поставки сельскохозяйственной техники.",
        "Следующая встреча пройдёт осенью в Ханое, сообщили в министерстве.",
    ]


def test_text_set_in_a_div_with_line_breaks_becomes_paragraphs():
    page = (
        "<html><body><nav><a href='/'>Главная</a></nav><div id='text'>"
        "Посол прибыл в Минск.<br>Визит продлится два дня.<br><br>Программа опубликована."
        "</div></body></html>"
    )
    article = read_article(page.encode(), "visit.html")
    assert article.paragraphs == [
        "Посол прибыл в Минск.",
        "Визит продлится два дня.",
        "Программа опубликована.",
    ]


def test_read_also_list_right_after_the_story_is_dropped():
    page = (
        "<p>Посол вручил грамоты.</p><h3>Читайте также</h3>"
        "<ul><li><a href='/1'>Визит в Ханой</a> — подробности встречи министров</li></ul>"
    )
    assert read_article(page.encode(), "visit.html").paragraphs == ["Посол вручил грамоты."]


def test_related_news_cards_do_not_pass_for_the_story():
    page = """<html><body><div class="story">
      <p>Министр иностранных дел провёл в Минске переговоры с коллегой из Вьетнама.</p>
      <p>Стороны договорились о новых поставках техники и обмене студентами.</p>
      <p>Следующий раунд консультаций пройдёт осенью в Ханое.</p></div>
      <section><article><p>Погода: в выходные потеплеет до двадцати градусов тепла.</p></article>
      <article><p>Спорт: сборная выиграла товарищеский матч со счётом два ноль.</p></article>
      </section></body></html>"""
    article = read_article(page.encode(), "visit.html")
    assert article.paragraphs[0].startswith("Министр иностранных дел")
    assert not any("Погода" in paragraph for paragraph in article.paragraphs)


@pytest.mark.parametrize(
    ("page_title", "title"),
    [
        ("Лукашенко встретился с послом | БЕЛТА", "Лукашенко встретился с послом"),
        ("Посол вручил грамоты - Новости Беларуси | БЕЛТА", "Посол вручил грамоты"),
        ("Лавров — о переговорах в Женеве", "Лавров — о переговорах в Женеве"),
        ("Заявление МИД — Официальный сайт МИД России", "Заявление МИД"),
    ],
)
def test_site_name_is_removed_from_the_page_title(page_title, title):
    page = f"<html><head><title>{page_title}</title></head><body><p>Текст новости.</p></body>"
    assert read_article(page.encode(), "page.html").title == title


def test_og_title_is_preferred_to_the_page_title():
    page = (
        '<html><head><meta property="og:title" content="Посол вручил грамоты">'
        "<title>Главная | Новости</title></head><body><h1>Другое</h1><p>Текст.</p></body></html>"
    )
    assert read_article(page.encode(), "page.html").title == "Посол вручил грамоты"


def test_html_fragment_given_as_html_is_read_as_html():
    data = "<p>Посол <b>вручил</b> грамоты.</p><p>Визит завершён.</p>".encode()
    article = read_article(data, format="html")
    assert article.format == "html"
    assert article.paragraphs == ["Посол вручил грамоты.", "Визит завершён."]


def test_external_entities_in_html_are_not_resolved(tmp_path):
    secret = write(tmp_path, "secret.txt", b"TOP-SECRET-VALUE")
    page = (
        f'<!DOCTYPE html [<!ENTITY leak SYSTEM "file://{secret}">]>'
        "<html><body><p>Посол вручил грамоты. &leak;</p></body></html>"
    )
    article = read_article(page.encode(), "page.html")
    assert "TOP-SECRET-VALUE" not in " ".join(article.paragraphs)
    assert article.paragraphs[0].startswith("Посол вручил грамоты.")


def test_html_without_article_text_is_rejected():
    page = "<html><head><title>Пусто</title><script>var a = 1;</script></head><body></body></html>"
    with pytest.raises(InputError, match=r"^no article text found in empty\.html$"):
        read_article(page.encode(), "empty.html")


# --- formats and encodings of files ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a.text", "txt"), ("a.TXT", "txt"), ("a.markdown", "md"), ("a.htm", "html")],
)
def test_format_comes_from_the_extension(name, expected):
    data = "<p>**Посол** прибыл.</p>\n\nВизит начался.".encode()
    assert read_article(data, name).format == expected


def test_format_argument_overrides_the_extension():
    data = "# Визит\n\nПосол прибыл.".encode()
    article = read_article(data, "visit.txt", format="md")
    assert (article.format, article.title) == ("md", "Визит")


def test_unknown_format_argument_is_rejected():
    with pytest.raises(InputError, match="unknown article format 'odt'"):
        read_article("Текст.".encode(), format="odt")


def test_docx_format_with_bytes_that_are_no_docx_is_rejected():
    with pytest.raises(InputError, match="is not a Word .docx document"):
        read_article("Текст.".encode(), format="docx")


def test_markdown_given_as_md_is_read_as_markdown():
    article = read_article("# Визит\n\nПосол **прибыл** в Минск.".encode(), format="md")
    assert (article.format, article.title, article.paragraphs) == (
        "md",
        "Визит",
        ["Посол прибыл в Минск."],
    )


@pytest.mark.parametrize(
    "text",
    [
        "Он сказал **да**. Потом ушёл.",
        "# Не заголовок\n\nПосол [прибыл](в Минск).",
        "<p>Посол прибыл.</p><p>Визит начался.</p><p>Итоги.</p>",
    ],
)
def test_input_without_a_name_or_format_is_plain_text_and_keeps_every_character(text):
    article = read_article(text.encode())
    assert article.format == "txt"
    kept = "".join(([article.title] if article.title else []) + article.paragraphs)
    assert "".join(kept.split()) == "".join(text.split())


def test_unknown_suffix_is_read_as_plain_text():
    article = read_article("Он сказал **да**. Потом ушёл.".encode(), "notes.log")
    assert (article.format, article.paragraphs) == ("txt", ["Он сказал **да**. Потом ушёл."])


def test_windows_1251_article_is_decoded(tmp_path):
    path = write(tmp_path, "visit.txt", PLAIN_ARTICLE.encode("cp1251"))
    article = read_article_file(path)
    assert (article.encoding, article.title) == ("cp1251", "Визит министра в Пекин")


def test_koi8_r_article_is_decoded(tmp_path):
    path = write(tmp_path, "visit.txt", PLAIN_ARTICLE.encode("koi8-r"))
    article = read_article_file(path)
    assert (article.encoding, article.title) == ("koi8-r", "Визит министра в Пекин")


def test_utf16_article_with_windows_newlines_is_decoded(tmp_path):
    data = codecs.BOM_UTF16_LE + PLAIN_ARTICLE.replace("\n", "\r\n").encode("utf-16-le")
    article = read_article_file(write(tmp_path, "visit.txt", data))
    assert article.encoding == "utf-16"
    assert article.paragraphs[1] == "Переговоры с китайским коллегой пройдут в четверг."


def test_utf8_bom_article_is_decoded(tmp_path):
    path = write(tmp_path, "visit.md", codecs.BOM_UTF8 + "# Візіт\n\nПасол прыбыў.".encode())
    article = read_article_file(path)
    assert (article.encoding, article.title, article.paragraphs) == (
        "utf-8-sig",
        "Візіт",
        ["Пасол прыбыў."],
    )


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t\n", codecs.BOM_UTF8 + b"\n"])
def test_empty_file_is_rejected(tmp_path, content):
    path = write(tmp_path, "empty.txt", content)
    with pytest.raises(InputError) as raised:
        read_article_file(path)
    assert str(raised.value) == f"{path} is empty"


def test_binary_file_is_rejected(tmp_path):
    path = write(tmp_path, "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    with pytest.raises(InputError) as raised:
        read_article_file(path)
    assert str(raised.value) == f"{path} looks like a binary file, not an article"


def test_file_full_of_control_characters_is_rejected_as_binary(tmp_path):
    path = write(tmp_path, "dump.txt", bytes(range(1, 32)) * 10)
    with pytest.raises(InputError, match="looks like a binary file"):
        read_article_file(path)


def test_undecodable_file_is_rejected(tmp_path):
    path = write(tmp_path, "bad.txt", codecs.BOM_UTF8 + "Посол прибыл.".encode("cp1251"))
    with pytest.raises(InputError, match=r"bad\.txt cannot be decoded"):
        read_article_file(path)


def test_file_over_the_size_limit_is_rejected_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    with pytest.raises(InputError) as raised:
        read_article_file(path)
    assert str(raised.value) == f"{path} is 50.0 MB; articles are limited to 10 MB"


def test_input_over_the_size_limit_is_rejected():
    with pytest.raises(InputError, match=r"^the input is 10\.0 MB; articles are limited to 10 MB$"):
        read_article(b"a" * (MAX_ARTICLE_BYTES + 1))


def test_text_without_cyrillic_or_latin_letters_is_rejected(tmp_path):
    path = write(tmp_path, "numbers.txt", "12.03.2024 — 14:35\n\n№ 5 (1234)".encode())
    with pytest.raises(InputError) as raised:
        read_article_file(path)
    assert str(raised.value) == f"{path} contains no Cyrillic or Latin letters"


def test_missing_file_is_rejected(tmp_path):
    with pytest.raises(InputError, match=r"missing\.txt does not exist"):
        read_article_file(tmp_path / "missing.txt")


def test_directory_is_rejected(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_article_file(tmp_path)


def test_reading_module_does_not_import_parsers_at_startup():
    code = (
        "import sys, translate_flow.text.readers, translate_flow.text.langdetect\n"
        "heavy = ('lxml', 'charset_normalizer', 'markdown_it')\n"
        "print(sorted(name for name in heavy if name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def story_page(body: str) -> bytes:
    return (
        "<html><body><article><h1>Итоги переговоров</h1>"
        "<p>Министры иностранных дел провели переговоры в Минске и подписали коммюнике.</p>"
        f"{body}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "sentence",
    [
        "Источник в МИД сообщил, что переговоры продолжатся в марте.",
        "Все права человека должны соблюдаться, заявил министр.",
        "По теме миграции стороны договорились создать рабочую группу.",
        "Популярное мнение о санкциях не подтвердилось.",
        "Видео с места событий проверили эксперты.",
        "Крыніца ў МЗС паведаміла, што перамовы працягнуцца.",
    ],
)
def test_story_sentence_opening_with_a_page_furniture_word_is_kept(sentence):
    article = read_article(story_page(f"<p>{sentence}</p>"), "story.html")

    assert article.paragraphs[-1] == sentence


def test_read_also_words_in_bold_opening_a_sentence_are_kept():
    page = story_page("<p><b>По теме</b> миграции стороны тоже договорились.</p>")

    article = read_article(page, "story.html")

    assert article.paragraphs[-1] == "По теме миграции стороны тоже договорились."


def test_numbers_and_repeated_values_in_html_tables_and_lists_are_kept():
    page = story_page(
        "<table><tr><th>Страна</th><th>2025</th></tr><tr><td>Россия</td><td>45 000</td></tr>"
        "<tr><td>Да</td><td>Да</td></tr></table><ul><li>2024</li><li>12,5 %</li></ul>"
    )

    article = read_article(page, "story.html")

    assert article.paragraphs[1:] == [
        "Страна",
        "2025",
        "Россия",
        "45 000",
        "Да",
        "Да",
        "2024",
        "12,5 %",
    ]


def test_a_numbered_clause_alone_is_kept_and_a_date_line_or_photo_credit_is_dropped():
    page = story_page(
        "<p>12 марта 2024, 14:35</p><p>14.05.2024 | 09:15</p><p>Фото: БЕЛТА</p>"
        "<p>Фото пресс-службы МИД</p><p>* * *</p><p>Статья 5.</p><p>В 2025</p>"
    )

    article = read_article(page, "story.html")

    assert article.paragraphs[1:] == ["Статья 5.", "В 2025"]


def test_markdown_code_span_with_a_comment_opening_keeps_the_rest_of_the_text():
    text = "Используйте `<!--` в шаблоне.\n\nВторой абзац.\n\nТретий абзац.\n"

    article = read_article(text.encode(), "notes.md")

    assert article.paragraphs == ["Используйте <!-- в шаблоне.", "Второй абзац.", "Третий абзац."]


def test_markdown_raw_html_shows_its_text_without_scripts_styles_or_split_words():
    text = (
        "Текст статьи.\n\n<script>var views = 1;</script>\n\n<style>p { color: red }</style>\n\n"
        "<div>Сло<b>во</b> &laquo;министра&raquo;<p>Второй блок.</p></div>\n\n"
        "Конец <script>track()</script>текста.\n"
    )

    article = read_article(text.encode(), "notes.md")

    assert article.paragraphs == [
        "Текст статьи.",
        "Слово «министра»",
        "Второй блок.",
        "Конец текста.",
    ]


def word_document_with_a_table() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_heading("Заява МЗС", level=1)
    document.add_paragraph("Міністэрства вітае перамовы ў Жэневе.")
    table = document.add_table(rows=4, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Расія", "45 000"
    table.rows[1].cells[0].merge(table.rows[1].cells[1]).text = "Разам за год"
    table.rows[2].cells[0].merge(table.rows[3].cells[0]).text = "Кітай"
    table.rows[2].cells[1].text, table.rows[3].cells[1].text = "Так", "Так"
    document.add_paragraph("Пасля табліцы тэкст працягваецца.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_table_cells_are_read_in_place_and_a_merged_cell_once():
    article = read_article(word_document_with_a_table(), "statement.docx")

    assert article.title == "Заява МЗС"
    assert article.paragraphs == [
        "Міністэрства вітае перамовы ў Жэневе.",
        "Расія",
        "45 000",
        "Разам за год",
        "Кітай",
        "Так",
        "Так",
        "Пасля табліцы тэкст працягваецца.",
    ]


def test_a_long_quote_does_not_pass_for_the_whole_story():
    quote = (
        "«Мы открыты для диалога со всеми партнёрами, готовыми к равноправному и "
        "взаимоуважительному "
        "сотрудничеству в интересах народов наших стран», — подчеркнул министр."
    )
    page = (
        "<html><body><h1>Заявление министра</h1><p>Министр выступил на пресс-конференции.</p>"
        f"<blockquote><p>{quote}</p></blockquote><p>Встреча продлилась два часа.</p></body></html>"
    )

    article = read_article(page.encode(), "statement.html")

    assert article.paragraphs == [
        "Министр выступил на пресс-конференции.",
        quote,
        "Встреча продлилась два часа.",
    ]
    assert article.blocks == ["", "quote", ""]


def test_markdown_blocks_are_read_with_their_kind():
    text = (
        "# Заява\n\nТэкст.\n\n## Парадак\n\n1. першы;\n2. другі:\n   - падпункт.\n\n"
        "> Цытата.\n\n<div>Заўвага.</div>\n\n###### Апошні\n"
    )

    article = read_article(text.encode(), "zajava.md")

    assert article.title == "Заява"
    assert article.blocks == ["", "h2", "ol", "ol", "ul", "quote", "", "h6"]


def test_docx_heading_list_and_quote_styles_are_read_as_blocks():
    import io

    import docx

    document = docx.Document()
    document.add_heading("Заява", level=1)
    document.add_paragraph("Тэкст.")
    document.add_heading("Парадак", level=3)
    document.add_paragraph("першы;", style="List Bullet")
    document.add_paragraph("другі.", style="List Number 2")
    document.add_paragraph("Цытата.", style="Quote")
    buffer = io.BytesIO()
    document.save(buffer)

    article = read_article(buffer.getvalue(), "zajava.docx")

    assert article.blocks == ["", "h3", "ul", "ol", "quote"]


def test_each_line_of_preformatted_html_text_is_a_paragraph():
    page = story_page(
        "<pre>\nПункт 1.   Стороны договорились.\n"
        "Пункт 2.   Консультации <b>продолжатся</b>.\n</pre>"
    )

    article = read_article(page, "story.html")

    assert article.paragraphs[1:] == [
        "Пункт 1. Стороны договорились.",
        "Пункт 2. Консультации продолжатся.",
    ]


def test_html_nested_deeper_than_the_parser_reads_is_refused_not_cut_short():
    depth = 300
    page = (
        "<html><body><p>Первый абзац статьи о переговорах министров в Минске.</p>"
        + "<div>" * depth
        + "<p>Глубокий абзац о визите делегации.</p>"
        + "</div>" * depth
        + "<p>Последний абзац о подписании соглашения.</p></body></html>"
    )

    with pytest.raises(InputError, match="deep.html nests its elements too deeply"):
        read_article(page.encode(), "deep.html")


@pytest.mark.parametrize("depth", [25, 3000])
def test_markdown_nested_deeply_is_read_whole_or_refused(depth):
    text = "Начало.\n\n" + "> " * depth + "Глубокая цитата.\n\nКонец.\n"

    if depth < 100:
        paragraphs = read_article(text.encode(), "deep.md").paragraphs
        assert paragraphs == ["Начало.", "Глубокая цитата.", "Конец."]
    else:
        with pytest.raises(InputError, match="deep.md nests quotes or lists too deeply"):
            read_article(text.encode(), "deep.md")


def test_markdown_with_only_a_code_block_says_code_is_not_read():
    text = "```\nМинистр прибыл в Минск.\n```\n"

    with pytest.raises(InputError, match="no article text found in code.md: Markdown code blocks"):
        read_article(text.encode(), "code.md")


def test_words_in_a_sentence_marked_with_a_furniture_class_are_kept():
    page = story_page(
        '<p>Встреча состоится <span class="date">12 марта</span> в Минске.</p>'
        '<p>Стороны обсудят <a class="tag" href="/t/1">торговлю</a> и '
        '<em class="related">сотрудничество</em>.</p>'
        '<div class="date">12.03.2026</div><div class="share"><a href="#">Поделиться</a></div>'
    )

    article = read_article(page, "story.html")

    assert article.paragraphs[1:] == [
        "Встреча состоится 12 марта в Минске.",
        "Стороны обсудят торговлю и сотрудничество.",
    ]
