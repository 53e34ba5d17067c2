"""Copy confirmed nominations to the review sheet: pending ones in one batch, marked only once written."""
from __future__ import annotations

import json
import logging

from sqlalchemy import func, select, update

from bot.services import Services
from bot.contest import checklist_line
from bot.store import NominationRecord, Officer, Photo, PhotoUpload, WebsiteCheck, WebsiteEntry, aware, utcnow
from handlers.notices import review_notice
from handlers.thaidate import thai_datetime
from sheets import STATUS_PENDING, STATUSES, DistrictRow, NominationRow, WorkRow

logger = logging.getLogger(__name__)


def photo_links(services: Services, records: list[NominationRecord]) -> dict[str, str]:
    """Each photo's place for staff: a Drive link (uploaded once), or a file under instance/photos."""
    names = {photo for record in records for work in record.data.get("works", []) for photo in work.get("photos", [])}
    folder = services.photo_folder
    with services.store.read() as session:
        links = {} if folder is None else {u.file_name: u.link for u in session.scalars(
            select(PhotoUpload).where(PhotoUpload.file_name.in_(names)))}
    for name in sorted(names - set(links)):
        path = services.config.photos_path / name
        if folder is None and path.exists():  # the local workbook links the file beside it
            links[name] = str(path)
            continue
        content = photo_content(services, name)
        if content is None:
            links[name] = f"(ไม่พบไฟล์ {name})"
        elif folder is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(content)
            partial.replace(path)
            links[name] = str(path)
        else:
            link = folder.upload(name, content)
            with services.store.session() as session:
                session.merge(PhotoUpload(file_name=name, link=link, uploaded_at=utcnow()))
                stored = session.get(Photo, name)
                if stored is not None:
                    stored.content = None  # Drive has it now; the database need not keep a second copy
            links[name] = link
    return links


def photo_content(services: Services, name: str) -> bytes | None:
    """A photo's bytes: from the database, or from instance/photos for one received before photos moved there."""
    with services.store.read() as session:
        stored = session.get(Photo, name)
        if stored is not None and stored.content is not None:
            return stored.content
    path = services.config.photos_path / name
    return path.read_bytes() if path.exists() else None


def sheet_row(record: NominationRecord, services: Services, links: dict[str, str] | None = None) -> NominationRow:
    campaign = services.campaign
    data = record.data
    district = campaign.district(record.district_id)
    works = []
    for number, work in enumerate(data.get("works", []), start=1):
        category = campaign.category(work.get("category", ""))
        photos = tuple((links or {}).get(photo, photo) for photo in work.get("photos", []))
        works.append(WorkRow(number, category.label if category else work.get("category", ""), work.get("title", ""),
                             work.get("result", ""), tuple(work.get("links", [])), photos))
    eligible = "ใช่" if data.get("eligible") and all(data["eligible"].values()) else "ไม่ระบุ"
    return NominationRow(
        reference=record.reference, revision=record.revision, district=district.name if district else "",
        nominee=data.get("nominee", ""), position=data.get("position", ""), office=data.get("office", ""),
        eligible=eligible, skills=data.get("skills", ""), submitted_by=record.submitter_name or "",
        submitted_at=thai_datetime(aware(record.submitted_at), campaign.zone), works=tuple(works),
    )


def district_rows(services: Services, session) -> list[DistrictRow]:
    campaign = services.campaign
    officers = dict(session.execute(
        select(Officer.district_id, func.count()).where(Officer.district_id.isnot(None)).group_by(Officer.district_id)
    ).all())
    active = {r.district_id: r for r in session.scalars(select(NominationRecord).where(
        NominationRecord.campaign_id == campaign.id, NominationRecord.status == "active"))}
    websites = {w.district_id: w.data.get("url", "") for w in session.scalars(select(WebsiteEntry).where(
        WebsiteEntry.campaign_id == campaign.id))}
    checks = {c.district_id: checklist_line(json.loads(c.result)) for c in session.scalars(select(WebsiteCheck).where(
        WebsiteCheck.campaign_id == campaign.id))}
    now = thai_datetime(services.clock(), campaign.zone)
    rows = []
    for district in campaign.districts:
        record = active.get(district.id)
        state = f"ส่งแล้ว (ฉบับที่ {record.revision})" if record else "ยังไม่ส่ง"
        rows.append(DistrictRow(district.number, district.name, officers.get(district.id, 0), state,
                                record.reference if record else "", (record.review_status or "") if record else "",
                                now, websites.get(district.id, ""), checks.get(district.id, "")))
    return rows


def sync_review_sheet(services: Services) -> int:
    """Write every nomination revision not yet on the sheet; returns how many references were written.

    Safe to repeat after any failure: the sheet is read first and rows are found by reference, so a write
    that landed before a crash is updated in place next time, never added twice.
    """
    store = services.store
    with store.read() as session:
        records = store.unsynced_nominations(session)
        websites = list(session.scalars(select(WebsiteEntry.id).where(WebsiteEntry.synced_at.is_(None))))
        if not records and not websites:
            return 0
        newest: dict[str, NominationRecord] = {}
        for record in records:
            newest[record.reference] = record  # ordered by id: the last one is the newest revision
        districts = district_rows(services, session)
        ids = [record.id for record in records]
    links = photo_links(services, list(newest.values()))
    rows = [sheet_row(record, services, links) for record in newest.values()]
    stamp = thai_datetime(services.clock(), services.campaign.zone)
    changed = [r.reference for r in rows] + ([f"เว็บไซต์ {len(websites)} อำเภอ"] if websites else [])
    log = [(stamp, "บอทเขียน/ปรับปรุง: " + ", ".join(changed))]
    services.sheet.upsert_nominations(rows, districts, log)
    with store.session() as session:
        session.execute(update(NominationRecord).where(NominationRecord.id.in_(ids)).values(synced_at=utcnow()))
        session.execute(update(WebsiteEntry).where(WebsiteEntry.id.in_(websites)).values(synced_at=utcnow()))
    logger.info("wrote %s nomination(s) to the review sheet", len(rows))
    return len(rows)


def poll_reviews(services: Services, processor) -> list[str]:
    """Read staff decisions once; tell each submitting officer about a change, once. Returns chats to serve."""
    store = services.store
    with store.read() as session:
        if not session.scalar(select(func.count()).select_from(NominationRecord).where(
                NominationRecord.status == "active", NominationRecord.synced_at.isnot(None))):
            return []  # nothing on the sheet yet: spend no read
    reviews = services.sheet.reviews()
    told = []
    with store.session() as session:
        records = session.scalars(select(NominationRecord).where(
            NominationRecord.campaign_id == services.campaign.id, NominationRecord.status == "active",
            NominationRecord.synced_at.isnot(None)))
        for record in records:
            review = reviews.get(record.reference)
            if review is None or review.revision != str(record.revision):
                continue  # not on the sheet, or the sheet still shows an older revision
            old_status, old_comment = record.review_status or STATUS_PENDING, record.review_comment or ""
            status = review.status if review.status in STATUSES else old_status
            if (status, review.comment) == (old_status, old_comment):
                continue
            record.review_status, record.review_comment = status, review.comment
            notice = review_notice(services.campaign, reference=record.reference, nominee=record.data.get("nominee", ""),
                                   status=status, comment=review.comment, status_changed=status != old_status)
            officer = session.get(Officer, record.submitted_by)
            if notice and officer is not None and officer.following:
                processor.notify(session, record.submitted_by, [notice])
                told.append(record.submitted_by)
            logger.info("staff marked %s as %s", record.reference, status)
    return told
