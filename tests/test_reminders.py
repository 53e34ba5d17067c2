"""Deadline reminders over a whole round, with time moved by the test: the right people, once, retry-safe."""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import select

from bot import create_app
from bot.store import Broadcast, BroadcastBatch
from tests.conftest import BANGKOK
from tests.harness import texts
from tests.test_nomination_dialogue import HAPPY_PATH, play


def at(day: int, hour: int = 9, minute: int = 0, month: int = 7) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, minute, tzinfo=BANGKOK)


def wait_sent(services, timeout: float = 20) -> list[Broadcast]:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with services.store.read() as session:
            rows = list(session.scalars(select(Broadcast).order_by(Broadcast.id)))
        if rows and all(r.status not in ("pending", "sending") for r in rows):
            return rows
        time.sleep(0.05)
    raise AssertionError("broadcasts did not finish")


def multicast_to(standin) -> dict[str, list[str]]:
    """Recipient -> the texts multicast to them (what each officer's phone shows)."""
    out: dict[str, list[str]] = {}
    for delivery in standin.deliveries:
        if delivery.kind == "multicast":
            out.setdefault(delivery.to, []).extend(m["text"] for m in delivery.messages)
    return out


@pytest.fixture
def round_(officer_of, app, bot, clock):
    """Four districts' officers: เมืองชลบุรี nominated (2 officers), บ้านบึง has a draft, หนองใหญ่ nothing yet."""
    done_a, done_b = officer_of("mueang-chonburi", "ก ก"), officer_of("mueang-chonburi", "ข ข")
    drafting, idle = officer_of("ban-bueng", "ค ค"), officer_of("nong-yai", "ง ง")
    play(done_a, HAPPY_PATH)
    play(drafting, HAPPY_PATH[:4])
    return {"done": (done_a, done_b), "drafting": drafting, "idle": idle, "jobs": app.extensions["jobs"]}


def test_each_slot_reaches_only_districts_that_owe_a_nomination_once(round_, services, standin, clock):
    jobs, drafting, idle = round_["jobs"], round_["drafting"], round_["idle"]
    clock.set(at(13, 8, 59))
    assert jobs.remind_now() == []  # 7 days before, but not 09:00 yet
    clock.set(at(13, 9, 0))
    assert len(jobs.remind_now()) == 1
    wait_sent(services)
    told = multicast_to(standin)
    assert set(told) == {drafting.user_id, idle.user_id}
    assert "ร่างการเสนอชื่อที่ยังไม่ส่ง" in told[drafting.user_id][0]
    assert "เหลืออีก 7 วัน (ส่งได้ถึง 20 ก.ค. 2570)" in told[idle.user_id][0]
    clock.set(at(13, 9, 30))
    assert jobs.remind_now() == []  # the slot is done; asking again sends nothing

    play(idle, HAPPY_PATH)  # หนองใหญ่ nominates before the next slot
    clock.set(at(17, 9, 1))
    jobs.remind_now()
    wait_sent(services)
    told = multicast_to(standin)
    assert len(told[drafting.user_id]) == 2 and len(told[idle.user_id]) == 1

    # The draft button leads straight back to where the officer was.
    reply = drafting.taps("a=continue")
    assert "สังกัด" in texts(reply)

    clock.set(at(20, 9, 0))
    jobs.remind_now()
    wait_sent(services)
    assert "วันนี้เป็นวันสุดท้าย" in multicast_to(standin)[drafting.user_id][-1]
    clock.set(at(21, 9, 0))
    assert jobs.remind_now() == []  # after the deadline: nothing
    with services.store.read() as session:
        slots = [(b.slot_key, b.status, b.recipients) for b in session.scalars(select(Broadcast).order_by(Broadcast.id))]
    # Nobody looked on the 19th at 09:00, so the 1-day slot is on record as skipped, not silently lost.
    assert slots == [("reminder:chonburi-2570:7d", "sent", 2), ("reminder:chonburi-2570:3d", "sent", 1),
                     ("reminder:chonburi-2570:1d", "skipped", 0), ("reminder:chonburi-2570:0d", "sent", 1)]


