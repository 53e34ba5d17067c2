"""The website contest's arithmetic: reading score cells, means over judges, ranking, ties and awards.

Pure functions over plain values, so every rule is a table in the tests.
- Blank cells mean "not scored yet". A cell that is not a number, or outside 0..max, is a problem reported
  with its row, and never counted.
- A judge's score for a district counts only when every criterion has a valid number (full scoring).
- A district's score is the mean over the judges who scored it fully.
- A district is ranked when every judge has scored it fully, or, once an admin closes judging, when at least
  one judge has.
- Equal totals are separated by the tie-break criteria's means in order; still equal, the place is shared
  (1, 1, 3 ...), and so is the award.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.campaign import Campaign
from handlers.thaidate import arabic_digits


@dataclass(frozen=True)
class ScoreRow:
    """One row of the score sheet: one judge, one district, a cell per criterion (as typed), a comment."""

    row: int
    judge_id: str
    district_id: str
    cells: dict[int, object]
    comment: str = ""


@dataclass(frozen=True)
class Problem:
    row: int
    judge_id: str
    district_id: str
    criterion: int | None
    value: str
    reason: str


@dataclass
class DistrictResult:
    district_id: str
    judges_done: int
    judges_total: int
    total: float | None = None  # mean over the judges who scored fully
    means: dict[int, float] = field(default_factory=dict)
    place: int | None = None
    award: str | None = None

    @property
    def complete(self) -> bool:
        return self.judges_done == self.judges_total


def read_cell(value: object, maximum: int) -> tuple[float | None, str | None]:
    """(points, None), (None, None) for a blank, or (None, why) for a cell that cannot count."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, "ไม่ใช่ตัวเลข"
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(arabic_digits(str(value)).strip().replace(",", "."))
        except ValueError:
            return None, "ไม่ใช่ตัวเลข"
    if number != number or not 0 <= number <= maximum:  # NaN, or out of range
        return None, f"ต้องอยู่ระหว่าง 0 ถึง {maximum}"
    return number, None


def full_scores(campaign: Campaign, rows: list[ScoreRow]) -> tuple[dict[tuple[str, str], dict[int, float]],
                                                                    list[Problem]]:
    """Each (judge, district) that is fully and validly scored, and every problem found on the way."""
    criteria = {c.number: c.points for c in campaign.contest.criteria}
    judges = {j.id for j in campaign.contest.judges}
    scores, problems, seen = {}, [], set()
    for row in rows:
        if row.judge_id not in judges or campaign.district(row.district_id) is None:
            problems.append(Problem(row.row, row.judge_id, row.district_id, None, "", "ไม่รู้จักกรรมการหรืออำเภอนี้"))
            continue
        if (row.judge_id, row.district_id) in seen:
            problems.append(Problem(row.row, row.judge_id, row.district_id, None, "", "แถวซ้ำ: กรรมการคนนี้ให้คะแนนอำเภอนี้แล้ว"))
            continue
        seen.add((row.judge_id, row.district_id))
        points, valid = {}, True
        for number, maximum in criteria.items():
            value, why = read_cell(row.cells.get(number), maximum)
            if why:
                problems.append(Problem(row.row, row.judge_id, row.district_id, number, str(row.cells.get(number)), why))
                valid = False
            elif value is None:
                valid = False  # not scored yet
            else:
                points[number] = value
        if valid:
            scores[(row.judge_id, row.district_id)] = points
    return scores, problems


def tally(campaign: Campaign, rows: list[ScoreRow], *, closed: bool = False) -> tuple[list[DistrictResult],
                                                                                     list[Problem]]:
    """Every district's result (in the campaign's order), with places and awards where the rules allow."""
    contest = campaign.contest
    scores, problems = full_scores(campaign, rows)
    judges = [j.id for j in contest.judges]
    results = []
    for district in campaign.districts:
        done = [scores[(j, district.id)] for j in judges if (j, district.id) in scores]
        result = DistrictResult(district.id, len(done), len(judges))
        if done:
            result.means = {c.number: sum(s[c.number] for s in done) / len(done) for c in contest.criteria}
            result.total = round(sum(result.means.values()), 2)
        results.append(result)
    rankable = [r for r in results if r.total is not None and (r.complete or closed)]

    def key(result: DistrictResult) -> tuple:
        return (round(result.total, 6),) + tuple(round(result.means[n], 6) for n in contest.tie_break)

    ordered = sorted(rankable, key=key, reverse=True)
    for index, result in enumerate(ordered):
        same = index > 0 and key(ordered[index - 1]) == key(result)
        result.place = ordered[index - 1].place if same else index + 1
        if result.place <= len(contest.awards):
            result.award = contest.awards[result.place - 1]
    return results, problems


