"""A translation exported before it is approved (`export --draft`) says so in every article
format: how many sentences are accepted, machine-translated and unchecked, rejected or not
translated at all, so a draft never passes for the finished article."""

from __future__ import annotations

import docx
from exchange_support import segments, translated_article
from lxml import html

SHORT = (
    "Визит министра\n\nМинистр прибыл в Минск. Переговоры продлятся два дня.\n\nВизит завершён.\n"
)


def export(cli, article: int, *args: str):
    result = cli("export", article, "--lang", "de", *args)
    assert result.exit_code == 0, result.stderr
    return result


def test_draft_of_a_machine_translation_counts_what_nobody_checked(cli, tmp_path):
    article = translated_article(cli)
    rows = segments(cli, article)
    assert cli("segment", "edit", rows[0]["segment"], "--lang", "de", "--text", "X.").exit_code == 0
    rejected = cli("segment", "reject", rows[1]["segment"], "--lang", "de", "--comment", "neu")
    assert rejected.exit_code == 0, rejected.stderr
    notice = (
        f"DRAFT, not approved: 1 of {len(rows)} sentences accepted; "
        f"{len(rows) - 2} machine-translated and not checked; 1 rejected."
    )

    text = export(cli, article, "--draft", "--format", "txt").stdout
    markdown = export(cli, article, "--draft", "--format", "md").stdout
    page = html.fromstring(export(cli, article, "--draft", "--format", "html").stdout)
    export(cli, article, "--draft", "-o", str(tmp_path / "draft.docx"))

    assert text.split("\n\n")[0] == notice
    assert markdown.split("\n\n")[0] == "> " + notice
    assert page.find_class("draft")[0].text_content() == notice
    assert docx.Document(str(tmp_path / "draft.docx")).paragraphs[0].text == notice


def test_draft_says_how_many_sentences_show_their_source_untranslated(cli):
    ingested = cli("ingest", "-", "--lang", "ru", "--json", input=SHORT)
    assert ingested.exit_code == 0, ingested.stderr
    [article] = [row["article"] for row in ingested.json()]
    # The empty memory translates nothing; the last sentence is translated by hand.
    assert cli("translate", article, "--to", "de", "--engine", "tm").exit_code == 0
    last = segments(cli, article)[-1]["segment"]
    assert cli("segment", "edit", last, "--lang", "de", "--text", "Ende.").exit_code == 0

    text = export(cli, article, "--draft", "--format", "txt").stdout

    assert text.split("\n\n") == [
        "DRAFT, not approved: 1 of 4 sentences accepted; 3 not translated (the source, in "
        "[brackets]).",
        "[Визит министра]",
        "[Министр прибыл в Минск.] [Переговоры продлятся два дня.]",
        "Ende.\n",
    ]


def test_approved_translation_exports_without_a_notice_even_with_draft(cli):
    article = translated_article(cli)
    approved = cli("approve", article, "--lang", "de", "--force", "--reason", "test")
    assert approved.exit_code == 0, approved.stderr

    for args in ((), ("--draft",)):
        assert "DRAFT" not in export(cli, article, "--format", "txt", *args).stdout
