"""What the bot asks of its job queue, run against both: huey on SQLite (one machine) and on Redis."""
from __future__ import annotations

import threading
import time

import pytest
from huey import RedisHuey, SqliteHuey
from huey.exceptions import RetryTask

from bot.jobs import start_embedded_consumer
from tests import backends

pytestmark = pytest.mark.every_backend


@pytest.fixture(params=["sqlite", "redis"])
def make_huey(request, tmp_path):
    """Builds the queue as each worker process would: its own client of the same shared queue."""
    if request.param == "sqlite":
        yield lambda: SqliteHuey("contract", filename=str(tmp_path / "jobs.sqlite3"))
    else:
        with backends.redis_queue() as (url, name):
            yield lambda: RedisHuey(name, url=url)


class Ledger:
    def __init__(self):
        self.runs: list = []
        self.lock = threading.Lock()

    def add(self, item) -> None:
        with self.lock:
            self.runs.append(item)

    def wait_for(self, count: int, seconds: float = 20) -> list:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and len(self.runs) < count:
            time.sleep(0.02)
        time.sleep(0.3)  # long enough for a doubled run to show
        return list(self.runs)


def worker(make_huey, ledger: Ledger):
    """One worker process's view: the queue, the task, and a consumer with two threads."""
    huey = make_huey()

    @huey.task(retries=3, retry_delay=0)
    def record(item, fail_first=False):
        if fail_first and (item, "failed") not in ledger.runs:
            ledger.add((item, "failed"))
            raise RetryTask(delay=0.1)
        ledger.add(item)

    return huey, record


def test_each_enqueued_task_runs_exactly_once_with_two_workers(make_huey):
    ledger = Ledger()
    (huey_a, record_a), (huey_b, _) = worker(make_huey, ledger), worker(make_huey, ledger)
    for item in range(300):
        record_a(item)  # the web process enqueues; two workers share the queue
    consumers = [start_embedded_consumer(huey_a), start_embedded_consumer(huey_b)]
    try:
        runs = ledger.wait_for(300)
    finally:
        for consumer in consumers:
            consumer.stop(graceful=True)
    assert sorted(runs) == list(range(300))


def test_tasks_enqueued_while_no_worker_runs_wait_for_one(make_huey):
    ledger = Ledger()
    _, record = worker(make_huey, ledger)
    record("queued before any worker started")
    huey, _ = worker(make_huey, ledger)  # a worker process started later
    consumer = start_embedded_consumer(huey)
    try:
        assert ledger.wait_for(1) == ["queued before any worker started"]
    finally:
        consumer.stop(graceful=True)


def test_a_delayed_task_waits_and_a_retried_task_runs_again_once(make_huey):
    ledger = Ledger()
    huey, record = worker(make_huey, ledger)
    consumer = start_embedded_consumer(huey)
    try:
        started = time.monotonic()
        record.schedule(args=("later",), delay=1.5)
        record("flaky", fail_first=True)
        runs = ledger.wait_for(3)
        assert runs.count(("flaky", "failed")) == 1 and runs.count("flaky") == 1
        assert runs[-1] == "later" and time.monotonic() - started >= 1.5
    finally:
        consumer.stop(graceful=True)
