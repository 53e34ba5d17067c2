"""The committee's progress on the board, closing judging from the chat, and the awards in ประกาศผล."""
from __future__ import annotations

import pytest

from sheets import SCORES_SHEET
from tests.conftest import ADMIN
from tests.harness import texts
from tests.sheet_backends import LocalStaff
from tests.test_reminders import wait_sent

FIRST_SCORE_COLUMN = 4
# Sheet rows: judge 1 is rows 2-12, judge 2 rows 13-23, judge 3 rows 24-34 (districts in campaign order).


@pytest.fixture
def config(config):
    return config.with_changes(admin_user_ids=frozenset({ADMIN}))


def score(staff, judge: int, district: int, values) -> None:
    row = 2 + (judge - 1) * 11 + (district - 1)
    for offset, value in enumerate(values):
        staff.put(SCORES_SHEET, row, FIRST_SCORE_COLUMN + offset, value)


def test_judging_on_the_board_closed_from_the_chat_and_announced(app, admin, officer_of, services, standin):
    app.test_cli_runner().invoke(args=["contest", "template"])
    staff = LocalStaff(services.config.review_workbook_path)
    for judge in (1, 2, 3):
        score(staff, judge, 1, [18, 22, 9, 27, 13])  # เมืองชลบุรี: 89
        score(staff, judge, 2, [15, 20, 8, 20, 10])  # บ้านบึง: 73
    score(staff, 1, 3, [20, 25, 10, 30, 15])         # หนองใหญ่: one judge only, 100
    score(staff, 2, 3, [20, 25, 10, 31, 15])         # ... and a mistyped cell (row 15)
    listener = officer_of("bo-thong")

    board = texts(admin.says("สรุป"))
    assert "การตัดสินเว็บไซต์: ให้คะแนนครบ 2/11 อำเภอ · ยังไม่ปิดการตัดสิน" in board
    assert "ช่องคะแนนที่ใช้ไม่ได้ (ไม่นับ): แถว 15" in board
    reply = admin.says("ประกาศผล")
    assert "ยังไม่มีรายการที่ “ผ่าน”" in texts(reply)  # no role model yet, and judging still open

    assert "สำหรับเจ้าหน้าที่จังหวัดเท่านั้น" in texts(listener.says("ปิดการตัดสิน"))
    assert "ปิดการตัดสินแล้ว" in texts(admin.says("ปิดการตัดสิน"))
    assert "ปิดการตัดสินแล้ว" in texts(admin.says("สรุป"))

    reply = admin.says("ประกาศผล")
    card = texts([m for m in reply if m["type"] == "flex"])
    assert "รางวัลชนะเลิศ: อำเภอหนองใหญ่ (100 คะแนน)" in card  # closed: one full score ranks it
    assert "รางวัลรองชนะเลิศอันดับหนึ่ง: อำเภอเมืองชลบุรี (89 คะแนน)" in card
    assert "รางวัลรองชนะเลิศอันดับสอง: อำเภอบ้านบึง (73 คะแนน)" in card
    admin.taps_label("ส่ง", reply)
    wait_sent(services)
    got = [d for d in standin.deliveries if d.to == listener.user_id and d.kind == "multicast"]
    assert len(got) == 1 and "รางวัลชนะเลิศ: อำเภอหนองใหญ่" in texts(got[0].messages)
