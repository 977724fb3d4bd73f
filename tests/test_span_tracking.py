"""Following a finding's span from one revision's text to the next (diff/tokens.py)."""

from __future__ import annotations

from translate_flow.diff.tokens import map_span, rendering_span

OLD = "Der Minister besuchte Weißrussland."


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def test_a_span_moves_with_an_edit_before_it():
    new = "Der russische Minister besuchte gestern Weißrussland."

    moved = map_span(OLD, new, *_span(OLD, "Weißrussland"))

    assert moved == _span(new, "Weißrussland")


def test_an_edit_after_the_span_leaves_it_in_place():
    new = "Der Minister besuchte Weißrussland und Polen."

    assert map_span(OLD, new, 4, 12) == (4, 12)


def test_a_replaced_word_inside_the_span_ends_it():
    assert map_span(OLD, "Der Minister besuchte Belarus.", *_span(OLD, "Weißrussland")) is None
    assert map_span(OLD, "Der Minister besuchte Weißrusslands.", 22, 34) is None


def test_a_word_inserted_inside_a_span_of_several_words_ends_it():
    span = _span(OLD, "Minister besuchte")

    assert map_span(OLD, "Der Minister besuchte Weißrussland.", *span) == span
    assert map_span(OLD, "Der Minister überraschend besuchte Weißrussland.", *span) is None


def test_the_rendering_of_a_term_is_found_by_its_beginning():
    text = "Der russische Außenminister besuchte Belarus."

    assert rendering_span(text, ["Russland", "Russische Föderation"]) == _span(text, "russische")
    assert rendering_span(text, ["OVKS"]) is None
    assert rendering_span("", ["Russland"]) is None
