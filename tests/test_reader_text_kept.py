"""Every reader keeps the text: the non-whitespace characters of what it returns (title and
paragraphs) are those of the source's text content, in order.

For plain text the text content is the file itself; for Markdown, the text of the HTML that
CommonMark renders (markup gone, escapes and entities resolved); for HTML, the text of the story
(the page's body, or the example's <article>). The inputs are the example articles and texts
generated from a fixed seed, full of characters that look like markup: asterisks, underscores,
brackets, angle brackets, ampersands.
"""

from __future__ import annotations

import random

import lxml.html
import pytest
from conftest import EXAMPLES
from markdown_it import MarkdownIt

from translate_flow.text.encoding import decode_text
from translate_flow.text.readers import read_article, read_article_file

WORDS = (
    "посол министр делегация переговоры Минск Москва визит соглашение ООН ОДКБ 2025 г. т.е. "
    "Лукашенко встреча стороны Беларусь Пекин сотрудничество"
).split()
MARKUP_LIKE = ["*", "**", "_", "__", "[", "]", "(", ")", "<", ">", "&", "#", "`", "\\", "!", "~"]
SEEDS = range(40)


def non_space(text: str) -> str:
    return "".join(text.split())


def article_chars(article) -> str:
    return non_space("".join(([article.title] if article.title else []) + article.paragraphs))


