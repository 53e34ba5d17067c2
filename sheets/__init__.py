"""Where confirmed nominations go for provincial staff to review: one interface, local and Google backends."""
from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from bot.config import Config

STATUS_PENDING = "รอตรวจสอบ"
STATUSES = (STATUS_PENDING, "ผ่าน", "ขอแก้ไข", "ไม่ผ่าน")

NOMINATION_SHEET = "การเสนอชื่อ"
WORKS_SHEET = "ผลงาน"
DISTRICTS_SHEET = "อำเภอ"
LOG_SHEET = "บันทึก"
NOMINATION_HEADERS = (
    "เลขที่อ้างอิง", "ฉบับที่", "อำเภอ", "ผู้ได้รับการเสนอชื่อ", "ตำแหน่ง", "สังกัด", "คุณสมบัติ (ข้าราชการ พช.)",
    "ทักษะด้านไอที", "จำนวนผลงาน", "ผลงาน", "ผู้ส่ง", "ส่งเมื่อ", "สถานะ", "ความเห็นเจ้าหน้าที่",
)
WORK_HEADERS = ("เลขที่อ้างอิง", "ผลงานที่", "ประเภท", "ชื่อผลงาน", "ผลสำเร็จ", "ลิงก์หลักฐาน", "รูปภาพ")
DISTRICT_HEADERS = ("ลำดับ", "อำเภอ", "เจ้าหน้าที่ที่ลงทะเบียน", "การเสนอชื่อ", "เลขที่อ้างอิง", "ผลการตรวจสอบ",
                    "เว็บไซต์ประกวด", "ปรับปรุงเมื่อ", "ตัวช่วยตรวจเว็บไซต์ (ไม่ใช่คะแนน)")
LOG_HEADERS = ("เวลา", "เหตุการณ์")
SCORES_SHEET = "คะแนนเว็บไซต์"
LAYOUT = ((NOMINATION_SHEET, NOMINATION_HEADERS), (WORKS_SHEET, WORK_HEADERS), (DISTRICTS_SHEET, DISTRICT_HEADERS),
          (LOG_SHEET, LOG_HEADERS))
# Columns staff own: a bot update never overwrites them (a new revision only resets the status).
STAFF_COLUMNS = ("สถานะ", "ความเห็นเจ้าหน้าที่")


@dataclass(frozen=True)
class WorkRow:
    number: int
    category: str
    title: str
    result: str
    links: tuple[str, ...]
    photos: tuple[str, ...]


@dataclass(frozen=True)
class NominationRow:
    """One nomination as staff see it; found again by `reference`, never by a row number."""

    reference: str
    revision: int
    district: str
    nominee: str
    position: str
    office: str
    eligible: str
    skills: str
    submitted_by: str
    submitted_at: str
    works: tuple[WorkRow, ...] = field(default_factory=tuple)

    def cells(self) -> list:
        summary = "\n\n".join(
            f"{w.number}. [{w.category}] {w.title}\n{w.result}\n" + "\n".join(w.links) for w in self.works
        )
        return [self.reference, self.revision, self.district, self.nominee, self.position, self.office,
                self.eligible, self.skills, len(self.works), summary, self.submitted_by, self.submitted_at]

    def work_cells(self) -> list[list]:
        return [[self.reference, w.number, w.category, w.title, w.result, "\n".join(w.links), "\n".join(w.photos)]
                for w in self.works]


@dataclass(frozen=True)
class DistrictRow:
    """One district's line on the อำเภอ sheet, rewritten whole on each sync (staff edit nothing there)."""

    number: int
    name: str
    officers: int
    nomination: str
    reference: str
    review: str
    updated_at: str
    website: str = ""
    checklist: str = ""

    def cells(self) -> list:
        return [self.number, self.name, self.officers, self.nomination, self.reference, self.review, self.website,
                self.updated_at, self.checklist]


@dataclass(frozen=True)
class ScoreSheetLayout:
    """The committee's score sheet: key columns, one column per criterion with its maximum, a comment column."""

    headers: tuple[str, ...]
    rows: tuple[tuple, ...]  # prefilled key cells: one row per judge and district
    first_score_column: int  # 0-based
    maxima: tuple[int, ...]


@dataclass(frozen=True)
class Review:
    """What staff decided on a reference, and on which revision of it."""

    reference: str
    revision: str
    status: str
    comment: str


class ReviewSheet(abc.ABC):
    """The review surface. Writes are upserts by reference; staff columns survive them."""

    @abc.abstractmethod
    def prepare(self) -> list[str]:
        """Create or repair the worksheets and their headers; never touches rows below the headers.

        Returns what it did, in words for the person who ran it.
        """

    @abc.abstractmethod
    def upsert_nominations(self, rows: Sequence[NominationRow], districts: Sequence[DistrictRow] = (),
                           log: Sequence[str] = ()) -> None:
        """Add new references and update existing ones in place (found by reference, whatever the row order);
        rewrite the districts table; append log lines. As few writes as the backend allows."""

    @abc.abstractmethod
    def reviews(self) -> dict[str, Review]:
        """Status and staff comment per reference, as staff left them."""

    @abc.abstractmethod
    def prepare_scores(self, layout: ScoreSheetLayout) -> list[str]:
        """Create the score sheet if missing: headers, one prefilled row per judge and district, 0..max checks.
        A sheet the committee has started is never rewritten."""

    @abc.abstractmethod
    def score_rows(self) -> list[tuple[int, list]]:
        """(row number, cells) for every row below the score sheet's header, as the committee left them."""


def open_photo_folder(config: "Config"):
    """The Drive folder for evidence photos, when Google and a folder are configured; else None (kept locally)."""
    if not (config.google_configured and config.google_drive_folder_id):
        return None
    from sheets.drive import DriveFolder
    from sheets.google import GoogleSession, load_credentials

    credentials = load_credentials(config.google_service_account_json, config.google_application_credentials)
    return DriveFolder(GoogleSession(credentials, config.google_api_base_url), config.google_drive_folder_id)


def open_review_sheet(config: "Config", pace=None) -> ReviewSheet:
    """The Google Sheet when one is configured, else the local workbook under instance/."""
    if config.google_configured:
        from sheets.google import GoogleSheet, load_credentials

        credentials = load_credentials(config.google_service_account_json, config.google_application_credentials)
        return GoogleSheet(credentials, config.google_sheet_id, pace=pace or (lambda kind: None),
                           base_url=config.google_api_base_url, retry_base_seconds=config.google_retry_base_seconds)
    from sheets.local import LocalWorkbook

    return LocalWorkbook(config.review_workbook_path)
