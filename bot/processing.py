"""From stored webhook events to committed state and sent messages, one chat at a time, exactly once."""
from __future__ import annotations

import datetime as dt
import json
import logging
import random
import re
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import broadcasts
from bot.errors import DeliveryError, TransientDeliveryError
from bot.line import AlreadyAccepted, InvalidReplyToken
from bot.services import Services
from sheets.errors import QuotaWait, SheetError, TransientSheetError
from bot.store import (
    Broadcast, ChatNotice, CodeAttempt, ContestState, Conversation, LineGroup, NominationRecord, Officer, OutboxMessage,
    WebsiteEntry, aware, naive_utc, utcnow,
)
from bot.store import Photo as StoredPhoto
from handlers import Context, Photo, Turn, admin
from handlers import core
from handlers import texts as T
from handlers.messages import text

logger = logging.getLogger(__name__)
MESSAGES_PER_CALL = 5
GIVE_UP_AFTER = dt.timedelta(hours=23)  # a retry key protects a push for 24 hours
MESSAGE_ID = re.compile(r"^\d{1,30}$")


def chat_key_of(event: dict) -> str:
    source = event.get("source") or {}
    return str(source.get("groupId") or source.get("roomId") or source.get("userId") or "unknown")[:80]


def turn_from_event(event: dict) -> Turn:
    """Reduce a LINE event (as JSON) to what handlers need; unknown shapes become kind 'other'."""
    source = event.get("source") or {}
    chat_type = source.get("type") if source.get("type") in ("user", "group", "room") else "user"
    kind = event.get("type")
    base = {"chat_type": chat_type, "chat_id": chat_key_of(event), "user_id": source.get("userId")}
    if kind == "message":
        message = event.get("message") or {}
        mtype = message.get("type")
        if mtype == "text":
            return Turn(kind="text", text=str(message.get("text") or ""), **base)
        if mtype in ("image", "sticker", "location", "video", "audio", "file"):
            return Turn(kind=mtype, **base)
        return Turn(kind="other", **base)
    if kind == "postback":
        return Turn(kind="postback", postback=str((event.get("postback") or {}).get("data") or ""), **base)
    if kind in ("follow", "unfollow", "join", "leave"):
        return Turn(kind=kind, **base)
    return Turn(kind="other", **base)


