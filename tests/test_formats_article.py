from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import html as lxml_html

from translate_flow.formats.article import (
    ArticleExport,
    DraftNotice,
    paragraph_text,
    write_docx,
    write_html,
    write_md,
    write_txt,
)


def german_article(**kwargs) -> ArticleExport:
    return ArticleExport(
        title="Lukaschenko trifft den Botschafter Chinas",
        paragraphs=[
            [
                "Der Präsident von Belarus traf am Montag den Botschafter Chinas.",
                "Sie sprachen lange.",
            ],
            ["Die Seiten erörterten Fragen der Zusammenarbeit."],
        ],
        lang="de",
        **kwargs,
    )


SOURCE = [
    ["Президент Беларуси в понедельник встретился с послом Китая.", "Они долго говорили."],
    ["Стороны обсудили вопросы сотрудничества."],
]


def test_txt_has_title_blank_line_and_one_line_per_paragraph() -> None:
    assert write_txt(german_article()) == (
        "Lukaschenko trifft den Botschafter Chinas\n"
        "\n"
        "Der Präsident von Belarus traf am Montag den Botschafter Chinas. Sie sprachen lange.\n"
        "\n"
        "Die Seiten erörterten Fragen der Zusammenarbeit.\n"
    )


def test_txt_without_title_starts_with_the_first_paragraph() -> None:
    export = ArticleExport(None, [["Eins.", " Zwei. "], [], ["Drei."]], "de")

    assert write_txt(export) == "Eins. Zwei.\n\nDrei.\n"


def test_md_has_a_level_one_heading_and_paragraphs() -> None:
    text = write_md(german_article())

    assert text.startswith("# Lukaschenko trifft den Botschafter Chinas\n\nDer Präsident")
    assert text.endswith(
        "Sie sprachen lange.\n\nDie Seiten erörterten Fragen der Zusammenarbeit.\n"
    )


def test_md_escapes_text_that_would_read_as_markdown() -> None:
    export = ArticleExport(
        "Gipfel #",
        [["- 5 Staaten nahmen teil."], ["1. Punkt:", "*alle* stimmten zu [sic]."], ["> Zitat"]],
        "de",
    )

    lines = write_md(export).splitlines()

    assert lines[0] == "# Gipfel \\#"
    assert lines[2] == "\\- 5 Staaten nahmen teil."
    assert lines[4] == "1\\. Punkt: \\*alle\\* stimmten zu \\[sic\\]."
    assert lines[6] == "\\> Zitat"


def test_html_is_a_standalone_escaped_page_in_the_target_language() -> None:
    export = ArticleExport("Minsk & <Peking>", [["Treffen <heute> & morgen."]], "de")

    page = write_html(export)
    document = lxml_html.document_fromstring(page)

    assert page.startswith("<!DOCTYPE html>")
    assert document.get("lang") == "de"
    assert document.findtext(".//title") == "Minsk & <Peking>"
    assert document.findtext(".//h1") == "Minsk & <Peking>"
    assert [p.text for p in document.iter("p")] == ["Treffen <heute> & morgen."]
    assert "&lt;heute&gt; &amp; morgen" in page


def test_html_with_source_shows_source_and_target_side_by_side() -> None:
    page = write_html(german_article(source_paragraphs=SOURCE, source_lang="ru"))
    document = lxml_html.document_fromstring(page)

    rows = [[cell.text_content() for cell in row] for row in document.iter("tr")]

    assert rows == [
        [
            "Президент Беларуси в понедельник встретился с послом Китая. Они долго говорили.",
            "Der Präsident von Belarus traf am Montag den Botschafter Chinas. Sie sprachen lange.",
        ],
        [
            "Стороны обсудили вопросы сотрудничества.",
            "Die Seiten erörterten Fragen der Zusammenarbeit.",
        ],
    ]
    assert {cell.get("lang") for cell in document.iter("td")} == {"ru", None}


def test_docx_has_the_title_as_heading_and_the_paragraphs(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "article.docx"
    write_docx(german_article(), path)

    document = docx.Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]

    assert paragraphs == [
        ("Heading 1", "Lukaschenko trifft den Botschafter Chinas"),
        (
            "Normal",
            "Der Präsident von Belarus traf am Montag den Botschafter Chinas. Sie sprachen lange.",
        ),
        ("Normal", "Die Seiten erörterten Fragen der Zusammenarbeit."),
    ]
    assert document.core_properties.language == "de"
    assert document.core_properties.title == "Lukaschenko trifft den Botschafter Chinas"


def test_docx_with_source_is_a_two_column_table(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "side-by-side.docx"
    write_docx(german_article(source_paragraphs=SOURCE), path)

    [table] = docx.Document(str(path)).tables

    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        [
            "Президент Беларуси в понедельник встретился с послом Китая. Они долго говорили.",
            "Der Präsident von Belarus traf am Montag den Botschafter Chinas. Sie sprachen lange.",
        ],
        [
            "Стороны обсудили вопросы сотрудничества.",
            "Die Seiten erörterten Fragen der Zusammenarbeit.",
        ],
    ]


def test_every_article_format_of_a_draft_opens_with_its_notice(tmp_path: Path) -> None:
    import docx

    notice = DraftNotice(total=4, untranslated=1, machine=1, rejected=1)
    export = german_article(draft=notice)
    expected = (
        "DRAFT, not approved: 1 of 4 sentences accepted; 1 machine-translated and not checked; "
        "1 rejected; 1 not translated (the source, in [brackets])."
    )
    write_docx(export, tmp_path / "draft.docx")

    assert write_txt(export).startswith(expected + "\n\nLukaschenko")
    assert write_md(export).startswith("> " + expected.replace("[", "\\[").replace("]", "\\]"))
    page = lxml_html.fromstring(write_html(export))
    assert page.find_class("draft")[0].text_content() == expected
    assert docx.Document(str(tmp_path / "draft.docx")).paragraphs[0].text == expected


