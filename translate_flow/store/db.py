"""Engine and session factory, and the schema kept current through Alembic migrations.

SQLite is the default (one file per desk member); PostgreSQL through psycopg 3 for a desk that
shares one database. Opening a database upgrades its schema to the newest migration, so no release
ever asks a user to delete their data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, create_engine

from translate_flow.errors import InputError
from translate_flow.store.schema_version import SCHEMA_HEAD

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

_engines: dict[str, Engine] = {}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def get_engine(url: str) -> Engine:
    if url in _engines:
        return _engines[url]
    try:
        parsed = make_url(url)
    except Exception:
        raise InputError(f"not a database URL: {url}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    _engines[url] = engine
    return engine


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        if _is_connection_error(exc):
            raise InputError(f"cannot open the database: {_first_line(exc)}") from None
        return None


def _is_connection_error(exc: Exception) -> bool:
    message = str(exc).lower()
    return (
        any(
            s in message
            for s in (
                "connection refused",
                "could not connect",
                "unable to open",
                "does not exist\n",
            )
        )
        and "alembic_version" not in message
    )


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]


def upgrade_schema(engine: Engine) -> None:
    """Run every pending migration."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
        if connection.dialect.name == "postgresql":
            from translate_flow.store.pg_access import groups_exist, refresh_privileges

            if groups_exist(connection):
                refresh_privileges(connection)  # new tables get the desk roles' privileges


def ensure_schema(engine: Engine) -> None:
    if current_revision(engine) != SCHEMA_HEAD:
        upgrade_schema(engine)


def close_database(url: str) -> None:
    engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL; None for other databases and for an in-memory one."""
    try:
        parsed = make_url(url)
    except Exception:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def open_database(url: str, create: bool = True) -> Engine:
    """The database at `url`, its schema brought up to date.

    With create=False a missing SQLite file is refused instead of created: a mistyped --db
    path must not start an empty desk (SQLite would create any file it is pointed at).
    """
    path = sqlite_file(url)
    if path is not None and not path.exists():
        if not create:
            raise InputError(
                f"no database at {path}; check the path (--db, TRANSLATE_FLOW_DB or the config's "
                "[database] url), or create a new desk there with "
                f"'translate-flow init --db {path}'"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    new_file = path is not None and not path.exists()
    engine = get_engine(url)
    ensure_schema(engine)
    if new_file:
        from translate_flow.store.identity import keep_private

        keep_private(path)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One command, one transaction: everything commits together or nothing does."""
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
