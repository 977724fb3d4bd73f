"""Creating a desk's database (`translate-flow init`) and opening it for a command."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translate_flow.services.context import Desk


@dataclass
class InitResult:
    url: str
    created: bool  # False: the database was there already (its schema is brought up to date)
    schema: str  # the migration the schema is at
    database: str = ""  # the URL as shown: its password masked

    def to_json(self) -> dict[str, Any]:
        return {"database": self.database, "created": self.created, "schema": self.schema}


def init_database(url: str) -> InitResult:
    """Create the database at `url` (an SQLite file and its folders; on PostgreSQL the tables in
    an existing database) with the current schema; an existing one is only upgraded."""
    from translate_flow.store.database_queries import shown_url
    from translate_flow.store.db import current_revision, get_engine, open_database, sqlite_file

    path = sqlite_file(url)
    if path is not None:
        created = not path.exists()
    else:
        created = current_revision(get_engine(url)) is None
    engine = open_database(url, create=True)
    return InitResult(
        url=url, created=created, schema=current_revision(engine) or "", database=shown_url(url)
    )


def open_desk_at(
    url: str, requested_user: str | None, config: dict[str, Any], create: bool
) -> Desk:
    """The desk on the database at `url`, its schema brought up to date and its user settled
    (services/context.open_desk). A missing SQLite file is created only with `create`."""
    from translate_flow.services.context import open_desk
    from translate_flow.store.db import open_database

    return open_desk(open_database(url, create=create), requested_user, config)
