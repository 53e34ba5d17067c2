"""Schema changes go through Alembic migrations: one command, the same on SQLite and PostgreSQL."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from bot import create_app, migrate
from bot.config import Config, sqlalchemy_url
from bot.store import Base, NominationRecord, Store, utcnow
from tests import backends
from tests.conftest import DEMO

pytestmark = pytest.mark.every_backend
HEAD = migrate.head()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    else:
        with backends.postgres_schema(migrated=False) as url:
            yield url


@pytest.fixture
def store(database_url):
    store = Store(sqlalchemy_url(database_url))
    yield store
    store.dispose()


def flask_db(database_url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """What an operator (or the Procfile's release step) types: no bot running, no LINE settings."""
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "INSTANCE_PATH": str(tmp_path / "instance")}
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run([str(flask), "--app", "bot", "db", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def differences(store: Store) -> list:
    with store.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_one_command_brings_an_empty_database_to_the_models_schema(database_url, store, tmp_path):
    first = flask_db(database_url, tmp_path, "upgrade")
    assert first.returncode == 0, first.stderr
    assert f"schema upgraded: empty -> {HEAD}" in first.stdout
    again = flask_db(database_url, tmp_path, "upgrade")
    assert f"schema already at {HEAD}" in again.stdout  # the release step runs it on every deploy
    assert flask_db(database_url, tmp_path, "current").returncode == 0
    assert differences(store) == []  # the migrations build exactly what the models describe


def test_every_migration_can_be_undone_and_applied_again(store):
    migrate.upgrade(store)
    migrate.downgrade(store, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(store)
    assert differences(store) == []


def test_a_database_made_before_migrations_is_adopted_and_keeps_its_data(database_url, store, tmp_path):
    migrate.upgrade(store, migrate.BASELINE)  # what the first release's create_all made...
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))  # ...which knew nothing of Alembic
    with store.session() as session:
        session.add(NominationRecord(campaign_id="c", district_id="d", reference="CBI-1", revision=1, content="{}",
                                     submitted_by="U1", submitted_at=utcnow()))
    result = flask_db(database_url, tmp_path, "upgrade")
    assert result.returncode == 0, result.stderr
    assert f"schema upgraded: {migrate.BASELINE} -> {HEAD}" in result.stdout
    with store.read() as session:
        assert [n.reference for n in session.query(NominationRecord)] == ["CBI-1"]
    assert differences(store) == []


def test_on_sqlite_the_bot_upgrades_its_own_database_at_start(tmp_path):
    config = Config(instance_path=tmp_path / "instance", campaign_file=DEMO)
    app = create_app(config)
    try:
        assert migrate.current(app.extensions["services"].store) == HEAD
    finally:
        app.extensions["services"].close()


def test_on_postgresql_a_process_refuses_an_older_schema_and_names_the_command(tmp_path):
    with backends.postgres_schema(migrated=False) as url:
        config = Config(instance_path=tmp_path / "instance", campaign_file=DEMO, database_url=url)
        with pytest.raises(migrate.SchemaNotCurrent, match="flask --app bot db upgrade"):
            create_app(config)
        assert flask_db(url, tmp_path, "upgrade").returncode == 0
        app = create_app(config)
        app.extensions["services"].close()


def test_two_release_steps_at_once_apply_each_migration_once(tmp_path):
    with backends.postgres_schema(migrated=False) as url:
        env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "INSTANCE_PATH": str(tmp_path / "instance")}
        flask = str(Path(sys.executable).with_name("flask"))
        runs = [subprocess.Popen([flask, "--app", "bot", "db", "upgrade"], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [run.communicate(timeout=60) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
        said = sorted(out.strip() for out, _ in outputs)
        assert said == [f"schema already at {HEAD}", f"schema upgraded: empty -> {HEAD}"]
