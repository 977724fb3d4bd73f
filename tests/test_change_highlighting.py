"""Changes made visible: `segment history` with and without colour, and the HTML export's third
column with each sentence's changes to its machine translation."""

from __future__ import annotations

import io

import pytest
from editors_tools import ok, translated_article
from lxml import html

from translate_flow.cli.app import use_color

TITLE_EDITED = "Erklärungen des Außenministeriums"
# Inflection (Minsk → Minsks is not German, but the letters are what matters), a reworded verb and
# markup that must stay text.
MINISTERS_EDITED = "Die Ministerin tagte in Minsk <script>alert(1)</script>."


@pytest.fixture
def edited(cli, tmp_path):
    """The shared article machine-translated; the title and the first sentence edited by hand."""
    article, segments = translated_article(cli, tmp_path)
    title, ministers, *_ = segments
    ok(cli("segment", "edit", title, "--lang", "de", "--text", TITLE_EDITED))
    ok(cli("segment", "edit", ministers, "--lang", "de", "--text", MINISTERS_EDITED))
    cli.article, cli.segments = article, segments
    return cli


# --- segment history --------------------------------------------------------------------------


def _change_lines(out: str) -> list[str]:
    return [line[2:] for line in out.splitlines() if line.startswith("  ")]


def test_history_marks_changes_readably_without_colour(edited):
    title = edited.segments[0]

    out = ok(edited("segment", "history", title, "--lang", "de")).stdout

    assert "\x1b[" not in out
    assert _change_lines(out) == [
        "{+Erklärung des Außenministeriums+}",
        "Erklärung{+en+} des Außenministeriums",
    ]


def test_history_colours_changes_when_asked(edited, monkeypatch):
    ministers = edited.segments[1]
    monkeypatch.setenv("NO_COLOR", "1")  # --color is the user's explicit wish: it wins

    out = ok(edited("segment", "history", ministers, "--lang", "de", "--color")).stdout

    last = _change_lines(out)[-1]
    assert "[-" not in last and "{+" not in last
    assert last == (
        "Die Minister\x1b[32;4min\x1b[0m \x1b[31;9mtrafen sich\x1b[0m\x1b[32;4mtagte\x1b[0m "
        "in Minsk\x1b[32;4m <script>alert(1)</script>\x1b[0m."
    )


def test_no_color_option_keeps_the_markers(edited):
    ministers = edited.segments[1]

    out = ok(edited("segment", "history", ministers, "--lang", "de", "--no-color")).stdout

    assert _change_lines(out)[-1] == (
        "Die Minister{+in+} [-trafen sich-]{+tagte+} in Minsk{+ <script>alert(1)</script>+}."
    )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("option", "no_color", "tty", "expected"),
    [
        (None, "", True, True),
        (None, "1", True, False),
        (None, "", False, False),
        (True, "1", False, True),
        (False, "", True, False),
    ],
)
def test_colour_follows_the_option_then_no_color_then_the_terminal(
    monkeypatch, option, no_color, tty, expected
):
    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setattr("sys.stdout", _Terminal() if tty else io.StringIO())

    assert use_color(option) is expected


def test_history_json_keeps_the_word_ops_and_adds_the_spans(edited):
    title = edited.segments[0]

    rows = ok(edited("segment", "history", title, "--lang", "de", "--json")).json()

    assert rows[-1]["diff"] == [
        {
            "tag": "replace",
            "old": "Erklärung",
            "new": "Erklärungen",
        },
        {"tag": "equal", "old": " des Außenministeriums", "new": " des Außenministeriums"},
    ]
    assert rows[-1]["spans"] == [
        {"kind": "equal", "text": "Erklärung", "in_word": True},
        {"kind": "insert", "text": "en", "in_word": True},
        {"kind": "equal", "text": " des Außenministeriums", "in_word": False},
    ]
    assert {"revision", "action", "author", "text"} <= rows[-1].keys()


# --- the HTML export ------------------------------------------------------------------------


def test_html_export_marks_each_edited_sentence_and_no_other(edited):
    result = ok(edited("export", edited.article, "--lang", "de", "--format", "html", "--draft"))

    page = html.fromstring(result.stdout)
    rows = page.findall(".//tr")
    first, second = (row.findall("td") for row in rows)
    # Source, the clean translation, then the changes.
    assert first[1].text_content() == f"{MINISTERS_EDITED} Sie besprachen Sicherheit."
    assert [(d.text, d.get("class")) for d in first[2].iter("del")] == [("trafen sich", None)]
    assert [(i.text, i.get("class")) for i in first[2].iter("ins")] == [
        ("in", "in-word"),
        ("tagte", None),
        (" <script>alert(1)</script>", None),
    ]
    assert second[2].text_content() == "Das Treffen verlief erfolgreich."
    assert not list(second[2].iter("del", "ins"))
    title_changes = page.find(".//p[@class='title-changes']")
    assert [i.text for i in title_changes.iter("ins")] == ["en"]
    assert page.findtext(".//h1") == TITLE_EDITED


def test_html_export_escapes_the_edited_markup_and_explains_the_marks(edited):
    result = ok(edited("export", edited.article, "--lang", "de", "--format", "html", "--draft"))

    text = result.stdout
    assert "<script" not in text
    assert text.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # translation and changes
    assert "del {" in text and "ins {" in text
    legend = html.fromstring(text).find(".//p[@class='legend']")
    assert "changes to the machine translation" in legend.text_content()
    assert legend.find("del") is not None and legend.find("ins") is not None


def test_html_export_of_an_article_nobody_edited_has_no_marks(cli, tmp_path):
    article, _ = translated_article(cli, tmp_path)

    result = ok(cli("export", article, "--lang", "de", "--format", "html", "--draft"))

    page = html.fromstring(result.stdout)
    assert not list(page.find(".//table").iter("del", "ins"))
    assert page.find(".//p[@class='title-changes']") is None
