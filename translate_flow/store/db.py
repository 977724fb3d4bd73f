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

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlmodel import Session, create_engine

from translate_flow.errors import BusyError, InputError, StateError, TranslateFlowError
from translate_flow.store.schema_version import SCHEMA_HEAD

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

_engines: dict[str, Engine] = {}


# How long a writer waits for another writer before giving up with BusyError (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 60_000
# One step of that wait (see _sqlite_begin): how long Ctrl-C may go unanswered meanwhile.
_SQLITE_BUSY_STEP_MS = 500
# The same on PostgreSQL, for a row or table lock (lock_timeout): without it a command waited
# for ever behind a psql session left open in a transaction.
POSTGRESQL_LOCK_TIMEOUT_MS = 60_000
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


def _postgresql_settings(dbapi_connection, _record) -> None:
    # Outside a transaction: a SET inside one would be undone by the pool's first rollback.
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {int(POSTGRESQL_LOCK_TIMEOUT_MS)}")
    finally:
        dbapi_connection.autocommit = autocommit


def _sqlite_begin(conn) -> None:
    if conn.get_execution_options().get(_READ_ONLY):
        conn.exec_driver_sql("BEGIN")
        return
    # Waiting for another writer happens in SQLite's C busy handler, where Python cannot act on
    # Ctrl-C or SIGTERM: one wait of 60 s ignored Ctrl-C for 58 s. So the wait is cut into
    # steps, and Python handles signals between them; the whole wait stays the same.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    step = min(_SQLITE_BUSY_STEP_MS, SQLITE_BUSY_TIMEOUT_MS)
    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(step)}")
    try:
        while True:
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if "database is locked" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")


def get_engine(url: str) -> Engine:
    if url in _engines:
        return _engines[url]
    try:
        parsed = make_url(url)
    except Exception:
        raise InputError(f"not a database URL: {_without_password(url)}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(
            f"{parsed.get_backend_name()!r} databases are not supported "
            f"({parsed.render_as_string(hide_password=True)}); use an SQLite file or a "
            "postgresql:// URL"
        )
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
        event.listen(engine, "connect", _postgresql_settings)
    _engines[url] = engine
    return engine


def _without_password(url: str) -> str:
    """`url` with the password of user:password@ replaced by ***, for a URL too broken to parse."""
    import re

    return re.sub(r"(//[^/:@\s]*:)[^@\s]*@", r"\1***@", url)


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads only: on SQLite its transaction never waits for a writer."""
    with engine.connect() as conn:
        yield conn.execution_options(**{_READ_ONLY: True})


def current_revision(engine: Engine) -> str | None:
    try:
        with reading(engine) as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        _raise_problem(engine, exc)
        if _is_connection_error(exc):
            raise InputError(f"cannot open the database: {_first_line(exc)}") from None
        if not isinstance(exc, (OperationalError, ProgrammingError)):
            raise
        return None  # no alembic_version table: a new database


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


def _first_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


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
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD:
        return
    if revision is not None and revision not in known_revisions():
        # Alembic would only say "Can't locate revision": the user needs to know why.
        raise StateError(
            f"the database {shown_database(engine)} has schema version {revision}, which this "
            f"translate-flow does not know (its newest is {SCHEMA_HEAD}): a newer translate-flow "
            "has upgraded it; use that version. Nothing was changed"
        )
    try:
        upgrade_schema(engine)
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        _raise_problem(engine, exc)
        raise


def known_revisions() -> set[str]:
    """The revision ids of every migration this version of translate-flow has."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}


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
        session.connection(execution_options={_READ_ONLY: not write})
        yield session
        session.commit()
    except BaseException as exc:
        _rollback(session)
        if _from_the_database(exc):
            _raise_problem(engine, exc)
        raise
    finally:
        session.close()


def _from_the_database(exc: BaseException) -> bool:
    # The driver's own errors too: the memory's bulk writes use the connection directly.
    module = type(exc).__module__
    return module.startswith(("sqlalchemy", "sqlite3", "psycopg"))


def _rollback(session: Session) -> None:
    # After a lost connection or a damaged file the rollback may fail too; the transaction is
    # gone either way, and the first error is the one to report.
    try:
        session.rollback()
    except Exception as exc:
        if not _from_the_database(exc):
            raise


def shown_database(engine: Engine) -> str:
    """The database as a message names it: the SQLite file, or the URL without its password."""
    if engine.url.get_backend_name() == "sqlite":
        return str(engine.url.database)
    return engine.url.render_as_string(hide_password=True)


# What SQLite and PostgreSQL say (lower case) → what the user is told. A file or a server that
# fails this way fails every command alike, so each gets one line that says what to do.
_PROBLEMS = (
    (("file is not a database", "database disk image is malformed"), "damaged"),
    (("attempt to write a readonly database", "readonly database"), "read-only"),
    (("database or disk is full", "disk i/o error", "no space left on device"), "full"),
    (
        (
            "server closed the connection unexpectedly",
            "terminating connection due to administrator command",
            "consuming input failed",
            "the connection is closed",
            "connection is lost",
        ),
        "gone",
    ),
)


def _raise_problem(engine: Engine, exc: BaseException) -> None:
    """Raise the one line for `exc` when it is a database failure the user can act on."""
    problem = database_problem(engine, exc)
    if problem is not None:
        raise problem from None


def database_problem(engine: Engine, exc: BaseException) -> TranslateFlowError | None:
    """The one line for a database failure the user can act on (busy, damaged, read-only, full,
    server gone); None for any other error, which is reported as it is."""
    message = str(getattr(exc, "orig", None) or exc).lower()
    if "database is locked" in message:
        return BusyError(
            f"the database is busy: another translate-flow command held it for more than "
            f"{SQLITE_BUSY_TIMEOUT_MS / 1000:g} s; nothing was changed, run the command again"
        )
    if "lock timeout" in message or "deadlock detected" in message:
        return BusyError(
            f"the database is busy: another session (a translate-flow command, or psql left in "
            f"a transaction) held what this command changes for more than "
            f"{POSTGRESQL_LOCK_TIMEOUT_MS / 1000:g} s; the unfinished step was not saved, run "
            "the command again"
        )
    kind = next((kind for needles, kind in _PROBLEMS if any(n in message for n in needles)), None)
    where = shown_database(engine)
    first = _first_line(exc)
    if kind == "damaged":
        return InputError(
            f"{where} is not a translate-flow database or it is damaged ({first}); nothing was "
            "changed; check --db, or restore the file from a backup"
        )
    if kind == "read-only":
        return InputError(
            f"the database {where} cannot be written ({first}): the file or its folder is "
            "read-only for this account (SQLite also writes files beside it); nothing was changed"
        )
    if kind == "full":
        return StateError(
            f"the database {where} could not be written ({first}): the disk is full, a file "
            "size limit was reached or the disk failed; the step that did not fit was not "
            "saved; free some space and run the command again"
        )
    if kind == "gone":
        return StateError(
            f"the connection to the database {where} was lost ({first}); the unfinished step "
            "was not saved; run the command again when the server is back"
        )
    return None
