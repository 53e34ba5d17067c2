"""Provincial admins in the chat: the board, notices and reminders; everyone else is politely refused."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.store import Broadcast
from tests.conftest import ADMIN, BANGKOK
from tests.harness import Officer, texts
from tests.test_nomination_dialogue import HAPPY_PATH, play
from tests.test_reminders import multicast_to, wait_sent

@pytest.fixture
def config(config):
    return config.with_changes(admin_user_ids=frozenset({ADMIN}))


@pytest.fixture
def districts(officer_of):
    """Three districts with officers: one nominated, one drafting, one not started."""
    done, drafting, idle = officer_of("mueang-chonburi"), officer_of("ban-bueng"), officer_of("nong-yai")
    play(done, HAPPY_PATH)
    play(drafting, HAPPY_PATH[:4])
    return done, drafting, idle


@pytest.mark.parametrize("command", ["สรุป", "ประกาศ", "แจ้งเตือน", "ประกาศผล"])
def test_anyone_who_is_not_an_admin_is_politely_refused(officer_of, bot, command, caplog):
    for person in (Officer(bot), officer_of("bo-thong")):
        reply = person.says(command)
        assert "สำหรับเจ้าหน้าที่จังหวัดเท่านั้น" in texts(reply)
    assert any("not an admin tried the admin command" in r.message for r in caplog.records)


def test_the_board_shows_each_district_and_this_months_usage(admin, districts):
    reply = admin.says("สรุป")
    board = texts(reply)
    assert "1. เมืองชลบุรี: จนท. 1 คน · ส่งแล้ว (รอตรวจสอบ)" in board
    assert "2. บ้านบึง: จนท. 1 คน · มีร่าง" in board
    assert "3. หนองใหญ่: จนท. 1 คน · ยังไม่ส่ง" in board
    assert "4. บางละมุง: จนท. 0 คน · ยังไม่ส่ง" in board
    assert "ส่งแล้ว 1/11 อำเภอ" in board and "เหลืออีก 141 วัน" in board
    assert "ข้อความที่ใช้เดือนนี้: 0 จาก 300" in board


def test_a_notice_is_previewed_with_its_cost_then_sent_to_the_chosen_districts(admin, districts, services, standin):
    done, drafting, idle = districts
    reply = admin.says("ประกาศ")
    assert "พิมพ์ข้อความประกาศ" in texts(reply)
    reply = admin.says("ขอเชิญประชุมออนไลน์ วันศุกร์ 10:00 น.")
    assert "1. เมืองชลบุรี" in texts(reply)
    reply = admin.says("1, ๒, 99")
    assert "ไม่พบลำดับอำเภอ: 99" in texts(reply)
    reply = admin.says("1, ๒")
    shown = texts(reply)
    assert "ตัวอย่างที่ผู้รับจะเห็น" in shown and "📢 ประกาศจาก" in shown and "ขอเชิญประชุมออนไลน์" in shown
    assert "ส่งถึง 2 คน (อำเภอเมืองชลบุรี, บ้านบึง)" in shown and "เหลือเดือนนี้ 300" in shown
    reply = admin.taps_label("ส่ง", reply)
    assert "กำลังส่งถึง 2 คน" in texts(reply)
    (notice,) = wait_sent(services)
    assert notice.kind == "notice" and notice.status == "sent"
    told = multicast_to(standin)
    assert set(told) == {done.user_id, drafting.user_id}
    assert "ขอเชิญประชุมออนไลน์" in told[done.user_id][0]


def test_a_notice_to_everyone_that_would_go_over_the_quota_is_not_sent(admin, districts, standin, services):
    standin.monthly_limit = 2
    reply = admin.says("ประกาศ")
    reply = admin.says("ทดสอบ")
    reply = admin.taps_label("ทุกอำเภอ", reply)
    assert "ส่งถึง 3 คน (ทุกอำเภอ)" in texts(reply) and "เหลือเดือนนี้ 2" in texts(reply)
    reply = admin.taps_label("ส่ง", reply)
    assert "โควตาไม่พอ" in texts(reply) and "ต้องใช้ 3 ข้อความ เหลือเดือนนี้ 2" in texts(reply)
    with services.store.read() as session:
        assert session.scalars(select(Broadcast)).first() is None
    assert multicast_to(standin) == {}


def test_remind_now_reaches_only_those_who_owe_and_can_be_cancelled(admin, districts, services, standin):
    done, drafting, idle = districts
    reply = admin.says("แจ้งเตือน")
    assert "ยังไม่ส่ง 2 อำเภอ" in texts(reply) and "ยังไม่เริ่ม 1 คน · มีร่าง 1 คน" in texts(reply)
    reply = admin.taps_label("ยกเลิก", reply)
    assert "ยกเลิก" in texts(reply)
    reply = admin.says("แจ้งเตือน")
    admin.taps_label("ส่ง", reply)
    wait_sent(services)
    told = multicast_to(standin)
    assert set(told) == {drafting.user_id, idle.user_id}
    assert "ร่างการเสนอชื่อที่ยังไม่ส่ง" in told[drafting.user_id][0]
    reply = admin.says("สรุป")
    assert "แจ้งเตือน (สั่งโดยผู้ดูแล): ส่งแล้ว" in texts(reply)


def test_remind_after_the_deadline_says_there_is_nothing_to_do(admin, clock):
    clock.set(dt.datetime(2027, 7, 21, 9, 0, tzinfo=BANGKOK))
    assert "ปิดรับการเสนอชื่อแล้ว" in texts(admin.says("แจ้งเตือน"))


def test_the_cli_twins(app, districts, services, standin):
    done, drafting, idle = districts
    runner = app.test_cli_runner()
    summary = runner.invoke(args=["admin", "summary"])
    assert summary.exit_code == 0 and "2. บ้านบึง: จนท. 1 คน · มีร่าง" in summary.output
    refused = runner.invoke(args=["admin", "announce", "ประชุมด่วน", "--district", "atlantis"])
    assert refused.exit_code != 0 and "atlantis" in refused.output
    asked = runner.invoke(args=["admin", "announce", "ประชุมด่วน", "--district", "nong-yai"], input="n\n")
    assert asked.exit_code != 0 and "cost: 1 message(s)" in asked.output
    assert multicast_to(standin) == {}
    sent = runner.invoke(args=["admin", "announce", "ประชุมด่วน", "--district", "nong-yai", "--yes"])
    assert sent.exit_code == 0 and ": sent" in sent.output
    assert list(multicast_to(standin)) == [idle.user_id]
    reminded = runner.invoke(args=["admin", "remind", "--yes"])
    assert reminded.exit_code == 0 and "cost: 2 message(s)" in reminded.output
    assert set(multicast_to(standin)) == {idle.user_id, drafting.user_id}
    assert "no nomination is marked ผ่าน" in runner.invoke(args=["admin", "results", "--yes"]).output
    sends = runner.invoke(args=["admin", "sends"]).output
    assert "ประกาศ: ประชุมด่วน  [sent]" in sends and "1 recipient(s) [sent] request req-" in sends


def test_results_announce_the_role_models_marked_passed_and_congratulate_them(admin, officer_of, services, standin,
                                                                            app):
    first, second, third = officer_of("mueang-chonburi"), officer_of("ban-bueng"), officer_of("nong-yai")
    for officer in (first, second, third):
        play(officer, HAPPY_PATH)
    assert "ยังไม่มีรายการที่ “ผ่าน”" in texts(admin.says("ประกาศผล"))
    app.extensions["jobs"].sync_now()
    # Staff mark two of them ผ่าน in the workbook, and the bot reads it.
    from openpyxl import load_workbook

    from sheets import NOMINATION_HEADERS

    path = services.config.review_workbook_path
    book = load_workbook(path)
    sheet = book["การเสนอชื่อ"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in ("CBI-2570-IT-01", "CBI-2570-IT-03"):
            row[NOMINATION_HEADERS.index("สถานะ")].value = "ผ่าน"
    book.save(path)
    app.extensions["jobs"].poll_reviews()
    first.new_messages(), third.new_messages()

    reply = admin.says("ประกาศผล")
    card = next(m for m in reply if m["type"] == "flex")
    assert "อำเภอเมืองชลบุรี" in texts([card]) and "อำเภอหนองใหญ่" in texts([card])
    assert "อำเภอบ้านบึง" not in texts([card])
    assert "9 อำเภอยังไม่มีรายการที่ผ่าน" in texts(reply)
    assert "ส่งถึง 5 คน" in texts(reply)  # 3 officers see the card; 2 role models' senders are congratulated
    admin.taps_label("ส่ง", reply)
    wait_sent(services)
    for delivery in [d for d in standin.deliveries if d.kind == "multicast"]:
        assert delivery.to in {first.user_id, second.user_id, third.user_id}
    congratulated = [d.to for d in standin.deliveries
                     if d.kind == "multicast" and "ขอแสดงความยินดี" in d.messages[0].get("text", "")]
    assert sorted(congratulated) == sorted([first.user_id, third.user_id])


GROUP = {"type": "group", "groupId": "C" + "7" * 32}


def in_group(bot, user_id: str, text: str) -> list[dict]:
    from tests.conftest import SECRET
    from tests.harness import event, post_events

    token = bot.standin.issue_reply_token(GROUP["groupId"])
    before = len(bot.standin.messages_to(GROUP["groupId"]))
    post_events(bot.url, SECRET, [event("message", user_id, reply_token=token, source=dict(GROUP, userId=user_id),
                                        message={"type": "text", "id": "1", "text": text})])
    bot.wait_idle()
    return bot.standin.messages_to(GROUP["groupId"])[before:]


def test_a_district_group_is_linked_enabled_by_an_admin_and_priced_per_member(admin, officer_of, bot, services,
                                                                             standin):
    standin.groups[GROUP["groupId"]] = 25
    stranger = Officer(bot)
    assert "ลงทะเบียนกับบอทแบบส่วนตัว" in texts(in_group(bot, stranger.user_id, "ผูกกลุ่ม"))
    officer = officer_of("nong-yai")
    assert "กลุ่มของอำเภอหนองใหญ่" in texts(in_group(bot, officer.user_id, "ผูกกลุ่ม"))
    assert in_group(bot, officer.user_id, "เสนอชื่อ") == []  # no dialogues in groups

    reply = admin.says("กลุ่ม")
    assert "อำเภอหนองใหญ่: ปิดอยู่" in texts(reply)
    reply = admin.taps_label("เปิด หนองใหญ่", reply)
    assert "กลุ่มอำเภอหนองใหญ่: เปิดใช้แล้ว" in texts(reply)
    assert "อำเภอหนองใหญ่: เปิดใช้" in texts(admin.says("กลุ่ม"))
    outsider = officer_of("bo-thong")
    assert "สำหรับเจ้าหน้าที่จังหวัดเท่านั้น" in texts(outsider.taps(f"a=group&g={GROUP['groupId']}&on=0"))

    reply = admin.says("ประกาศ")
    reply = admin.says("อบรมการใช้ Canva วันจันทร์")
    reply = admin.taps_label("ทุกอำเภอ", reply)
    assert "ส่งถึง 2 คน (ทุกอำเภอ)" in texts(reply) and "และ 1 กลุ่ม (25 สมาชิก)" in texts(reply)
    admin.taps_label("ส่ง", reply)
    wait_sent(services)
    pushes = [d for d in standin.deliveries if d.to == GROUP["groupId"] and d.kind == "push"]
    assert len(pushes) == 1 and "อบรมการใช้ Canva" in pushes[0].messages[0]["text"] and pushes[0].retry_key
    assert standin.used_locked() == 2 + 25


def test_a_group_that_would_take_the_send_over_the_quota_stops_it(admin, officer_of, bot, standin, services):
    standin.groups[GROUP["groupId"]] = 400
    officer = officer_of("nong-yai")
    in_group(bot, officer.user_id, "ผูกกลุ่ม")
    admin.taps_label("เปิด หนองใหญ่", admin.says("กลุ่ม"))
    reply = admin.says("ประกาศ")
    reply = admin.says("ทดสอบ")
    reply = admin.taps_label("ทุกอำเภอ", reply)
    reply = admin.taps_label("ส่ง", reply)
    assert "ต้องใช้ 401 ข้อความ เหลือเดือนนี้ 300" in texts(reply)
    assert standin.used_locked() == 0


def test_a_group_that_removed_the_bot_stops_being_a_target(admin, officer_of, bot, standin):
    from tests.conftest import SECRET
    from tests.harness import event, post_events

    standin.groups[GROUP["groupId"]] = 10
    in_group(bot, officer_of("nong-yai").user_id, "ผูกกลุ่ม")
    admin.taps_label("เปิด หนองใหญ่", admin.says("กลุ่ม"))
    post_events(bot.url, SECRET, [event("leave", "", source=GROUP)])
    bot.wait_idle()
    assert "อำเภอหนองใหญ่: ปิดอยู่" in texts(admin.says("กลุ่ม"))


def test_a_broadcast_line_refuses_before_it_starts_is_marked_failed_not_left_pending(admin, districts, services,
                                                                                     standin):
    standin.fail("/v2/bot/message/quota", 401, body={"message": "Authentication failed."}, times=5)
    reply = admin.says("แจ้งเตือน")
    admin.taps_label("ส่ง", reply)
    (broadcast,) = wait_sent(services)
    assert broadcast.status == "failed" and "401" in broadcast.note


def test_an_admin_mid_notice_who_types_another_command_is_told_to_finish_first(admin):
    admin.says("ประกาศ")
    reply = admin.says("เสนอชื่อ")
    assert "กำลังเตรียมการส่งอยู่" in texts(reply) and "พิมพ์ข้อความประกาศ" in texts(reply)
    assert "ยกเลิกประกาศแล้ว" in texts(admin.says("ยกเลิก"))
