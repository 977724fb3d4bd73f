"""Queries for the desk's users: who they are and which roles they hold."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from translate_flow.store.models import User


def all_users(session: Session) -> list[User]:
    """Every desk user, by name."""
    return list(session.exec(select(User).order_by(User.name)).all())


def user_roles(engine: Engine) -> dict[str, frozenset[str]]:
    """Every desk user's roles, read in a short session of its own (before a command's
    transaction begins: who acts is settled first)."""
    with Session(engine) as session:
        return {u.name: u.role_set for u in session.exec(select(User)).all()}


def user_exists(session: Session, name: str) -> bool:
    return session.exec(select(User.id).where(User.name == name)).first() is not None
