"""Alembic environment: always runs on a connection handed in by the plan store."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from lmplanner.core.store import schema  # registers the tables on SQLModel.metadata

connection = context.config.attributes["connection"]
schema.declare_partial_indexes(connection.dialect.name)
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
