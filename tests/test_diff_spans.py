"""Diff spans: word changes, letters inside a changed word, and the three renderings."""

from __future__ import annotations

import pytest

from translate_flow.diff.spans import (
    DELETE,
    EQUAL,
    INSERT,
    Span,
    changed,
    diff_spans,
    render_ansi,
    render_html,
    render_markers,
)

PAIRS = [
    ("", ""),
    ("", "Neu."),
    ("Alt.", ""),
    ("Die Staaten trafen sich in Weißrussland.", "Die Staates tagten im Belarus!"),
    ("Они обсудили безопасность.", "Они обсудили вопросы безопасности."),
    ("Sie besprachen Sicherheit.", "Sie erörterten Fragen der Sicherheit."),
    ("Im Jahr 2023 trafen  sich die Minister.", "Im Jahr 2024 trafen sich Die Ministerin."),
    ("Belarus & <Russland>", "Belarus &amp; <Russland>!"),
]


def _sides(spans: list[Span]) -> tuple[str, str]:
    old = "".join(s.text for s in spans if s.kind in (EQUAL, DELETE))
    new = "".join(s.text for s in spans if s.kind in (EQUAL, INSERT))
    return old, new


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_spans_give_back_both_texts(old, new):
    spans = diff_spans(old, new)

    assert _sides(spans) == (old, new)
    assert all(s.text for s in spans)
    assert changed(spans) == (old != new)


def test_an_inflected_word_shows_only_the_changed_letters():
    assert diff_spans("Die Staaten", "Die Staates") == [
        Span(EQUAL, "Die "),
        Span(EQUAL, "Staate", True),
        Span(DELETE, "n", True),
        Span(INSERT, "s", True),
    ]
    assert render_markers(
        diff_spans("обсудили безопасность.", "обсудили вопросы безопасности.")
    ) == ("обсудили {+вопросы +}безопасност[-ь-]{+и+}.")
    assert render_markers(diff_spans("Sicherheit.", "Sicherheitsfragen der Staaten.")) == (
        "Sicherheit{+sfragen der Staaten+}."
    )
    # der → die keeps one letter of three: whole; Minister → Ministerin: the added ending.
    assert render_markers(diff_spans("der Minister", "die Ministerin")) == (
        "[-der-]{+die+} Minister{+in+}"
    )


def test_a_different_word_is_replaced_whole():
    assert diff_spans("in Weißrussland", "in Belarus") == [
        Span(EQUAL, "in "),
        Span(DELETE, "Weißrussland"),
        Span(INSERT, "Belarus"),
    ]


@pytest.mark.parametrize(
    ("old", "new", "marked"),
    [
        # Similar, but the reader would have to reassemble t[-raf-]{+agt+}en.
        ("trafen", "tagten", "[-trafen-]{+tagten+}"),
        # Too short for the letter view to help.
        ("in", "im", "[-in-]{+im+}"),
        # Numbers read better whole.
        ("2023", "2024", "[-2023-]{+2024+}"),
    ],
)
def test_words_that_would_read_worse_letter_by_letter_are_replaced_whole(old, new, marked):
    assert render_markers(diff_spans(old, new)) == marked


def test_neighbouring_replaced_words_form_one_block_and_shared_words_stay():
    spans = diff_spans("Die Minister trafen sich in Minsk.", "Die Minister tagten in Minsk.")

    assert render_markers(spans) == "Die Minister [-trafen sich-]{+tagten+} in Minsk."
    assert render_markers(diff_spans("Sie trafen sich in Minsk", "Sie tagten in Brest")) == (
        "Sie [-trafen sich-]{+tagten+} in [-Minsk-]{+Brest+}"
    )


def test_the_similarity_threshold_can_be_raised():
    assert render_markers(diff_spans("den", "dem", similar=90)) == "[-den-]{+dem+}"
    assert render_markers(diff_spans("den", "dem")) == "de[-n-]{+m+}"


def test_spans_serialise_for_json():
    assert [s.to_dict() for s in diff_spans("der", "des")] == [
        {"kind": "equal", "text": "de", "in_word": True},
        {"kind": "delete", "text": "r", "in_word": True},
        {"kind": "insert", "text": "s", "in_word": True},
    ]


def test_ansi_colours_deletions_red_struck_and_insertions_green_underlined():
    rendered = render_ansi(diff_spans("Sie besprachen es.", "Sie erörterten es."))

    assert rendered == "Sie \x1b[31;9mbesprachen\x1b[0m\x1b[32;4merörterten\x1b[0m es."


def test_html_marks_changes_and_escapes_every_text():
    rendered = render_html(diff_spans("Staaten <b>&", "Staates <script>&"))

    assert rendered == (
        'Staate<del class="in-word">n</del><ins class="in-word">s</ins> &lt;'
        "<del>b</del><ins>script</ins>&gt;&amp;"
    )
    assert "<script>" not in rendered and "<b>" not in rendered
