"""A glossary change through the Python API re-checks the open translations that use the changed
concept, and only those: not other sentences, not approved articles (services.glossary_recheck)."""

from __future__ import annotations

import pytest
from services_support import import_text, open_test_desk, segment_ids, translate_by_hand

from translate_flow.services.approve import approve_article
from translate_flow.services.findings import read_findings
from translate_flow.services.glossary import list_concepts
from translate_flow.services.glossary_edit import add_concept
from translate_flow.services.glossary_import import import_glossary
from translate_flow.services.glossary_recheck import AffectedTranslation

OPEN = "Визит\n\nБеларусь и Россия подписали соглашение. Переговоры прошли в Минске.\n"
OPEN_DE = [
    "Der Besuch",
    "Weißrussland und Russland unterzeichneten ein Abkommen.",
    "Die Gespräche fanden in Minsk statt.",
]
APPROVED = "Итоги\n\nБеларусь подписала договор.\n"
APPROVED_DE = ["Die Bilanz", "Weißrussland unterzeichnete den Vertrag."]
BELARUS = ["ru:Беларусь", "de:Belarus", "de:Weißrussland:deprecated"]


@pytest.fixture
def desk(db_url, monkeypatch, tmp_path):
    desk = open_test_desk(db_url, monkeypatch, tmp_path)
    desk.open_article = import_text(desk, OPEN, "open.txt").article
    translate_by_hand(desk, desk.open_article, OPEN_DE)
    desk.approved_article = import_text(desk, APPROVED, "approved.txt").article
    translate_by_hand(desk, desk.approved_article, APPROVED_DE)
    approve_article(desk, desk.approved_article, "de")
    return desk


def _concepts_found(desk, segment: int) -> set[str]:
    return {f.concept for f in read_findings(desk, segment, "de") if f.concept}


def test_a_new_concept_rechecks_only_the_open_translation_that_uses_it(desk):
    title, belarus, talks = segment_ids(desk, desk.open_article)
    [_, approved] = segment_ids(desk, desk.approved_article)

    change = add_concept(desk, "belarus", BELARUS)

    assert change.changed and change.action == "add"
    assert change.recheck.rechecked == 1
    assert change.recheck.with_new_findings == 1
    assert change.recheck.affected == [
        AffectedTranslation(belarus, desk.open_article, "de", ["belarus"])
    ]
    assert _concepts_found(desk, belarus) == {"belarus"}
    assert _concepts_found(desk, talks) == set() and _concepts_found(desk, title) == set()
    # The approved article keeps its text and findings: approval is not undone by a new term.
    assert _concepts_found(desk, approved) == set()


def test_a_concept_no_open_translation_uses_rechecks_nothing(desk):
    change = add_concept(desk, "moscow", ["ru:Москва", "de:Moskau"])

    assert (change.recheck.rechecked, change.recheck.affected) == (0, [])


def test_a_dry_run_import_reports_without_changing_or_rechecking(desk, tmp_path):
    path = tmp_path / "desk.glossary"
    path.write_text("concept: belarus\nru: Беларусь\nde: Belarus\n", encoding="utf-8")

    report = import_glossary(desk, str(path), dry_run=True)

    assert report.dry_run and report.added == ["belarus"] and report.recheck is None
    assert list_concepts(desk) == []
    [_, belarus, _] = segment_ids(desk, desk.open_article)
    assert _concepts_found(desk, belarus) == set()

    report = import_glossary(desk, str(path))

    assert report.recheck is not None and report.recheck.rechecked == 1
    assert [c.id for c in list_concepts(desk)] == ["belarus"]
