"""The webhook as LINE sees it: signed HTTP calls, answered at once, every event handled exactly once."""
from __future__ import annotations

import copy
import json
import time
import uuid

import pytest
import requests
from sqlalchemy import func, select

from bot.store import InboundEvent, OutboxMessage
from tests.conftest import FIXTURES, SECRET
from tests.harness import Officer, event, new_user_id, post_events, texts


def fixture_events() -> list[dict]:
    """The SDK's sample body: 28 events of every kind. Each gets its own id (the sample shares one)."""
    body = json.loads((FIXTURES / "line-sdk-webhook-sample.json").read_text())
    events = copy.deepcopy(body["events"])
    for index, item in enumerate(events):
        item["webhookEventId"] = f"01FIXTURE{index:02d}{uuid.uuid4().hex[:12].upper()}"
    return events


def stored_events(store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(InboundEvent))


def test_the_console_verify_call_gets_200(bot):
    assert post_events(bot.url, SECRET, []).status_code == 200


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", "x" * 44])
def test_a_missing_or_bad_signature_is_400_and_nothing_is_stored_or_sent(bot, signature):
    user = new_user_id()
    response = post_events(bot.url, SECRET, [event("follow", user, reply_token="t")], signature=signature)
    assert response.status_code == 400
    assert stored_events(bot.store) == 0
    time.sleep(0.3)
    assert bot.standin.messages_to(user) == []


def test_a_body_signed_with_another_secret_is_refused(bot):
    response = post_events(bot.url, "someone-elses-secret", [event("follow", new_user_id())])
    assert response.status_code == 400
    assert stored_events(bot.store) == 0


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b'{"events": "nope"}', b"\xff\xfe\x00", b"null"])
def test_a_signed_body_that_is_not_a_webhook_is_400_never_500(bot, raw):
    response = post_events(bot.url, SECRET, [], raw=raw)
    assert response.status_code == 400
    assert stored_events(bot.store) == 0


def test_healthz(bot):
    assert requests.get(f"{bot.url}/healthz", timeout=5).status_code == 200


def test_every_event_kind_line_sends_is_accepted_and_handled(bot):
    events = fixture_events()
    response = post_events(bot.url, SECRET, events)
    assert response.status_code == 200
    bot.wait_idle()
    with bot.store.session() as session:
        statuses = session.execute(select(InboundEvent.status, func.count()).group_by(InboundEvent.status)).all()
    assert dict(statuses) == {"done": 28}
    # The group and the room each hear once that the bot works one-to-one; the fixture's tokens are not
    # real, so those answers go out as pushes.
    group = events[8]["source"]["groupId"]
    room = events[1]["source"]["roomId"]
    assert "แชตกับบอทแบบส่วนตัว" in texts(bot.standin.messages_to(group))
    assert len(bot.standin.messages_to(group)) == 1
    assert len(bot.standin.messages_to(room)) == 1


def test_a_redelivered_event_is_processed_once(bot):
    person = Officer(bot)
    token = bot.standin.issue_reply_token(person.user_id)
    follow = event("follow", person.user_id, reply_token=token, follow={"isUnblocked": False})
    assert post_events(bot.url, SECRET, [follow]).status_code == 200
    bot.wait_idle()
    again = dict(follow, deliveryContext={"isRedelivery": True})
    assert post_events(bot.url, SECRET, [again]).status_code == 200
    assert post_events(bot.url, SECRET, [again]).status_code == 200
    bot.wait_idle()
    assert len(person.new_messages()) == 2  # welcome + privacy notice, once
    assert stored_events(bot.store) == 1


def test_one_malformed_event_does_not_block_the_others(bot):
    person = Officer(bot)
    token = bot.standin.issue_reply_token(person.user_id)
    good = event("message", person.user_id, reply_token=token, message={"type": "text", "id": "1", "text": "สวัสดี"})
    weird = {"type": "message", "message": None, "source": {"type": "user", "userId": person.user_id},
             "webhookEventId": "01WEIRD" + uuid.uuid4().hex[:10]}
    response = post_events(bot.url, SECRET, ["not an event", 42, weird, good])
    assert response.status_code == 200
    bot.wait_idle()
    assert "ไม่เข้าใจข้อความนี้" in texts(person.new_messages())