def test_an_approved_export_has_no_draft_notice(tmp_path: Path) -> None:
    export = german_article(source_paragraphs=SOURCE)

    for text in (write_txt(export), write_md(export), write_html(export)):
        assert "DRAFT" not in text


MARKUP_LIKE = ["*", "**", "_", "[", "]", "(", ")", "<b>", ">", "&", "#", "`", "\\", "!", "~~", "|"]
MARKUP_LIKE += [
    "&laquo;",
    "&amp;",
    "&#8212;",
    "1.",
    "2)",
    "-",
    "+",
    "=",
    "---",
    "<!--",
    "http://x.by",
]
MARKUP_LIKE += ["\n", "\n\n", " \n \n "]  # line breaks an engine or a translator left in
WORDS = "Minister Delegation Minsk Moskau Gespräche Abkommen 2025 OVKS Zusammenarbeit".split()


def rendered_markdown(text: str):
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    return lxml_html.fragment_fromstring(rendered, create_parent="div")


@pytest.mark.parametrize("seed", range(40))
def test_md_export_renders_to_exactly_the_translated_text(seed) -> None:
    rng = random.Random(seed)

    def sentence() -> str:
        words = [rng.choice(WORDS + MARKUP_LIKE) for _ in range(rng.randint(1, 10))]
        return " ".join(words)

    title = sentence()
    paragraphs = [[sentence() for _ in range(rng.randint(1, 3))] for _ in range(4)]

    root = rendered_markdown(write_md(ArticleExport(title, paragraphs, "de")))

    shown = [" ".join(block.text_content().split()) for block in root]
    texts = [" ".join(paragraph_text(p).split()) for p in paragraphs]
    expected = [" ".join(title.split())] + [text for text in texts if text]
    assert shown == expected
    assert root[0].tag == "h1" and all(block.tag == "p" for block in root[1:])


def test_a_blank_line_inside_a_translation_does_not_start_a_paragraph() -> None:
    export = ArticleExport(None, [["Der Minister\n\n  kam an.", "Er sprach."], ["Zweiter."]], "de")

    assert write_txt(export) == "Der Minister\nkam an. Er sprach.\n\nZweiter.\n"
    assert [p.tag for p in rendered_markdown(write_md(export))] == ["p", "p"]
    assert len(lxml_html.fromstring(write_html(export)).findall(".//p")) == 2


# --- the source's structure: headings, lists and quotes come back as the readers read them

STRUCTURE_WORDS = "Министр делегация переговоры Минск Москва визит соглашение ООН встреча".split()
KINDS = ["", "", "h2", "h3", "h6", "ul", "ul", "ol", "ol", "quote"]


def structured_article(rng: random.Random) -> ArticleExport:
    paragraphs, blocks = [], []
    for _ in range(rng.randint(1, 12)):
        words = [rng.choice(STRUCTURE_WORDS + ["*", "#", "1.", "-", ">", "&", "[x]"])]
        words += [rng.choice(STRUCTURE_WORDS) for _ in range(rng.randint(1, 6))]
        paragraphs.append([" ".join(words) + rng.choice([".", ";", ""])])
        blocks.append(rng.choice(KINDS))
    return ArticleExport("Итоги визита министра", paragraphs, "ru", blocks=blocks)


def read_back(data: bytes, name: str):
    from translate_flow.text.readers import read_article

    article = read_article(data, name)
    return (
        article.title,
        article.paragraphs,
        [article.block(i) for i in range(len(article.paragraphs))],
    )


def expected_structure(export: ArticleExport):
    return export.title, [paragraph_text(p) for p in export.paragraphs], export.blocks


@pytest.mark.parametrize("seed", range(30))
def test_markdown_export_keeps_headings_lists_and_quotes(seed) -> None:
    export = structured_article(random.Random(seed))

    assert read_back(write_md(export).encode(), "a.md") == expected_structure(export)


@pytest.mark.parametrize("seed", range(30))
def test_html_export_keeps_headings_lists_and_quotes(seed) -> None:
    export = structured_article(random.Random(seed))

    assert read_back(write_html(export).encode(), "a.html") == expected_structure(export)


@pytest.mark.parametrize("seed", range(10))
def test_docx_export_keeps_headings_lists_and_quotes(seed, tmp_path: Path) -> None:
    export = structured_article(random.Random(seed))
    write_docx(export, tmp_path / "a.docx")

    assert read_back((tmp_path / "a.docx").read_bytes(), "a.docx") == expected_structure(export)


def test_side_by_side_rows_carry_the_block_of_their_paragraph(tmp_path: Path) -> None:
    import docx

    export = german_article(source_paragraphs=SOURCE, blocks=["h2", "ul"])
    write_docx(export, tmp_path / "a.docx")

    page = lxml_html.fromstring(write_html(export))
    assert [row.get("class") for row in page.iter("tr")] == ["h2", "ul"]
    table = docx.Document(str(tmp_path / "a.docx")).tables[0]
    styles = [[cell.paragraphs[0].style.name for cell in row.cells] for row in table.rows]
    assert styles == [["Heading 2", "Heading 2"], ["List Bullet", "List Bullet"]]
