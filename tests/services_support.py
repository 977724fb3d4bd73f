"""Driving the services from tests as a script would: desks per user, an article ingested and
machine-translated through the services."""

from __future__ import annotations

from translate_flow.services.database import open_desk_at
from translate_flow.services.ingest import IngestSource, ingest
from translate_flow.services.review_screen import keep_proposal
from translate_flow.services.status import desk_overview
from translate_flow.services.translate import Proposal

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


def segment_ids(desk, article_id: int) -> list[int]:
    """The article's current segments, in order (read directly: no service lists them)."""
    from translate_flow.store.db import transaction
    from translate_flow.store.lookups import current_segments, get_article

    with transaction(desk.engine, write=False) as session:
        return [s.id for s in current_segments(session, get_article(session, article_id))]


def machine_translate(desk, segments: list[int]) -> None:
    """TARGETS as an engine's output (the review screen keeping a proposal unchanged)."""
    for segment, text in zip(segments, TARGETS, strict=True):
        keep_proposal(desk, Proposal(segment, "de", "libre", text, "libre"), text)
