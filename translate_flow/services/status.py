"""`translate-flow status`: every article, its version and how far each translation has come.

`status` is typed all day and must answer at once. On SQLite the overview is read through the
standard library's sqlite3 without loading the ORM (store/overview.py), and the reader is settled
as open_desk would settle them; when the file's schema is not current, or the reader may not see
the title of a restricted article, the overview goes through the desk like every other command.
Nothing heavy is imported at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translate_flow.services.context import Desk


@dataclass
class LanguageProgress:
    approved: bool  # the current version is approved in this language
    statuses: dict[str, int]  # segments per translation status


@dataclass
class ArticleStatus:
    article: int
    title: str  # RESTRICTED_TEXT for a restricted article the reader may not read
    source_lang: str
    version: int
    restricted: bool
    segments: int
    languages: dict[str, LanguageProgress]

    @classmethod
    def of(cls, row: dict[str, Any]) -> ArticleStatus:
        return cls(
            article=row["article"],
            title=row["title"],
            source_lang=row["source_lang"],
            version=row["version"],
            restricted=row["restricted"],
            segments=row["segments"],
            languages={
                lang: LanguageProgress(approved=info["approved"], statuses=info["statuses"])
                for lang, info in row["languages"].items()
            },
        )


def desk_status(
    url: str, requested_user: str | None, open_desk: Callable[[], Desk]
) -> list[ArticleStatus]:
    """The overview of the desk at `url`; `open_desk` gives the desk when the fast path cannot
    answer."""
    from translate_flow.store.overview import overview_sqlite, sqlite_path
    from translate_flow.store.schema_version import SCHEMA_HEAD

    path = sqlite_path(url)
    fast = overview_sqlite(path, SCHEMA_HEAD) if path else None
    if fast is not None:
        from pathlib import Path

        from translate_flow.store.identity import operating_system_account, owns_file
        from translate_flow.workflow.roles import settle_identity

        rows, users = fast
        account = operating_system_account()
        full_control = bool(users) and owns_file(Path(path))
        name, _ = settle_identity(account, requested_user, users, full_control)
        if users and any(r["restricted"] for r in rows) and not {"editor", "admin"} & users[name]:
            fast = None  # titles of restricted articles this reader may not see: the service
    if fast is None:
        return desk_overview(open_desk())
    return [ArticleStatus.of(row) for row in rows]


def desk_overview(desk: Desk) -> list[ArticleStatus]:
    """Every article, the titles of restricted ones the reader may not read hidden."""
    from translate_flow.services.access import RESTRICTED_TEXT, hidden_articles
    from translate_flow.services.context import load_actor
    from translate_flow.store.db import transaction
    from translate_flow.store.overview import overview_engine

    rows = overview_engine(desk.engine)
    with transaction(desk.engine) as session:
        hidden = hidden_articles(session, load_actor(session, desk.user_name))
    for row in rows:
        if row["article"] in hidden:
            row["title"] = RESTRICTED_TEXT
    return [ArticleStatus.of(row) for row in rows]


def morphology_notice() -> str | None:
    """What `status` and `engines` warn about when Belarusian word forms cannot be analysed
    here (hunspell-be missing), else None."""
    from translate_flow.terms.morphology import belarusian_morphology_notice

    return belarusian_morphology_notice()
