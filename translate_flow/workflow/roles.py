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
    # Let a translator read and work on a restricted article (services/access.py).
    "assign": (EDITOR,),
    # Export the restricted part of the memory (`tm export --restricted`): admins only.
    "tm-export-restricted": (),
    # Removing the title segments old imports made up from the lead, desk-wide: admins only.
    "title-repair": (),
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


def settle_identity(
    account: str,
    requested: str | None,
    users: dict[str, frozenset[str]],
    full_control: bool,
) -> tuple[str, str | None]:
    """Who acts in a command, and the admin acting as them (or None).

    `account` is who the database or the operating system says is at the keyboard; `requested`
    the desk user named with --user or TRANSLATE_FLOW_USER; `users` the desk's users and roles.
    With no desk users (single-user mode) anyone acts, under the name they give. Otherwise only a
    desk admin, or an account with full control of the database (which could bypass the tool
    anyway), may act as another user; everyone else acts as themselves, and only if they are a
    desk user.
    """
    if not users:
        return requested or account, None
    if requested and requested != account:
        if ADMIN not in users.get(account, frozenset()) and not full_control:
            raise PermissionDenied(
                f"permission denied: only a desk admin may act as another user; you are "
                f"{account} (drop --user and TRANSLATE_FLOW_USER)"
            )
        if requested not in users:
            raise PermissionDenied(f"permission denied: {requested} is not a translate-flow user")
        return requested, account
    if account not in users:
        raise PermissionDenied(
            f"permission denied: {account} is not a translate-flow user; "
            "a desk admin adds users with 'translate-flow user add NAME --role ROLE'"
        )
    return account, None
