"""Whatever an officer types or taps at any step, the bot answers within LINE's rules and the draft stays whole."""
from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot.processing import Processor
from bot.standin import _check_messages
from bot.store import Conversation, InboundEvent, Officer as OfficerRow, utcnow
from handlers.nomination import LIMITS, MAX_LINKS_PER_WORK, valid_link
from tests.harness import event
from tests.test_nomination_dialogue import HAPPY_PATH

THAI = st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F)
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=THAI, max_size=40),
    st.sampled_from(["ย้อนกลับ", "ยกเลิก", "เสร็จแล้ว", "ใช่", "ไม่ใช่", "1", "๓", "99", "เสนอชื่อ", "ลงทะเบียน",
                     "ช่วยเหลือ", "https://x.example.org/a", "http://", "=SUM(A1)", "ยืนยันส่ง", "แก้ไข",
                     "ลงทะเบียน ZZZZZZ", " ", "\u200b", "a" * 1200]),
    st.builds(lambda a, b: f"{a} https://{b}.example.com/p {a}", st.text(alphabet=THAI, max_size=10),
              st.from_regex(r"[a-z]{1,8}", fullmatch=True)),
)
POSTBACK = st.one_of(
    st.text(max_size=80),
    st.builds(lambda s, v: f"d=nomination&s={s}&v={v}",
              st.sampled_from(["title", "review", "work_category", "more_works", "edit_menu", "eligible-civil-servant",
                               "confirm_cancel", "resume", "nope"]),
              st.sampled_from(["นาย", "confirm", "edit", "cancel", "media", "add", "review", "yes", "no",
                               "work-0", "delete-1", "work-9", "delete-x", "replace", "continue", "x" * 50])),
    st.sampled_from(["a=nominate", "a=register", "a=help", "a=status", "a=", "&&", "%ZZ"]),
)


class Driver:
    """Feeds events straight to the processor (no HTTP) so thousands of turns stay quick."""

    def __init__(self, services, standin):
        self.services, self.standin = services, standin
        self.processor = Processor(services)

    def send(self, user_id: str, body: dict) -> list[dict]:
        before = len(self.standin.messages_to(user_id))
        with self.services.store.session() as session:
            self.services.store.insert_new_events(session, [{
                "webhook_event_id": body["webhookEventId"], "chat_key": user_id, "body": json.dumps(body),
                "received_at": utcnow(), "status": "pending"}])
        self.processor.process_chat(user_id)
        with self.services.store.session() as session:
            status = session.scalar(select(InboundEvent.status).where(
                InboundEvent.webhook_event_id == body["webhookEventId"]))
        assert status == "done", "the event failed"
        return self.standin.messages_to(user_id)[before:]

    def says(self, user_id: str, text: str) -> list[dict]:
        token = self.standin.issue_reply_token(user_id)
        return self.send(user_id, event("message", user_id, reply_token=token,
                                        message={"type": "text", "id": "1", "text": text}))

    def taps(self, user_id: str, data: str) -> list[dict]:
        token = self.standin.issue_reply_token(user_id)
        return self.send(user_id, event("postback", user_id, reply_token=token, postback={"data": data}))

    def state(self, user_id: str):
        with self.services.store.session() as session:
            row = session.get(Conversation, user_id)
            return json.loads(row.state) if row else None

    def put(self, user_id: str, district_id: str, state) -> None:
        with self.services.store.session() as session:
            session.add(OfficerRow(user_id=user_id, district_id=district_id, name="ผู้ทดสอบ ระบบ"))
            if state is not None:
                session.add(Conversation(user_id=user_id, state=json.dumps(state), updated_at=utcnow()))


@pytest.fixture
def snapshots(app, services, standin, codes):
    """The conversation state at every step of the happy path, taken from a real run."""
    from tests.harness import actions

    driver = Driver(services, standin)
    user = "U" + uuid.uuid4().hex
    driver.says(user, f"ลงทะเบียน {codes['nong-yai']}")
    driver.says(user, "ผู้ทดสอบ ระบบ")
    states = {}
    reply: list[dict] = []
    for action, value, _ in HAPPY_PATH[:-1]:
        if action == "says":
            reply = driver.says(user, value)
        elif action == "taps":
            target = next(a for a in actions(reply) if a.get("label") == value)
            reply = driver.taps(user, target["data"]) if target["type"] == "postback" else driver.says(user, target["text"])
        else:
            continue
        state = driver.state(user)
        states.setdefault(state["step"], state)
    driver.taps(user, "d=nomination&s=review&v=edit")
    states["edit_menu"] = driver.state(user)
    driver.says(user, "ยกเลิก")
    states["confirm_cancel"] = driver.state(user)
    return driver, states


def check_draft(draft: dict, campaign) -> None:
    for field in ("name", "position", "office", "skills"):
        if field in draft:
            assert 0 < len(draft[field]) <= LIMITS[field]
    assert len(draft["works"]) <= campaign.nomination.max_works
    for work in draft["works"]:
        assert campaign.category(work["category"]) is not None
        assert len(work["title"]) <= LIMITS["work_title"] and len(work["result"]) <= LIMITS["work_result"]
        assert len(work["links"]) <= MAX_LINKS_PER_WORK and all(valid_link(link) for link in work["links"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inputs=st.lists(st.one_of(st.tuples(st.just("says"), TEXT), st.tuples(st.just("taps"), POSTBACK)),
                       min_size=1, max_size=4),
       step=st.sampled_from(["title", "name", "position", "office", "eligible-civil-servant", "skills",
                             "work_category", "work_title", "work_result", "work_evidence", "more_works", "review",
                             "edit_menu", "confirm_cancel"]))
def test_any_text_or_tap_at_any_step_is_answered_and_never_corrupts_the_draft(snapshots, services, inputs, step):
    driver, states = snapshots
    user = "U" + uuid.uuid4().hex
    driver.put(user, "nong-yai", states[step])
    for action, value in inputs:
        reply = driver.says(user, value) if action == "says" else driver.taps(user, value)
        assert reply, f"no answer to {action} {value!r}"
        assert len(reply) <= 5 and _check_messages(reply) == []
        state = driver.state(user)
        if state is not None:
            dialogue = services.router.dialogues[state["dialogue"]]
            assert state["step"] in dialogue.steps
            if state["dialogue"] == "nomination":
                check_draft(state["draft"], services.campaign)
