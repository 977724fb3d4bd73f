"""`status` through services/status.py, on SQLite and PostgreSQL: the fast path (SQLite read
without the ORM) answers what the desk's own overview answers, and gives way to it when the
reader may not see a restricted article's title."""

from __future__ import annotations

import pytest
from services_support import TARGETS, Desks, ingest_article, machine_translate, segment_ids

from translate_flow.services.access import RESTRICTED_TEXT
from translate_flow.services.review import accept_segment
from translate_flow.services.status import (
    ArticleStatus,
    LanguageProgress,
    desk_overview,
    desk_status,
)
from translate_flow.services.users import add_user


@pytest.fixture
def desks(db_url):
    """ada (admin), tina (translator), ed (editor); an article by tina, machine-translated into
    German with one segment accepted, and a restricted one by ed."""
    desks = Desks(db_url)
    add_user(desks("ada"), "ada", ["admin"])
    add_user(desks("ada"), "tina", ["translator"])
    add_user(desks("ada"), "ed", ["editor"])
    desks.open = ingest_article(desks("tina"))
    segments = segment_ids(desks("tina"), desks.open)
    machine_translate(desks("tina"), segments)
    accept_segment(desks("tina"), segments[0], "de")
    desks.restricted = ingest_article(desks("ed"), "Министр прибыл в Минск.", restricted=True)
    return desks


class Opener:
    """The desk for `status` when the fast path cannot answer; counts how often it was asked."""

    def __init__(self, desks: Desks, user: str) -> None:
        self.desks, self.user, self.calls = desks, user, 0

    def __call__(self):
        self.calls += 1
        return self.desks(self.user)


def test_status_counts_segments_per_language_and_status(desks):
    rows = desk_status(desks.url, "ed", Opener(desks, "ed"))

    assert [r.article for r in rows] == [desks.open, desks.restricted]
    first = rows[0]
    assert first == ArticleStatus(
        article=desks.open,
        title="Заявление МИД",
        source_lang="ru",
        version=1,
        restricted=False,
        segments=len(TARGETS),
        languages={
            "de": LanguageProgress(
                approved=False, statuses={"machine-translated": 3, "translated": 1}
            )
        },
    )
    assert (rows[1].restricted, rows[1].title, rows[1].languages) == (True, "Заявление МИД", {})


def test_the_fast_path_answers_on_sqlite_what_the_desk_answers(desks):
    fast = Opener(desks, "ed")

    rows = desk_status(desks.url, "ed", fast)

    assert fast.calls == (0 if desks.url.startswith("sqlite") else 1)
    assert rows == desk_overview(desks("ed"))


def test_a_reader_who_may_not_see_a_restricted_title_goes_through_the_desk(desks):
    opener = Opener(desks, "tina")

    rows = {r.article: r for r in desk_status(desks.url, "tina", opener)}

    assert opener.calls == 1
    assert rows[desks.restricted].title == RESTRICTED_TEXT
    assert rows[desks.open].title == "Заявление МИД"
