"""User management: adding users with roles, listing them."""

from __future__ import annotations

from dataclasses import dataclass

from translate_flow.errors import InputError
from translate_flow.services.context import Desk, audit, load_actor
from translate_flow.store.db import transaction
from translate_flow.store.models import User
from translate_flow.store.user_queries import all_users
from translate_flow.workflow.roles import ADMIN, ROLES


@dataclass
class UserInfo:
    name: str
    roles: list[str]  # sorted

    @classmethod
    def of(cls, user: User) -> UserInfo:
        return cls(name=user.name, roles=sorted(user.role_set))


def add_user(desk: Desk, name: str, roles: list[str]) -> UserInfo:
    name = name.strip()
    if not name:
        raise InputError("a user needs a name")
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise InputError(f"unknown role {unknown[0]!r}; roles are {', '.join(ROLES)}")
    if not roles:
        raise InputError(f"give at least one --role ({', '.join(ROLES)})")
    with transaction(desk.engine) as session:
        actor = load_actor(session, desk.user_name)
        existing = all_users(session)
        if existing:
            role = actor.require("user-manage")
        else:
            # The first user must be able to manage the rest, or the desk locks itself out.
            role = ADMIN
            if ADMIN not in roles:
                raise InputError(
                    "the first user must have the admin role, or nobody could add more users; "
                    f"try: translate-flow user add {name} --role admin"
                )
        if any(u.name == name for u in existing):
            raise InputError(f"user {name} already exists")
        user = User(name=name, roles=",".join(dict.fromkeys(roles)))
        session.add(user)
        session.flush()
        if desk.engine.dialect.name == "postgresql":
            from translate_flow.store.pg_access import provision_login

            provision_login(session.connection(), name, list(dict.fromkeys(roles)))
        audit(session, actor, role, "user-add", "user", name, after={"roles": roles})
        return UserInfo.of(user)


def list_users(desk: Desk) -> list[UserInfo]:
    with transaction(desk.engine) as session:
        return [UserInfo.of(u) for u in all_users(session)]
