"""Driving the services from tests as a script would, on a real database (the `db_url`
fixture: SQLite and PostgreSQL), with no command line: a single-user desk or desks per user,
articles ingested, translated by hand or as an engine's output, read back through services."""

from __future__ import annotations

from translate_flow.services.context import Desk, open_desk
from translate_flow.services.database import open_desk_at
from translate_flow.services.ingest import IngestSource, ingest
from translate_flow.services.review import edit_segment
from translate_flow.services.review_screen import keep_proposal
from translate_flow.services.side_by_side import SideBySide, side_by_side
from translate_flow.services.status import desk_overview
from translate_flow.services.translate import Proposal
from translate_flow.store.db import open_database

TITLE = "Заявление МИД"
BODY = (
    "Министр провёл переговоры в Минске. Стороны обсудили сотрудничество в рамках ОДКБ. "
    "Следующая встреча состоится в Москве."
)
TARGETS = [
    "Erklärung des Außenministeriums",
    "Der Minister führte Gespräche in Minsk.",
    "Die Seiten erörterten die Zusammenarbeit im Rahmen der OVKS.",
    "Das nächste Treffen findet in Moskau statt.",
]


class Desks:
    """Desks of one database, one per user, as `open_desk` settles them (the tests' account
    owns the database, so it may act as any desk user)."""

    def __init__(self, url: str, config: dict | None = None) -> None:
        self.url = url
        self.config = config or {}

    def __call__(self, user: str):
        return open_desk_at(self.url, user, self.config, create=False)


def ingest_article(
    desk, text: str = BODY, restricted: bool = False, update: int | None = None
) -> int:
    """Ingest TITLE and `text` as a new article (or a new version of `update`); its id."""
    source = IngestSource("-", f"{TITLE}\n\n{text}".encode())
    ingest(desk, [source], lang="ru", restricted=restricted, update=update)
    return max(a.article for a in desk_overview(desk))


def machine_translate(desk, segments: list[int]) -> None:
    """TARGETS as an engine's output (the review screen keeping a proposal unchanged)."""
    for segment, text in zip(segments, TARGETS, strict=True):
        keep_proposal(desk, Proposal(segment, "de", "libre", text, "libre"), text)


def open_test_desk(db_url: str, monkeypatch, tmp_path) -> Desk:
    """A single-user desk on the test database (the `db_url` fixture: SQLite and PostgreSQL),
    without a configuration file. Each test module makes it its `desk` fixture."""
    monkeypatch.setenv("TRANSLATE_FLOW_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("TRANSLATE_FLOW_USER", raising=False)
    return open_desk(open_database(db_url), None, {})


def import_text(desk: Desk, text: str, name: str = "article.txt", update: int | None = None):
    """Import `text` as a Russian article (or, with `update`, as that article's next version)."""
    [result] = ingest(desk, [IngestSource(name, text.encode("utf-8"))], lang="ru", update=update)
    return result


def segment_ids(desk: Desk, article: int) -> list[int]:
    """The article's current segments in order."""
    return [s.segment for p in view(desk, article).paragraphs for s in p.segments]


def view(desk: Desk, article: int, lang: str = "de") -> SideBySide:
    return side_by_side(desk, article, lang)


def translate_by_hand(desk: Desk, article: int, texts: list[str], lang: str = "de") -> None:
    for segment, text in zip(segment_ids(desk, article), texts, strict=True):
        edit_segment(desk, segment, lang, text)