def test_the_ack_does_not_wait_for_a_slow_line_api(bot):
    bot.standin.delay_seconds = 3
    person = Officer(bot)
    token = bot.standin.issue_reply_token(person.user_id)
    started = time.monotonic()
    response = post_events(bot.url, SECRET, [event("message", person.user_id, reply_token=token,
                                                   message={"type": "text", "id": "1", "text": "ช่วยเหลือ"})])
    acked_after = time.monotonic() - started
    assert response.status_code == 200
    assert bot.standin.messages_to(person.user_id) == []  # LINE has not even been called back yet
    assert acked_after < 2.0
    bot.wait_idle(timeout=30)
    assert "ลงทะเบียน" in texts(bot.standin.messages_to(person.user_id))


def test_a_redelivered_events_answer_is_pushed(bot):
    person = Officer(bot)
    token = bot.standin.issue_reply_token(person.user_id)
    late = event("message", person.user_id, reply_token=token, redelivery=True,
                 message={"type": "text", "id": "1", "text": "ช่วยเหลือ"})
    post_events(bot.url, SECRET, [late])
    bot.wait_idle()
    assert [p.to for p in bot.standin.pushes()] == [person.user_id]


def test_a_server_error_on_reply_is_retried_and_the_user_hears_once(bot):
    bot.standin.fail("/v2/bot/message/reply", 500, times=1)
    person = Officer(bot)
    reply = person.says("ช่วยเหลือ")
    assert texts(reply).count("ย้อนกลับ / ยกเลิก") == 1
    assert len(reply) == 1


def test_a_reply_whose_answer_was_lost_is_not_pushed_again(bot):
    bot.standin.fail("/v2/bot/message/reply", 500, times=1, after_accepting=True)
    person = Officer(bot)
    reply = person.says("ช่วยเหลือ")
    assert len(reply) == 1
    assert bot.standin.pushes() == []


class TestWhenTheReplyTokenIsNoLongerFresh:
    """Answers that must go out as pushes (the reply window is set to nothing)."""

    @pytest.fixture
    def config(self, config):
        return config.with_changes(reply_window_seconds=0)

    def test_a_stale_reply_token_falls_back_to_a_push_with_a_retry_key(self, bot):
        person = Officer(bot)
        reply = person.says("ช่วยเหลือ")
        assert "ลงทะเบียน" in texts(reply)
        pushes = bot.standin.pushes()
        assert [p.to for p in pushes] == [person.user_id]
        assert pushes[0].retry_key and uuid.UUID(pushes[0].retry_key)

    def test_a_push_whose_answer_was_lost_is_retried_with_its_key_and_not_delivered_twice(self, bot):
        bot.standin.fail("/v2/bot/message/push", 500, times=1, after_accepting=True)
        person = Officer(bot)
        reply = person.says("ช่วยเหลือ")
        assert len(reply) == 1  # LINE delivered it once; our retry met a 409
        keys = [key for path, key in bot.standin.requests if path.endswith("/push")]
        assert len(keys) == 2 and keys[0] == keys[1]
        with bot.store.session() as session:
            row = session.scalars(select(OutboxMessage)).one()
            assert row.status == "sent" and row.request_id == bot.standin.pushes()[0].request_id

    def test_rate_limited_pushes_are_retried_later_with_the_same_key(self, bot):
        bot.standin.fail("/v2/bot/message/push", 429, times=1)
        person = Officer(bot)
        reply = person.says("ช่วยเหลือ")
        assert len(reply) == 1
        keys = [key for path, key in bot.standin.requests if path.endswith("/push")]
        assert len(keys) == 2 and keys[0] == keys[1]

    def test_the_monthly_limit_is_not_retried_forever(self, bot):
        bot.standin.monthly_limit = 0
        person = Officer(bot)
        person.says("ช่วยเหลือ")
        with bot.store.session() as session:
            row = session.scalars(select(OutboxMessage)).one()
            assert row.status == "failed" and "monthly limit" in row.error
