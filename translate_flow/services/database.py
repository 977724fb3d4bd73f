"""Creating a desk's database: `translate-flow init`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InitResult:
    url: str
    created: bool  # False: the database was there already (its schema is brought up to date)
    schema: str  # the migration the schema is at


def init_database(url: str) -> InitResult:
    """Create the database at `url` (an SQLite file and its folders; on PostgreSQL the tables in
    an existing database) with the current schema; an existing one is only upgraded."""
    from translate_flow.store.db import current_revision, get_engine, open_database, sqlite_file

    path = sqlite_file(url)
    if path is not None:
        created = not path.exists()
    else:
        created = current_revision(get_engine(url)) is None
    engine = open_database(url, create=True)
    return InitResult(url=url, created=created, schema=current_revision(engine) or "")
