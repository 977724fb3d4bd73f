"""The sizes translate-flow accepts, in one place (README "Limits").

Each limit is far above honest data and far below what makes work explode: a sentence of 20,000
characters is a missing sentence boundary or a broken file, not prose, and every check, matcher
and terminal line would carry it.
"""

from __future__ import annotations

from translate_flow.errors import InputError

# One segment's source or translation (ingest, segment edit, exchange import, the checks).
MAX_SEGMENT_CHARS = 20_000
# A comment on a segment, a reason for a forced approval.
MAX_COMMENT_CHARS = 10_000


def refuse_oversized(text: str, what: str, limit: int) -> str:
    """Return `text`, or raise InputError when it is longer than `limit` characters."""
    if len(text) > limit:
        raise InputError(f"{what} is {len(text):,} characters long; the limit is {limit:,}")
    return text
