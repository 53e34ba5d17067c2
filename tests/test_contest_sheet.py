"""The committee's score sheet on both backends: created once, filled by hand, read back into results."""
from __future__ import annotations

from bot import contest
from sheets import SCORES_SHEET
from tests.test_sheet_contract import backend  # noqa: F401 - the same two backends

FIRST_SCORE_COLUMN = 4  # after รหัสกรรมการ, กรรมการ, อำเภอ


def test_the_score_sheet_is_prefilled_once_and_read_back_into_results(backend, services):  # noqa: F811
    sheet, staff = backend
    campaign = services.campaign
    assert "33 แถว" in sheet.prepare_scores(contest.layout(campaign))[0]  # 3 judges x 11 districts
    assert staff.validations(SCORES_SHEET) >= 5
    rows = staff.rows(SCORES_SHEET)
    assert rows[0]["รหัสกรรมการ"] == "judge-1" and rows[0]["อำเภอ"] == "เมืองชลบุรี"
    assert list(rows[0])[3:] == ["ข้อ 1 (20)", "ข้อ 2 (25)", "ข้อ 3 (10)", "ข้อ 4 (30)", "ข้อ 5 (15)", "ความเห็น"]

    # Each judge scores เมืองชลบุรี (row 2, 13, 24); judge 2 mistypes once.
    for row, scores in ((2, [20, 25, 10, 30, 15]), (13, [18, "ยี่สิบ", 8, 24, 12]), (24, [16, 15, 6, 18, 9])):
        for offset, value in enumerate(scores):
            staff.put(SCORES_SHEET, row, FIRST_SCORE_COLUMN + offset, value)
    assert "มีอยู่แล้ว" in sheet.prepare_scores(contest.layout(campaign))[0]  # never rewritten

    results, problems = contest.tally(campaign, contest.rows_from_sheet(campaign, sheet.score_rows()))
    assert [(p.row, p.criterion, p.reason) for p in problems] == [(13, 2, "ไม่ใช่ตัวเลข")]
    mueang = next(r for r in results if r.district_id == "mueang-chonburi")
    assert (mueang.judges_done, mueang.total, mueang.place) == (2, 82.0, None)


def test_results_from_the_cli_rank_after_judging_is_closed(app, services):
    runner = app.test_cli_runner()
    assert "33 แถว" in runner.invoke(args=["contest", "template"]).output
    sheet = services.sheet
    from tests.sheet_backends import LocalStaff

    staff = LocalStaff(services.config.review_workbook_path)
    for row, scores in ((2, [20, 25, 10, 30, 15]), (3, [10, 10, 5, 10, 5])):  # judge 1: two districts
        for offset, value in enumerate(scores):
            staff.put(SCORES_SHEET, row, FIRST_SCORE_COLUMN + offset, value)
    table = runner.invoke(args=["contest", "results"]).output
    assert "judging open" in table and "    -  เมืองชลบุรี" in table and "1/3" in table
    assert runner.invoke(args=["contest", "close"]).exit_code == 0
    table = runner.invoke(args=["contest", "results"]).output
    assert "judging closed" in table
    assert "    1  เมืองชลบุรี" in table and "รางวัลชนะเลิศ" in table
    assert "    2  บ้านบึง" in table and "รางวัลรองชนะเลิศอันดับหนึ่ง" in table
    assert "หากคะแนนรวมเท่ากัน" in table
    assert sheet.score_rows()[0][0] == 2
