"""Who is at the keyboard, as the database or the operating system knows them.

On PostgreSQL the desk user is the database login (`current_user`), authenticated by the server
(SCRAM, certificates, peer). On SQLite there is no server: the user is the operating-system
account running the command, and whoever can write the database file can change anything in it,
so the file is created readable and writable by its owner only.

"Full control" names the accounts that could bypass every rule of the tool anyway: the owner of
the SQLite file (or root), a PostgreSQL superuser or the owner of the database. The services let
them act as another desk user (`--user`), as they let a desk admin.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# SQLAlchemy is imported where a database is asked: `status` reads the reader's account from here
# on its fast path, which loads no ORM (store/overview.py).


def operating_system_account() -> str:
    """The account's name from the password database, not from $USER (which anyone can set)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):  # no passwd entry (some containers) or not POSIX
        import getpass

        try:
            return getpass.getuser()
        except Exception:
            return "translator"


def database_account(engine: Engine) -> str:
    """The login on PostgreSQL; the operating-system account elsewhere."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.connect() as conn:
            return conn.execute(text("SELECT current_user")).scalar_one()
    return operating_system_account()


def has_full_control(engine: Engine) -> bool:
    """True for an account that could change anything in the database without the tool."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT r.rolsuper OR d.datdba = r.oid FROM pg_roles r, pg_database d "
                    "WHERE r.rolname = current_user AND d.datname = current_database()"
                )
            ).first()
        return bool(row and row[0])
    database = engine.url.database
    if not database or database == ":memory:":
        return True  # an in-memory database belongs to its process
    return owns_file(Path(database))


def owns_file(path: Path) -> bool:
    """True when this account owns the file (or is root), so it may change it at will."""
    if not hasattr(os, "getuid") or os.getuid() == 0:
        return True
    try:
        return path.stat().st_uid == os.getuid()
    except OSError:
        return False


def keep_private(path: Path) -> None:
    """Make a database file the tool just created readable and writable by its owner only."""
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if candidate.exists():
            os.chmod(candidate, 0o600)
