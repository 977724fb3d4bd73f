"""Reading and cutting an article without a database (services.article_text): what `split`
prints and what an import stores come from the same reading."""

from __future__ import annotations

import pytest

from translate_flow.errors import InputError
from translate_flow.services.article_text import IngestSource, prepare, split_text

MARKDOWN = (
    "# Визит в Минск\n\nВ 2023 г. Минск принял делегацию. Она прибыла.\n\nПереговоры прошли.\n"
)


def test_split_gives_the_title_first_then_each_paragraph_sentences():
    result = split_text(MARKDOWN.encode("utf-8"), "visit.md")

    assert result.lang == "ru"
    assert result.paragraphs == [
        ["Визит в Минск"],
        ["В 2023 г. Минск принял делегацию.", "Она прибыла."],
        ["Переговоры прошли."],
    ]


def test_split_and_an_import_cut_the_same_sentences():
    prepared = prepare(IngestSource("visit.md", MARKDOWN.encode("utf-8")), None, None)

    split = split_text(MARKDOWN.encode("utf-8"), "visit.md")

    assert [sentence for _, _, sentence, _ in prepared.pieces] == [
        s for paragraph in split.paragraphs for s in paragraph
    ]


def test_without_a_name_the_text_is_plain_and_the_language_can_be_given():
    result = split_text(b"# not a heading. Second sentence.", None, lang="be")

    assert result.lang == "be"
    assert result.paragraphs == [["# not a heading.", "Second sentence."]]


def test_an_article_in_another_language_is_refused_with_a_clear_error():
    with pytest.raises(InputError, match="use --lang"):
        split_text(b"The minister arrived. Talks followed.", "news.txt")
