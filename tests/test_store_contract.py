"""What exactly-once rests on, run against every database the bot supports: SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy.exc import IntegrityError

from bot import migrate
from bot.config import sqlalchemy_url
from bot.store import LeaseHeld, NominationRecord, Store, utcnow
from tests import backends

pytestmark = pytest.mark.every_backend


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'contract.sqlite3'}")
        migrate.upgrade(store)
        yield store
        store.dispose()
    else:
        with backends.postgres_schema() as url:
            store = Store(sqlalchemy_url(url))
            yield store
            store.dispose()


def event_row(event_id: str, chat: str = "U1") -> dict:
    return {"webhook_event_id": event_id, "chat_key": chat, "body": "{}", "received_at": utcnow(), "status": "pending"}


def test_an_event_id_is_stored_once_however_often_it_arrives(store):
    with store.session() as session:
        assert len(store.insert_new_events(session, [event_row("a"), event_row("b")])) == 2
    with store.session() as session:
        assert [r["webhook_event_id"] for r in store.insert_new_events(session, [event_row("b"), event_row("c")])] == ["c"]


def test_an_event_is_claimed_by_one_worker_only(store):
    with store.session() as session:
        store.insert_new_events(session, [event_row("x")])
    with store.read() as session:
        event_id = store.next_pending_event(session, "U1").id
    wins = []

    def claim():
        with store.session() as session:
            wins.append(store.claim_event(session, event_id, "done"))

    threads = [threading.Thread(target=claim) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 5 + [True]


def test_a_lease_is_exclusive_and_expires(store):
    with store.lease("chat:U1", 30):
        with pytest.raises(LeaseHeld):
            with store.lease("chat:U1", 30):
                pass
        with store.lease("chat:U2", 30):
            pass
    with store.lease("chat:U1", 0.2):
        pass
    # A holder that died keeps its lease only until it expires.
    holder = store.lease("chat:U3", 0.3)
    holder.__enter__()
    with pytest.raises(LeaseHeld):
        with store.lease("chat:U3", 30):
            pass
    time.sleep(0.4)
    with store.lease("chat:U3", 30):
        pass


def test_one_active_nomination_per_district_is_enforced_by_the_database(store):
    def nomination(revision: int, status: str = "active") -> NominationRecord:
        return NominationRecord(campaign_id="c", district_id="d", reference="R", revision=revision, status=status,
                                content="{}", submitted_by="U1", submitted_at=utcnow())

    with store.session() as session:
        session.add(nomination(1))
    with pytest.raises(IntegrityError):
        with store.session() as session:
            session.add(nomination(2))
    with store.session() as session:
        store.active_nomination(session, "c", "d").status = "replaced"
        session.flush()
        session.add(nomination(2))
    with store.read() as session:
        assert store.active_nomination(session, "c", "d").revision == 2
        assert store.latest_revision(session, "R") == 2


def test_district_codes_are_unique_and_rotate(store):
    with store.session() as session:
        codes = store.ensure_codes(session, ["a", "b", "c"])
    assert len(set(codes.values())) == 3
    with store.session() as session:
        new = store.rotate_code(session, "a")
    with store.read() as session:
        assert store.district_for_code(session, new) == "a"
        assert store.district_for_code(session, codes["a"]) is None


def test_failed_code_attempts_are_counted_within_the_window(store):
    from bot.store import CodeAttempt

    now = utcnow()
    with store.session() as session:
        for minutes in (90, 50, 10):
            session.add(CodeAttempt(user_id="U1", at=now - dt.timedelta(minutes=minutes), succeeded=False))
        session.add(CodeAttempt(user_id="U1", at=now, succeeded=True))
    with store.read() as session:
        assert len(store.failed_code_attempts(session, "U1", now - dt.timedelta(hours=1))) == 2


def test_a_slot_goes_to_the_first_caller_only_until_it_ends(store):
    assert store.claim_slot("review-poll", 0.3) is True
    assert store.claim_slot("review-poll", 0.3) is False
    time.sleep(0.4)
    assert store.claim_slot("review-poll", 0.3) is True


def run_together(count: int, work) -> list:
    """`work` in `count` threads released at the same moment (each its own connection, like processes)."""
    start, results, errors = threading.Barrier(count), [], []

    def run():
        start.wait()
        try:
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_the_google_quota_is_never_overbooked_by_callers_at_once(store):
    def book_many():
        return [store.reserve_call("google-write", 50) for _ in range(15)]

    waits = [wait for batch in run_together(8, book_many) for wait in batch]
    assert waits.count(0.0) == 50  # 120 asked at once: exactly the 50 the minute allows were booked
    assert all(wait > 0 for wait in waits if wait != 0.0)


def test_processes_starting_at_once_issue_each_district_one_code(store):
    def start():
        with store.session() as session:
            return store.ensure_codes(session, [f"district-{n}" for n in range(30)])

    issued = run_together(4, start)
    assert all(codes == issued[0] for codes in issued)
    assert len(set(issued[0].values())) == 30
