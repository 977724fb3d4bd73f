"""Roles and the permissions each action needs.

With no users defined the tool runs in single-user mode: the current user holds every role, so a
fresh install works at once. Once a user exists, every action checks these rules.
"""

from __future__ import annotations

from translate_flow.errors import PermissionDenied

TRANSLATOR = "translator"
EDITOR = "editor"
TERMINOLOGIST = "terminologist"
ADMIN = "admin"
ROLES = (TRANSLATOR, EDITOR, TERMINOLOGIST, ADMIN)

# action -> roles allowed to do it. Admins may do everything (they run the desk's installation).
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "ingest": (TRANSLATOR, EDITOR),
    "translate": (TRANSLATOR, EDITOR),
    "check": (TRANSLATOR, EDITOR, TERMINOLOGIST),
    "edit": (TRANSLATOR, EDITOR),
    "accept": (TRANSLATOR, EDITOR),
    "comment": (TRANSLATOR, EDITOR, TERMINOLOGIST),
    "reject": (EDITOR,),
    # Judging a finding wrong for this sentence (and taking that back): the people who review.
    "dismiss-finding": (TRANSLATOR, EDITOR),
    "reopen-finding": (TRANSLATOR, EDITOR),
    "approve": (EDITOR,),
    "force-approve": (EDITOR,),
    "glossary-change": (TERMINOLOGIST,),
    "tm-import": (EDITOR, TERMINOLOGIST),
    "user-manage": (),
}


def allowed_roles(action: str) -> tuple[str, ...]:
    return PERMISSIONS[action] + (ADMIN,)


def require(user_name: str, roles: frozenset[str], action: str) -> str:
    """Check that a user with `roles` may do `action`; return the role they act in."""
    allowed = allowed_roles(action)
    for role in allowed:
        if role in roles:
            return role
    needed = " or ".join(allowed)
    have = ", ".join(sorted(roles)) or "no role"
    raise PermissionDenied(
        f"permission denied: {user_name} ({have}) cannot {action.replace('-', ' ')}; "
        f"it needs the role {needed}"
    )
