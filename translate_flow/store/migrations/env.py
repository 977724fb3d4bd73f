"""Alembic environment: runs migrations on the connection translate-flow hands over."""

from alembic import context
from sqlmodel import SQLModel

import translate_flow.store.models  # noqa: F401  (registers the tables for autogenerate)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")

if connection is None:
    # `alembic revision --autogenerate` from a developer shell: use the URL from alembic.ini/-x.
    from sqlalchemy import create_engine

    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///autogen.db")
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
