"""Where the suite keeps state: SQLite and huey's SQLite queue by default, or, with TEST_BACKEND=services,
the PostgreSQL and Redis servers this machine runs. Each test gets its own schema and its own queue."""
from __future__ import annotations

import functools
import os
import uuid
from contextlib import contextmanager
from typing import Iterator

import pytest

from bot.config import sqlalchemy_url

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
USE_SERVICES = os.environ.get("TEST_BACKEND", "sqlite") == "services"
REQUIRED = os.environ.get("REQUIRE_SERVICES") == "1"


@functools.cache
def unavailable() -> str | None:
    """Why PostgreSQL or Redis cannot be used here, or None when both answer (asked once a run)."""
    import redis
    import sqlalchemy

    try:
        engine = sqlalchemy.create_engine(sqlalchemy_url(POSTGRES_URL))
        with engine.connect():
            pass
        engine.dispose()
    except sqlalchemy.exc.OperationalError as exc:
        return f"PostgreSQL is not reachable at {POSTGRES_URL.rsplit('@', 1)[-1]} ({type(exc.orig).__name__})"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis is not reachable at {REDIS_URL.rsplit('@', 1)[-1]} ({type(exc).__name__})"
    return None


def skip_or_fail(reason: str) -> None:
    """A missing server fails CI (REQUIRE_SERVICES=1) and skips, saying why, on a laptop."""
    if REQUIRED:
        pytest.fail(f"{reason}; CI requires it (REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(f"{reason} (CI runs this with REQUIRE_SERVICES=1)")


@contextmanager
def postgres_schema(*, migrated: bool = True) -> Iterator[str]:
    """A DATABASE_URL whose tables live in a fresh schema of the test database; dropped afterwards."""
    import sqlalchemy

    from bot import migrate
    from bot.store import Store

    reason = unavailable()
    if reason:
        skip_or_fail(reason)
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sqlalchemy.create_engine(sqlalchemy_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    try:
        if migrated:  # what the release step does before any process starts
            store = Store(sqlalchemy_url(url))
            migrate.upgrade(store)
            store.dispose()
        yield url
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@contextmanager
def redis_queue() -> Iterator[tuple[str, str]]:
    """(REDIS_URL, QUEUE_NAME) for a queue of this test's own; emptied afterwards."""
    from huey import RedisHuey

    reason = unavailable()
    if reason:
        skip_or_fail(reason)
    name = "test-" + uuid.uuid4().hex[:12]
    try:
        yield REDIS_URL, name
    finally:
        huey = RedisHuey(name, url=REDIS_URL)
        huey.storage.flush_all()
        huey.storage.pool.disconnect()


@contextmanager
def state_for_test(config):
    """The config with this run's database and queue (unchanged on the default SQLite run)."""
    if not USE_SERVICES:
        yield config
        return
    with postgres_schema() as database_url, redis_queue() as (redis_url, queue_name):
        yield config.with_changes(database_url=database_url, redis_url=redis_url, queue_name=queue_name)


def process_env(config, **extra: str) -> dict[str, str]:
    """The environment a bot process started by a test needs to share this test's state."""
    env = dict(os.environ, INSTANCE_PATH=str(config.instance_path), CAMPAIGN_FILE=str(config.campaign_file),
               QUEUE_NAME=config.queue_name, **extra)
    for name, value in (("DATABASE_URL", config.database_url), ("REDIS_URL", config.redis_url)):
        if value:
            env[name] = value
        else:
            env.pop(name, None)
    return env
