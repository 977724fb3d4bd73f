"""What every use case needs: the database, the acting user and the desk's configuration.

Who acts is settled once per command by `open_desk`: the database login on PostgreSQL, the
operating-system account on SQLite (store/identity.py). `--user`/TRANSLATE_FLOW_USER name another
desk user only for a desk admin or an account with full control of the database; the audit log then
records "admin X as Y". With no desk users at all (single-user mode) the named user acts with
every role, as on a fresh install.
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from translate_flow.errors import PermissionDenied
from translate_flow.store.db import Engine, Session
from translate_flow.store.models import AuditLog
from translate_flow.store.user_queries import all_users, user_roles
from translate_flow.workflow import roles as rolemod


@dataclass
class Desk:
    engine: Engine
    user_name: str
    config: dict[str, Any] = field(default_factory=dict)


# The account that acts as another desk user in this command (`--user` by an admin), if any.
_acting_admin: ContextVar[str | None] = ContextVar("acting_admin", default=None)


def open_desk(engine: Engine, requested: str | None, config: dict[str, Any]) -> Desk:
    """The desk for one command, its user settled (workflow.roles.settle_identity)."""
    from translate_flow.store.identity import database_account, has_full_control

    _acting_admin.set(None)
    users = user_roles(engine)
    account = database_account(engine)
    full_control = bool(users) and requested not in (None, account) and has_full_control(engine)
    name, admin = rolemod.settle_identity(account, requested, users, full_control)
    _acting_admin.set(admin)
    return Desk(engine, name, config)


@dataclass(frozen=True)
class Actor:
    name: str
    roles: frozenset[str]
    single_user: bool

    def require(self, action: str) -> str:
        """The role this actor acts in for `action`, or PermissionDenied."""
        return rolemod.require(self.name, self.roles, action)

    def has(self, role: str) -> bool:
        return role in self.roles or rolemod.ADMIN in self.roles


def load_actor(session: Session, user_name: str) -> Actor:
    """With no users defined, everyone acts with every role (single-user mode)."""
    users = all_users(session)
    if not users:
        return Actor(user_name, frozenset(rolemod.ROLES), single_user=True)
    for user in users:
        if user.name == user_name:
            return Actor(user_name, user.role_set, single_user=False)
    raise PermissionDenied(
        f"permission denied: {user_name} is not a translate-flow user; "
        "an admin adds users with 'translate-flow user add NAME --role ROLE'"
    )


def audit(
    session: Session,
    actor: Actor,
    role: str,
    action: str,
    object_type: str,
    object_id: Any,
    article_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    session.add(
        AuditLog(
            user=actor.name,
            role=role,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            article_id=article_id,
            by_admin=_acting_admin.get(),
            before=None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            after=None if after is None else json.dumps(after, ensure_ascii=False, default=str),
        )
    )
