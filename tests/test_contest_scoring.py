"""The contest's scoring rules, as tables: means, partial scoring, invalid cells, ties, closing, awards."""
from __future__ import annotations

import pytest

from bot.campaign import load_campaign
from bot.contest import ScoreRow, read_cell, tally, tie_rule
from tests.conftest import DEMO

CAMPAIGN = load_campaign(DEMO)  # 11 districts, judges judge-1..3, rubric 20/25/10/30/15, tie-break 4 then 2
J1, J2, J3 = "judge-1", "judge-2", "judge-3"


def scores(*entries) -> list[ScoreRow]:
    """(judge, district, [c1, c2, c3, c4, c5]) -> score-sheet rows, numbered as on a sheet."""
    return [ScoreRow(row=n, judge_id=j, district_id=d, cells=dict(zip(range(1, 6), cells)))
            for n, (j, d, cells) in enumerate(entries, start=2)]


def by_district(results):
    return {r.district_id: r for r in results}


@pytest.mark.parametrize("cell, expected", [
    (None, (None, None)), ("", (None, None)), ("  ", (None, None)),
    (18, (18.0, None)), ("18", (18.0, None)), ("๑๘", (18.0, None)), ("17,5", (17.5, None)), (0, (0.0, None)),
    (21, (None, "ต้องอยู่ระหว่าง 0 ถึง 20")), (-1, (None, "ต้องอยู่ระหว่าง 0 ถึง 20")),
    ("ดีมาก", (None, "ไม่ใช่ตัวเลข")), (True, (None, "ไม่ใช่ตัวเลข")), ("nan", (None, "ต้องอยู่ระหว่าง 0 ถึง 20")),
])
def test_reading_a_cell(cell, expected):
    assert read_cell(cell, 20) == expected


def test_the_score_is_the_mean_over_the_judges_and_ranked_when_all_have_scored():
    results, problems = tally(CAMPAIGN, scores(
        (J1, "nong-yai", [20, 25, 10, 30, 15]), (J2, "nong-yai", [18, 20, 8, 24, 12]),
        (J3, "nong-yai", [16, 15, 6, 18, 9]),
    ))
    nong_yai = by_district(results)["nong-yai"]
    assert problems == []
    assert nong_yai.total == 82.0 and nong_yai.means[4] == 24.0  # judges gave 100, 82 and 64
    assert (nong_yai.place, nong_yai.award) == (1, "รางวัลชนะเลิศ")


@pytest.mark.parametrize("rows, done, total, ranked", [
    # one judge left a criterion blank: that judge's score is not counted yet
    ([(J1, "bo-thong", [20, 25, 10, 30, 15]), (J2, "bo-thong", [10, 10, 5, "", 5]),
      (J3, "bo-thong", [10, 10, 10, 10, 10])], 2, 75.0, False),
    # only two of three judges: a mean, but not ranked
    ([(J1, "bo-thong", [20, 25, 10, 30, 15]), (J2, "bo-thong", [10, 10, 5, 10, 5])], 2, 70.0, False),
    # nobody yet
    ([], 0, None, False),
])
def test_partial_scoring_waits(rows, done, total, ranked):
    results, _ = tally(CAMPAIGN, scores(*rows))
    result = by_district(results)["bo-thong"]
    assert (result.judges_done, result.total, result.place is not None) == (done, total, ranked)


def test_closing_judging_ranks_those_with_at_least_one_full_score():
    rows = scores((J1, "bo-thong", [20, 25, 10, 30, 15]), (J1, "ko-chan", [10, 10, 10, 10, 10]))
    open_results, _ = tally(CAMPAIGN, rows)
    assert all(r.place is None for r in open_results)
    closed, _ = tally(CAMPAIGN, rows, closed=True)
    places = {r.district_id: r.place for r in closed if r.place}
    assert places == {"bo-thong": 1, "ko-chan": 2}


def full(district, cells):
    return [(judge, district, cells) for judge in (J1, J2, J3)]


@pytest.mark.parametrize("a, b, expected", [
    # equal totals (80): criterion 4 decides
    ([20, 20, 10, 20, 10], [20, 25, 5, 25, 5], {"a": 2, "b": 1}),
    # equal totals and criterion 4: criterion 2 decides
    ([20, 25, 5, 20, 10], [20, 20, 10, 20, 10], {"a": 1, "b": 2}),
    # equal on everything the rule looks at: a shared place
    ([20, 20, 10, 20, 10], [20, 20, 5, 20, 15], {"a": 1, "b": 1}),
])
def test_ties_follow_the_campaigns_rule(a, b, expected):
    results, _ = tally(CAMPAIGN, scores(*full("si-racha", a), *full("sattahip", b)))
    places = by_district(results)
    assert {"a": places["si-racha"].place, "b": places["sattahip"].place} == expected


def test_a_shared_first_place_shares_the_award_and_the_next_place_is_third():
    rows = scores(*full("si-racha", [20, 20, 10, 20, 10]), *full("sattahip", [20, 20, 5, 20, 15]),
                  *full("ko-chan", [10, 10, 10, 10, 10]), *full("bo-thong", [5, 5, 5, 5, 5]))
    results = by_district(tally(CAMPAIGN, rows)[0])
    assert [(results[d].place, results[d].award) for d in ("si-racha", "sattahip", "ko-chan", "bo-thong")] == [
        (1, "รางวัลชนะเลิศ"), (1, "รางวัลชนะเลิศ"), (3, "รางวัลรองชนะเลิศอันดับสอง"), (4, None)]


def test_invalid_cells_are_reported_by_row_and_never_counted():
    results, problems = tally(CAMPAIGN, scores(
        (J1, "nong-yai", [20, 25, 10, 30, 15]), (J2, "nong-yai", [20, "ยี่สิบ", 10, 31, 15]),
        (J3, "nong-yai", [20, 25, 10, 30, 15]), ("judge-9", "nong-yai", [1, 1, 1, 1, 1]),
        (J1, "nong-yai", [0, 0, 0, 0, 0]),
    ))
    assert [(p.row, p.criterion, p.reason) for p in problems] == [
        (3, 2, "ไม่ใช่ตัวเลข"), (3, 4, "ต้องอยู่ระหว่าง 0 ถึง 30"), (5, None, "ไม่รู้จักกรรมการหรืออำเภอนี้"),
        (6, None, "แถวซ้ำ: กรรมการคนนี้ให้คะแนนอำเภอนี้แล้ว")]
    nong_yai = by_district(results)["nong-yai"]
    assert (nong_yai.judges_done, nong_yai.total, nong_yai.place) == (2, 100.0, None)


def test_the_tie_rule_is_printed_in_words():
    rule = tie_rule(CAMPAIGN)
    assert rule.startswith("หากคะแนนรวมเท่ากัน ผู้ที่ได้คะแนนเกณฑ์ข้อ 4")
    assert "ดูเกณฑ์ข้อ 2" in rule and rule.endswith("ให้ครองอันดับร่วมกัน")
