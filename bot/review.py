"""Copy confirmed nominations to the review sheet: pending ones in one batch, marked only once written."""
from __future__ import annotations

import logging

from sqlalchemy import update

from bot.services import Services
from bot.store import NominationRecord, aware, utcnow
from handlers.thaidate import thai_datetime
from sheets import NominationRow, WorkRow

logger = logging.getLogger(__name__)


def sheet_row(record: NominationRecord, services: Services) -> NominationRow:
    campaign = services.campaign
    data = record.data
    district = campaign.district(record.district_id)
    works = []
    for number, work in enumerate(data.get("works", []), start=1):
        category = campaign.category(work.get("category", ""))
        works.append(WorkRow(number, category.label if category else work.get("category", ""), work.get("title", ""),
                             work.get("result", ""), tuple(work.get("links", [])), tuple(work.get("photos", []))))
    eligible = "ใช่" if data.get("eligible") and all(data["eligible"].values()) else "ไม่ระบุ"
    return NominationRow(
        reference=record.reference, revision=record.revision, district=district.name if district else "",
        nominee=data.get("nominee", ""), position=data.get("position", ""), office=data.get("office", ""),
        eligible=eligible, skills=data.get("skills", ""), submitted_by=record.submitter_name or "",
        submitted_at=thai_datetime(aware(record.submitted_at), campaign.zone), works=tuple(works),
    )


def sync_review_sheet(services: Services) -> int:
    """Write every nomination revision not yet on the sheet; returns how many references were written."""
    store = services.store
    with store.read() as session:
        records = store.unsynced_nominations(session)
        newest: dict[str, NominationRecord] = {}
        for record in records:
            newest[record.reference] = record  # ordered by id: the last one is the newest revision
        rows = [sheet_row(record, services) for record in newest.values()]
        ids = [record.id for record in records]
    if not rows:
        return 0
    services.sheet.upsert_nominations(rows)
    with store.session() as session:
        session.execute(update(NominationRecord).where(NominationRecord.id.in_(ids)).values(synced_at=utcnow()))
    logger.info("wrote %s nomination(s) to the review sheet", len(rows))
    return len(rows)
