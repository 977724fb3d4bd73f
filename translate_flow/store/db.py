"""Engine and session factory, and the schema kept current through Alembic migrations.

SQLite is the default (one file per desk member); PostgreSQL through psycopg 3 for a desk that
shares one database. Opening a database upgrades its schema to the newest migration, so no release
ever asks a user to delete their data.

Concurrency (docs/reliability.md). Every command is one transaction that reads what it changes and
writes it back; two commands must not interleave between the read and the write.
- SQLite: a writing transaction starts with BEGIN IMMEDIATE, so it holds the database's one write
  lock from its first read: a second writer waits (busy_timeout) and then reads what the first one
  wrote. pysqlite's own transaction handling is switched off: it would only BEGIN before the first
  INSERT/UPDATE, leaving the reads before it outside the transaction (the lost updates of issue 17).
  The journal is WAL, so readers never wait for a writer and a writer never waits for readers.
- PostgreSQL (READ COMMITTED): the services lock the rows they are about to change
  (store/locking.py: SELECT … FOR UPDATE on the article, translation, concept or glossary row).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session, create_engine

from translate_flow.errors import BusyError, InputError
from translate_flow.store.schema_version import SCHEMA_HEAD

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

_engines: dict[str, Engine] = {}


# How long a writer waits for another writer before giving up with BusyError (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 60_000
# Execution option naming a read-only transaction (transaction(engine, write=False)).
_READ_ONLY = "translate_flow_read_only"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Transactions are begun by _sqlite_begin, not by pysqlite (see the module docstring).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # Persistent in the file; a no-op for an in-memory database.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(conn) -> None:
    if conn.get_execution_options().get(_READ_ONLY):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def get_engine(url: str) -> Engine:
    if url in _engines:
        return _engines[url]
    try:
        parsed = make_url(url)
    except Exception:
        raise InputError(f"not a database URL: {url}") from None
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    _engines[url] = engine
    return engine


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads only: on SQLite its transaction never waits for a writer."""
    with engine.connect() as conn:
        yield conn.execution_options(**{_READ_ONLY: True})


def current_revision(engine: Engine) -> str | None:
    try:
        with reading(engine) as conn:
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
def transaction(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One command, one transaction: everything commits together or nothing does.

    A writing transaction (the default) takes SQLite's write lock at once; `write=False` is for
    commands that only read (lists, searches, exports), which then never wait for a writer.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        try:
            session.connection(execution_options={_READ_ONLY: not write})
        except OperationalError as exc:
            raise _busy_or_raise(exc) from None
        yield session
        session.commit()
    except OperationalError as exc:
        session.rollback()
        raise _busy_or_raise(exc) from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _busy_or_raise(exc: OperationalError) -> Exception:
    """SQLite's "database is locked" after the busy timeout as one clear line."""
    if "database is locked" in str(exc).lower():
        return BusyError(
            f"the database is busy: another translate-flow command held it for more than "
            f"{SQLITE_BUSY_TIMEOUT_MS / 1000:g} s; nothing was changed, run the command again"
        )
    return exc
