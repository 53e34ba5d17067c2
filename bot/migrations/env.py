"""Alembic's entry: migrations run on the connection the bot hands over (see bot.migrate), never on their own."""
from alembic import context

from bot.store import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `flask --app bot db upgrade` (bot.migrate), which passes the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot alter most of a table in place: batch mode copies it, on SQLite only.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
