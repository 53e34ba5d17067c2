"""Registration with district codes, and first contact: welcome, privacy, help, groups."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.store import Officer as OfficerRow
from tests.conftest import SECRET
from tests.harness import Officer, actions, event, post_events, texts


def test_a_code_registers_the_officer_with_their_district(bot, codes, services):
    officer = Officer(bot)
    reply = officer.says("ลงทะเบียน")
    assert "รหัสอำเภอ" in texts(reply)
    spaced = " ".join(codes["phanat-nikhom"].lower())  # read off paper: spaces, lower case
    reply = officer.says(spaced)
    assert "อำเภอพนัสนิคม" in texts(reply) and "ชื่อ-นามสกุลของคุณ" in texts(reply)
    reply = officer.says("นางสาวสุดา รักงาน")
    assert "ลงทะเบียนเรียบร้อย" in texts(reply) and "สำนักงานพัฒนาชุมชนอำเภอพนัสนิคม" in texts(reply)
    with services.store.session() as session:
        row = session.get(OfficerRow, officer.user_id)
        assert (row.district_id, row.name) == ("phanat-nikhom", "นางสาวสุดา รักงาน")


def test_several_officers_may_register_for_one_district(officer_of, services):
    officer_of("ban-bueng", "คนที่ หนึ่ง")
    officer_of("ban-bueng", "คนที่ สอง")
    with services.store.session() as session:
        rows = session.scalars(select(OfficerRow).where(OfficerRow.district_id == "ban-bueng")).all()
    assert len(rows) == 2


def test_wrong_codes_are_limited_per_hour(bot, codes, clock):
    guesser = Officer(bot)
    guesser.says("ลงทะเบียน")
    for left in (4, 3, 2, 1):
        reply = guesser.says("AAAAAA")
        assert f"ลองได้อีก {left} ครั้ง" in texts(reply)
    reply = guesser.says("BBBBBB")
    assert "ผิดหลายครั้งเกินไป" in texts(reply)
    reply = guesser.says(f"ลงทะเบียน {codes['nong-yai']}")  # even the right code waits now
    assert "ผิดหลายครั้งเกินไป" in texts(reply) and "หนองใหญ่" not in texts(reply)
    clock.set(clock.now() + dt.timedelta(hours=1, minutes=1))
    reply = guesser.says(f"ลงทะเบียน {codes['nong-yai']}")
    assert "อำเภอหนองใหญ่" in texts(reply)


def test_thai_digits_in_a_code_count_as_digits(bot, services):
    with services.store.session() as session:
        from bot.store import DistrictCode

        session.get(DistrictCode, "sattahip").code = "ST2570"
    officer = Officer(bot)
    reply = officer.says("ลงทะเบียน st๒๕๗๐")
    assert "อำเภอสัตหีบ" in texts(reply)


def test_a_rotated_code_stops_working_but_registered_officers_stay(officer_of, bot, services, codes):
    registered = officer_of("sattahip")
    with services.store.session() as session:
        new_code = services.store.rotate_code(session, "sattahip")
    latecomer = Officer(bot)
    reply = latecomer.says(f"ลงทะเบียน {codes['sattahip']}")
    assert "รหัสไม่ถูกต้อง" in texts(reply)
    latecomer.says("ยกเลิก")
    reply = latecomer.says(f"ลงทะเบียน {new_code}")
    assert "อำเภอสัตหีบ" in texts(reply)
    reply = registered.says("เสนอชื่อ")
    assert "คำนำหน้า" in texts(reply)


def test_cancel_during_registration(bot):
    officer = Officer(bot)
    officer.says("ลงทะเบียน")
    reply = officer.says("ยกเลิก")
    assert "ยกเลิกการลงทะเบียน" in texts(reply)


def test_following_the_bot_gives_a_welcome_and_a_privacy_notice(bot):
    person = Officer(bot)
    reply = person.follows()
    assert len(reply) == 2
    welcome, privacy = texts(reply[:1]), texts(reply[1:])
    assert "คนต้นแบบ ไอที พช.ชลบุรี" in welcome
    for fragment in ("PDPA", "ข้อมูลที่เก็บ", "เพื่อ", "ผู้เห็นข้อมูล", "ขอลบข้อมูล"):
        assert fragment in privacy
    assert {"ลงทะเบียน", "เสนอชื่อ", "ช่วยเหลือ"} <= {a.get("label") for a in actions(reply)}


def test_text_the_bot_does_not_understand_gets_short_help(bot):
    person = Officer(bot)
    reply = person.says("สวัสดีครับ มีใครอยู่ไหม")
    assert "ไม่เข้าใจข้อความนี้" in texts(reply)
    assert {"ลงทะเบียน", "เสนอชื่อ", "ช่วยเหลือ"} <= {a.get("label") for a in actions(reply)}
    reply = person.sends_sticker()
    assert "ไม่เข้าใจ" in texts(reply)


def test_in_a_group_the_bot_says_once_to_chat_one_to_one(bot):
    group = {"type": "group", "groupId": "C" + "1" * 32, "userId": "U" + "2" * 32}
    for text in ("เสนอชื่อ", "ลงทะเบียน ABCDEF", "สวัสดี"):
        token = bot.standin.issue_reply_token(group["groupId"])
        post_events(bot.url, SECRET, [event("message", group["userId"], reply_token=token, source=group,
                                            message={"type": "text", "id": "1", "text": text})])
        bot.wait_idle()
    said = bot.standin.messages_to(group["groupId"])
    assert len(said) == 1 and "แบบส่วนตัว" in texts(said)
    with bot.store.session() as session:
        assert session.get(OfficerRow, group["userId"]) is None  # no registration from a group


def test_an_unfollow_is_remembered_and_answered_with_nothing(officer_of, bot, services):
    officer = officer_of("bo-thong")
    token = bot.standin.issue_reply_token(officer.user_id)
    post_events(bot.url, SECRET, [event("unfollow", officer.user_id, reply_token=token)])
    bot.wait_idle()
    assert officer.new_messages() == []
    with services.store.session() as session:
        assert session.get(OfficerRow, officer.user_id).following is False
