"""Answers of a slow analyser kept on disk between runs: word → lemmas.

Reading the hunspell-be dictionary with spylls takes about 1.5 s, more than everything else a
command like `segment edit` does. A Belarusian article's words were nearly all analysed before,
when the article was translated and checked, so the answers are kept in a small SQLite file and a
later command asks the dictionary only about words it has not seen.

The file is named after the dictionary it caches (the .aff and .dic files' sizes and times), so an
updated dictionary starts a new file. It lives in $TRANSLATE_FLOW_CACHE_DIR, else
$XDG_CACHE_HOME/translate-flow, else ~/.cache/translate-flow. It is only an optimisation: when it
cannot be read or written (a read-only home, a full disk) the analyser is simply asked again.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import sqlite3
import threading
from pathlib import Path

# Written into the file name with the dictionary's identity: bump when the way lemmas are derived
# from the analyser's answers changes, so old answers are not reused.
FORMAT = "1"


def cache_dir() -> Path:
    explicit = os.environ.get("TRANSLATE_FLOW_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "translate-flow"


def store_name(kind: str, sources: list[Path]) -> str:
    """A file name that changes whenever one of the source files changes."""
    identity = hashlib.sha256(FORMAT.encode())
    for source in sources:
        stat = source.stat()
        identity.update(f"{source}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return f"{kind}-{identity.hexdigest()[:16]}.sqlite"


class LemmaStore:
    """word → lemmas, read from a SQLite file on demand and written back when the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._broken = False
        self._pending: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()  # the MT layer lemmatises from several threads
        atexit.register(self.flush)

    def get(self, word: str) -> tuple[str, ...] | None:
        with self._lock:
            if word in self._pending:
                return self._pending[word]
            connection = self._connect()
            if connection is None:
                return None
            try:
                row = connection.execute(
                    "SELECT lemmas FROM lemma WHERE word = ?", (word,)
                ).fetchone()
            except sqlite3.Error:
                self._broken = True
                return None
        if row is None:
            return None
        return tuple(row[0].split("\t")) if row[0] else ()

    def put(self, word: str, lemmas: tuple[str, ...]) -> None:
        with self._lock:
            if not self._broken:
                self._pending[word] = lemmas

    def flush(self) -> None:
        with self._lock:
            if not self._pending:
                return
            connection = self._connect()
            if connection is None:
                return
            rows = [(word, "\t".join(lemmas)) for word, lemmas in self._pending.items()]
            try:
                with connection:
                    connection.executemany(
                        "INSERT OR IGNORE INTO lemma (word, lemmas) VALUES (?, ?)", rows
                    )
                self._pending.clear()
            except sqlite3.Error:
                self._broken = True

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is not None or self._broken:
            return self._connection
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # check_same_thread=False: the lock above serialises every use.
            connection = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS lemma (word TEXT PRIMARY KEY, lemmas TEXT NOT NULL)"
                " WITHOUT ROWID"
            )
        except (OSError, sqlite3.Error):
            self._broken = True
            return None
        self._connection = connection
        return connection
