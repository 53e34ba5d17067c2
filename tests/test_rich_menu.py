"""The rich menu: installed through the Messaging API, and what its buttons answer."""
from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from tests.conftest import BANGKOK
from tests.harness import texts
from tests.test_nomination_dialogue import HAPPY_PATH, play


def test_install_creates_uploads_and_makes_the_menu_the_default(app, standin):
    result = app.test_cli_runner().invoke(args=["richmenu", "install"])
    assert result.exit_code == 0, result.output
    menu_id = standin.default_rich_menu
    assert menu_id and menu_id in result.output
    image = Image.open(io.BytesIO(standin.rich_menu_images[menu_id]))
    assert image.size == (2500, 843) and image.format == "PNG"
    menu = standin.rich_menus[menu_id]
    assert [a["action"]["data"] for a in menu["areas"]] == ["a=nominate", "a=website", "a=status", "a=help"]
    assert [a["action"]["label"] for a in menu["areas"]] == ["เสนอชื่อ", "ส่งเว็บไซต์", "สถานะของฉัน", "ช่วยเหลือ"]
    again = app.test_cli_runner().invoke(args=["richmenu", "install"])
    assert again.exit_code == 0 and len(standin.rich_menus) == 1  # the old menu is removed


def test_my_status_before_during_and_after_a_nomination(officer_of, clock):
    officer = officer_of("bang-lamung")
    reply = officer.taps("a=status")
    assert "อำเภอบางละมุง" in texts(reply) and "การเสนอชื่อ: ยังไม่ได้ส่ง" in texts(reply)
    assert "เหลืออีก 141 วัน (ส่งได้ถึง 20 ก.ค. 2570)" in texts(reply)
    play(officer, HAPPY_PATH[:3])  # at the position question
    reply = officer.taps("a=status")
    assert "มีร่างที่ยังไม่ส่ง" in texts(reply)
    reply = officer.says("นักวิชาการพัฒนาชุมชนชำนาญการ")  # the draft is still where it was
    assert "สังกัด" in texts(reply)
    officer.says("ยกเลิก"), officer.says("ยกเลิกร่าง")
    play(officer, HAPPY_PATH)
    clock.set(dt.datetime(2027, 7, 20, 9, 0, tzinfo=BANGKOK))
    reply = officer.says("สถานะ")
    assert "ส่งแล้ว CBI-2570-IT-04" in texts(reply) and "ผลการตรวจ: รอตรวจสอบ" in texts(reply)
    assert "วันนี้เป็นวันสุดท้าย" in texts(reply)


def test_status_for_someone_not_registered(bot):
    from tests.harness import Officer

    reply = Officer(bot).taps("a=status")
    assert "ยังไม่ได้ลงทะเบียน" in texts(reply)


def test_the_website_button_mid_draft_asks_to_finish_first_and_keeps_the_draft(officer_of):
    officer = officer_of("bang-lamung")
    play(officer, HAPPY_PATH[:3])
    reply = officer.taps("a=website")
    assert "กำลังกรอกการเสนอชื่ออยู่" in texts(reply) and "ตำแหน่ง" in texts(reply)
    assert "ลิงก์เว็บไซต์ของสำนักงาน" in texts(officer.says("ยกเลิก") and officer.says("ยกเลิกร่าง")
                                                 and officer.taps("a=website"))