class DbDirectory:
    """The handlers' read-only look-ups, answered inside the event's own transaction."""

    def __init__(self, services: Services, session: Session):
        self.services, self.session = services, session

    def district_for_code(self, code: str) -> str | None:
        return self.services.store.district_for_code(self.session, code)

    def failed_code_attempts(self, user_id: str, since: dt.datetime) -> list[dt.datetime]:
        found = self.services.store.failed_code_attempts(self.session, user_id, naive_utc(since))
        return [aware(moment) for moment in found]

    def active_nomination(self, district_id: str) -> core.ActiveNomination | None:
        record = self.services.store.active_nomination(self.session, self.services.campaign.id, district_id)
        if record is None:
            return None
        data = record.data
        return core.ActiveNomination(record.reference, record.revision, data.get("nominee", ""),
                                     aware(record.submitted_at), data, record.review_status, record.review_comment)

    def chat_notified(self, chat_id: str) -> bool:
        return self.session.get(ChatNotice, chat_id) is not None

    def website_entry(self, district_id: str) -> core.WebsiteView | None:
        entry = self.session.scalars(select(WebsiteEntry).where(
            WebsiteEntry.campaign_id == self.services.campaign.id, WebsiteEntry.district_id == district_id)).first()
        if entry is None:
            return None
        return core.WebsiteView(entry.reference, entry.revision, entry.data, aware(entry.submitted_at))

    # --- for provincial admins ---------------------------------------------------------------------------
    def district_board(self) -> list:
        from handlers.admin import DistrictStatus

        campaign, session = self.services.campaign, self.session
        officers = list(session.scalars(select(Officer).where(Officer.district_id.isnot(None))))
        drafting = {c.user_id for c in session.scalars(select(Conversation))
                    if json.loads(c.state).get("dialogue") == "nomination"}
        active = {r.district_id: r for r in session.scalars(select(NominationRecord).where(
            NominationRecord.campaign_id == campaign.id, NominationRecord.status == "active"))}
        websites = set(session.scalars(select(WebsiteEntry.district_id).where(WebsiteEntry.campaign_id == campaign.id)))
        rows = []
        for district in campaign.districts:
            mine = [o for o in officers if o.district_id == district.id]
            record = active.get(district.id)
            rows.append(DistrictStatus(district.number, district.name, len(mine),
                                       sum(1 for o in mine if o.user_id in drafting),
                                       record.reference if record else None, record.review_status if record else None,
                                       district.id in websites))
        return rows

    def recent_broadcasts(self, count: int) -> list[tuple[str, str, str | None]]:
        rows = self.session.scalars(select(Broadcast).order_by(Broadcast.id.desc()).limit(count))
        return [(b.summary, b.status, b.note) for b in rows]

    def message_usage(self) -> tuple[int | None, int] | None:
        try:
            return self.services.line.quota()
        except (DeliveryError, TransientDeliveryError) as exc:
            logger.warning("could not read the message quota: %s", exc)
            return None

    def audience(self, district_ids: list[str] | None) -> int:
        return len(broadcasts.officers_in(self.services, self.session, district_ids))

    def role_models(self) -> list:
        return broadcasts.role_models(self.services, self.session)

    def judging(self) -> core.JudgingView | None:
        """Reads the committee's score sheet (one read) and applies the contest's rules."""
        from bot import contest

        campaign = self.services.campaign
        try:
            raw = self.services.sheet.score_rows()
        except (SheetError, TransientSheetError, QuotaWait) as exc:
            logger.warning("could not read the score sheet: %s", exc)
            return None
        state = self.session.get(ContestState, campaign.id)
        closed = bool(state and state.closed_at)
        results, problems = contest.tally(campaign, contest.rows_from_sheet(campaign, raw), closed=closed)
        entered = set(self.session.scalars(select(WebsiteEntry.district_id).where(
            WebsiteEntry.campaign_id == campaign.id)))
        counted = [r for r in results if r.district_id in entered] if entered else results
        awarded = sorted((r for r in results if r.award), key=lambda r: r.place)
        return core.JudgingView(
            complete=sum(1 for r in counted if r.complete and r.total is not None), total=len(counted), closed=closed,
            problem_rows=tuple(sorted({p.row for p in problems})),
            awards=tuple((r.award, campaign.district(r.district_id).name, r.total) for r in awarded) if closed else ())

    def groups(self) -> list:
        return [core.GroupView(g.group_id, g.district_id, g.enabled)
                for g in self.session.scalars(select(LineGroup).order_by(LineGroup.linked_at))]

    def group_members(self, group_ids: list[str]) -> int | None:
        try:
            return sum(self.services.line.group_members(g) for g in group_ids)
        except (DeliveryError, TransientDeliveryError) as exc:
            logger.warning("could not count group members: %s", exc)
            return None

    def reminder_audience(self) -> tuple[int, int, int]:
        fresh, drafting = broadcasts.owing_officers(self.services, self.session)
        districts = {o.district_id for o in self.session.scalars(select(Officer).where(
            Officer.user_id.in_(fresh + drafting)))}
        return len(fresh), len(drafting), len(districts)


@dataclass
class Work:
    """What handling a chat's events set in motion, for the job to follow up."""

    submitted: bool = False  # a nomination was confirmed: the review sheet has rows to take
    broadcasts: list[int] = field(default_factory=list)  # created by an admin: to send

    def add(self, other: "Work") -> None:
        self.submitted |= other.submitted
        self.broadcasts += other.broadcasts


class NominationConflict(Exception):
    """Another officer of the district confirmed at the same moment; the event is handled again."""


