"""Alembic environment: run by backstride.storage.engine.upgrade with an open connection.

For developers: ``alembic -x url=sqlite:///dev.db revision --autogenerate -m "..."`` with
``script_location`` pointing here also works (the URL comes from ``-x url=``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from backstride.storage.models import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///backstride-dev.db")
    with create_engine(url).connect() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
