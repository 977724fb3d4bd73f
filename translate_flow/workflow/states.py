"""The one state machine of a translation's status.

Every status change goes through `transition()`: commands never set a status by hand, so the rules
below are the whole truth about what may follow what.
"""

from __future__ import annotations

from translate_flow.errors import StateError

NEW = "new"
MACHINE_TRANSLATED = "machine-translated"
TRANSLATED = "translated"
APPROVED = "approved"
REJECTED = "rejected"
SOURCE_CHANGED = "source-changed"

STATUSES = (NEW, MACHINE_TRANSLATED, TRANSLATED, APPROVED, REJECTED, SOURCE_CHANGED)

# What still needs a translator: the default review queue.
OPEN_FOR_TRANSLATOR = (NEW, MACHINE_TRANSLATED, REJECTED, SOURCE_CHANGED)
# Not yet approved: glossary changes re-check these.
NOT_APPROVED = (NEW, MACHINE_TRANSLATED, TRANSLATED, REJECTED, SOURCE_CHANGED)

# action -> (statuses it may start from, status it leads to). None as target keeps the status.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    # An engine may fill or refill anything a human has not accepted yet.
    "machine-translate": ((NEW, MACHINE_TRANSLATED, SOURCE_CHANGED), MACHINE_TRANSLATED),
    # A translator's or editor's edit: the new text is a human translation, accepted by its author.
    "edit": ((NEW, MACHINE_TRANSLATED, TRANSLATED, REJECTED, SOURCE_CHANGED, APPROVED), TRANSLATED),
    # A translator asked an engine again on the review screen and kept its proposal: machine
    # output again, whatever the status was, waiting to be accepted like any other.
    "retranslate": (
        (NEW, MACHINE_TRANSLATED, TRANSLATED, REJECTED, SOURCE_CHANGED),
        MACHINE_TRANSLATED,
    ),
    "accept": ((MACHINE_TRANSLATED, REJECTED, SOURCE_CHANGED, TRANSLATED), TRANSLATED),
    "reject": ((TRANSLATED, APPROVED, MACHINE_TRANSLATED), REJECTED),
    "approve": ((TRANSLATED,), APPROVED),
    # An editor may approve over unaccepted segments or open findings, with a recorded reason.
    "force-approve": ((MACHINE_TRANSLATED, TRANSLATED, REJECTED, SOURCE_CHANGED), APPROVED),
    "comment": (STATUSES, None),
    "source-change": (STATUSES, SOURCE_CHANGED),
    "carry-over": (STATUSES, None),
}


def transition(status: str, action: str) -> str:
    """Return the status after `action`, or raise StateError saying why it is not allowed."""
    try:
        allowed, target = TRANSITIONS[action]
    except KeyError:
        raise StateError(f"unknown action {action!r}") from None
    if status not in allowed:
        if action == "accept" and status == NEW:
            raise StateError("cannot accept an empty translation; edit it with --text first")
        if action == "accept" and status == APPROVED:
            raise StateError("the translation is already approved")
        raise StateError(f"cannot {action} a translation that is {status}")
    return status if target is None else target