class Processor:
    def __init__(self, services: Services):
        self.services = services
        self.store = services.store

    # --- events ---------------------------------------------------------------------------------
    def process_chat(self, chat_key: str) -> Work:
        """Handle every pending event of one chat in arrival order, delivering answers as we go."""
        work = Work()
        while True:
            with self.store.read() as session:
                event = self.store.next_pending_event(session, chat_key)
                if event is None:
                    break
                event_id, body, received_at = event.id, event.body, event.received_at
            work.add(self.process_event(event_id, json.loads(body), received_at))
            self.deliver_chat(chat_key)
        return work

    def process_event(self, event_id: int, event: dict, received_at: dt.datetime) -> Work:
        turn = turn_from_event(event)
        photo = self._fetch_photo(event, turn) if turn.kind == "image" else None
        if photo is not None:
            turn = Turn(kind="image", chat_type=turn.chat_type, chat_id=turn.chat_id, user_id=turn.user_id,
                        photo=photo)
        for attempt in range(2):
            try:
                # Decide on a read snapshot, then take the write lock only to commit the decision. The chat's
                # lease keeps its own state from moving meanwhile; effects that touch other chats (a
                # district's active nomination) are checked again when written.
                with self.store.read() as session:
                    decision = self._decide(session, turn)
                with self.store.session() as session:
                    if not self.store.claim_event(session, event_id, "done"):
                        return Work()  # already handled by another worker
                    return self._commit(session, turn, decision, event, received_at)
            except (NominationConflict, IntegrityError):
                logger.info("event %s conflicted with a concurrent nomination; handling it again", event_id)
            except Exception as exc:  # one bad event must never block the others
                logger.exception("event %s failed: %s", event_id, type(exc).__name__)
                break
        with self.store.session() as session:
            if self.store.claim_event(session, event_id, "failed", error="handler error"):
                if turn.chat_type == "user" and turn.kind != "unfollow":
                    self._queue(session, turn.chat_id, [text(T.SORRY_ERROR)], event, received_at)
        return Work()

    def _decide(self, session: Session, turn: Turn) -> tuple[Context, object]:
        services = self.services
        user_id = turn.user_id if turn.chat_type == "user" else None  # whose conversation state this is
        sender = turn.user_id  # in a group too: who wrote (ผูกกลุ่ม needs to know their district)
        conversation = session.get(Conversation, user_id) if user_id else None
        state = json.loads(conversation.state) if conversation else None
        officer = session.get(Officer, sender) if sender else None
        view = None
        if officer is not None or (sender and sender in services.config.admin_user_ids):
            view = core.OfficerView(
                user_id=sender,
                district_id=officer.district_id if officer else None,
                name=officer.name if officer else None,
                is_admin=bool(officer and officer.is_admin) or sender in services.config.admin_user_ids,
            )
        ctx = Context(campaign=services.campaign, now=services.clock(), user_id=user_id, officer=view,
                      directory=DbDirectory(services, session))
        return ctx, services.router.handle(turn, state, ctx)

    def _commit(self, session: Session, turn: Turn, decision, event: dict, received_at: dt.datetime) -> Work:
        ctx, outcome = decision
        user_id = ctx.user_id
        work = Work()
        for effect in outcome.effects:
            created = self._apply(session, effect, turn, ctx)
            if created is not None:
                work.broadcasts.append(created)
        if user_id and outcome.state is not core.UNCHANGED:
            conversation = session.get(Conversation, user_id)
            if outcome.state is None:
                if conversation is not None:
                    session.delete(conversation)
            elif conversation is None:
                session.add(Conversation(user_id=user_id, state=json.dumps(outcome.state, ensure_ascii=False),
                                         updated_at=utcnow()))
            else:
                conversation.state = json.dumps(outcome.state, ensure_ascii=False)
                conversation.updated_at = utcnow()
        if outcome.messages and turn.kind != "unfollow":
            self._queue(session, turn.chat_id, outcome.messages, event, received_at)
        work.submitted = any(isinstance(effect, (core.SubmitNomination, core.SubmitWebsite))
                             for effect in outcome.effects)
        return work

    def _apply(self, session: Session, effect, turn: Turn, ctx: Context) -> int | None:
        """Make one effect durable in the event's transaction; returns a broadcast's id if it created one."""
        now = naive_utc(ctx.now)
        if isinstance(effect, core.RecordCodeAttempt):
            session.add(CodeAttempt(user_id=turn.user_id, at=now, succeeded=effect.succeeded))
        elif isinstance(effect, core.RegisterOfficer):
            officer = session.get(Officer, turn.user_id) or Officer(user_id=turn.user_id)
            officer.district_id, officer.name, officer.registered_at = effect.district_id, effect.name, now
            officer.following = True
            session.add(officer)
            logger.info("an officer registered for district %s", effect.district_id)
        elif isinstance(effect, core.SetFollowing):
            officer = session.get(Officer, turn.user_id)
            if officer is None and effect.following:
                return  # a stranger who follows is not an officer yet
            if officer is not None:
                officer.following = effect.following
        elif isinstance(effect, core.MarkChatNotified):
            session.add(ChatNotice(chat_id=effect.chat_id, at=now))
        elif isinstance(effect, core.LinkGroup):
            group = session.get(LineGroup, effect.group_id)
            if group is None:
                session.add(LineGroup(group_id=effect.group_id, district_id=effect.district_id, linked_by=turn.user_id,
                                      linked_at=now, enabled=False))
            else:
                group.district_id, group.linked_by, group.linked_at = effect.district_id, turn.user_id, now
            logger.info("a LINE group was linked to district %s", effect.district_id)
        elif isinstance(effect, core.SetGroupEnabled):
            group = session.get(LineGroup, effect.group_id)
            if group is not None:
                group.enabled = effect.enabled
        elif isinstance(effect, core.SubmitNomination):
            self._submit(session, effect, turn)
        elif isinstance(effect, core.SubmitWebsite):
            entry = session.scalars(select(WebsiteEntry).where(
                WebsiteEntry.campaign_id == self.services.campaign.id,
                WebsiteEntry.district_id == effect.district_id)).first()
            if (entry.revision if entry else 0) + 1 != effect.revision:
                raise NominationConflict()  # another officer of the district changed it meanwhile: decide again
            if entry is None:
                entry = WebsiteEntry(campaign_id=self.services.campaign.id, district_id=effect.district_id,
                                     reference=effect.reference)
                session.add(entry)
            entry.revision, entry.content = effect.revision, json.dumps(effect.content, ensure_ascii=False)
            entry.submitted_by, entry.submitted_at, entry.synced_at = turn.user_id, naive_utc(effect.submitted_at), None
            logger.info("website entry %s revision %s", effect.reference, effect.revision)
        elif isinstance(effect, admin.Announce):
            districts = list(effect.district_ids) if effect.district_ids else None
            recipients = broadcasts.officers_in(self.services, session, districts)
            recipients += broadcasts.enabled_groups(session, districts)
            part = broadcasts.Part(tuple(recipients), (admin.notice_message(self.services.campaign, effect.text),))
            logger.info("an admin queued a notice to %s officer(s)", len(recipients))
            return broadcasts.create(self.services, "notice", f"ประกาศ: {effect.text[:60]}", [part],
                                     created_by=turn.user_id, session=session)
        elif isinstance(effect, admin.AnnounceResults):
            parts, count = broadcasts.results_parts(self.services, session, effect.awards)
            return broadcasts.create(self.services, "results", f"ประกาศผล ({count} อำเภอ)", parts,
                                     created_by=turn.user_id, session=session)
        elif isinstance(effect, core.CloseJudging):
            state = session.get(ContestState, self.services.campaign.id) or ContestState(
                campaign_id=self.services.campaign.id)
            state.closed_at, state.closed_by = now, turn.user_id
            session.add(state)
            logger.info("an admin closed judging")
        elif isinstance(effect, admin.RemindNow):
            days_left = self.services.campaign.days_to_deadline(ctx.now)
            parts = broadcasts.reminder_parts(self.services, days_left, session)
            return broadcasts.create(self.services, "reminder", "แจ้งเตือน (สั่งโดยผู้ดูแล)", parts,
                                     created_by=turn.user_id, session=session)
        else:
            raise TypeError(f"unknown effect {type(effect).__name__}")

    def _submit(self, session: Session, effect: core.SubmitNomination, turn: Turn) -> None:
        campaign = self.services.campaign
        active = self.store.active_nomination(session, campaign.id, effect.district_id)
        expected = active.revision + 1 if active else 1
        if expected != effect.revision or self.store.latest_revision(session, effect.reference) >= effect.revision:
            raise NominationConflict()
        if active is not None:
            active.status = "replaced"
            session.flush()
        officer = session.get(Officer, turn.user_id)
        session.add(NominationRecord(
            campaign_id=campaign.id, district_id=effect.district_id, reference=effect.reference,
            revision=effect.revision, status="active", content=json.dumps(effect.content, ensure_ascii=False),
            submitted_by=turn.user_id, submitter_name=officer.name if officer else None,
            submitted_at=naive_utc(effect.submitted_at),
        ))
        session.flush()  # the unique index speaks now, inside this transaction, not after the receipt
        logger.info("nomination %s revision %s confirmed", effect.reference, effect.revision)

    def _queue(self, session: Session, chat_key: str, messages: list[dict], event: dict,
               received_at: dt.datetime) -> None:
        token = event.get("replyToken")
        redelivered = bool((event.get("deliveryContext") or {}).get("isRedelivery"))
        usable = token if token and not redelivered and len(token) <= 200 else None
        window = dt.timedelta(seconds=self.services.config.reply_window_seconds)
        now = utcnow()
        for index in range(0, len(messages), MESSAGES_PER_CALL):
            first = index == 0
            session.add(OutboxMessage(
                chat_key=chat_key,
                reply_token=usable if first else None,
                reply_until=received_at + window if first and usable else None,
                messages=json.dumps(messages[index:index + MESSAGES_PER_CALL], ensure_ascii=False),
                retry_key=str(uuid.uuid4()),
                status="pending",
                next_attempt_at=now,
                created_at=now,
            ))

    def notify(self, session: Session, user_id: str, messages: list[dict]) -> None:
        """Queue a push to an officer (nothing they wrote to answer, so no reply token)."""
        self._queue(session, user_id, messages, {}, utcnow())

    def _fetch_photo(self, event: dict, turn: Turn) -> Photo | None:
        """Fetch an image at once if the user's dialogue takes photos now; else leave it alone."""
        if turn.chat_type != "user" or not turn.user_id:
            return None
        with self.store.read() as session:
            conversation = session.get(Conversation, turn.user_id)
            state = json.loads(conversation.state) if conversation else None
        if not self.services.router.accepts_image(state):
            return None
        message = event.get("message") or {}
        message_id = str(message.get("id") or "")
        provider = (message.get("contentProvider") or {}).get("type", "line")
        if not MESSAGE_ID.match(message_id) or provider != "line":
            return Photo(message_id=message_id[:30], file_name=None)
        try:
            content = self.services.line.content(message_id)
        except (DeliveryError, TransientDeliveryError) as exc:
            logger.warning("could not fetch image content: %s", exc)
            return Photo(message_id=message_id, file_name=None)
        # Into the database, not this machine's disk: the worker that uploads it may run elsewhere.
        file_name = f"{message_id}.jpg"
        with self.store.session() as session:
            session.merge(StoredPhoto(file_name=file_name, content=content, size=len(content), received_at=utcnow()))
        return Photo(message_id=message_id, file_name=file_name)

    # --- delivery ---------------------------------------------------------------------------------------
    def deliver_chat(self, chat_key: str) -> float | None:
        """Send this chat's queued messages in order. Returns seconds until a retry is due, if one waits."""
        line = self.services.line
        while True:
            now = utcnow()
            with self.store.read() as session:  # most calls find nothing to send: look before locking
                row = self.store.next_outbox(session, chat_key)
                if row is None:
                    return None
                if row.next_attempt_at > now:
                    return (row.next_attempt_at - now).total_seconds()
                row_id = row.id
            with self.store.session() as session:
                row = session.get(OutboxMessage, row_id)
                if row.status not in ("pending", "sending"):
                    continue  # finished meanwhile by another worker
                use_reply = bool(row.reply_token and row.reply_until and now < row.reply_until)
                tried_reply_before = row.reply_attempted
                row.status, row.attempts = "sending", row.attempts + 1
                if use_reply:
                    row.reply_attempted = True  # committed before the call: a crash mid-call is detectable
                token, retry_key = row.reply_token, row.retry_key
                messages, created_at, attempts = json.loads(row.messages), row.created_at, row.attempts
            try:
                via, request_id = self._send(line, chat_key, messages, token if use_reply else None,
                                             retry_key, tried_reply_before)
            except TransientDeliveryError as exc:
                delay = min(2 ** attempts, 300) * (0.5 + random.random())
                give_up = utcnow() - created_at > GIVE_UP_AFTER
                self._finish(row_id, status="failed" if give_up else "pending", error=str(exc)[:200],
                             next_attempt_at=utcnow() + dt.timedelta(seconds=delay))
                logger.warning("LINE unavailable for outbox %s (attempt %s): %s", row_id, attempts, exc)
                return None if give_up else delay
            except DeliveryError as exc:
                self._finish(row_id, status="failed", error=str(exc)[:200])
                logger.warning("LINE refused outbox %s: %s", row_id, exc)
                continue
            self._finish(row_id, status="sent", sent_at=utcnow(), sent_via=via, request_id=request_id)

    def _send(self, line, chat_key, messages, token, retry_key, tried_reply_before):
        if token:
            try:
                return "reply", line.reply(token, messages)
            except InvalidReplyToken:
                if tried_reply_before:
                    # Our earlier attempt used this fresh token up: that reply reached the user.
                    return "reply", None
        try:
            return "push", line.push(chat_key, messages, retry_key)
        except AlreadyAccepted as accepted:
            return "push", accepted.request_id

    def _finish(self, row_id: int, **values) -> None:
        with self.store.session() as session:
            row = session.get(OutboxMessage, row_id)
            for key, value in values.items():
                setattr(row, key, value)

    # --- recovery ---------------------------------------------------------------------------------------
    def chats_needing_work(self, *, grace_seconds: float) -> set[str]:
        """Chats with events nobody picked up (a crash, a lost job) or messages due for a retry."""
        now = utcnow()
        with self.store.read() as session:
            pending = self.store.pending_chats(session, now - dt.timedelta(seconds=grace_seconds))
            due = self.store.due_outbox_chats(session, now - dt.timedelta(seconds=grace_seconds))
        return set(pending) | set(due)
