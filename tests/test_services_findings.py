"""The life of a finding through the Python API (services.findings): a dismissal holds over an
edit that leaves its words alone, an edit of its words reopens it, and reopen_finding opens it
again by hand."""

from __future__ import annotations

import pytest
from services_support import import_text, open_test_desk, segment_ids, translate_by_hand

from translate_flow.errors import StateError
from translate_flow.services.findings import (
    dismiss_finding,
    list_findings,
    read_findings,
    reopen_finding,
)
from translate_flow.services.glossary_edit import add_concept
from translate_flow.services.review import edit_segment

TEXT = "Визит\n\nМинистр посетил Беларусь. Переговоры прошли в Минске.\n"
# Weißrussland is deprecated: an error in the target, with a span on that word.
MINISTER = "Der Minister besuchte Weißrussland."


@pytest.fixture
def desk(db_url, monkeypatch, tmp_path):
    desk = open_test_desk(db_url, monkeypatch, tmp_path)
    add_concept(desk, "belarus", ["ru:Беларусь", "de:Belarus", "de:Weißrussland:deprecated"])
    article = import_text(desk, TEXT).article
    translate_by_hand(
        desk, article, ["Der Besuch", MINISTER, "Die Gespräche fanden in Minsk statt."]
    )
    desk.minister = segment_ids(desk, article)[1]
    return desk


def _deprecated(desk):
    [finding] = [f for f in read_findings(desk, desk.minister, "de") if f.kind == "deprecated"]
    return finding


def test_a_dismissal_holds_over_an_edit_elsewhere_in_the_sentence(desk):
    finding = _deprecated(desk)
    assert finding.state == "open" and finding.blocking

    dismissed = dismiss_finding(desk, finding.id, "quoting a 1990s document")
    edit_segment(desk, desk.minister, "de", "Der Minister reiste gestern nach Weißrussland.")

    assert dismissed.state == "dismissed" and dismissed.dismissed_reason
    after = _deprecated(desk)
    assert (after.id, after.state) == (finding.id, "dismissed")
    assert not after.blocking
    assert [f.id for f in list_findings(desk, dismissed=True)] == [finding.id]


def test_an_edit_of_the_finding_words_reopens_it_under_its_id(desk):
    finding = _deprecated(desk)
    dismiss_finding(desk, finding.id, "quoting a 1990s document")

    edit_segment(desk, desk.minister, "de", "Der Minister besuchte Weißrussland-Süd.")

    after = _deprecated(desk)
    assert (after.id, after.state) == (finding.id, "open")
    assert list_findings(desk, dismissed=True) == []


def test_reopen_opens_a_dismissed_finding_and_refuses_an_open_one(desk):
    finding = _deprecated(desk)
    dismiss_finding(desk, finding.id, "quoting a 1990s document")

    reopened = reopen_finding(desk, finding.id)

    assert reopened.state == "open" and reopened.dismissed_reason is None
    assert _deprecated(desk).state == "open"
    with pytest.raises(StateError, match="not dismissed"):
        reopen_finding(desk, finding.id)


def test_fixing_the_text_resolves_the_finding(desk):
    finding = _deprecated(desk)

    edit_segment(desk, desk.minister, "de", "Der Minister besuchte Belarus.")

    assert [f for f in read_findings(desk, desk.minister, "de") if f.kind == "deprecated"] == []
    assert finding.id not in {f.id for f in list_findings(desk)}
