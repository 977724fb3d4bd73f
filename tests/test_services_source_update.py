"""A source update through the Python API (services.ingest): approved translations of unchanged
sentences carry over approved, a changed sentence keeps its old translation as a draft."""

from __future__ import annotations

import pytest
from services_support import import_text, open_test_desk, translate_by_hand, view

from translate_flow.services.approve import approve_article
from translate_flow.services.ingest import ImportedArticle, SourceUpdate

FIRST = (
    "Визит\n\nМинистр прибыл в Минск. Он провел переговоры с коллегой. "
    "Стороны обсудили сотрудничество.\n"
)
SECOND = FIRST.replace("с коллегой", "с министром")
GERMAN = [
    "Der Besuch",
    "Der Minister kam in Minsk an.",
    "Er führte Gespräche mit seinem Kollegen.",
    "Die Seiten erörterten die Zusammenarbeit.",
]


@pytest.fixture
def desk(db_url, monkeypatch, tmp_path):
    return open_test_desk(db_url, monkeypatch, tmp_path)


def test_an_update_carries_approved_translations_over_and_keeps_a_changed_one_as_draft(desk):
    imported = import_text(desk, FIRST)
    assert isinstance(imported, ImportedArticle) and imported.segments == 4
    translate_by_hand(desk, imported.article, GERMAN)
    approve_article(desk, imported.article, "de")

    update = import_text(desk, SECOND, update=imported.article)

    assert isinstance(update, SourceUpdate)
    assert (update.version, update.unchanged, update.changed, update.inserted) == (2, 3, 1, 0)
    after = view(desk, imported.article)
    assert after.version == 2 and not after.approved
    sentences = [s for p in after.paragraphs for s in p.segments]
    assert [s.target for s in sentences] == GERMAN
    assert [s.status for s in sentences] == ["approved", "approved", "source-changed", "approved"]
    assert sentences[2].source == "Он провел переговоры с министром."


def test_an_update_of_an_untranslated_article_carries_nothing(desk):
    imported = import_text(desk, FIRST)

    update = import_text(desk, SECOND, update=imported.article)

    assert update.changed == 1
    sentences = [s for p in view(desk, imported.article).paragraphs for s in p.segments]
    assert [(s.target, s.status) for s in sentences] == [(None, "new")] * 4
