"""Errors that reach the user as one clear line and a documented exit code.

Exit codes: 0 success, 1 bad input or state, 2 usage (click), 3 permission denied; 130 and 143
when Ctrl-C or SIGTERM stopped the command (cli/main.py).
`translate-flow qa` also exits 1 when it found something; a file it cannot read is exit 1 with an
error line on stderr and nothing on stdout, so a script tells the two apart by the output.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_PERMISSION_DENIED = 3
EXIT_QA_FINDINGS = 1  # `qa` found something


class TranslateFlowError(Exception):
    """Base of every error the command line reports as one line without a traceback."""

    exit_code = EXIT_BAD_INPUT


class InputError(TranslateFlowError):
    """The input (a file, an option, a text) cannot be used."""


class NotFoundError(TranslateFlowError):
    """An article, segment, user or concept with that id does not exist."""


class StateError(TranslateFlowError):
    """The action is not allowed in the current state (e.g. approving an unaccepted segment)."""


class ConflictError(StateError):
    """Someone else changed the object since it was loaded (optimistic locking)."""


class BusyError(StateError):
    """Another command held the database's write lock for longer than the wait allows."""


class PermissionDenied(TranslateFlowError):
    """The current user lacks the role the action needs."""

    exit_code = EXIT_PERMISSION_DENIED
