"""Units an agency locked in its file (memoQ mq:locked, Trados sdl:seg locked) stay as they came.

`ingest` marks their segments locked (store/lock_rows.py); every path that would change a
segment's target or status asks here first: `segment edit`/`accept`/`reject` and the review
screen refuse, `translate` skips (and says so), an import of targets refuses the file, segment
corrections refuse, and `export --format original` writes the unit back byte for byte. A comment
is still allowed: it changes nothing the file carries.
"""

from __future__ import annotations

from translate_flow.errors import StateError

LOCKED = "locked"


def refuse_locked(segment, action: str) -> None:
    """Refuse `action` (a verb: "edited", "translated") on a segment locked in the agency's file."""
    if getattr(segment, "locked", False):
        raise StateError(
            f"segment {segment.id} is locked in the agency's file: it cannot be {action} and is "
            "written back as it came"
        )


def locked_note(article_id: int, lang: str, count: int) -> str:
    """The line `translate` prints for the locked segments of one article it left alone."""
    return (
        f"article {article_id} ({lang}): {count} segment(s) locked in the agency's file "
        "left as they are"
    )
