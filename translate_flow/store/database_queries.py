"""What the command line may show of a database URL."""

from __future__ import annotations

from sqlalchemy.engine import make_url


def shown_url(url: str) -> str:
    """The URL with its password masked, for output and messages."""
    return make_url(url).render_as_string(hide_password=True)
