"""Saying one thing to many people: planned durably, checked against the quota, sent in retry-safe batches.

A broadcast is written with all its batches before anything is sent. Before the first batch the month's
quota is read: a broadcast that would go over is refused whole, never half-sent. Each batch (at most 500
user ids) keeps its X-Line-Retry-Key, so a retry after a 5xx or a timeout is a 409 at worst, never a second
delivery. Every batch records its recipients, when it went and LINE's request id.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from bot.errors import DeliveryError, TransientDeliveryError
from bot.line import AlreadyAccepted
from bot.services import Services
from bot.store import (
    Broadcast, BroadcastBatch, Conversation, LineGroup, NominationRecord, Officer, utcnow,
)
from handlers.reminders import reminder

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


@dataclass(frozen=True)
class Part:
    """Who gets which messages within one broadcast."""

    recipients: tuple[str, ...]
    messages: tuple[dict, ...]


class QuotaRefused(Exception):
    def __init__(self, needed: int, left: int):
        super().__init__(f"needs {needed} messages, {left} left this month")
        self.needed, self.left = needed, left


def create(services: Services, kind: str, summary: str, parts: list[Part], *, slot_key: str | None = None,
           created_by: str | None = None, status: str = "pending", note: str | None = None,
           session=None) -> int | None:
    """Write a broadcast and its batches in one transaction (the caller's, if given); None if its slot exists."""
    if session is None:
        with services.store.session() as own:
            return create(services, kind, summary, parts, slot_key=slot_key, created_by=created_by, status=status,
                          note=note, session=own)
    store = services.store
    recipients = sum(len(p.recipients) for p in parts)
    insert = postgresql.insert(Broadcast) if store.engine.dialect.name == "postgresql" else sqlite.insert(Broadcast)
    stmt = insert.values(kind=kind, slot_key=slot_key, summary=summary[:200], status=status, recipients=recipients,
                         created_by=created_by, created_at=utcnow(), note=note)
    if slot_key:
        stmt = stmt.on_conflict_do_nothing(index_elements=["slot_key"])
    broadcast_id = session.scalar(stmt.returning(Broadcast.id))
    if broadcast_id is None:
        return None  # this slot was planned already, by this worker or another
    for part in parts:
        people = list(dict.fromkeys(part.recipients))
        groups = [p for p in people if is_group(p)]
        people = [p for p in people if not is_group(p)]
        for group in groups:  # a group is pushed to on its own (multicast takes user ids only)
            session.add(BroadcastBatch(broadcast_id=broadcast_id, recipients=json.dumps([group]),
                                       messages=json.dumps(list(part.messages), ensure_ascii=False),
                                       retry_key=str(uuid.uuid4())))
        for start in range(0, len(people), BATCH_SIZE):
            session.add(BroadcastBatch(broadcast_id=broadcast_id, recipients=json.dumps(people[start:start + BATCH_SIZE]),
                                       messages=json.dumps(list(part.messages), ensure_ascii=False),
                                       retry_key=str(uuid.uuid4())))
    return broadcast_id


def send(services: Services, broadcast_id: int) -> str:
    """Send what is left of a broadcast. Raises TransientDeliveryError to be tried again later (same keys)."""
    store, line = services.store, services.line
    with store.read() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        if broadcast is None or broadcast.status in ("sent", "refused", "failed", "skipped"):
            return broadcast.status if broadcast else "missing"
        batches = list(session.scalars(select(BroadcastBatch).where(
            BroadcastBatch.broadcast_id == broadcast_id, BroadcastBatch.status == "pending").order_by(BroadcastBatch.id)))
        starting = broadcast.status == "pending"
    if starting:
        try:  # TransientDeliveryError propagates: nothing is sent yet, try later
            needed = 0
            for batch in batches:
                recipients = json.loads(batch.recipients)
                needed += line.group_members(recipients[0]) if is_group(recipients[0]) else len(recipients)
            limit, used = line.quota()
        except DeliveryError as exc:  # e.g. a revoked token: retrying will not help, say so
            _finish(services, broadcast_id, "failed", f"LINE ปฏิเสธก่อนเริ่มส่ง: {exc}"[:300])
            logger.error("broadcast %s not started: LINE refused (%s)", broadcast_id, exc)
            return "failed"
        if limit is not None and used + needed > limit:
            _finish(services, broadcast_id, "refused", f"โควตาไม่พอ: ต้องใช้ {needed} ข้อความ เหลือ {max(limit - used, 0)}")
            logger.error("broadcast %s refused: needs %s messages, %s left this month", broadcast_id, needed,
                         max(limit - used, 0))
            raise QuotaRefused(needed, max(limit - used, 0))
        with store.session() as session:
            session.get(Broadcast, broadcast_id).status = "sending"
    for batch in batches:
        recipients, messages = json.loads(batch.recipients), json.loads(batch.messages)
        with store.session() as session:
            session.get(BroadcastBatch, batch.id).attempts += 1
        try:
            if is_group(recipients[0]):
                request_id = line.push(recipients[0], messages, batch.retry_key)
            else:
                request_id = line.multicast(recipients, messages, batch.retry_key)
        except AlreadyAccepted as accepted:
            request_id = accepted.request_id  # an earlier attempt of ours got through
        except TransientDeliveryError:
            raise
        except DeliveryError as exc:
            with store.session() as session:
                row = session.get(BroadcastBatch, batch.id)
                row.status, row.error = "failed", str(exc)[:200]
            _finish(services, broadcast_id, "failed", f"LINE ปฏิเสธ: {exc}"[:300])
            logger.error("broadcast %s stopped: LINE refused a batch (%s)", broadcast_id, exc)
            return "failed"
        with store.session() as session:
            row = session.get(BroadcastBatch, batch.id)
            row.status, row.request_id, row.sent_at = "sent", request_id, utcnow()
    _finish(services, broadcast_id, "sent")
    return "sent"


def _finish(services: Services, broadcast_id: int, status: str, note: str | None = None) -> None:
    with services.store.session() as session:
        broadcast = session.get(Broadcast, broadcast_id)
        broadcast.status, broadcast.finished_at = status, utcnow()
        if note:
            broadcast.note = note


def unfinished(services: Services) -> list[int]:
    with services.store.read() as session:
        return list(session.scalars(select(Broadcast.id).where(Broadcast.status.in_(("pending", "sending")))))


# --- deadline reminders ------------------------------------------------------------------------------------
def reminder_slots(services: Services) -> list[tuple[int, dt.datetime]]:
    """(days before the deadline, when) for each slot of the campaign's schedule, earliest first."""
    campaign = services.campaign
    hour, minute = (int(x) for x in campaign.reminders.at.split(":"))
    slots = []
    for days in campaign.reminders.days_before:
        day = campaign.nomination.deadline - dt.timedelta(days=days)
        slots.append((days, dt.datetime.combine(day, dt.time(hour, minute), campaign.zone)))
    return sorted(slots, key=lambda s: s[1])


def owing_officers(services: Services, session) -> tuple[list[str], list[str]]:
    """Officers of districts without a confirmed nomination: (without a draft, with a draft)."""
    campaign = services.campaign
    done = set(session.scalars(select(NominationRecord.district_id).where(
        NominationRecord.campaign_id == campaign.id, NominationRecord.status == "active")))
    officers = [o for o in session.scalars(select(Officer).where(Officer.district_id.isnot(None), Officer.following))
                if campaign.district(o.district_id) and o.district_id not in done]
    drafting = {c.user_id for c in session.scalars(select(Conversation).where(
        Conversation.user_id.in_([o.user_id for o in officers]))) if json.loads(c.state).get("dialogue") == "nomination"}
    return ([o.user_id for o in officers if o.user_id not in drafting],
            [o.user_id for o in officers if o.user_id in drafting])


def enabled_groups(session, district_ids: list[str] | None) -> list[str]:
    """District LINE groups an admin enabled as announcement targets."""
    rows = session.scalars(select(LineGroup).where(LineGroup.enabled.is_(True)))
    return [g.group_id for g in rows if district_ids is None or g.district_id in district_ids]


def is_group(chat_id: str) -> bool:
    return chat_id.startswith(("C", "R"))


def officers_in(services: Services, session, district_ids: list[str] | None) -> list[str]:
    """Registered officers (still following the bot) of these districts, or of all districts."""
    rows = session.scalars(select(Officer).where(Officer.district_id.isnot(None), Officer.following))
    return [o.user_id for o in rows if services.campaign.district(o.district_id)
            and (district_ids is None or o.district_id in district_ids)]


def role_models(services: Services, session) -> list:
    """Active nominations staff marked ผ่าน, one per district, in the campaign's district order."""
    from handlers.admin import RoleModel
    from handlers.notices import PASSED

    campaign = services.campaign
    passed = {r.district_id: r for r in session.scalars(select(NominationRecord).where(
        NominationRecord.campaign_id == campaign.id, NominationRecord.status == "active",
        NominationRecord.review_status == PASSED))}
    return [RoleModel(d.id, d.name, passed[d.id].data.get("nominee", ""), passed[d.id].data.get("position", ""),
                      passed[d.id].submitted_by) for d in campaign.districts if d.id in passed]


def results_parts(services: Services, session, awards: tuple = ()) -> tuple[list[Part], int]:
    """The results card for every registered officer, and a congratulation for each role model's sender."""
    from handlers.admin import congratulation, results_card

    campaign = services.campaign
    models = role_models(services, session)
    card = results_card(campaign, models, awards)
    parts = [Part(tuple(officers_in(services, session, None)), (card,))]
    parts += [Part((group,), (card,)) for group in enabled_groups(session, None)]
    parts += [Part((m.submitted_by,), (congratulation(campaign, m),)) for m in models]
    return parts, len(models)


def reminder_parts(services: Services, days_left: int, session=None) -> list[Part]:
    if session is None:
        with services.store.read() as own:
            return reminder_parts(services, days_left, own)
    fresh, drafting = owing_officers(services, session)
    parts = []
    if fresh:
        parts.append(Part(tuple(fresh), tuple(reminder(services.campaign, days_left, has_draft=False))))
    if drafting:
        parts.append(Part(tuple(drafting), tuple(reminder(services.campaign, days_left, has_draft=True))))
    return parts


def plan_reminders(services: Services) -> list[int]:
    """Create the reminder whose time has come, once ever; a slot missed for a later one is recorded as skipped."""
    campaign, now = services.campaign, services.clock()
    if now >= campaign.nominations_close_at:
        return []
    due = [(days, when) for days, when in reminder_slots(services) if when <= now]
    if not due:
        return []
    created = []
    latest_days, latest_when = due[-1]
    for days, when in due[:-1]:  # only if nobody planned them when their time came (the worker was down)
        create(services, "reminder", f"แจ้งเตือน {days} วันก่อนกำหนด", [], slot_key=f"reminder:{campaign.id}:{days}d",
               status="skipped", note=f"ไม่ได้ส่ง: ถึงเวลาของการแจ้งเตือน {latest_days} วันแล้ว")
    key = f"reminder:{campaign.id}:{latest_days}d"
    with services.store.read() as session:
        exists = session.scalar(select(Broadcast.id).where(Broadcast.slot_key == key))
    if exists is None:
        broadcast_id = create(services, "reminder", f"แจ้งเตือน {latest_days} วันก่อนกำหนด",
                              reminder_parts(services, campaign.days_to_deadline(now)), slot_key=key)
        if broadcast_id is not None:
            created.append(broadcast_id)
            logger.info("reminder slot %s planned", key)
    return created