def test_a_slot_missed_while_the_worker_was_down_is_sent_once_and_older_ones_are_recorded(round_, services,
                                                                                        standin, clock, config):
    clock.set(at(17, 11, 0))  # the worker was down from before the 7-day slot until after the 3-day one
    restarted = create_app(config, clock=clock.now)
    try:
        assert len(restarted.extensions["jobs"].remind_now()) == 1
        wait_sent(services)
    finally:
        restarted.extensions["services"].close()
    wait_sent(services)
    with services.store.read() as session:
        slots = {b.slot_key: (b.status, b.note) for b in session.scalars(select(Broadcast))}
    assert slots["reminder:chonburi-2570:7d"][0] == "skipped" and "3 วัน" in slots["reminder:chonburi-2570:7d"][1]
    assert slots["reminder:chonburi-2570:3d"][0] == "sent"
    assert "เหลืออีก 3 วัน" in multicast_to(standin)[round_["idle"].user_id][0]


def test_two_workers_at_the_same_slot_send_it_once(round_, services, standin, clock, config):
    clock.set(at(13, 9, 0))
    other = create_app(config, clock=clock.now)
    try:
        results = []
        workers = [threading.Thread(target=lambda j=j: results.append(j.remind_now()))
                   for j in (round_["jobs"], other.extensions["jobs"])]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert sorted(len(r) for r in results) == [0, 1]
        wait_sent(services)
    finally:
        other.extensions["services"].close()
    assert {user: len(texts_) for user, texts_ in multicast_to(standin).items()} == {
        round_["drafting"].user_id: 1, round_["idle"].user_id: 1}


def test_a_multicast_whose_answer_was_lost_is_retried_with_its_key_and_delivered_once(round_, services, standin,
                                                                                    clock):
    standin.fail("/v2/bot/message/multicast", 500, times=1, after_accepting=True)
    clock.set(at(13, 9, 0))
    round_["jobs"].remind_now()
    (broadcast,) = wait_sent(services)
    assert broadcast.status == "sent"
    keys = [key for path, key in standin.requests if path.endswith("/multicast")]
    assert len(keys) == 3 and keys[0] == keys[1] != keys[2]  # the lost batch again (409), then the next batch
    assert sorted(len(t) for t in multicast_to(standin).values()) == [1, 1]


def test_a_multicast_that_timed_out_is_retried_with_its_key_and_delivered_once(round_, services, standin, clock):
    standin.slow("/v2/bot/message/multicast", seconds=6, times=1)  # longer than our 5 s timeout
    clock.set(at(13, 9, 0))
    round_["jobs"].remind_now()
    (broadcast,) = wait_sent(services, timeout=40)
    assert broadcast.status == "sent"
    assert all(len(t) == 1 for t in multicast_to(standin).values())
    with services.store.read() as session:
        batches = list(session.scalars(select(BroadcastBatch).order_by(BroadcastBatch.id)))
    assert [b.attempts for b in batches] == [2, 1] and all(b.request_id for b in batches)


def test_a_send_that_would_go_over_the_quota_is_refused_whole(round_, services, standin, clock):
    standin.monthly_limit = standin.used_locked() + 1  # one message left; the slot needs two
    clock.set(at(13, 9, 0))
    round_["jobs"].remind_now()
    (broadcast,) = wait_sent(services)
    assert broadcast.status == "refused" and "ต้องใช้ 2 ข้อความ เหลือ 1" in broadcast.note
    assert multicast_to(standin) == {}


def test_a_request_line_refuses_stops_the_broadcast_and_says_why(round_, services, standin, clock):
    standin.fail("/v2/bot/message/multicast", 400, body={"message": "The request body has 1 error(s)"})
    clock.set(at(13, 9, 0))
    round_["jobs"].remind_now()
    (broadcast,) = wait_sent(services)
    assert broadcast.status == "failed" and "400" in broadcast.note
    assert len([p for p, _ in standin.requests if p.endswith("/multicast")]) == 1  # not retried


def test_a_large_audience_is_split_into_batches_of_at_most_500(services):
    from bot import broadcasts

    people = tuple(f"U{n:032x}" for n in range(1201))
    broadcast_id = broadcasts.create(services, "notice", "ทดสอบ", [broadcasts.Part(people, ({"type": "text", "text": "x"},))])
    with services.store.read() as session:
        batches = list(session.scalars(select(BroadcastBatch).where(BroadcastBatch.broadcast_id == broadcast_id)))
    sizes = [len(__import__("json").loads(b.recipients)) for b in batches]
    assert sizes == [500, 500, 201] and len({b.retry_key for b in batches}) == 3
