"""Schema changes as Alembic migrations, the same on SQLite and PostgreSQL.

One command applies them: `flask --app bot db upgrade` (the Procfile's release step runs it). It needs no
running bot and no app: it reads DATABASE_URL like everything else. On SQLite (one machine) the bot also
upgrades by itself at start; on PostgreSQL a process whose code is newer than the schema refuses to start
and says which command to run, so several processes never race to change a shared database.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from bot.config import Config
from bot.errors import ConfigError
from bot.store import Store

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The schema as the first release made it with create_all, before there were migrations.
BASELINE = "0001"


class SchemaNotCurrent(ConfigError):
    """The database's schema is older (or newer) than this code's."""

    def __init__(self, current: str | None, head: str):
        super().__init__("DATABASE_URL", f"holds schema {current or 'none'} but this code needs {head}: "
                                         "run `flask --app bot db upgrade` first (the Procfile's release step does)")


@dataclass(frozen=True)
class Outcome:
    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(store: Store) -> str | None:
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migrating(store: Store) -> Iterator[AlembicConfig]:
    """Alembic's config bound to one transaction that holds the migration lock (callers wait for each other)."""
    config = alembic_config()
    with store.engine.begin() as connection:  # on SQLite this takes the write lock at BEGIN
        store.lock(connection, "schema-migration")
        config.attributes["connection"] = connection
        yield config


def _revision(config: AlembicConfig) -> str | None:
    return MigrationContext.configure(config.attributes["connection"]).get_current_revision()


def upgrade(store: Store, target: str = "head") -> Outcome:
    """Bring the schema to `target` in one transaction."""
    with _migrating(store) as config:
        before = _revision(config)
        if before is None and inspect(config.attributes["connection"]).has_table("inbound_events"):
            command.stamp(config, BASELINE)  # a database made before migrations existed
            before = BASELINE
        command.upgrade(config, target)
        return Outcome(before, _revision(config))


def downgrade(store: Store, target: str) -> Outcome:
    with _migrating(store) as config:
        before = _revision(config)
        command.downgrade(config, target)
        return Outcome(before, _revision(config))


def prepare(store: Store) -> None:
    """At start: SQLite is brought up to date here; PostgreSQL must already be (see the module's note)."""
    if store.engine.dialect.name == "sqlite":
        outcome = upgrade(store)
        if outcome.changed:
            logger.info("database schema %s -> %s", outcome.before or "empty", outcome.after)
        return
    now, wanted = current(store), head()
    if now != wanted:
        raise SchemaNotCurrent(now, wanted)


# --- `flask db ...`: registered as a Flask plugin command, so it runs without building the app ---------------
@click.group("db", help="The database schema (Alembic migrations).")
def db_group() -> None:
    pass


@contextmanager
def _store() -> Iterator[Store]:
    config = Config.from_env()
    config.instance_path.mkdir(parents=True, exist_ok=True)  # where the default SQLite database lives
    store = Store(config.sqlalchemy_url)
    try:
        yield store
    finally:
        store.dispose()


@db_group.command("upgrade", help="Apply every migration not yet applied (safe to run again).")
@click.argument("revision", default="head")
def upgrade_command(revision: str) -> None:
    with _store() as store:
        outcome = upgrade(store, revision)
    if outcome.changed:
        click.echo(f"schema upgraded: {outcome.before or 'empty'} -> {outcome.after}")
    else:
        click.echo(f"schema already at {outcome.after}")


@db_group.command("downgrade", help="Undo migrations down to REVISION (to run an older release again).")
@click.argument("revision")
def downgrade_command(revision: str) -> None:
    with _store() as store:
        outcome = downgrade(store, revision)
    click.echo(f"schema downgraded: {outcome.before or 'empty'} -> {outcome.after or 'empty'}")


@db_group.command("current", help="Which migration the database is at, and which this code needs.")
def current_command() -> None:
    with _store() as store:
        now = current(store)
    wanted = head()
    click.echo(f"database: {now or 'empty'}\ncode:     {wanted}")
    if now != wanted:
        raise SystemExit(1)


@db_group.command("revision", help="Write a new migration from the models' changes (for developers).")
@click.argument("message")
def revision_command(message: str) -> None:
    """Compares the models with a scratch SQLite database brought to head, and writes the difference."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/scratch.sqlite3")
        try:
            upgrade(store)
            with _migrating(store) as config:
                script = command.revision(config, message=message, autogenerate=True, rev_id=f"{int(head()) + 1:04d}")
        finally:
            store.dispose()
    click.echo(f"wrote {Path(script.path).relative_to(MIGRATIONS.parent.parent)}: read it before committing")
