"""Correcting a sentence break through the Python API (services.segmentation): a merge or a split
makes a new version whose text is the same, and the translations go with the sentences."""

from __future__ import annotations

import pytest
from services_support import import_text, open_test_desk, segment_ids, translate_by_hand, view

from translate_flow.errors import InputError
from translate_flow.services.segmentation import merge_segments, split_segment

TEXT = "Визит\n\nМинистр прибыл в Минск. Он сказал: мы партнеры. Стороны обсудили планы.\n"
GERMAN = [
    "Der Besuch",
    "Der Minister kam in Minsk an.",
    "Er sagte: wir sind Partner.",
    "Die Seiten besprachen Pläne.",
]


@pytest.fixture
def desk(db_url, monkeypatch, tmp_path):
    return open_test_desk(db_url, monkeypatch, tmp_path)


def _sentences(desk, article):
    return [s for p in view(desk, article).paragraphs for s in p.segments]


def _body(desk, article) -> str:
    return view(desk, article).paragraphs[-1].source


def test_a_merge_joins_two_sentences_and_their_translations(desk):
    article = import_text(desk, TEXT).article
    ids = segment_ids(desk, article)
    translate_by_hand(desk, article, GERMAN)
    before = _body(desk, article)

    correction = merge_segments(desk, ids[1], ids[2])

    assert correction.version == 2 and len(correction.segments) == 1
    sentences = _sentences(desk, article)
    assert len(sentences) == len(ids) - 1
    assert _body(desk, article) == before
    merged = sentences[1]
    assert merged.segment == correction.segments[0]
    assert merged.source == "Министр прибыл в Минск. Он сказал: мы партнеры."
    assert merged.target == "Der Minister kam in Minsk an. Er sagte: wir sind Partner."
    assert [s.target for s in sentences[2:]] == GERMAN[3:]


def test_a_split_keeps_the_text_and_the_translation_goes_with_the_first_part(desk):
    article = import_text(desk, TEXT).article
    ids = segment_ids(desk, article)
    translate_by_hand(desk, article, GERMAN)
    before = _body(desk, article)

    correction = split_segment(desk, ids[1], at_text="в Минск")

    assert correction.version == 2 and len(correction.segments) == 2
    assert _body(desk, article) == before
    sentences = _sentences(desk, article)
    first, rest = sentences[1:3]
    assert (first.source, rest.source) == ("Министр прибыл", "в Минск.")
    assert first.target == GERMAN[1] and rest.target is None
    assert [s.target for s in sentences[3:]] == GERMAN[2:]


def test_a_split_at_a_text_that_is_not_there_changes_nothing(desk):
    article = import_text(desk, TEXT).article
    ids = segment_ids(desk, article)

    with pytest.raises(InputError):
        split_segment(desk, ids[1], at_text="Москва")

    assert segment_ids(desk, article) == ids and view(desk, article).version == 1
