"""Staff mark a nomination in the Google Sheet; the officer who sent it hears about it once."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from bot.store import NominationRecord
from sheets import NOMINATION_SHEET
from tests.harness import texts
from tests.test_nomination_dialogue import HAPPY_PATH, play


@pytest.fixture
def config(google_sheet_config):
    return google_sheet_config


@pytest.fixture
def nominated(officer_of, google, config, bot):
    """An officer of หนองใหญ่ whose nomination is on the sheet."""
    officer = officer_of("nong-yai", "สมชาย ใจดี")
    play(officer, HAPPY_PATH)
    for _ in range(200):  # on the sheet, and recorded as such (the bot reads decisions only for those)
        with bot.store.read() as session:
            synced = session.scalar(select(NominationRecord.synced_at))
        if synced and google.records(config.google_sheet_id, NOMINATION_SHEET):
            break
        time.sleep(0.05)
    officer.new_messages()
    return officer


def staff_mark(google, config, status: str | None = None, comment: str | None = None) -> None:
    if status is not None:
        google.staff_set(config.google_sheet_id, NOMINATION_SHEET, "CBI-2570-IT-03", "สถานะ", status)
    if comment is not None:
        google.staff_set(config.google_sheet_id, NOMINATION_SHEET, "CBI-2570-IT-03", "ความเห็นเจ้าหน้าที่", comment)


def poll(app, bot) -> None:
    app.extensions["jobs"].poll_reviews()
    bot.wait_idle()


def test_a_pass_is_told_once(app, bot, google, config, nominated):
    staff_mark(google, config, "ผ่าน")
    poll(app, bot)  # the worker's own once-a-minute look may get there first: either way, one message
    told = nominated.wait_for_messages(1)
    assert len(told) == 1 and "ผล: ผ่าน" in texts(told) and "CBI-2570-IT-03" in texts(told)
    poll(app, bot)
    assert nominated.new_messages() == []
    staff_mark(google, config, comment="ผลงานโดดเด่นมาก")
    poll(app, bot)
    told = nominated.wait_for_messages(1)
    assert len(told) == 1 and "ความเห็นใหม่จากจังหวัด" in texts(told) and "ผลงานโดดเด่นมาก" in texts(told)


def test_a_request_for_changes_reopens_the_nomination_with_the_comment(app, bot, google, config, nominated, services):
    staff_mark(google, config, "ขอแก้ไข", "ลิงก์ผลงานที่ 2 เปิดไม่ได้")
    poll(app, bot)
    told = nominated.wait_for_messages(1)
    assert len(told) == 1
    assert "ขอให้แก้ไข" in texts(told) and "ลิงก์ผลงานที่ 2 เปิดไม่ได้" in texts(told) and "20 ก.ค. 2570" in texts(told)

    reply = nominated.says("เสนอชื่อ")
    assert "ลิงก์ผลงานที่ 2 เปิดไม่ได้" in texts(reply)
    card = next(m for m in reply if m["type"] == "flex")
    assert "นางสาวมาลี ศรีสุข" in texts([card])  # what they sent before, ready to fix
    reply = nominated.taps_label("แก้ไข", reply)
    reply = nominated.taps_label("ผลงานที่ 2", reply)
    reply = nominated.taps_label("โปรแกรมและแอป", reply)
    nominated.says("ระบบติดตามงานด้วย Google Sheets")
    nominated.says("ลดเวลารวบรวมรายงานจาก 3 วันเหลือครึ่งวัน")
    nominated.says("https://docs.google.com/spreadsheets/d/fixed")
    reply = nominated.says("เสร็จแล้ว")
    assert "ตรวจสอบก่อนส่ง" in texts(reply)
    reply = nominated.taps_label("ยืนยันส่ง", reply)
    assert "CBI-2570-IT-03 (ฉบับที่ 2)" in texts(reply)  # no "replace?" question: staff asked for it

    for _ in range(200):
        (row,) = google.records(config.google_sheet_id, NOMINATION_SHEET)
        if str(row["ฉบับที่"]) == "2":
            break
        time.sleep(0.05)
    assert row["สถานะ"] == "รอตรวจสอบ" and row["ความเห็นเจ้าหน้าที่"] == "ลิงก์ผลงานที่ 2 เปิดไม่ได้"
    assert "https://docs.google.com/spreadsheets/d/fixed" in row["ผลงาน"]
    poll(app, bot)
    assert nominated.new_messages() == []  # the reset to รอตรวจสอบ is ours, not news


def test_an_officer_who_blocked_the_bot_is_not_pushed(app, bot, google, config, nominated):
    from tests.conftest import SECRET
    from tests.harness import event, post_events

    post_events(bot.url, SECRET, [event("unfollow", nominated.user_id)])
    bot.wait_idle()
    staff_mark(google, config, "ไม่ผ่าน", "ไม่เป็นไปตามหลักเกณฑ์")
    poll(app, bot)
    assert nominated.new_messages() == []


def test_reading_decisions_costs_no_read_before_anything_is_on_the_sheet(app, google):
    reads = google.reads()
    app.extensions["jobs"].poll_reviews()
    assert google.reads() == reads
