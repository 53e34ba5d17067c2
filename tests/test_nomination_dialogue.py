"""The nomination dialogue, told as conversations: what the officer sends, what the bot answers."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.store import Conversation, NominationRecord, Photo
from tests.conftest import BANGKOK
from tests.harness import Officer, actions, texts

# (what the officer does, what they send, a phrase the bot's answer must contain)
HAPPY_PATH = [
    ("says", "เสนอชื่อ", "คำนำหน้าชื่อ"),
    ("taps", "นางสาว", "ชื่อ-นามสกุล"),
    ("says", "มาลี ศรีสุข", "ตำแหน่ง"),
    ("says", "นักวิชาการพัฒนาชุมชนชำนาญการ", "สังกัด"),
    ("taps", "สำนักงานอำเภอนี้", "ข้าราชการสังกัดกรมการพัฒนาชุมชนใช่ไหม"),
    ("taps", "ใช่", "ทักษะด้านไอที"),
    ("says", "ทำอินโฟกราฟิกและดูแลเพจ Facebook ของอำเภอ", "เลือกประเภทผลงาน"),
    ("taps", "สื่อประชาสัมพันธ์", "ชื่อผลงาน"),
    ("says", "อินโฟกราฟิกโคก หนอง นา", "เกิดผลสำเร็จอะไร"),
    ("says", "มีผู้เข้าชมกว่า 5,000 ครั้ง", "ส่งลิงก์หลักฐาน"),
    ("says", "ดูได้ที่ https://www.facebook.com/cdd.nongyai/posts/1.", "ลิงก์ 1 รายการ"),
    ("photo", b"\xff\xd8\xff\xe0 jpeg bytes", "รูป 1 รูป"),
    ("taps", "เสร็จแล้ว", "มีผลงานอื่นอีกไหม"),
    ("taps", "เพิ่มผลงาน", "ผลงานที่ 2: เลือกประเภทผลงาน"),
    ("says", "4", "ผลงานที่ 2: ชื่อผลงาน"),
    ("says", "ระบบติดตามงานด้วย Google Sheets", "ผลงานที่ 2: ผลงานนี้ช่วยงาน"),
    ("says", "ลดเวลารวบรวมรายงานจาก 3 วันเหลือครึ่งวัน", "ส่งลิงก์หลักฐาน"),
    ("says", "https://docs.google.com/spreadsheets/d/abc https://youtu.be/xyz", "ลิงก์ 2 รายการ"),
    ("says", "เสร็จ", "มีผลงานอื่นอีกไหม"),
    ("taps", "ตรวจสอบและส่ง", "ตรวจสอบก่อนส่ง"),
    ("taps", "ยืนยันส่ง", "เลขที่อ้างอิง: CBI-2570-IT-"),
]


def play(officer: Officer, table) -> list[dict]:
    reply = []
    for action, value, expected in table:
        if action == "says":
            reply = officer.says(value)
        elif action == "taps":
            reply = officer.taps_label(value, reply)
        elif action == "photo":
            reply = officer.sends_photo(value)
        elif action == "sticker":
            reply = officer.sends_sticker()
        elif action == "location":
            reply = officer.sends_location()
        assert expected in texts(reply), f"after {action} {value!r}: {texts(reply)!r}"
    return reply


def test_a_whole_nomination_ends_with_a_receipt_and_a_durable_record(officer_of, services, bot):
    officer = officer_of("nong-yai", "สมชาย ใจดี")
    receipt = play(officer, HAPPY_PATH)
    body = texts(receipt)
    assert "เลขที่อ้างอิง: CBI-2570-IT-03\n" in body
    assert "นางสาวมาลี ศรีสุข" in body and "หนองใหญ่" in body
    assert "1 มี.ค. 2570 เวลา 10:00 น." in body  # the Thai date, Buddhist Era, Bangkok time
    with services.store.session() as session:
        record = session.scalars(select(NominationRecord)).one()
        assert record.reference == "CBI-2570-IT-03" and record.status == "active"
        works = record.data["works"]
        assert [w["category"] for w in works] == ["media", "software"]
        assert works[0]["links"] == ["https://www.facebook.com/cdd.nongyai/posts/1"]
        assert len(works[0]["photos"]) == 1
        assert session.get(Conversation, officer.user_id) is None  # the draft is gone once submitted
        # The photo is in the database, where a worker on any machine can take it to the sheet.
        assert session.get(Photo, works[0]["photos"][0]).content == b"\xff\xd8\xff\xe0 jpeg bytes"


def test_the_review_card_is_a_flex_bubble_with_every_field(officer_of):
    officer = officer_of("nong-yai")
    reply = play(officer, HAPPY_PATH[:-1])
    card = next(m for m in reply if m["type"] == "flex")
    shown = texts([card])
    for fragment in ("นางสาวมาลี ศรีสุข", "นักวิชาการพัฒนาชุมชนชำนาญการ", "สำนักงานพัฒนาชุมชนอำเภอหนองใหญ่",
                     "ข้าราชการสังกัดกรมการพัฒนาชุมชน", "ผลงานที่ 1: สื่อประชาสัมพันธ์", "ผลงานที่ 2: โปรแกรมและแอป",
                     "รูปภาพ 1 รูป", "ยืนยันส่ง", "แก้ไข", "ยกเลิก"):
        assert fragment in shown


@pytest.mark.parametrize("steps_done", [1, 2, 3, 4, 6, 7, 8, 9, 10])
def test_a_sticker_location_or_photo_where_text_is_expected_changes_nothing(officer_of, services, steps_done):
    officer = officer_of("ban-bueng")
    play(officer, HAPPY_PATH[:steps_done])
    before = _state(services, officer)
    senders = [officer.sends_sticker, officer.sends_location]
    if before["step"] != "work_evidence":  # the evidence step is where photos belong
        senders.append(lambda: officer.sends_photo(b"img"))
    for send in senders:
        reply = send()
        assert "ยังรับ" in texts(reply) or "รับลิงก์หรือรูปภาพ" in texts(reply)
        assert _state(services, officer)["draft"] == before["draft"]
        assert _state(services, officer)["step"] == before["step"]


def test_over_long_text_is_refused_with_the_limit_and_the_draft_kept(officer_of, services):
    officer = officer_of("ban-bueng")
    play(officer, HAPPY_PATH[:6])  # at the skills question
    before = _state(services, officer)
    reply = officer.says("ก" * 1500)
    assert "ยาวเกินไป" in texts(reply) and "1,000" in texts(reply)
    assert _state(services, officer) == before


@pytest.mark.parametrize("bad, hint", [
    ("ftp://files.example.org/report.pdf", "ไม่พบลิงก์"),
    ("www.facebook.com/cdd", "https://www.facebook.com/cdd"),
    ("https://", "ใช้ไม่ได้"),
    ("https://localhost/x", "ใช้ไม่ได้"),
    ("https://user:pw@evil.example.com/", "ใช้ไม่ได้"),
    ("https://example.com:99999/", "ใช้ไม่ได้"),
    ("เดี๋ยวส่งตามนะคะ", "ไม่พบลิงก์"),
])
def test_malformed_evidence_links_are_refused_and_nothing_is_added(officer_of, services, bad, hint):
    officer = officer_of("ban-bueng")
    play(officer, HAPPY_PATH[:10])  # at the evidence step, no links yet
    reply = officer.says(bad)
    assert hint in texts(reply)
    assert _state(services, officer)["draft"]["works"][0]["links"] == []
    reply = officer.says("เสร็จแล้ว")
    assert "อย่างน้อย 1 ลิงก์" in texts(reply)


def test_back_returns_to_the_previous_question_and_cancel_asks_first(officer_of, services):
    officer = officer_of("si-racha")
    play(officer, HAPPY_PATH[:4])  # at the office question
    reply = officer.says("ย้อนกลับ")
    assert "ตำแหน่ง" in texts(reply)
    reply = officer.says("ผู้อำนวยการกลุ่ม")
    assert "สังกัด" in texts(reply)
    assert _state(services, officer)["draft"]["position"] == "ผู้อำนวยการกลุ่ม"
    reply = officer.says("ยกเลิก")
    assert "ต้องการยกเลิกร่าง" in texts(reply)
    reply = officer.taps_label("ทำต่อ", reply)
    assert "สังกัด" in texts(reply)
    reply = officer.says("ยกเลิก")
    reply = officer.taps_label("ยกเลิกร่าง", reply)
    assert "ยกเลิกการเสนอชื่อแล้ว" in texts(reply)
    assert _state(services, officer) is None


def test_back_at_the_first_question_says_so(officer_of):
    officer = officer_of("si-racha")
    officer.says("เสนอชื่อ")
    reply = officer.says("ย้อนกลับ")
    assert "ขั้นตอนแรก" in texts(reply) and "คำนำหน้า" in texts(reply)


def test_a_nominee_who_is_not_a_civil_servant_is_kindly_refused(officer_of, services):
    officer = officer_of("bo-thong")
    reply = play(officer, HAPPY_PATH[:4])
    reply = officer.says("สำนักงานพัฒนาชุมชนอำเภอบ่อทอง")
    reply = officer.taps_label("ไม่ใช่", reply)
    assert "ต้องเป็นข้าราชการสังกัดกรมการพัฒนาชุมชน" in texts(reply)
    assert _state(services, officer) is None


def test_edit_a_field_from_the_review_card_and_come_back_to_it(officer_of, services):
    officer = officer_of("sattahip")
    reply = play(officer, HAPPY_PATH[:-1])
    reply = officer.taps_label("แก้ไข", reply)
    assert "ต้องการแก้ไขส่วนใด" in texts(reply)
    reply = officer.taps_label("ตำแหน่ง", reply)
    reply = officer.says("นักวิชาการพัฒนาชุมชนชำนาญการพิเศษ")
    assert "ตรวจสอบก่อนส่ง" in texts(reply)
    assert "ชำนาญการพิเศษ" in texts(reply)
    reply = officer.taps_label("แก้ไข", reply)
    reply = officer.taps_label("ลบผลงานที่ 2", reply)
    assert "ลบผลงานที่ 2 แล้ว" in texts(reply)
    assert len(_state(services, officer)["draft"]["works"]) == 1


def test_a_second_confirmation_asks_to_replace_and_keeps_history(officer_of, services):
    first = officer_of("ko-chan", "เจ้าหน้าที่ ก")
    play(first, HAPPY_PATH)
    second = officer_of("ko-chan", "เจ้าหน้าที่ ข")
    reply = play(second, HAPPY_PATH[:-1])
    reply = second.taps_label("ยืนยันส่ง", reply)
    assert "เสนอชื่อไว้แล้ว" in texts(reply) and "CBI-2570-IT-11" in texts(reply)
    reply = second.taps_label("ไม่แทนที่", reply)
    assert "รายการเดิมยังใช้อยู่" in texts(reply)
    reply = second.taps_label("ยืนยันส่ง", reply)
    reply = second.taps_label("แทนที่", reply)
    assert "CBI-2570-IT-11 (ฉบับที่ 2)" in texts(reply)
    with services.store.session() as session:
        rows = session.scalars(select(NominationRecord).order_by(NominationRecord.revision)).all()
        assert [(r.revision, r.status) for r in rows] == [(1, "replaced"), (2, "active")]


def test_after_the_deadline_nominations_are_closed(officer_of, clock, services):
    officer = officer_of("phan-thong")
    reply = play(officer, HAPPY_PATH[:-1])
    clock.set(dt.datetime(2027, 7, 21, 0, 0, 1, tzinfo=BANGKOK))
    reply = officer.taps_label("ยืนยันส่ง", reply)
    assert "ปิดรับการเสนอชื่อแล้ว" in texts(reply) and "20 ก.ค. 2570" in texts(reply)
    reply = officer.says("เสนอชื่อ")
    assert "ปิดรับการเสนอชื่อแล้ว" in texts(reply)
    with services.store.session() as session:
        assert session.scalars(select(NominationRecord)).first() is None


def test_the_deadline_day_itself_is_still_open(officer_of, clock):
    clock.set(dt.datetime(2027, 7, 20, 23, 59, tzinfo=BANGKOK))
    officer = officer_of("phan-thong")
    assert "CBI-2570-IT-05" in texts(play(officer, HAPPY_PATH)[-1:])


def test_an_unregistered_person_is_told_how_to_register(bot):
    stranger = Officer(bot)
    reply = stranger.says("เสนอชื่อ")
    assert "ต้องลงทะเบียนก่อน" in texts(reply)
    assert any(a.get("label") == "ลงทะเบียน" for a in actions(reply))


def test_saying_nominate_again_offers_to_continue_the_draft(officer_of):
    officer = officer_of("bang-lamung")
    play(officer, HAPPY_PATH[:3])  # at the position question
    reply = officer.says("เสนอชื่อ")
    assert "ร่างการเสนอชื่อที่ยังไม่ส่ง" in texts(reply)
    reply = officer.taps_label("ทำต่อ", reply)
    assert "ตำแหน่ง" in texts(reply)
    reply = officer.says("เสนอชื่อ")
    reply = officer.taps_label("เริ่มใหม่", reply)
    assert "คำนำหน้า" in texts(reply)


def test_an_old_button_does_nothing_but_say_so(officer_of, services):
    officer = officer_of("bang-lamung")
    reply = play(officer, HAPPY_PATH[:2])
    old_title_buttons = HAPPY_PATH  # noqa: F841 - the title step is behind us now
    before = _state(services, officer)
    reply = officer.taps("d=nomination&s=title&v=นาย")
    assert "ปุ่มนี้ใช้ไม่ได้แล้ว" in texts(reply)
    reply = officer.taps("not a postback we ever made")
    assert "ปุ่มนี้ใช้ไม่ได้แล้ว" in texts(reply)
    assert _state(services, officer) == before


def test_the_rich_menu_postback_starts_a_nomination(officer_of):
    officer = officer_of("mueang-chonburi")
    reply = officer.taps("a=nominate")
    assert "เมืองชลบุรี" in texts(reply) and "คำนำหน้า" in texts(reply)


def test_a_title_can_be_typed(officer_of, services):
    officer = officer_of("mueang-chonburi")
    officer.says("เสนอชื่อ")
    reply = officer.says("ว่าที่ร้อยตรี")
    assert "ชื่อ-นามสกุล" in texts(reply)
    assert _state(services, officer)["draft"]["title"] == "ว่าที่ร้อยตรี"


def _state(services, officer):
    import json

    with services.store.session() as session:
        row = session.get(Conversation, officer.user_id)
        return json.loads(row.state) if row else None


def test_editing_the_title_from_the_review_card_returns_to_it_once(officer_of, services):
    officer = officer_of("sattahip")
    reply = play(officer, HAPPY_PATH[:-1])
    reply = officer.taps_label("แก้ไข", reply)
    reply = officer.taps_label("คำนำหน้า", reply)
    reply = officer.taps_label("นาง", reply)
    assert "ตรวจสอบก่อนส่ง" in texts(reply) and "นางมาลี ศรีสุข" in texts(reply)
    assert _state(services, officer)["draft"]["returning"] is False


def test_typing_a_category_that_is_also_a_menu_word_picks_the_category(officer_of, services):
    officer = officer_of("bo-thong")
    play(officer, HAPPY_PATH[:7])  # at the category question
    reply = officer.says("เว็บไซต์")
    assert "ชื่อผลงาน" in texts(reply)
    assert _state(services, officer)["draft"]["works"][0]["category"] == "website"
