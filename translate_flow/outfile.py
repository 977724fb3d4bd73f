"""Writing a file the user named with -o: all of it or nothing.

The bytes go to a temporary file in the same folder, which is then renamed over the target:
a reader, or a crash halfway, never sees half a file, and a command that fails leaves the old
file as it was. A folder that does not exist is refused rather than created: it is most often a
typo.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from translate_flow.errors import InputError


def check_folder(path: str | os.PathLike[str]) -> None:
    """Refuse a path whose folder does not exist, or that is a folder itself."""
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"cannot write {path}: the folder {folder} does not exist")
    if target.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path`, replacing it whole; an existing file keeps its permissions."""
    with atomic_output(path) as file:
        file.write(data)


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file to write `path` through, for output streamed in pieces: renamed into
    place when the block ends, removed (the old file untouched) when it raises."""
    check_folder(path)
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        with suppress(OSError):
            os.unlink(temporary)
        raise InputError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
