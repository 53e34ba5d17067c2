"""A district enters its website in the contest from the chat; the districts sheet shows who has entered."""
from __future__ import annotations

import datetime as dt
import time

from openpyxl import load_workbook

from sheets import DISTRICTS_SHEET
from tests.conftest import BANGKOK
from tests.harness import Officer, texts

ENTRY = [
    ("taps", "a=website", "ลิงก์เว็บไซต์ของสำนักงาน"),
    ("says", "https://www.facebook.com/cdd.nongyai", "ลิงก์นี้เป็น Facebook"),
    ("says", "nongyai.cdd", "ใช้ไม่ได้"),
    ("says", "https://nongyai.cdd.go.th", "เพจ Facebook"),
    ("says", "https://example.org/page", "ไม่ใช่ Facebook"),
    ("says", "https://www.facebook.com/cdd.nongyai", "ผู้ดูแลเว็บไซต์"),
    ("says", "สมพร ดูแลเว็บ", "เบอร์โทรศัพท์หรืออีเมล"),
    ("says", "โทรหาได้ค่ะ", "9-10 หลัก"),
    ("says", "๐๘๑-๒๓๔-๕๖๗๘", "ตรวจสอบก่อนส่ง"),
    ("tap_label", "ยืนยันส่ง", "CBI-2570-WEB-03"),
]


def play(officer: Officer, table) -> list[dict]:
    reply: list[dict] = []
    for action, value, expected in table:
        if action == "says":
            reply = officer.says(value)
        elif action == "taps":
            reply = officer.taps(value)
        else:
            reply = officer.taps_label(value, reply)
        assert expected in texts(reply), f"after {value!r}: {texts(reply)!r}"
    return reply


def test_a_website_is_entered_shown_in_status_and_on_the_districts_sheet(officer_of, services, bot, app):
    officer = officer_of("nong-yai")
    receipt = texts(play(officer, ENTRY))
    assert "https://nongyai.cdd.go.th" in receipt and "แก้ไขได้ถึง 20 ก.ค. 2570" in receipt
    assert "ส่งแล้ว CBI-2570-WEB-03 (https://nongyai.cdd.go.th)" in texts(officer.says("สถานะ"))
    for _ in range(200):
        path = services.config.review_workbook_path
        if path.exists():
            rows = [[c.value for c in r] for r in load_workbook(path)[DISTRICTS_SHEET].iter_rows(min_row=2)]
            if rows and rows[2][6]:
                break
        time.sleep(0.05)
    assert rows[2][1] == "หนองใหญ่" and rows[2][6] == "https://nongyai.cdd.go.th"


def test_the_entry_can_be_changed_until_entries_close(officer_of, clock):
    officer = officer_of("nong-yai")
    play(officer, ENTRY)
    reply = officer.says("ส่งเว็บไซต์")
    assert "ส่งเว็บไซต์ไว้แล้ว" in texts(reply) and "https://nongyai.cdd.go.th" in texts(reply)
    reply = officer.taps_label("แก้ไข", reply)
    reply = officer.taps_label("เว็บไซต์", reply)
    reply = officer.says("https://nongyai-new.cdd.go.th")
    assert "ตรวจสอบก่อนส่ง" in texts(reply) and "https://nongyai-new.cdd.go.th" in texts(reply)
    reply = officer.taps_label("ยืนยันส่ง", reply)
    assert "CBI-2570-WEB-03 (ฉบับที่ 2)" in texts(reply)
    clock.set(dt.datetime(2027, 7, 21, 8, 0, tzinfo=BANGKOK))
    assert "ปิดรับเว็บไซต์เข้าประกวดแล้ว" in texts(officer.says("ส่งเว็บไซต์"))


def test_someone_not_registered_is_told_to_register_first(bot):
    assert "ต้องลงทะเบียนก่อนส่งเว็บไซต์" in texts(Officer(bot).taps("a=website"))


def test_asking_for_the_website_mid_nomination_says_finish_first(officer_of):
    officer = officer_of("nong-yai")
    officer.says("เสนอชื่อ")
    reply = officer.taps("a=website")
    assert "กำลังกรอกการเสนอชื่ออยู่" in texts(reply) and "คำนำหน้า" in texts(reply)


def test_the_board_counts_entered_websites(officer_of, app):
    play(officer_of("nong-yai"), ENTRY)
    board = app.test_cli_runner().invoke(args=["admin", "summary"]).output
    assert "3. หนองใหญ่: จนท. 1 คน · ยังไม่ส่ง · เว็บ ✓" in board and "ส่งเว็บไซต์ประกวด 1/11 อำเภอ" in board