def generated_text(rng: random.Random, markup: list[str]) -> str:
    """Paragraphs of words and markup-like characters; lines never start with a space, a
    backtick or '<' (an indented or fenced code block, or an HTML block, which the Markdown
    reader leaves out on purpose)."""
    paragraphs = []
    for _ in range(rng.randint(1, 5)):
        lines = []
        for _ in range(rng.randint(1, 3)):
            tokens = []
            for _ in range(rng.randint(3, 12)):
                word = rng.choice(WORDS)
                if rng.random() < 0.4:
                    where = rng.randint(0, 2)
                    mark = rng.choice(markup)
                    word = (mark + word) if where == 0 else (word + mark) if where == 1 else mark
                tokens.append(word)
            line = " ".join(tokens)
            lines.append(rng.choice(WORDS) + " " + line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + "\n"


# --- plain text: the file, character for character


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.txt")))
def test_plain_text_examples_keep_every_character(name):
    path = EXAMPLES / name
    text, _encoding = decode_text(path.read_bytes(), name)

    assert article_chars(read_article_file(path)) == non_space(text)


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_plain_text_with_markup_like_characters_keeps_every_character(seed):
    text = generated_text(random.Random(seed), MARKUP_LIKE + ["<b>", "</p>", "&amp;", "[a](b)"])

    article = read_article(text.encode("utf-8"), "generated.txt")

    assert article_chars(article) == non_space(text)


@pytest.mark.parametrize("seed", range(5))
def test_standard_input_is_read_as_plain_text_by_default(seed):
    text = generated_text(random.Random(seed), ["**", "# ", "<p>", "</p>", "[x](y)"])

    assert article_chars(read_article(text.encode("utf-8"))) == non_space(text)


# --- Markdown: the text of what CommonMark renders


def markdown_text_content(text: str) -> str:
    """What a browser shows of the rendered Markdown: scripts and styles are not shown."""
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    root = lxml.html.fragment_fromstring(rendered, create_parent="div")
    for hidden in list(root.iter("script", "style")):
        hidden.drop_tree()
    return non_space(root.text_content())


def test_markdown_example_keeps_the_rendered_text():
    path = EXAMPLES / "ru-csto-meeting.md"

    article = read_article_file(path)

    assert article_chars(article) == markdown_text_content(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_markdown_keeps_the_rendered_text(seed):
    rng = random.Random(seed)
    text = generated_text(rng, MARKUP_LIKE + ["[a](b)", "&amp;", "&lt;", "\\*"])
    if rng.random() < 0.5:
        text = "# " + rng.choice(WORDS) + " " + rng.choice(WORDS) + "\n\n" + text

    article = read_article(text.encode("utf-8"), "generated.md")

    assert article_chars(article) == markdown_text_content(text)


# --- HTML: the text of the story (the body of a generated page, the <article> of the example;
# the page around it, menus, footers and related links, is left out on purpose)


def test_html_example_keeps_the_text_of_its_article_element():
    path = EXAMPLES / "ru-cis-summit.html"
    [story] = lxml.html.parse(str(path)).getroot().xpath("//article")

    assert article_chars(read_article_file(path)) == non_space(story.text_content())


def html_page(rng: random.Random) -> str:
    import html

    def paragraph() -> str:
        words = []
        for _ in range(rng.randint(4, 14)):
            word = html.escape(rng.choice(WORDS) + rng.choice(["", "", *MARKUP_LIKE]))
            if rng.random() < 0.15:
                word = f"<b>{word}</b>"
            words.append(word)
        return "<p>" + " ".join(words) + ".</p>"

    title = " ".join(rng.choice(WORDS) for _ in range(4))
    body = "\n".join(paragraph() for _ in range(rng.randint(1, 6)))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>\n{body}</article></body></html>"
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_html_keeps_the_text_of_the_body(seed):
    page = html_page(random.Random(seed))

    article = read_article(page.encode("utf-8"), "generated.html")

    body = lxml.html.document_fromstring(page).find("body")
    assert article_chars(article) == non_space(body.text_content())


def html_page_with_tables_and_lists(rng: random.Random) -> str:
    """A story with tables and lists whose cells and items may be numbers only, repeat their
    neighbour, or open with words that also label page furniture ("Источник", "По теме")."""
    openings = ["Источник", "По теме", "Все права", "Популярное", "Видео", "Статья"]
    values = ["45 000", "5,2 %", "2025", "—", "Да", "Да", "12.03", "1.", "Минск"]

    def sentence() -> str:
        words = [rng.choice(openings)] + [rng.choice(WORDS) for _ in range(rng.randint(3, 9))]
        return " ".join(words) + "."

    blocks = []
    for _ in range(rng.randint(2, 6)):
        kind = rng.choice(["p", "table", "ul"])
        if kind == "p":
            blocks.append(f"<p>{sentence()}</p>")
        elif kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{rng.choice(values)}</td>" for _ in range(3)) + "</tr>"
                for _ in range(rng.randint(1, 3))
            )
            blocks.append(f"<table>{rows}</table>")
        else:
            items = "".join(f"<li>{rng.choice(values)}</li>" for _ in range(rng.randint(1, 4)))
            blocks.append(f"<ul>{items}</ul>")
    return (
        "<!DOCTYPE html><html><head><title>Итоги</title></head><body><article><h1>Итоги</h1>"
        f"<p>{sentence()}</p>{''.join(blocks)}</article></body></html>"
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_html_with_tables_and_lists_keeps_every_cell_and_item(seed):
    page = html_page_with_tables_and_lists(random.Random(seed))

    article = read_article(page.encode("utf-8"), "generated.html")

    body = lxml.html.document_fromstring(page).find("body")
    assert article_chars(article) == non_space(body.text_content())


RAW_HTML = [
    "`<!--`",
    "<!-- заметка -->",
    "<b>жирный</b>",
    "сло<i>во</i>",
    "<script>track()</script>",
    "&laquo;цитата&raquo;",
]
HTML_BLOCKS = [
    "<div>Сло<b>во</b> &amp; дело<p>Абзац</p></div>",
    "<script>var views = 1;</script>",
    "<style>p { color: red }</style>",
    "<!-- редактору: проверить -->",
    "<table><tr><td>45 000</td><td>Да</td></tr></table>",
]


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_markdown_with_raw_html_and_comments_keeps_the_shown_text(seed):
    rng = random.Random(seed)
    blocks = generated_text(rng, MARKUP_LIKE + RAW_HTML).split("\n\n")
    for _ in range(rng.randint(1, 3)):
        blocks.insert(rng.randint(0, len(blocks)), rng.choice(HTML_BLOCKS))
    text = "\n\n".join(blocks)

    article = read_article(text.encode("utf-8"), "generated.md")

    assert article_chars(article) == markdown_text_content(text)
