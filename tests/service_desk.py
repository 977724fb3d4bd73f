"""A desk for the service tests: the Python API on a real database, no command line."""

from __future__ import annotations

from translate_flow.services.context import Desk, open_desk
from translate_flow.services.ingest import IngestSource, ingest
from translate_flow.services.review import edit_segment
from translate_flow.services.side_by_side import SideBySide, side_by_side
from translate_flow.store.db import open_database


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