def tie_rule(campaign: Campaign) -> str:
    """The tie rule in words, printed with the results."""
    names = {c.number: c.title for c in campaign.contest.criteria}
    order = campaign.contest.tie_break
    if not order:
        return "หากคะแนนรวมเท่ากัน ให้ครองอันดับร่วมกัน"
    text = f"หากคะแนนรวมเท่ากัน ผู้ที่ได้คะแนนเกณฑ์ข้อ {order[0]} ({names[order[0]]}) สูงกว่าได้อันดับดีกว่า"
    for number in order[1:]:
        text += f" ถ้ายังเท่ากัน ดูเกณฑ์ข้อ {number} ({names[number]})"
    return text + " ถ้ายังเท่ากันอีก ให้ครองอันดับร่วมกัน"


# --- the score sheet -----------------------------------------------------------------------------------------
KEY_HEADERS = ("รหัสกรรมการ", "กรรมการ", "อำเภอ")
COMMENT_HEADER = "ความเห็น"


def layout(campaign: Campaign):
    """The committee's sheet for this campaign: a row per judge and district, a column per criterion."""
    from sheets import ScoreSheetLayout

    criteria = campaign.contest.criteria
    headers = KEY_HEADERS + tuple(f"ข้อ {c.number} ({c.points})" for c in criteria) + (COMMENT_HEADER,)
    rows = tuple((judge.id, judge.name, district.name) for judge in campaign.contest.judges
                 for district in campaign.districts)
    return ScoreSheetLayout(headers, rows, len(KEY_HEADERS), tuple(c.points for c in criteria))


def rows_from_sheet(campaign: Campaign, raw: list[tuple[int, list]]) -> list[ScoreRow]:
    """Score-sheet rows as the committee left them, keyed back to judge and district ids."""
    districts = {d.name: d.id for d in campaign.districts}
    criteria = [c.number for c in campaign.contest.criteria]
    first = len(KEY_HEADERS)
    rows = []
    for number, cells in raw:
        cells = list(cells) + [None] * (first + len(criteria) + 1 - len(cells))
        rows.append(ScoreRow(
            row=number, judge_id=str(cells[0] or "").strip(),
            district_id=districts.get(str(cells[2] or "").strip(), str(cells[2] or "")),
            cells={n: cells[first + i] for i, n in enumerate(criteria)},
            comment=str(cells[first + len(criteria)] or "")))
    return rows


# --- the checklist, for every entered website ------------------------------------------------------------------
CHECKLIST_LEASE = "website-checklist"
CHECKLIST_LEASE_SECONDS = 1800


def check_entries(services, *, older_than_hours: float = 24, wait: float = 0, **options) -> int:
    """Check each entered website not checked since it changed or for a day; returns how many were checked.

    One checker at a time across every process (a worker, `flask contest checklist`): raises LeaseHeld if
    another is still at it after `wait` seconds.
    """
    with services.store.lease(CHECKLIST_LEASE, CHECKLIST_LEASE_SECONDS, wait=wait):
        return _check_due_entries(services, older_than_hours, options)


def _check_due_entries(services, older_than_hours: float, options: dict) -> int:
    import datetime as dt
    import json

    from sqlalchemy import select

    from bot.checklist import check_website
    from bot.store import WebsiteCheck, WebsiteEntry, utcnow

    campaign, store = services.campaign, services.store
    now = utcnow()
    with store.read() as session:
        entries = list(session.scalars(select(WebsiteEntry).where(WebsiteEntry.campaign_id == campaign.id)))
        checks = {c.district_id: c for c in session.scalars(select(WebsiteCheck).where(
            WebsiteCheck.campaign_id == campaign.id))}
    due = [e for e in entries if e.district_id not in checks or checks[e.district_id].url != e.data.get("url")
           or now - checks[e.district_id].checked_at > dt.timedelta(hours=older_than_hours)]
    today = services.clock().astimezone(campaign.zone).date()
    for entry in due:  # one site at a time
        url = entry.data.get("url", "")
        result = check_website(url, topics=campaign.mission_topics, province_host=campaign.province.website_host,
                               today=today, **options)
        with store.session() as session:
            session.merge(WebsiteCheck(district_id=entry.district_id, campaign_id=campaign.id, url=url,
                                       checked_at=utcnow(), result=json.dumps(result.as_dict(), ensure_ascii=False)))
            session.get(WebsiteEntry, entry.id).synced_at = None  # the อำเภอ sheet shows the new findings
    return len(due)


def checklist_line(result: dict) -> str:
    """One line for the committee: what was found, in the rubric's order."""
    ticks = [("โทร", result.get("phone")), ("อีเมล", result.get("email")), ("ที่อยู่", result.get("address")),
             ("Facebook", result.get("facebook")), ("ลิงก์กรม", result.get("department_link")),
             ("ลิงก์จังหวัด", result.get("province_link"))]
    found = " ".join(f"{name}{'✓' if ok else '✗'}" for name, ok in ticks)
    newest = result.get("newest_date") or "ไม่พบวันที่"
    topics = len(result.get("topics") or [])
    problems = f" · ปัญหา: {'; '.join(result['problems'][:2])}" if result.get("problems") else ""
    return f"[ตัวช่วย ไม่ใช่คะแนน] {found} · ข่าวล่าสุด {newest} · ภารกิจที่พบ {topics} เรื่อง{problems}"
